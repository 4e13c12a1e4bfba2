"""Plans: the list of plans, importing a plan's tasks, carrying open tasks into next year's plan, archiving
and removing a plan."""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import Conflict, NotFound
from ..messages import say
from ..model import ImportChanges, Kind, Plan, SamePlan, Task
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

    def plans_holding(self, number: int) -> list[str]:
        """The plans (archived ones too) that have a task numbered `number`."""
        with self.reading():
            return [row[0] for row in self.conn.execute("SELECT DISTINCT plan FROM tasks WHERE number = ? ORDER BY plan",
                                                        (number,))]

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

    def check_removable(self, name: str) -> list[CarriedBack]:
        """The tasks carried into plan `name` that go back to their own plans, open, when it is removed.

        Refused when some of them were carried on again into a later plan: that plan has to go first."""
        with self.reading():
            onward = [row[0] for row in self.conn.execute(
                "SELECT DISTINCT n.plan FROM tasks t JOIN tasks n"
                " ON n.carried_from_plan = t.plan AND n.carried_from_number = t.number"
                " WHERE t.plan = ? AND t.status = 'carried' AND t.carried_from_plan IS NOT NULL ORDER BY n.plan",
                (name,))]
            if onward:
                raise Conflict(say("remove_carried_onward", plan=name, later=", ".join(onward)))
            return [CarriedBack(*row) for row in self.conn.execute(
                "SELECT s.plan, s.number, t.number FROM tasks t JOIN tasks s"
                " ON s.plan = t.carried_from_plan AND s.number = t.carried_from_number"
                " WHERE t.plan = ? AND s.status = 'carried' ORDER BY s.plan, s.number", (name,))]

    def remove_plan(self, name: str, backup: Path, at: str, by: str) -> tuple[int, list[CarriedBack]]:
        """Delete a plan with its tasks and their history, after writing a backup of the whole ledger to `backup`;
        the tasks carried into it go back to their own plans, open, each with a `reopen` note saying why.

        The one deletion the ledger makes (SPEC §7): the triggers let a task or note go only once its plan has.
        """
        self.check_removable(name)
        self.backup(backup)
        with self.write() as conn:
            given_back = self.check_removable(name)  # again, inside the transaction that acts on it
            tasks: int = conn.execute("SELECT count(*) FROM tasks WHERE plan = ?", (name,)).fetchone()[0]
            conn.executemany("INSERT INTO notes (plan, number, at, by, kind, data) VALUES (?, ?, ?, ?, 'reopen', ?)",
                             ((back.plan, back.number, at, by,
                               json_text({"event": "carry_undone", "plan": name, "id": back.carried_as}))
                              for back in given_back))
            conn.executemany("UPDATE tasks SET status = ? WHERE plan = ? AND number = ?",
                             ((STATUS_AFTER_NOTE["reopen"].value, back.plan, back.number) for back in given_back))
            self.dialect.defer_foreign_keys(conn)  # the plan row goes first, its tasks right after
            conn.execute("DELETE FROM plans WHERE name = ?", (name,))
            for table in ("evidence", "periods", "notes", "task_units", "tasks"):
                conn.execute(f"DELETE FROM {table} WHERE plan = ?", (name,))
        return tasks, given_back

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

    def same_plan(self, name: str, year: int, texts: dict[int, str]) -> SamePlan | None:
        """The plan of `year`, other than `name`, that holds most of these tasks (number → text) already, when
        `name` is a new plan: the same document imported again under another name. None for a re-import."""
        with self.reading():
            if not texts or self.conn.execute("SELECT 1 FROM plans WHERE name = ?", (name,)).fetchone():
                return None
            alike: dict[str, int] = {}
            for plan, number, text in self.conn.execute(
                    "SELECT t.plan, t.number, t.text FROM tasks t JOIN plans p ON p.name = t.plan"
                    " WHERE p.year = ? AND t.present = 1 AND t.carried_from_plan IS NULL", (year,)):
                if texts.get(number) == text:
                    alike[plan] = alike.get(plan, 0) + 1
        if not alike:
            return None
        plan, count = max(alike.items(), key=lambda item: (item[1], item[0]))
        return SamePlan(plan, count, len(texts)) if 2 * count > len(texts) else None

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

        by_phrase: dict[str, list[tuple[str, str]]] = {}  # a plan writes a few phrases (每月, 每季度) many times
        for task in recurring:
            if task.deadline.raw not in by_phrase:
                by_phrase[task.deadline.raw] = [(period.key, period.due.isoformat())
                                                for period in periods_of(task.deadline.raw, plan.year)]
        wanted = [(name, task.number, key, due) for task in recurring for key, due in by_phrase[task.deadline.raw]]
        self.dialect.upsert_many(conn, "periods", ("plan", "number", "key", "due"), ("plan", "number", "key"), wanted)
        keep = {(number, key) for _plan, number, key, _due in wanted}
        in_file = {task.number for task in plan.tasks}  # carried tasks keep the periods they came with
        stale = [(name, number, key) for number, key in conn.execute(
                     "SELECT number, key FROM periods WHERE plan = ? AND status = 'open' AND postponed_to IS NULL",
                     (name,)) if number in in_file and (number, key) not in keep]
        self.dialect.delete_many(conn, "periods", ("plan", "number", "key"), stale)

    # -- plans across years ----------------------------------------------------------------------

    def carry(self, source: str, target: str, at: str, by: str, leave_out: Collection[int] = (),
              dated_only: bool = False, dry_run: bool = False) -> list[CarriedTask]:
        """Add the open tasks of plan `source` to plan `target` as carried tasks, numbered from the first thousand
        above the target's highest number; in `source` each gets a `carry` note (status `carried`).

        `leave_out` names open tasks that stay; `dated_only` leaves the tasks without a date (长期 duties, which
        usually start afresh in the new plan); `dry_run` only says what would go. Returns what goes, in order."""
        with self.write() as conn:
            rows = conn.execute(
                "SELECT number, text, due IS NOT NULL OR postponed_to IS NOT NULL OR deadline_kind = 'recurring'"
                " FROM tasks WHERE plan = ? AND present = 1 AND status = 'open' ORDER BY number", (source,)).fetchall()
            unknown = sorted(set(leave_out) - {row[0] for row in rows})
            if unknown:
                raise NotFound(say("carry_except_not_open", plan=source, numbers=", ".join(map(str, unknown))))
            going = [row for row in rows if row[0] not in leave_out and (row[2] or not dated_only)]
            highest = conn.execute("SELECT coalesce(max(number), 0) FROM tasks WHERE plan = ?", (target,)).fetchone()[0]
            first = (highest // CARRY_STEP + 1) * CARRY_STEP + 1
            carried = [CarriedTask(number, first + offset, text) for offset, (number, text, _) in enumerate(going)]
            if dry_run:
                return carried
            pairs = [(target, task.new, source, task.old) for task in carried]
            conn.executemany("""
                INSERT INTO tasks (plan, number, section_no, section_title, subsection_no, subsection_title, text,
                                   units_raw, deadline_raw, deadline_kind, due, line, present, extra,
                                   carried_from_plan, carried_from_number, postponed_to)
                SELECT ?, ?, section_no, section_title, subsection_no, subsection_title, text, units_raw,
                       deadline_raw, deadline_kind, due, NULL, 1, extra, plan, number, postponed_to
                FROM tasks WHERE plan = ? AND number = ?
            """, pairs)
            # A periodic duty goes with the periods it still owes, their dates kept.
            conn.executemany("""
                INSERT INTO periods (plan, number, key, due, postponed_to, status)
                SELECT ?, ?, key, due, postponed_to, status FROM periods
                WHERE plan = ? AND number = ? AND status = 'open'
            """, pairs)
            conn.executemany("""
                INSERT INTO task_units (plan, number, position, name, role, verb)
                SELECT ?, ?, position, name, role, verb FROM task_units WHERE plan = ? AND number = ?
            """, pairs)
            conn.executemany("INSERT INTO notes (plan, number, at, by, kind, data) VALUES (?, ?, ?, ?, 'carry', ?)",
                             ((source, task.old, at, by, json_text({"to": {"plan": target, "id": task.new}}))
                              for task in carried))
            conn.executemany("UPDATE tasks SET status = ? WHERE plan = ? AND number = ?",
                             ((STATUS_AFTER_NOTE["carry"].value, source, task.old) for task in carried))
        return carried


class CarriedTask(NamedTuple):
    """A task a carry takes: its number in the plan it leaves, its number in the plan it joins, its text."""

    old: int
    new: int
    text: str


class CarriedBack(NamedTuple):
    """A carried task that goes back to its own plan when the plan it was carried into is removed."""

    plan: str
    number: int
    carried_as: int


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
