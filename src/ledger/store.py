"""The SQLite ledger: opening and upgrading the file, transactions, and every SQL statement.

Everyday commands use the standard sqlite3 module only. A new ledger is made from schema.py;
sqlite-utils is imported (in migrations) just when an older ledger is upgraded.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from . import schema
from .directory import Directory, Entry, check_alias, check_group
from .errors import Conflict, DatabaseError, NotFound
from .messages import say, word
from .model import (CarriedFrom, Deadline, Evidence, ImportChanges, Kind, Note, PeriodState,
                    Plan, Role, Section, Status, StoredTask, Task, Unit)
from .rules import status_after

SCHEMA_VERSION = schema.VERSION  # the version migrations.LATEST reaches; a test keeps the two equal
BUSY_TIMEOUT_SECONDS = 30
CARRY_STEP = 1000  # carried tasks are numbered from the first thousand above the plan's highest number

# The stored fields an import compares, in the order task_fields gives them; render words each key.
FIELDS = ("text", "units", "deadline", "due", "section", "section_title", "subsection", "subsection_title", "extra")


class TaskFilter(NamedTuple):
    plan: str | None = None  # None: every plan that is not archived
    unit: str | None = None
    role: Role | None = None
    section: int | None = None
    status: str = "present"  # open | done | cancelled | removed | carried | all | present (all but removed)
    number: int | None = None
    archived: bool = False  # with no plan named: archived plans too
    unit_names: tuple[str, ...] = ()  # every name a plan may write for `unit` (its aliases, its groups): §11


class StoredTaskFields(NamedTuple):
    """A stored task as an import compares it with the file."""

    present: bool
    carried: bool
    fields: tuple  # in FIELDS order


class StoredPlan(NamedTuple):
    year: int
    tasks: dict[int, StoredTaskFields]


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
    def open(cls, path: Path, create: bool = False) -> Store:
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
            elif version:
                store._ensure_wal()
            conn.execute("PRAGMA foreign_keys = ON")
        return store

    def _ensure_wal(self) -> None:
        """A ledger found in another journal mode (an older version's interrupted bulk import left rollback
        mode behind) goes back to WAL, so that cron and a person can keep using it at once."""
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] in ("wal", "memory"):
            return
        with contextlib.suppress(sqlite3.OperationalError):  # read-only, or another process holds it: next open
            self.conn.execute("PRAGMA journal_mode = WAL")

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

    def backup(self, target: Path, replace: bool = False) -> None:
        """Copy the whole ledger with SQLite's online backup: consistent even while another process writes.
        With `replace`, an existing file is replaced only by a whole copy (written beside it, then renamed)."""
        if target.exists() and not replace:
            raise DatabaseError(say("backup_exists", path=target))
        written = target.with_name(target.name + ".part") if target.exists() else target
        try:
            copy = sqlite3.connect(written)
        except sqlite3.Error as exc:
            raise DatabaseError(say("backup_cannot_create", path=target, reason=exc)) from None
        try:
            with sqlite_errors(target):
                self.conn.backup(copy)
        except DatabaseError:
            copy.close()
            if written != target:
                written.unlink(missing_ok=True)
            raise
        copy.close()
        if written != target:
            os.replace(written, target)

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

    def plans(self, archived: bool = True) -> list[dict]:
        """The plans by name (without `archived`, only those not archived), newest-first facts included."""
        with sqlite_errors(self.path):
            rows = self.conn.execute(f"""
                SELECT p.name, p.year, p.year_source, p.source, p.imported_at, p.archived,
                       (SELECT count(*) FROM tasks t WHERE t.plan = p.name AND t.present) AS tasks
                FROM plans p {"" if archived else "WHERE NOT p.archived"} ORDER BY p.name
            """).fetchall()
        return [{**dict(zip(("plan", "year", "year_source", "source", "imported_at"), row[:5])),
                 "archived": bool(row[5]), "tasks": row[6]} for row in rows]

    def plan_names(self, archived: bool = True) -> list[str]:
        sql = "SELECT name FROM plans" + ("" if archived else " WHERE NOT archived") + " ORDER BY name"
        with sqlite_errors(self.path):
            return [row[0] for row in self.conn.execute(sql)]

    def plans_of_year(self, year: int) -> list[str]:
        with sqlite_errors(self.path):
            return [row[0] for row in self.conn.execute("SELECT name FROM plans WHERE year = ? ORDER BY name",
                                                        (year,))]

    def newest_plan(self) -> str | None:
        """The plan of the latest year not archived; of two with the same year, the one imported last."""
        with sqlite_errors(self.path):
            row = self.conn.execute("SELECT name FROM plans WHERE NOT archived"
                                    " ORDER BY year DESC, imported_at DESC, rowid DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def archive_plan(self, name: str) -> None:
        with self.write() as conn:
            conn.execute("UPDATE plans SET archived = 1 WHERE name = ?", (name,))

    def check_removable(self, name: str) -> None:
        """Refuse to remove a plan holding tasks carried from another: there they are `carried`, and without
        this plan they could never be reopened (status follows notes, which are never deleted)."""
        with sqlite_errors(self.path):
            sources = [row[0] for row in self.conn.execute(
                "SELECT DISTINCT s.plan FROM tasks t JOIN tasks s"
                " ON s.plan = t.carried_from_plan AND s.number = t.carried_from_number"
                " WHERE t.plan = ? AND s.status = 'carried' ORDER BY s.plan", (name,))]
        if sources:
            raise Conflict(say("remove_holds_carried", plan=name, sources=", ".join(sources)))

    def remove_plan(self, name: str, backup: Path) -> int:
        """Delete a plan with its tasks and their history, after writing a backup of the whole ledger to `backup`.

        The one deletion the ledger makes (SPEC §7): the triggers let a task or note go only once its plan has.
        """
        self.check_removable(name)
        self.backup(backup)
        with self.write() as conn:
            tasks = conn.execute("SELECT count(*) FROM tasks WHERE plan = ?", (name,)).fetchone()[0]
            conn.execute("PRAGMA defer_foreign_keys = ON")  # the plan row goes first, its tasks right after
            conn.execute("DELETE FROM plans WHERE name = ?", (name,))
            for table in ("evidence", "periods", "notes", "task_units", "tasks"):
                conn.execute(f"DELETE FROM {table} WHERE plan = ?", (name,))
        return tasks

    # -- import --------------------------------------------------------------------------------

    def stored_plan(self, name: str) -> StoredPlan | None:
        """Plan `name` as an import compares it with a file; None when there is no such plan."""
        with sqlite_errors(self.path):
            return _stored_plan(self.conn, name)

    def import_plan(self, name: str, plan: Plan, source: str, at: str, by: str,
                    compare: Callable[[StoredPlan | None, Plan], ImportChanges]) -> ImportChanges:
        """Store `plan` as `name`, as `compare` (importing.compare) decides from what is stored: new tasks added,
        changed ones updated with an `import` note, missing ones removed. Compared and written in one transaction."""
        with self.write() as conn:
            changes = compare(_stored_plan(conn, name), plan)
            if not changes.nothing_changed:
                self._apply(conn, name, plan, source, at, by, changes)
        return changes

    def _apply(self, conn: sqlite3.Connection, name: str, plan: Plan, source: str, at: str, by: str,
               changes: ImportChanges) -> None:
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
        """, ((name, task.number, *task_fields(task), task.deadline.kind.value, task.line) for task in plan.tasks))
        # Only the tasks in the file get their units anew: a removed task keeps its own, for history and export
        # (and no file task is a carried one: importing.compare refuses a file that uses a carried number).
        conn.executemany("DELETE FROM task_units WHERE plan = ? AND number = ?",
                         ((name, task.number) for task in plan.tasks))
        conn.executemany(
            "INSERT INTO task_units (plan, number, position, name, role, verb) VALUES (?, ?, ?, ?, ?, ?)",
            ((name, task.number, position, unit.name, unit.role.value, unit.verb)
             for task in plan.tasks for position, unit in enumerate(task.units)))
        if changes.removed:
            conn.executemany("UPDATE tasks SET present = 0 WHERE plan = ? AND number = ?",
                             ((name, number) for number in changes.removed))
        _write_periods(conn, name, plan)
        if not changes.first_import:
            import json

            conn.executemany("INSERT INTO notes (plan, number, at, by, kind, data) VALUES (?, ?, ?, ?, 'import', ?)",
                             ((name, number, at, by, json.dumps(data, ensure_ascii=False))
                              for number, data in _import_note_data(changes)))
        # Fresh statistics, so that the planner finds a unit's tasks through the unit index.
        conn.execute("ANALYZE")

    # -- tasks ---------------------------------------------------------------------------------

    def tasks(self, where: TaskFilter, due_on_or_before: date | None = None, due_before: date | None = None,
              order: str = "number") -> list[StoredTask]:
        """Tasks matching `where`; with a due bound, only open tasks that have a due date within it."""
        clauses, params = _filter_sql(where)
        where_sql = " AND ".join(clauses) or "1"
        order_by = "t.plan, t.number" if order == "number" else "t.due, t.number, t.plan"
        with sqlite_errors(self.path):
            rows = self.conn.execute(f"{TASK_SELECT} WHERE {where_sql} ORDER BY {order_by}", params).fetchall()
            if not rows:
                return []
            return self._with_units_and_notes(rows, where_sql, params)

    def obligations(self, where: TaskFilter, due_on_or_before: date | None = None,
                    due_before: date | None = None) -> list[tuple[StoredTask, PeriodState | None]]:
        """Open obligations due within a bound, soonest first: a dated task, or one open period of a
        recurring task (each period its own row). Ties by task number, then plan, then period."""
        clauses, params = _filter_sql(where)
        filter_sql = " AND ".join(clauses) or "1"
        bound, bound_params = [], []
        if due_on_or_before is not None:
            bound.append("due_in_force <= ?")
            bound_params.append(due_on_or_before.isoformat())
        if due_before is not None:
            bound.append("due_in_force < ?")
            bound_params.append(due_before.isoformat())
        bound_sql = " AND ".join(bound) or "1"
        # Dated tasks and open periods, each with the date in force (a postponement's, else the plan's).
        sql = f"""
            SELECT plan, number, key, due_in_force FROM (
                SELECT t.plan, t.number, NULL AS key, coalesce(t.postponed_to, t.due) AS due_in_force
                FROM tasks t WHERE {filter_sql} AND t.present AND t.status = 'open' AND t.due IS NOT NULL
                UNION ALL
                SELECT p.plan, p.number, p.key, coalesce(p.postponed_to, p.due)
                FROM periods p JOIN tasks t ON t.plan = p.plan AND t.number = p.number
                WHERE {filter_sql} AND t.present AND t.status = 'open' AND p.status = 'open')
            WHERE {bound_sql} ORDER BY due_in_force, number, plan, key
        """
        with sqlite_errors(self.path):
            found = self.conn.execute(sql, [*params, *params, *bound_params]).fetchall()
            if not found:
                return []
            wanted = sorted({(plan, number) for plan, number, _key, _due in found})
            tasks = {(task.plan, task.number): task for task in self._tasks_by_key(wanted)}
        rows = []
        for plan, number, key, _due in found:
            task = tasks[(plan, number)]
            period = next((state for state in task.periods if state.key == key), None) if key else None
            rows.append((task, period))
        return rows

    def _tasks_by_key(self, keys: list[tuple[str, int]]) -> list[StoredTask]:
        """The tasks with these (plan, number) keys, fetched a plan at a time."""
        found: list[StoredTask] = []
        by_plan: dict[str, list[int]] = {}
        for plan, number in keys:
            by_plan.setdefault(plan, []).append(number)
        for plan, numbers in by_plan.items():
            for start in range(0, len(numbers), 500):  # SQLite's limit on bound values, with room to spare
                chunk = numbers[start:start + 500]
                where_sql = f"t.plan = ? AND t.number IN ({', '.join('?' * len(chunk))})"
                params = [plan, *chunk]
                rows = self.conn.execute(f"{TASK_SELECT} WHERE {where_sql}", params).fetchall()
                found.extend(self._with_units_and_notes(rows, where_sql, params))
        return found

    def _with_units_and_notes(self, rows: list, where_sql: str, params: Sequence) -> list[StoredTask]:
        """Attach units, notes, periods and evidence, each fetched with the same filter (no per-task queries)."""
        units: dict[tuple, list[Unit]] = {}
        for plan, number, name, role, verb in self.conn.execute(
                f"SELECT tu.plan, tu.number, tu.name, tu.role, tu.verb FROM task_units tu JOIN tasks t"
                f" ON t.plan = tu.plan AND t.number = tu.number WHERE {where_sql} ORDER BY tu.position", params):
            units.setdefault((plan, number), []).append(Unit(name, Role(role), verb or ""))
        notes: dict[tuple, list[Note]] = {}
        for plan, number, at, by, kind, text, period, data in self.conn.execute(
                f"SELECT tn.plan, tn.number, tn.at, tn.by, tn.kind, tn.text, tn.period, tn.data FROM notes tn"
                f" JOIN tasks t ON t.plan = tn.plan AND t.number = tn.number WHERE {where_sql} ORDER BY tn.id",
                params):
            notes.setdefault((plan, number), []).append(Note(at, by or "", kind, text or "", _json(data), period))
        periods: dict[tuple, list[PeriodState]] = {}
        recurring = [row for row in rows if row[9] == "recurring"]
        if recurring:
            for plan, number, key, due, postponed_to, status in self.conn.execute(
                    f"SELECT p.plan, p.number, p.key, p.due, p.postponed_to, p.status FROM periods p JOIN tasks t"
                    f" ON t.plan = p.plan AND t.number = p.number WHERE {where_sql} ORDER BY p.due, p.key", params):
                periods.setdefault((plan, number), []).append(PeriodState(
                    key, date.fromisoformat(postponed_to or due), Status(status), date.fromisoformat(due)))
        evidence: dict[tuple, list[Evidence]] = {}
        for plan, number, name, size, sha256, url, period in self.conn.execute(
                f"SELECT e.plan, e.number, e.name, e.size, e.sha256, e.url, e.period FROM evidence e JOIN tasks t"
                f" ON t.plan = e.plan AND t.number = e.number WHERE {where_sql} ORDER BY e.id", params):
            evidence.setdefault((plan, number), []).append(Evidence(name, size, sha256, url, period))
        return [_stored_task(row, units.get(row[:2], ()), notes.get(row[:2], ()), periods.get(row[:2], ()),
                             evidence.get(row[:2], ())) for row in rows]

    def task(self, plan: str, number: int) -> StoredTask:
        found = self.tasks(TaskFilter(plan=plan, status="all", number=number))
        if not found:
            raise NotFound(say("no_task_number", plan=plan, number=number))
        return found[0]

    def add_note(self, plan: str, number: int, kind: str, text: str, at: str, by: str,
                 period: str | None = None, data: dict | None = None,
                 evidence: Sequence[tuple] = ()) -> StoredTask:
        """Append a note; `done`, `cancel` and `reopen` notes move the task's status (a trigger does it).

        On a recurring task a done or reopen note is about one period: that period moves, and the task is
        done when its last open period is. `evidence` rows (name, size, sha256, content, url) go with it.
        """
        with self.write() as conn:
            row = conn.execute("SELECT status, present, deadline_kind FROM tasks WHERE plan = ? AND number = ?",
                               (plan, number)).fetchone()
            if row is None:
                raise NotFound(say("no_task_number", plan=plan, number=number))
            status, present = Status(row[0]), row[1]
            if not present and kind != "note":
                raise Conflict(say("task_removed", number=number, plan=plan))
            if kind in ("done", "reopen") and row[2] == "recurring" and status is not Status.CANCELLED:
                period = _move_period(conn, plan, number, kind, period)
            elif period is not None and kind != "note":
                raise Conflict(say("not_periodic", number=number, plan=plan))
            else:
                _check_move(plan, number, status, kind)
            cursor = conn.execute(
                "INSERT INTO notes (plan, number, at, by, kind, text, period, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (plan, number, at, by, kind, text, period, _json_text(data)))
            conn.executemany(
                "INSERT INTO evidence (plan, number, period, note_id, name, size, sha256, content, url)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((plan, number, period, cursor.lastrowid, *item) for item in evidence))
        return self.task(plan, number)

    def postpone(self, plan: str, number: int, to: date, today: date, text: str, at: str, by: str,
                 approved_by: str | None, period: str | None) -> StoredTask:
        """Move the date in force of an open task (or one open period); the plan's own date stays."""
        with self.write() as conn:
            row = conn.execute("SELECT status, present, deadline_kind, due, postponed_to FROM tasks"
                               " WHERE plan = ? AND number = ?", (plan, number)).fetchone()
            if row is None:
                raise NotFound(say("no_task_number", plan=plan, number=number))
            status, present, kind, plan_due, postponed_to = row
            if not present or status != "open":
                raise Conflict(say("postpone_not_open", number=number, plan=plan,
                                   status=word("status", status if present else "removed")))
            if kind == "recurring":
                period = period or _earliest_open_period(conn, plan, number)
                found = conn.execute("SELECT due, postponed_to, status FROM periods WHERE plan = ? AND number = ?"
                                     " AND key = ?", (plan, number, period)).fetchone()
                if found is None or found[2] != "open":
                    raise Conflict(say("period_not_open", number=number, plan=plan, period=period))
                plan_due, postponed_to = found[0], found[1]
            elif period is not None:
                raise Conflict(say("not_periodic", number=number, plan=plan))
            elif plan_due is None:
                raise Conflict(say("postpone_undated", number=number, plan=plan))
            in_force = postponed_to or plan_due
            if to <= date.fromisoformat(in_force):  # a postponement moves the date later, never back
                raise Conflict(say("postpone_not_later", number=number, plan=plan, due=in_force))
            data = {"from": in_force, "to": to.isoformat(), "approved_by": approved_by,
                    "late_request": today > date.fromisoformat(in_force)}
            if kind == "recurring":
                conn.execute("UPDATE periods SET postponed_to = ? WHERE plan = ? AND number = ? AND key = ?",
                             (to.isoformat(), plan, number, period))
            else:
                conn.execute("UPDATE tasks SET postponed_to = ? WHERE plan = ? AND number = ?",
                             (to.isoformat(), plan, number))
            conn.execute("INSERT INTO notes (plan, number, at, by, kind, text, period, data)"
                         " VALUES (?, ?, ?, ?, 'postpone', ?, ?, ?)",
                         (plan, number, at, by, text, period, _json_text(data)))
        return self.task(plan, number)

    def evidence_files(self, plan: str, number: int) -> list[tuple[str, bytes]]:
        """The evidence files kept for a task, in the order they were added: (name, content)."""
        with sqlite_errors(self.path):
            return self.conn.execute("SELECT name, content FROM evidence WHERE plan = ? AND number = ?"
                                     " AND content IS NOT NULL ORDER BY id", (plan, number)).fetchall()

    def carry(self, source: str, target: str, at: str, by: str) -> list[tuple[int, int]]:
        """Add the open tasks of plan `source` to plan `target` as carried tasks, numbered from the first thousand
        above the target's highest number; in `source` each gets a `carry` note (status `carried`).

        Returns (number in source, number in target) pairs."""
        import json

        with self.write() as conn:
            open_numbers = [row[0] for row in conn.execute(
                "SELECT number FROM tasks WHERE plan = ? AND present AND status = 'open' ORDER BY number", (source,))]
            highest = conn.execute("SELECT coalesce(max(number), 0) FROM tasks WHERE plan = ?", (target,)).fetchone()[0]
            first = (highest // CARRY_STEP + 1) * CARRY_STEP + 1
            pairs = [(number, first + offset) for offset, number in enumerate(open_numbers)]
            conn.executemany("""
                INSERT INTO tasks (plan, number, section_no, section_title, subsection_no, subsection_title, text,
                                   units_raw, deadline_raw, deadline_kind, due, line, present, extra,
                                   carried_from_plan, carried_from_number, postponed_to)
                SELECT ?, ?, section_no, section_title, subsection_no, subsection_title, text, units_raw,
                       deadline_raw, deadline_kind, due, NULL, 1, extra, plan, number, postponed_to
                FROM tasks WHERE plan = ? AND number = ?
            """, ((target, new, source, old) for old, new in pairs))
            # A periodic duty goes with the periods it still owes, their dates kept.
            conn.executemany("""
                INSERT INTO periods (plan, number, key, due, postponed_to, status)
                SELECT ?, ?, key, due, postponed_to, status FROM periods
                WHERE plan = ? AND number = ? AND status = 'open'
            """, ((target, new, source, old) for old, new in pairs))
            conn.executemany("""
                INSERT INTO task_units (plan, number, position, name, role, verb)
                SELECT ?, ?, position, name, role, verb FROM task_units WHERE plan = ? AND number = ?
            """, ((target, new, source, old) for old, new in pairs))
            conn.executemany("INSERT INTO notes (plan, number, at, by, kind, data) VALUES (?, ?, ?, ?, 'carry', ?)",
                             ((source, old, at, by, json.dumps({"to": {"plan": target, "id": new}}, ensure_ascii=False))
                              for old, new in pairs))
        return pairs

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

    def sections(self, plan: str | None = None) -> list[tuple[int, str]]:
        """Every section (number, title) of tasks still in their plan, for the check of --section."""
        sql = ("SELECT section_no, min(section_title) FROM tasks WHERE present AND section_no IS NOT NULL"
               + (" AND plan = ?" if plan else "") + " GROUP BY section_no ORDER BY section_no")
        with sqlite_errors(self.path):
            return [(row[0], row[1]) for row in self.conn.execute(sql, (plan,) if plan else ())]

    def progress(self, by: str, plan: str | None, today: date, green_from: date | None = None) -> list[dict]:
        """Counts per unit, per section or in total: tasks, by role, open, overdue (red), due soon (yellow: due
        before `green_from`), postponed, done, cancelled; of one plan, or (`plan` None) of every plan.

        A task counts once per row however many of its units share it; removed and carried tasks are left out
        (a carried task is counted where its work goes on). A periodic duty counts by its earliest open period.
        """
        key = "t.plan || char(31) || t.number"
        group = {"unit": ("t.plan, u.name, NULL", "t.plan, u.name", "t.plan, 4 DESC, u.name"),
                 "section": ("t.plan, t.section_no, min(t.section_title)", "t.plan, t.section_no",
                             "t.plan, t.section_no"),
                 "total": ("NULL, NULL, NULL", None, "1")}[by]
        in_force = ("CASE WHEN t.deadline_kind = 'recurring' THEN (SELECT min(coalesce(p.postponed_to, p.due))"
                    " FROM periods p WHERE p.plan = t.plan AND p.number = t.number AND p.status = 'open')"
                    " ELSE coalesce(t.postponed_to, t.due) END")
        postponed = ("(t.postponed_to IS NOT NULL OR EXISTS (SELECT 1 FROM periods p WHERE p.plan = t.plan"
                     " AND p.number = t.number AND p.postponed_to IS NOT NULL))")
        sql = f"""
            SELECT {group[0]}, count(DISTINCT {key}),
                   {", ".join(f"count(DISTINCT CASE WHEN u.role = '{role.value}' THEN {key} END)" for role in Role)},
                   count(DISTINCT CASE WHEN t.status = 'open' THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'open' AND due_in_force < :today THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'open' AND due_in_force >= :today
                                       AND due_in_force < :green_from THEN {key} END),
                   count(DISTINCT CASE WHEN {postponed} THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'done' THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'cancelled' THEN {key} END)
            FROM (SELECT *, {in_force} AS due_in_force FROM tasks t) t
                 {"JOIN" if by == "unit" else "LEFT JOIN"} {OWED if by == "unit" else "task_units"} u
                 ON u.plan = t.plan AND u.number = t.number
            WHERE t.present AND t.status != 'carried' {"AND t.plan = :plan" if plan else ""}
            {f"GROUP BY {group[1]}" if group[1] else ""} ORDER BY {group[2]}
        """
        params = {"today": today.isoformat(), "plan": plan,
                  "green_from": (green_from or today).isoformat()}
        with sqlite_errors(self.path):
            rows = self.conn.execute(sql, params).fetchall()
        width = 3
        counted = []
        for row in rows:
            tasks, *roles = row[width: width + 5]
            open_, overdue, due_soon, postponed_tasks, done, cancelled = row[width + 5:]
            keys = ({"plan": row[0], "unit": row[1]} if by == "unit" else
                    {"plan": row[0], "section": {"no": row[1], "title": row[2]}} if by == "section" else
                    {"plan": plan, "total": True})
            counted.append({**keys, "tasks": tasks, "roles": dict(zip((role.value for role in Role), roles)),
                            "open": open_, "done": done, "cancelled": cancelled, "overdue": overdue,
                            "due_soon": due_soon, "postponed": postponed_tasks,
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

    def record_reminders(self, reminders: Sequence[tuple[str, int, str | None, str]], at: str, by: str) -> None:
        """A `remind` note on each (plan, task, period or None, to whom): the task (or its period) was chased."""
        with self.write() as conn:
            conn.executemany("INSERT INTO notes (plan, number, at, by, kind, period, text)"
                             " VALUES (?, ?, ?, ?, 'remind', ?, ?)",
                             ((plan, number, at, by, period, text) for plan, number, period, text in reminders))


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

TASK_SELECT = """
    SELECT t.plan, t.number, t.section_no, t.section_title, t.subsection_no, t.subsection_title, t.text,
           t.units_raw, t.deadline_raw, t.deadline_kind, t.due, t.status, t.present, t.extra,
           t.carried_from_plan, t.carried_from_number, t.postponed_to
    FROM tasks t
"""


def _stored_plan(conn: sqlite3.Connection, name: str) -> StoredPlan | None:
    known = conn.execute("SELECT year FROM plans WHERE name = ?", (name,)).fetchone()
    if known is None:
        return None
    tasks = {row[0]: StoredTaskFields(bool(row[1]), row[2] is not None, row[3:]) for row in conn.execute(
        "SELECT number, present, carried_from_plan, text, units_raw, deadline_raw, due, section_no, section_title,"
        " subsection_no, subsection_title, extra FROM tasks WHERE plan = ?", (name,))}
    return StoredPlan(known[0], tasks)


def task_fields(task: Task) -> tuple:
    """The stored fields an import compares, in FIELDS order."""
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


def _import_note_data(changes: ImportChanges) -> Iterator[tuple[int, dict]]:
    """The `import` notes of a re-import, as data: render words them in the reader's language."""
    for number in changes.added:
        yield number, {"event": "added"}
    for number in changes.returned:
        yield number, {"event": "returned"}
    for number, fields in changes.changed:
        yield number, {"changes": [change._asdict() for change in fields]}
    for number in changes.removed:
        yield number, {"event": "removed"}


def _json(text: str | None) -> dict | None:
    if not text:
        return None
    import json

    return json.loads(text)


def _filter_sql(where: TaskFilter) -> tuple[list[str], list]:
    clauses: list[str] = []
    params: list = []
    if where.plan is not None:
        clauses.append("t.plan = ?")
        params.append(where.plan)
    elif not where.archived:
        clauses.append("t.plan IN (SELECT name FROM plans WHERE NOT archived)")
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


def _stored_task(row: Sequence, units: Sequence[Unit], notes: Sequence[Note], periods: Sequence[PeriodState] = (),
                 evidence: Sequence[Evidence] = ()) -> StoredTask:
    (plan, number, section_no, section_title, subsection_no, subsection_title, text, units_raw,
     deadline_raw, deadline_kind, due, status, present, extra, carried_plan, carried_number, postponed_to) = row
    plan_due = date.fromisoformat(due) if due else None
    return StoredTask(
        plan=plan,
        number=number,
        section=Section(section_no, section_title) if section_no is not None else None,
        subsection=Section(subsection_no, subsection_title) if subsection_no is not None else None,
        text=text,
        units_raw=units_raw or "",
        units=tuple(units),
        deadline=Deadline(deadline_raw or "", Kind(deadline_kind),
                          date.fromisoformat(postponed_to) if postponed_to else plan_due),
        status=Status(status) if present else Status.REMOVED,
        notes=tuple(notes),
        extra=_extra_dict(extra),
        carried_from=CarriedFrom(carried_plan, carried_number) if carried_plan is not None else None,
        periods=tuple(periods),
        plan_due=plan_due,
        evidence=tuple(evidence),
    )


def _json_text(data: dict | None) -> str | None:
    if not data:
        return None
    import json

    return json.dumps(data, ensure_ascii=False)


def _write_periods(conn: sqlite3.Connection, name: str, plan: Plan) -> None:
    """One row per period of each recurring task, keyed by (task, period): importing again adds none twice.

    A period whose task no longer recurs that way goes when nothing was recorded for it; its history stays.
    """
    recurring = [task for task in plan.tasks if task.deadline.kind is Kind.RECURRING]
    had_periods = conn.execute("SELECT EXISTS (SELECT 1 FROM periods WHERE plan = ?)", (name,)).fetchone()[0]
    if not recurring and not had_periods:
        return
    from .periods import periods_of  # dateutil: only for a plan with recurring duties

    wanted = [(name, task.number, period.key, period.due.isoformat())
              for task in recurring for period in periods_of(task.deadline.raw, plan.year)]
    conn.executemany("INSERT INTO periods (plan, number, key, due) VALUES (?, ?, ?, ?)"
                     " ON CONFLICT (plan, number, key) DO UPDATE SET due = excluded.due", wanted)
    keep = {(number, key) for _plan, number, key, _due in wanted}
    in_file = {task.number for task in plan.tasks}  # carried tasks keep the periods they came with
    stale = [(name, number, key) for number, key in conn.execute(
                 "SELECT number, key FROM periods WHERE plan = ? AND status = 'open' AND postponed_to IS NULL",
                 (name,)) if number in in_file and (number, key) not in keep]
    conn.executemany("DELETE FROM periods WHERE plan = ? AND number = ? AND key = ?", stale)


def _earliest_open_period(conn: sqlite3.Connection, plan: str, number: int) -> str | None:
    row = conn.execute("SELECT key FROM periods WHERE plan = ? AND number = ? AND status = 'open'"
                       " ORDER BY due, key LIMIT 1", (plan, number)).fetchone()
    return row[0] if row else None


def _move_period(conn: sqlite3.Connection, plan: str, number: int, kind: str, period: str | None) -> str:
    """Close (done) or open again (reopen) one period; without a key, done takes the earliest open one."""
    if period is None and kind == "reopen":  # the period closed last opens again
        row = conn.execute("SELECT key FROM periods WHERE plan = ? AND number = ? AND status = 'done'"
                           " ORDER BY due DESC, key DESC LIMIT 1", (plan, number)).fetchone()
        if row is None:
            raise Conflict(say("already", number=number, plan=plan, status=word("status", "open")))
        period = row[0]
    elif period is None:
        period = _earliest_open_period(conn, plan, number)
        if period is None:
            raise Conflict(say("already", number=number, plan=plan, status=word("status", "done")))
    found = conn.execute("SELECT status FROM periods WHERE plan = ? AND number = ? AND key = ?",
                         (plan, number, period)).fetchone()
    if found is None:
        keys = [row[0] for row in conn.execute("SELECT key FROM periods WHERE plan = ? AND number = ?"
                                               " ORDER BY due, key", (plan, number))]
        raise NotFound(say("no_such_period", number=number, plan=plan, period=period, periods=", ".join(keys)))
    target = "done" if kind == "done" else "open"
    if found[0] == target:
        raise Conflict(say("period_already", number=number, plan=plan, period=period,
                                  status=word("status", target)))
    conn.execute("UPDATE periods SET status = ? WHERE plan = ? AND number = ? AND key = ?",
                 (target, plan, number, period))
    return period


def _extra_dict(extra: str | None) -> dict:
    if not extra:
        return {}
    import json

    return json.loads(extra)


def _check_move(plan: str, number: int, status: Status, kind: str) -> None:
    """Refuse a status change that makes no sense from where the task stands (the rule: rules.status_after)."""
    status_after(plan, number, status, kind)
