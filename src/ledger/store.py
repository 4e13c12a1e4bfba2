"""The SQLite ledger: opening and upgrading the file, transactions, and every SQL statement.

Everyday commands use the standard sqlite3 module only. A new ledger is made from schema.py;
sqlite-utils is imported (in migrations) just when an older ledger is upgraded.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Iterator, NamedTuple, Sequence

from . import schema
from .directory import Directory, Entry, check_alias, check_group
from .errors import Conflict, DatabaseError, NotFound
from .messages import say, word
from .model import STATUS_AFTER_NOTE, Deadline, Kind, Note, Plan, Role, Section, Status, StoredTask, Task, Unit

SCHEMA_VERSION = schema.VERSION  # the version migrations.LATEST reaches; a test keeps the two equal
BUSY_TIMEOUT_SECONDS = 30
BULK_TASKS = 5000  # from this many tasks an import rebuilds the unit index instead of updating it
IMPORT_CACHE_KIB = 32_000  # SQLite's page cache during an import (default 2 MB): fewer page writes


class TaskFilter(NamedTuple):
    plan: str | None = None
    unit: str | None = None
    role: Role | None = None
    section: int | None = None
    status: str = "present"  # open | done | cancelled | removed | all | present (everything but removed)
    number: int | None = None
    unit_names: tuple[str, ...] = ()  # every name a plan may write for `unit` (its aliases, its groups): §11


class ImportReport:
    """What an import did (or, dry, would do), task by task."""

    def __init__(self) -> None:
        self.added: list[int] = []
        self.changed: dict[int, list[str]] = {}
        self.removed: list[int] = []
        self.returned: list[int] = []
        self.removed_texts: dict[int, str] = {}
        self.year_change: tuple[int, int] | None = None
        self.first_import = False

    @property
    def nothing_changed(self) -> bool:
        return not (self.added or self.changed or self.removed or self.returned or self.year_change)


@contextlib.contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Turn sqlite3's exceptions into errors that say what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise DatabaseError(say("db_busy", path=path)) from None
        if "readonly" in text or "read-only" in text:
            raise DatabaseError(say("db_read_only", path=path)) from None
        raise DatabaseError(say("db_trouble", path=path, reason=text)) from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(say("db_not_ledger_maybe", path=path, reason=exc)) from None


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path, create: bool = False) -> "Store":
        """Open (and, when allowed, create or upgrade) the ledger at `path`."""
        if path.is_dir():
            raise DatabaseError(say("db_is_directory", path=path))
        if path.exists() and not create and path.stat().st_size == 0:
            raise DatabaseError(say("db_empty", path=path))  # only an import makes a ledger of an empty file
        if not path.exists():
            if not create:
                raise DatabaseError(say("db_missing", path=path))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(say("db_folder", path=path.parent, reason=exc.strerror)) from None
        with sqlite_errors(path):
            conn, version = _connect(path)
            store = cls(conn, path)
            if version > SCHEMA_VERSION:
                conn.close()
                raise DatabaseError(say("db_newer", path=path, version=version, known=SCHEMA_VERSION))
            if version < SCHEMA_VERSION:
                store._upgrade(version)
            conn.execute("PRAGMA foreign_keys = ON")
        return store

    def _upgrade(self, version: int) -> None:
        if version == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise DatabaseError(say("db_foreign", path=self.path))
        # WAL lets a cron job read while a person writes; it cannot be switched inside a transaction.
        self.conn.execute("PRAGMA journal_mode = WAL")
        with self.write():
            current = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if current == 0:  # a new ledger: the whole schema at once
                for statement in schema.STATEMENTS:
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif current < SCHEMA_VERSION:  # another process may have upgraded while we waited
                from . import migrations  # sqlite-utils: paid for only when an older ledger is upgraded

                migrations.migrate(self.conn, current)

    def close(self) -> None:
        self.conn.close()

    def backup(self, target: Path) -> None:
        """Copy the whole ledger with SQLite's online backup: consistent even while another process writes."""
        if target.exists():
            raise DatabaseError(say("backup_exists", path=target))
        try:
            copy = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise DatabaseError(say("backup_cannot_create", path=target, reason=exc)) from None
        try:
            with sqlite_errors(target):
                self.conn.backup(copy)
        finally:
            copy.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so that two writers queue instead of failing."""
        with sqlite_errors(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # -- plans ---------------------------------------------------------------------------------

    def plans(self) -> list[dict]:
        with sqlite_errors(self.path):
            rows = self.conn.execute("""
                SELECT p.name, p.year, p.year_source, p.source, p.imported_at,
                       (SELECT count(*) FROM tasks t WHERE t.plan = p.name AND t.present) AS tasks
                FROM plans p ORDER BY p.name
            """).fetchall()
        return [dict(zip(("plan", "year", "year_source", "source", "imported_at", "tasks"), row)) for row in rows]

    def plan_names(self) -> list[str]:
        with sqlite_errors(self.path):
            return [row[0] for row in self.conn.execute("SELECT name FROM plans ORDER BY name")]

    # -- import --------------------------------------------------------------------------------

    def import_plan(self, name: str, plan: Plan, source: str, at: str, by: str, dry_run: bool = False) -> ImportReport:
        """Store `plan` as `name`: new tasks added, changed ones updated with an `import` note, missing ones removed."""
        if dry_run:
            with sqlite_errors(self.path):
                return compare(self.conn, name, plan)
        self.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        # Into an empty ledger, a large plan is written once with a rollback journal instead of twice
        # (into the WAL, then into the file): 0.4 s of a 100,000-task import. It is as safe (an
        # interrupted import rolls back just the same), and WAL comes back for everyday use afterwards.
        if len(plan.tasks) >= BULK_TASKS and not self._has_tasks():
            self._try_journal_mode("DELETE")
        try:
            with self.write() as conn:
                report = compare(conn, name, plan)
                if not report.nothing_changed:
                    self._apply(conn, name, plan, source, at, by, report)
        finally:
            self._try_journal_mode("WAL")  # a no-op in WAL; it also ends the rollback mode a killed import left
        return report

    def _has_tasks(self) -> bool:
        with sqlite_errors(self.path):
            return self.conn.execute("SELECT EXISTS (SELECT 1 FROM tasks)").fetchone()[0] == 1

    def _try_journal_mode(self, mode: str) -> None:
        """Switch the journal mode when no other process has the ledger open; else leave it as it is."""
        try:
            self.conn.execute(f"PRAGMA journal_mode = {mode}")
        except sqlite3.OperationalError:  # "database is locked": correct either way, only slower
            pass

    def _apply(self, conn: sqlite3.Connection, name: str, plan: Plan, source: str, at: str, by: str,
               report: ImportReport) -> None:
        conn.execute("""
            INSERT INTO plans (name, year, year_source, source, imported_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET year = excluded.year, year_source = excluded.year_source,
                source = excluded.source, imported_at = excluded.imported_at
        """, (name, plan.year, plan.year_source, source, at))
        conn.executemany("""
            INSERT INTO tasks (plan, number, text, units_raw, deadline_raw, due, section_no, section_title,
                               subsection_no, subsection_title, extra, deadline_kind, line, present)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            ON CONFLICT (plan, number) DO UPDATE SET text = excluded.text, units_raw = excluded.units_raw,
                deadline_raw = excluded.deadline_raw, due = excluded.due, section_no = excluded.section_no,
                section_title = excluded.section_title, subsection_no = excluded.subsection_no,
                subsection_title = excluded.subsection_title, extra = excluded.extra,
                deadline_kind = excluded.deadline_kind, line = excluded.line, present = 1
        """, ((name, task.number, *_task_fields(task), task.deadline.kind._value_, task.line) for task in plan.tasks))
        conn.execute("DELETE FROM task_units WHERE plan = ?", (name,))
        bulk = len(plan.tasks) >= BULK_TASKS
        if bulk:  # building an index once after the rows is faster than updating it row by row
            conn.execute("DROP INDEX idx_task_units_name_role")
        # `_value_` is the plain attribute behind an Enum's `.value` property: 300,000 property calls fewer.
        conn.executemany(
            "INSERT INTO task_units (plan, number, position, name, role, verb) VALUES (?, ?, ?, ?, ?, ?)",
            ((name, task.number, position, unit.name, unit.role._value_, unit.verb)
             for task in plan.tasks for position, unit in enumerate(task.units)))
        if bulk:
            conn.execute("CREATE INDEX idx_task_units_name_role ON task_units (name, role)")
        if report.removed:
            conn.executemany("UPDATE tasks SET present = 0 WHERE plan = ? AND number = ?",
                             ((name, number) for number in report.removed))
        if not report.first_import:
            conn.executemany("INSERT INTO notes (plan, number, at, by, kind, text) VALUES (?, ?, ?, ?, 'import', ?)",
                             ((name, number, at, by, text) for number, text in _import_notes(report)))
        # Fresh statistics let the planner find a unit's tasks through the unit index (0.2 s at 100,000 tasks).
        conn.execute("ANALYZE")

    # -- tasks ---------------------------------------------------------------------------------

    def tasks(self, where: TaskFilter, due_on_or_before: date | None = None, due_before: date | None = None,
              order: str = "number") -> list[StoredTask]:
        """Tasks matching `where`; with a due bound, only open tasks that have a due date within it."""
        clauses, params = _filter_sql(where)
        if due_on_or_before is not None or due_before is not None:
            clauses.append("t.present AND t.status = 'open' AND t.due IS NOT NULL")
        if due_on_or_before is not None:
            clauses.append("t.due <= ?")
            params.append(due_on_or_before.isoformat())
        if due_before is not None:
            clauses.append("t.due < ?")
            params.append(due_before.isoformat())
        order_by = "t.plan, t.number" if order == "number" else "t.due, t.number, t.plan"
        where_sql = " AND ".join(clauses) or "1"
        with sqlite_errors(self.path):
            rows = self.conn.execute(f"{TASK_SELECT} WHERE {where_sql} ORDER BY {order_by}", params).fetchall()
            if not rows:
                return []
            return self._with_units_and_notes(rows, where_sql, params)

    def _with_units_and_notes(self, rows: list, where_sql: str, params: Sequence) -> list[StoredTask]:
        """Attach units and notes, fetched with the same filter in two more queries (no per-task queries)."""
        units: dict[tuple, list[Unit]] = {}
        for plan, number, name, role, verb in self.conn.execute(
                f"SELECT tu.plan, tu.number, tu.name, tu.role, tu.verb FROM task_units tu JOIN tasks t"
                f" ON t.plan = tu.plan AND t.number = tu.number WHERE {where_sql} ORDER BY tu.position", params):
            units.setdefault((plan, number), []).append(Unit(name, Role(role), verb or ""))
        notes: dict[tuple, list[Note]] = {}
        for plan, number, at, by, kind, text in self.conn.execute(
                f"SELECT tn.plan, tn.number, tn.at, tn.by, tn.kind, tn.text FROM notes tn JOIN tasks t"
                f" ON t.plan = tn.plan AND t.number = tn.number WHERE {where_sql} ORDER BY tn.id", params):
            notes.setdefault((plan, number), []).append(Note(at, by or "", kind, text or ""))
        return [_stored_task(row, units.get(row[:2], ()), notes.get(row[:2], ())) for row in rows]

    def task(self, plan: str, number: int) -> StoredTask:
        found = self.tasks(TaskFilter(plan=plan, status="all", number=number))
        if not found:
            raise NotFound(say("no_task_number", plan=plan, number=number))
        return found[0]

    def add_note(self, plan: str, number: int, kind: str, text: str, at: str, by: str) -> StoredTask:
        """Append a note; `done`, `cancel` and `reopen` notes move the task's status (a trigger does it)."""
        with self.write() as conn:
            row = conn.execute("SELECT status, present FROM tasks WHERE plan = ? AND number = ?",
                               (plan, number)).fetchone()
            if row is None:
                raise NotFound(say("no_task_number", plan=plan, number=number))
            status, present = Status(row[0]), row[1]
            if not present and kind != "note":
                raise Conflict(say("task_removed", number=number, plan=plan))
            _check_move(plan, number, status, kind)
            conn.execute("INSERT INTO notes (plan, number, at, by, kind, text) VALUES (?, ?, ?, ?, ?, ?)",
                         (plan, number, at, by, kind, text))
        return self.task(plan, number)

    # -- units ---------------------------------------------------------------------------------

    def has_unit(self, name: str, plan: str | None = None) -> bool:
        """Whether a task still in its plan names this unit (an index lookup, however big the ledger)."""
        sql = ("SELECT 1 FROM task_units u JOIN tasks t ON t.plan = u.plan AND t.number = u.number"
               " WHERE u.name = ? AND t.present" + (" AND t.plan = ?" if plan else "") + " LIMIT 1")
        with sqlite_errors(self.path):
            return self.conn.execute(sql, (name, plan) if plan else (name,)).fetchone() is not None

    def unit_names(self, plan: str | None = None) -> list[str]:
        """Every unit name, for suggestions when a name is not known."""
        sql = "SELECT DISTINCT name FROM task_units" + (" WHERE plan = ?" if plan else "") + " ORDER BY name"
        with sqlite_errors(self.path):
            return [row[0] for row in self.conn.execute(sql, (plan,) if plan else ())]

    def progress(self, by: str, plan: str | None, today: date) -> list[dict]:
        """Counts per unit, per section or in total: tasks, by role, open, overdue, done, cancelled.

        A task counts once per row however many of its units share it; removed tasks are left out.
        """
        key = "t.plan || char(31) || t.number"
        group = {"unit": ("u.name", "u.name", "2 DESC, u.name"),
                 "section": ("t.plan, t.section_no, min(t.section_title)", "t.plan, t.section_no",
                             "t.plan, t.section_no"),
                 "total": ("NULL", None, "1")}[by]
        sql = f"""
            SELECT {group[0]}, count(DISTINCT {key}),
                   {", ".join(f"count(DISTINCT CASE WHEN u.role = '{role.value}' THEN {key} END)" for role in Role)},
                   count(DISTINCT CASE WHEN t.status = 'open' THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'open' AND t.due < ? THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'done' THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'cancelled' THEN {key} END)
            FROM tasks t {"JOIN" if by == "unit" else "LEFT JOIN"} {OWED if by == "unit" else "task_units"} u
                 ON u.plan = t.plan AND u.number = t.number
            WHERE t.present {"AND t.plan = ?" if plan else ""}
            {f"GROUP BY {group[1]}" if group[1] else ""} ORDER BY {group[2]}
        """
        params = (today.isoformat(), plan) if plan else (today.isoformat(),)
        with sqlite_errors(self.path):
            rows = self.conn.execute(sql, params).fetchall()
        width = 3 if by == "section" else 1
        counted = []
        for row in rows:
            tasks, *roles = row[width: width + 5]
            open_, overdue, done, cancelled = row[width + 5:]
            keys = ({"unit": row[0]} if by == "unit" else
                    {"plan": row[0], "section": {"no": row[1], "title": row[2]}} if by == "section" else {"total": True})
            counted.append({**keys, "tasks": tasks, "roles": dict(zip((role.value for role in Role), roles)),
                            "open": open_, "done": done, "cancelled": cancelled, "overdue": overdue,
                            "done_pct": round(100 * done / tasks, 1) if tasks else 0.0})
        return counted


    # -- the unit directory (SPEC §11) -----------------------------------------------------------

    def directory(self) -> Directory:
        with sqlite_errors(self.path):
            entries = {name: Entry(name, email or "", leader or "")
                       for name, email, leader in self.conn.execute("SELECT name, email, leader FROM directory_units")}
            aliases = dict(self.conn.execute("SELECT alias, unit FROM directory_aliases"))
            groups: dict[str, tuple] = {}
            for group, member in self.conn.execute("SELECT group_name, member FROM directory_groups ORDER BY rowid"):
                groups[group] = groups.get(group, ()) + (member,)
        return Directory(entries, aliases, groups)

    def set_unit(self, name: str, email: str | None, leader: str | None, at: str, by: str) -> list[tuple]:
        """Record a unit's address and leader (None leaves one as it is); returns the changes (field, old, new)."""
        with self.write() as conn:
            row = conn.execute("SELECT email, leader FROM directory_units WHERE name = ?", (name,)).fetchone()
            old = {"email": row[0] or "", "leader": row[1] or ""} if row else {"email": "", "leader": ""}
            new = {"email": old["email"] if email is None else email, "leader": old["leader"] if leader is None else leader}
            conn.execute("INSERT INTO directory_units (name, email, leader) VALUES (?, ?, ?) ON CONFLICT (name)"
                         " DO UPDATE SET email = excluded.email, leader = excluded.leader",
                         (name, new["email"], new["leader"]))
            changes = [(field, old[field], new[field]) for field in ("email", "leader") if old[field] != new[field]]
            self._directory_history(conn, name, changes, at, by)
        return changes

    def set_alias(self, alias: str, name: str, at: str, by: str) -> list[tuple]:
        """Make `alias` stand for the unit `name` means; returns the change, if any."""
        with self.write() as conn:
            unit = check_alias(self.directory(), alias, name)
            row = conn.execute("SELECT unit FROM directory_aliases WHERE alias = ?", (alias,)).fetchone()
            conn.execute("INSERT INTO directory_aliases (alias, unit) VALUES (?, ?) ON CONFLICT (alias)"
                         " DO UPDATE SET unit = excluded.unit", (alias, unit))
            changes = [("alias", row[0] if row else "", unit)] if not row or row[0] != unit else []
            self._directory_history(conn, alias, changes, at, by)
        return changes

    def set_group(self, group: str, members: Sequence[str], at: str, by: str) -> tuple[tuple[str, ...], list[tuple]]:
        """Make `members` the whole membership of `group`; returns the members as stored and the change."""
        with self.write() as conn:
            directory = self.directory()
            resolved = check_group(directory, group, members)
            before = directory.groups.get(group, ())
            conn.execute("DELETE FROM directory_groups WHERE group_name = ?", (group,))
            conn.executemany("INSERT INTO directory_groups (group_name, member) VALUES (?, ?)",
                             ((group, member) for member in resolved))
            changes = [("members", "、".join(before), "、".join(resolved))] if before != resolved else []
            self._directory_history(conn, group, changes, at, by)
        return resolved, changes

    @staticmethod
    def _directory_history(conn: sqlite3.Connection, name: str, changes: list[tuple], at: str, by: str) -> None:
        conn.executemany("INSERT INTO directory_history (at, by, name, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
                         ((at, by, name, field, old, new) for field, old, new in changes))

    def directory_history(self) -> list[dict]:
        with sqlite_errors(self.path):
            rows = self.conn.execute("SELECT at, by, name, field, old, new FROM directory_history ORDER BY id")
            return [dict(zip(("at", "by", "name", "field", "old", "new"), row)) for row in rows]

    def record_reminders(self, reminders: Sequence[tuple[str, int, str]], at: str, by: str) -> None:
        """A `remind` note on each (plan, task, to whom): the task was chased."""
        with self.write() as conn:
            conn.executemany("INSERT INTO notes (plan, number, at, by, kind, text) VALUES (?, ?, ?, ?, 'remind', ?)",
                             ((plan, number, at, by, text) for plan, number, text in reminders))


def _connect(path: Path) -> tuple[sqlite3.Connection, int]:
    """Connect and read the schema version; a file we may not write is opened read-only."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        return conn, conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            raise
    import urllib.parse  # 15 ms: only for this rare path

    # Reading a WAL database needs its -shm file; where it cannot be created, read the file as it stands.
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    for options in ("", "&immutable=1"):
        conn = sqlite3.connect(uri + options, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            return conn, conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError:
            conn.close()
            if options:
                raise


# Who owes each task, through the directory (SPEC §11): a name an alias stands for counts for its unit, and
# a group's task counts for the group and for each member, in the group's role.
OWED = """(
    SELECT u.plan, u.number, coalesce(a.unit, u.name) AS name, u.role FROM task_units u
           LEFT JOIN directory_aliases a ON a.alias = u.name
    UNION
    SELECT u.plan, u.number, g.member, u.role FROM task_units u
           LEFT JOIN directory_aliases a ON a.alias = u.name
           JOIN directory_groups g ON g.group_name = coalesce(a.unit, u.name))"""

FIELD_LABELS = ("text", "units", "deadline", "due date", "section", "section title", "subsection",
                "subsection title", "kept columns")

TASK_SELECT = """
    SELECT t.plan, t.number, t.section_no, t.section_title, t.subsection_no, t.subsection_title, t.text,
           t.units_raw, t.deadline_raw, t.deadline_kind, t.due, t.status, t.present, t.extra
    FROM tasks t
"""


def compare(conn: sqlite3.Connection | None, name: str, plan: Plan) -> ImportReport:
    """What importing `plan` as `name` changes; no connection means an empty ledger."""
    report = ImportReport()
    known = conn.execute("SELECT year FROM plans WHERE name = ?", (name,)).fetchone() if conn else None
    report.first_import = known is None
    if known is not None and known[0] != plan.year:
        report.year_change = (known[0], plan.year)
    old = {row[0]: row[1:] for row in conn.execute(
        "SELECT number, present, text, units_raw, deadline_raw, due, section_no, section_title,"
        " subsection_no, subsection_title, extra FROM tasks WHERE plan = ?", (name,))} if conn else {}
    for task in plan.tasks:
        before = old.pop(task.number, None)
        if before is None:
            report.added.append(task.number)
            continue
        present, *fields = before
        changes = [f"{label}: {was or '—'} → {now or '—'}"
                   for label, was, now in zip(FIELD_LABELS, fields, _task_fields(task)) if was != now]
        if changes:
            report.changed[task.number] = changes
        if not present:
            report.returned.append(task.number)
    report.removed = sorted(number for number, (present, *_rest) in old.items() if present)
    report.removed_texts = {number: old[number][1] for number in report.removed}
    return report


def _task_fields(task: Task) -> tuple:
    """The stored fields an import compares, in FIELD_LABELS order."""
    section, subsection = task.section, task.subsection
    return (task.text, task.units_raw, task.deadline.raw, task.deadline.due.isoformat() if task.deadline.due else None,
            section.no if section else None, section.title if section else None,
            subsection.no if subsection else None, subsection.title if subsection else None,
            _extra_json(task.extra))


def _extra_json(extra: tuple[tuple[str, str], ...]) -> str | None:
    if not extra:
        return None
    import json  # only for plans with kept columns

    return json.dumps(dict(extra), ensure_ascii=False)


def _import_notes(report: ImportReport) -> Iterator[tuple[int, str]]:
    for number in report.added:
        yield number, say("note_added")
    for number in report.returned:
        yield number, say("note_returned")
    for number, changes in report.changed.items():
        yield number, "; ".join(changes)
    for number in report.removed:
        yield number, say("note_removed")


def _filter_sql(where: TaskFilter) -> tuple[list[str], list]:
    clauses: list[str] = []
    params: list = []
    if where.plan is not None:
        clauses.append("t.plan = ?")
        params.append(where.plan)
    if where.unit is not None or where.role is not None:
        unit_clauses = []
        if where.unit is not None:
            names = where.unit_names or (where.unit,)
            unit_clauses.append(f"u.name IN ({', '.join('?' * len(names))})")
            params.extend(names)
        if where.role is not None:
            unit_clauses.append("u.role = ?")
            params.append(where.role.value)
        # Driven from the unit index: a unit's few hundred tasks, not every task checked for the unit.
        clauses.append(f"(t.plan, t.number) IN (SELECT u.plan, u.number FROM task_units u"
                       f" WHERE {' AND '.join(unit_clauses)})")
    if where.section is not None:
        clauses.append("t.section_no = ?")
        params.append(where.section)
    if where.number is not None:
        clauses.append("t.number = ?")
        params.append(where.number)
    if where.status == "present":
        clauses.append("t.present")
    elif where.status == "removed":
        clauses.append("NOT t.present")
    elif where.status != "all":
        clauses.append("t.present AND t.status = ?")
        params.append(where.status)
    return clauses, params


def _stored_task(row: Sequence, units: Sequence[Unit], notes: Sequence[Note]) -> StoredTask:
    (plan, number, section_no, section_title, subsection_no, subsection_title, text, units_raw,
     deadline_raw, deadline_kind, due, status, present, extra) = row
    return StoredTask(
        plan=plan,
        number=number,
        section=Section(section_no, section_title) if section_no is not None else None,
        subsection=Section(subsection_no, subsection_title) if subsection_no is not None else None,
        text=text,
        units_raw=units_raw or "",
        units=tuple(units),
        deadline=Deadline(deadline_raw or "", Kind(deadline_kind), date.fromisoformat(due) if due else None),
        status=Status(status) if present else Status.REMOVED,
        notes=tuple(notes),
        extra=_extra_dict(extra),
    )


def _extra_dict(extra: str | None) -> dict:
    if not extra:
        return {}
    import json

    return json.loads(extra)


def _check_move(plan: str, number: int, status: Status, kind: str) -> None:
    """Refuse a status change that makes no sense from where the task stands."""
    target = STATUS_AFTER_NOTE.get(kind)
    if target is None:
        return
    if status is target:
        raise Conflict(say("already", number=number, plan=plan, status=word("status", status.value)))
    if target is not Status.OPEN and status is not Status.OPEN:
        raise Conflict(say("reopen_first", number=number, plan=plan, status=word("status", status.value)))
