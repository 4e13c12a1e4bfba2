"""Plans: the list of plans, importing a plan's tasks, carrying open tasks into next year's plan, archiving
and removing a plan."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import Conflict
from ..messages import say
from ..model import ImportChanges, Kind, Plan, Task
from ..rules import STATUS_AFTER_NOTE
from .connection import Connection
from .values import json_text

CARRY_STEP = 1000  # carried tasks are numbered from the first thousand above the plan's highest number

# The stored fields an import compares, in the order task_fields gives them; render words each key.
FIELDS = ("text", "units", "deadline", "due", "section", "section_title", "subsection", "subsection_title", "extra")


# The columns an import writes for each task of the file, in the order _apply gives them.
TASK_COLUMNS = ("plan", "number", "text", "units_raw", "deadline_raw", "due", "section_no", "section_title",
                "subsection_no", "subsection_title", "extra", "deadline_kind", "line", "present")


class StoredTaskFields(NamedTuple):
    """A stored task as an import compares it with the file."""

    present: bool
    carried: bool
    fields: tuple[Any, ...]  # in FIELDS order


class StoredPlan(NamedTuple):
    year: int
    tasks: dict[int, StoredTaskFields]


class PlanStore(Connection):
    def plans(self, archived: bool = True) -> list[dict[str, Any]]:
        """The plans by name (without `archived`, only those not archived), newest-first facts included."""
        with self.reading():
            rows = self.conn.execute(f"""
                SELECT p.name, p.year, p.year_source, p.source, p.imported_at, p.archived,
                       (SELECT count(*) FROM tasks t WHERE t.plan = p.name AND t.present = 1) AS tasks
                FROM plans p {"" if archived else "WHERE p.archived = 0"} ORDER BY p.name
            """).fetchall()
        return [{**dict(zip(("plan", "year", "year_source", "source", "imported_at"), row[:5])),
                 "archived": bool(row[5]), "tasks": row[6]} for row in rows]

    def plan_names(self, archived: bool = True) -> list[str]:
        sql = "SELECT name FROM plans" + ("" if archived else " WHERE archived = 0") + " ORDER BY name"
        with self.reading():
            return [row[0] for row in self.conn.execute(sql)]

    def plans_of_year(self, year: int) -> list[str]:
        with self.reading():
            return [row[0] for row in self.conn.execute("SELECT name FROM plans WHERE year = ? ORDER BY name",
                                                        (year,))]

    def newest_plan(self) -> str | None:
        """The plan of the latest year not archived; of two with the same year, the one imported last."""
        with self.reading():
            row = self.conn.execute("SELECT name FROM plans WHERE archived = 0"
                                    " ORDER BY year DESC, imported_at DESC, ordinal DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def archive_plan(self, name: str) -> None:
        with self.write() as conn:
            conn.execute("UPDATE plans SET archived = 1 WHERE name = ?", (name,))

    def check_removable(self, name: str) -> None:
        """Refuse to remove a plan holding tasks carried from another: there they are `carried`, and without
        this plan they could never be reopened (status follows notes, which are never deleted)."""
        with self.reading():
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
            tasks: int = conn.execute("SELECT count(*) FROM tasks WHERE plan = ?", (name,)).fetchone()[0]
            self.dialect.defer_foreign_keys(conn)  # the plan row goes first, its tasks right after
            conn.execute("DELETE FROM plans WHERE name = ?", (name,))
            for table in ("evidence", "periods", "notes", "task_units", "tasks"):
                conn.execute(f"DELETE FROM {table} WHERE plan = ?", (name,))
        return tasks

    # -- import --------------------------------------------------------------------------------

    def stored_plan(self, name: str) -> StoredPlan | None:
        """Plan `name` as an import compares it with a file; None when there is no such plan."""
        with self.reading():
            return self._stored_plan(name)

    def _stored_plan(self, name: str) -> StoredPlan | None:
        known = self.conn.execute("SELECT year FROM plans WHERE name = ?", (name,)).fetchone()
        if known is None:
            return None
        tasks = {row[0]: StoredTaskFields(bool(row[1]), row[2] is not None, row[3:]) for row in self.conn.execute(
            "SELECT number, present, carried_from_plan, text, units_raw, deadline_raw, due, section_no, section_title,"
            " subsection_no, subsection_title, extra FROM tasks WHERE plan = ?", (name,))}
        return StoredPlan(known[0], tasks)

    def import_plan(self, name: str, plan: Plan, source: str, at: str, by: str,
                    compare: Callable[[StoredPlan | None, Plan], ImportChanges]) -> ImportChanges:
        """Store `plan` as `name`, as `compare` (importing.compare) decides from what is stored: new tasks added,
        changed ones updated with an `import` note, missing ones removed. Compared and written in one transaction."""
        with self.write():
            changes = compare(self._stored_plan(name), plan)
            if not changes.nothing_changed:
                self._apply(name, plan, source, at, by, changes)
        return changes

    def _apply(self, name: str, plan: Plan, source: str, at: str, by: str, changes: ImportChanges) -> None:
        conn = self.conn
        conn.execute("""
            INSERT INTO plans (name, year, year_source, source, imported_at, ordinal)
            VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(ordinal), 0) + 1 FROM plans))
            ON CONFLICT (name) DO UPDATE SET year = excluded.year, year_source = excluded.year_source,
                source = excluded.source, imported_at = excluded.imported_at
        """, (name, plan.year, plan.year_source, source, at))
        # Many rows at once: the dialect runs them as executemany (SQLite) or COPY (PostgreSQL).
        self.dialect.upsert_many(conn, "tasks", TASK_COLUMNS, ("plan", "number"), (
            (name, task.number, *task_fields(task), task.deadline.kind.value, task.line, 1) for task in plan.tasks))
        # Only the tasks in the file get their units anew: a removed task keeps its own, for history and export
        # (and no file task is a carried one: importing.compare refuses a file that uses a carried number).
        if not changes.first_import:
            self.dialect.delete_many(conn, "task_units", ("plan", "number"), ((name, task.number) for task in plan.tasks))
        self.dialect.insert_many(conn, "task_units", ("plan", "number", "position", "name", "role", "verb"), (
            (name, task.number, position, unit.name, unit.role.value, unit.verb)
            for task in plan.tasks for position, unit in enumerate(task.units)))
        if changes.removed:
            conn.executemany("UPDATE tasks SET present = 0 WHERE plan = ? AND number = ?",
                             ((name, number) for number in changes.removed))
        self._write_periods(name, plan)
        if not changes.first_import:
            self.dialect.insert_many(conn, "notes", ("plan", "number", "at", "by", "kind", "data"), (
                (name, number, at, by, "import", json_text(data)) for number, data in _import_note_data(changes)))
        # Fresh statistics, so that the planner finds a unit's tasks through the unit index.
        self.dialect.analyze(conn)

    def _write_periods(self, name: str, plan: Plan) -> None:
        """One row per period of each recurring task, keyed by (task, period): importing again adds none twice.

        A period whose task no longer recurs that way goes when nothing was recorded for it; its history stays.
        """
        conn = self.conn
        recurring = [task for task in plan.tasks if task.deadline.kind is Kind.RECURRING]
        had_periods = conn.execute("SELECT EXISTS (SELECT 1 FROM periods WHERE plan = ?)", (name,)).fetchone()[0]
        if not recurring and not had_periods:
            return
        from ..periods import periods_of  # dateutil: only for a plan with recurring duties

        wanted = [(name, task.number, period.key, period.due.isoformat())
                  for task in recurring for period in periods_of(task.deadline.raw, plan.year)]
        self.dialect.upsert_many(conn, "periods", ("plan", "number", "key", "due"), ("plan", "number", "key"), wanted)
        keep = {(number, key) for _plan, number, key, _due in wanted}
        in_file = {task.number for task in plan.tasks}  # carried tasks keep the periods they came with
        stale = [(name, number, key) for number, key in conn.execute(
                     "SELECT number, key FROM periods WHERE plan = ? AND status = 'open' AND postponed_to IS NULL",
                     (name,)) if number in in_file and (number, key) not in keep]
        self.dialect.delete_many(conn, "periods", ("plan", "number", "key"), stale)

    # -- plans across years ----------------------------------------------------------------------

    def carry(self, source: str, target: str, at: str, by: str) -> list[tuple[int, int]]:
        """Add the open tasks of plan `source` to plan `target` as carried tasks, numbered from the first thousand
        above the target's highest number; in `source` each gets a `carry` note (status `carried`).

        Returns (number in source, number in target) pairs."""
        with self.write() as conn:
            open_numbers = [row[0] for row in conn.execute(
                "SELECT number FROM tasks WHERE plan = ? AND present = 1 AND status = 'open' ORDER BY number", (source,))]
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
                             ((source, old, at, by, json_text({"to": {"plan": target, "id": new}}))
                              for old, new in pairs))
            conn.executemany("UPDATE tasks SET status = ? WHERE plan = ? AND number = ?",
                             ((STATUS_AFTER_NOTE["carry"].value, source, old) for old, _new in pairs))
        return pairs


def task_fields(task: Task) -> tuple[Any, ...]:
    """The stored fields an import compares, in FIELDS order."""
    section, subsection = task.section, task.subsection
    return (task.text, task.units_raw, task.deadline.raw, task.deadline.due.isoformat() if task.deadline.due else None,
            section.no if section else None, section.title if section else None,
            subsection.no if subsection else None, subsection.title if subsection else None,
            json_text(dict(task.extra)))


def _import_note_data(changes: ImportChanges) -> Iterator[tuple[int, dict[str, Any]]]:
    """The `import` notes of a re-import, as data: render words them in the reader's language."""
    for number in changes.added:
        yield number, {"event": "added"}
    for number in changes.returned:
        yield number, {"event": "returned"}
    for number, fields in changes.changed:
        yield number, {"changes": [change._asdict() for change in fields]}
    for number in changes.removed:
        yield number, {"event": "removed"}
