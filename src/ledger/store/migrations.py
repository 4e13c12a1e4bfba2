"""Schema migrations: small named functions, applied in order, never edited once released.

Imported only when an older ledger needs upgrading, so everyday commands skip sqlite-utils; a new ledger
is made from schema.py, the same schema in one step. Versions 1-8 are SQLite's (sqlite-utils); from 9 on a
migration is written once for both databases. The version reached is kept by the dialect (PRAGMA
user_version on SQLite, a table on PostgreSQL). A new migration also changes schema.py.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlite_utils
from sqlite_utils.db import Table

if TYPE_CHECKING:
    from .dialect import SQL, Dialect


class Database(sqlite_utils.Database):
    """sqlite-utils' database, where `db[name]` is a table (the migrations make no views)."""

    def __getitem__(self, table_name: str) -> Table:
        return self.table(table_name)


def m001_initial(db: Database) -> None:
    db["plans"].create(
        {"name": str, "year": int, "year_source": str, "source": str, "imported_at": str},
        pk="name",
    )
    db["tasks"].create(
        {
            "plan": str, "number": int,
            "section_no": int, "section_title": str, "subsection_no": int, "subsection_title": str,
            "text": str, "units_raw": str, "deadline_raw": str, "deadline_kind": str, "due": str,
            "line": int, "present": int, "status": str,
        },
        pk=("plan", "number"),
        not_null={"plan", "number", "text", "present", "status"},
        defaults={"present": 1, "status": "open"},
        foreign_keys=[("plan", "plans", "name")],
    )
    db["task_units"].create(
        {"plan": str, "number": int, "position": int, "name": str, "role": str, "verb": str},
        pk=("plan", "number", "position"),
    )
    db["notes"].create(
        {"id": int, "plan": str, "number": int, "at": str, "by": str, "kind": str, "text": str},
        pk="id",
        not_null={"plan", "number", "at", "kind"},
    )
    db["tasks"].create_index(["status", "due"])
    db["task_units"].create_index(["name", "role"])
    db["notes"].create_index(["plan", "number"])
    # A task's status follows from its latest done/cancel/reopen note, kept in step by the database itself.
    db.execute("""
        CREATE TRIGGER notes_move_status AFTER INSERT ON notes
        WHEN NEW.kind IN ('done', 'cancel', 'reopen')
        BEGIN
            UPDATE tasks SET status = CASE NEW.kind WHEN 'done' THEN 'done'
                                                    WHEN 'cancel' THEN 'cancelled' ELSE 'open' END
            WHERE plan = NEW.plan AND number = NEW.number;
        END
    """)


def m002_append_only_history(db: Database) -> None:
    """The database itself refuses to edit or delete history, so `show` is a record to trust."""
    db.execute("""
        CREATE TRIGGER notes_are_never_edited BEFORE UPDATE ON notes
        BEGIN SELECT RAISE(ABORT, 'ledger notes are append-only: add a note instead of editing one'); END
    """)
    db.execute("""
        CREATE TRIGGER notes_are_never_deleted BEFORE DELETE ON notes
        BEGIN SELECT RAISE(ABORT, 'ledger notes are append-only: they cannot be deleted'); END
    """)
    db.execute("""
        CREATE TRIGGER tasks_are_never_deleted BEFORE DELETE ON tasks
        BEGIN SELECT RAISE(ABORT, 'ledger tasks are never deleted: a task that left the plan is marked removed'); END
    """)
    # A status may only be what the latest done/cancel/reopen note says.
    db.execute("""
        CREATE TRIGGER status_follows_the_notes BEFORE UPDATE OF status ON tasks
        WHEN NEW.status IS NOT (
            SELECT CASE kind WHEN 'done' THEN 'done' WHEN 'cancel' THEN 'cancelled' ELSE 'open' END
            FROM (SELECT kind FROM notes WHERE plan = NEW.plan AND number = NEW.number
                  AND kind IN ('done', 'cancel', 'reopen') ORDER BY id DESC LIMIT 1)
            UNION ALL SELECT 'open' LIMIT 1)
        BEGIN SELECT RAISE(ABORT, 'a task status changes only through a done, cancel or reopen note'); END
    """)


def m003_kept_columns(db: Database) -> None:
    """Columns a plan's table has that the ledger keeps as written (备注, 完成情况): a JSON object per task."""
    db["tasks"].add_column("extra", str)


def m004_unit_directory(db: Database) -> None:
    """The unit directory (SPEC §11): addresses and leaders, aliases, groups, and its append-only history."""
    db["directory_units"].create({"name": str, "email": str, "leader": str}, pk="name")
    db["directory_aliases"].create({"alias": str, "unit": str}, pk="alias", not_null={"unit"})
    db["directory_groups"].create({"group_name": str, "member": str}, pk=("group_name", "member"))
    db["directory_history"].create(
        {"id": int, "at": str, "by": str, "name": str, "field": str, "old": str, "new": str},
        pk="id",
        not_null={"at", "name", "field"},
    )
    # Like a task's notes, the directory's history is a record: the database refuses to edit or delete it.
    db.execute("""
        CREATE TRIGGER directory_history_is_never_edited BEFORE UPDATE ON directory_history
        BEGIN SELECT RAISE(ABORT, 'the directory history is append-only'); END
    """)
    db.execute("""
        CREATE TRIGGER directory_history_is_never_deleted BEFORE DELETE ON directory_history
        BEGIN SELECT RAISE(ABORT, 'the directory history is append-only'); END
    """)


def m005_plans_across_years(db: Database) -> None:
    """Notes keep data (what an import changed: field, old, new; where a carry went) for render to word in the
    reader's language; archived plans; carried tasks with the status `carried`; history that leaves only with
    its whole plan (`ledger plan remove --yes`)."""
    db["notes"].add_column("data", str)
    db["plans"].add_column("archived", int, not_null_default=0)
    db["tasks"].add_column("carried_from_plan", str)
    db["tasks"].add_column("carried_from_number", int)
    for trigger in ("notes_move_status", "status_follows_the_notes", "notes_are_never_deleted",
                    "tasks_are_never_deleted"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("""
        CREATE TRIGGER notes_move_status AFTER INSERT ON notes
        WHEN NEW.kind IN ('done', 'cancel', 'reopen', 'carry')
        BEGIN
            UPDATE tasks SET status = CASE NEW.kind WHEN 'done' THEN 'done' WHEN 'cancel' THEN 'cancelled'
                                                    WHEN 'carry' THEN 'carried' ELSE 'open' END
            WHERE plan = NEW.plan AND number = NEW.number;
        END
    """)
    db.execute("""
        CREATE TRIGGER status_follows_the_notes BEFORE UPDATE OF status ON tasks
        WHEN NEW.status IS NOT (
            SELECT CASE kind WHEN 'done' THEN 'done' WHEN 'cancel' THEN 'cancelled' WHEN 'carry' THEN 'carried'
                             ELSE 'open' END
            FROM (SELECT kind FROM notes WHERE plan = NEW.plan AND number = NEW.number
                  AND kind IN ('done', 'cancel', 'reopen', 'carry') ORDER BY id DESC LIMIT 1)
            UNION ALL SELECT 'open' LIMIT 1)
        BEGIN SELECT RAISE(ABORT, 'a task status changes only through a done, cancel, reopen or carry note'); END
    """)
    # `ledger plan remove --yes` deletes the plan's row first (after a backup); only then may its history go.
    db.execute("""
        CREATE TRIGGER notes_are_never_deleted BEFORE DELETE ON notes
        WHEN EXISTS (SELECT 1 FROM plans WHERE name = OLD.plan)
        BEGIN SELECT RAISE(ABORT, 'ledger notes are append-only: they cannot be deleted'); END
    """)
    db.execute("""
        CREATE TRIGGER tasks_are_never_deleted BEFORE DELETE ON tasks
        WHEN EXISTS (SELECT 1 FROM plans WHERE name = OLD.plan)
        BEGIN SELECT RAISE(ABORT, 'ledger tasks are never deleted: a task that left the plan is marked removed'); END
    """)


def m006_periodic_duties(db: Database) -> None:
    """One obligation per period of a recurring task (每月, 每季度 …), each done on its own (SPEC §10)."""
    db["periods"].create(
        {"plan": str, "number": int, "key": str, "due": str, "postponed_to": str, "status": str},
        pk=("plan", "number", "key"),
        not_null={"plan", "number", "key", "due", "status"},
        defaults={"status": "open"},
    )
    db["periods"].create_index(["status", "due"])
    db["notes"].add_column("period", str)  # the period a done, reopen or postpone note is about
    # A done note about one period closes the task only when it was the task's last open period.
    db.execute("DROP TRIGGER notes_move_status")
    db.execute(PERIOD_AWARE_STATUS_TRIGGER)
    _add_periods_of_recurring_tasks(db.conn)


PERIOD_AWARE_STATUS_TRIGGER = """
        CREATE TRIGGER notes_move_status AFTER INSERT ON notes
        WHEN NEW.kind IN ('done', 'cancel', 'reopen', 'carry') AND (NEW.period IS NULL OR NEW.kind != 'done'
            OR NOT EXISTS (SELECT 1 FROM periods p WHERE p.plan = NEW.plan AND p.number = NEW.number
                           AND p.status = 'open'))
        BEGIN
            UPDATE tasks SET status = CASE NEW.kind WHEN 'done' THEN 'done' WHEN 'cancel' THEN 'cancelled'
                                                    WHEN 'carry' THEN 'carried' ELSE 'open' END
            WHERE plan = NEW.plan AND number = NEW.number;
        END
    """


def _add_periods_of_recurring_tasks(conn: sqlite3.Connection) -> None:
    """Recurring tasks stored before periods existed get theirs now, open (they were never due before)."""
    from ..periods import periods_of

    rows = conn.execute("SELECT t.plan, t.number, t.deadline_raw, p.year FROM tasks t JOIN plans p"
                        " ON p.name = t.plan WHERE t.deadline_kind = 'recurring'").fetchall()
    conn.executemany("INSERT OR IGNORE INTO periods (plan, number, key, due) VALUES (?, ?, ?, ?)",
                     ((plan, number, period.key, period.due.isoformat())
                      for plan, number, raw, year in rows for period in periods_of(raw or "", year)))


def m007_postponement(db: Database) -> None:
    """The date a postponement put in force, beside the plan's own due date, which re-imports keep updating.
    (Its details, like completed_on, live in notes.data: from, to, approved_by, late_request.)"""
    db["tasks"].add_column("postponed_to", str)


def m008_evidence(db: Database) -> None:
    """Evidence of completion (佐证材料): files kept inside the ledger, so a backup carries them; URLs as links."""
    db["evidence"].create(
        {"id": int, "plan": str, "number": int, "period": str, "note_id": int, "name": str, "size": int,
         "sha256": str, "content": bytes, "url": str},
        pk="id",
        not_null={"plan", "number"},
    )
    db["evidence"].create_index(["plan", "number"])


# Released, for SQLite only (PostgreSQL ledgers begin at version 9): never edited.
SQLITE_MIGRATIONS = [m001_initial, m002_append_only_history, m003_kept_columns, m004_unit_directory,
                     m005_plans_across_years, m006_periodic_duties, m007_postponement, m008_evidence]


# From version 9 on, each migration is written once for both databases: plain SQL, the differences asked of
# the dialect. A migration here also changes schema.py (a test compares the two).


def m009_one_schema_for_two_databases(conn: SQL, dialect: Dialect) -> None:
    """The schema both databases share: a task's status is moved by the store (the rule lives in one place,
    not also in triggers), and order is kept in explicit columns instead of SQLite's rowid."""
    for trigger in ("notes_move_status", "status_follows_the_notes"):
        conn.execute(dialect.drop_trigger(trigger, "notes" if trigger == "notes_move_status" else "tasks"))
    conn.execute("ALTER TABLE plans ADD COLUMN ordinal INTEGER")
    conn.execute(f"UPDATE plans SET ordinal = {dialect.insertion_order()}")
    conn.execute("ALTER TABLE directory_groups ADD COLUMN position INTEGER")
    conn.execute(f"UPDATE directory_groups SET position = {dialect.insertion_order()}")


WEB_TABLES = ("accounts", "sessions", "login_failures", "requests", "web_settings")


def m010_web_accounts_and_requests(conn: SQL, dialect: Dialect) -> None:
    """`ledger serve` (SPEC §13): accounts with a salted slow hash, their sessions, failed logins (the lock),
    the units' requests (办结, 延期) the office decides, and the server's settings (the cookie signing key)."""
    from . import schema

    for table in schema.TABLES:
        if table.name in WEB_TABLES:
            conn.execute(dialect.create_table(table))
    for index in schema.INDEXES:
        if index.table in WEB_TABLES:
            conn.execute(f'CREATE INDEX "{index.name}" ON "{index.table}" ('
                         + ", ".join(f'"{column}"' for column in index.columns) + ")")


MIGRATIONS: list[Callable[[SQL, Dialect], None]] = [m009_one_schema_for_two_databases, m010_web_accounts_and_requests]
LATEST = len(SQLITE_MIGRATIONS) + len(MIGRATIONS)


def migrate(conn: SQL, dialect: Dialect, from_version: int) -> None:
    """Apply every migration after `from_version`, inside the caller's open transaction."""
    if from_version < len(SQLITE_MIGRATIONS):
        assert isinstance(conn, sqlite3.Connection), "only SQLite ledgers are older than version 9"
        db = Database(conn)
        for version, released in enumerate(SQLITE_MIGRATIONS[from_version:], start=from_version + 1):
            with db.atomic():
                released(db)
                dialect.set_version(conn, version)
    first = max(from_version, len(SQLITE_MIGRATIONS))
    for version, migration in enumerate(MIGRATIONS[first - len(SQLITE_MIGRATIONS):], start=first + 1):
        migration(conn, dialect)
        dialect.set_version(conn, version)
