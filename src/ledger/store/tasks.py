"""Tasks and the questions asked of them: filters, tasks with their history, open obligations, progress."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from ..errors import NotFound
from ..messages import say
from ..model import (CarriedFrom, Deadline, Evidence, Kind, Note, PeriodState, Role, Section, Status, StoredTask,
                     Unit)
from .connection import Connection
from .values import json_data


class TaskFilter(NamedTuple):
    plan: str | None = None  # None: every plan that is not archived
    unit: str | None = None
    role: Role | None = None
    section: int | None = None
    status: str = "present"  # open | done | cancelled | removed | carried | all | present (all but removed)
    number: int | None = None
    archived: bool = False  # with no plan named: archived plans too
    unit_names: tuple[str, ...] = ()  # every name a plan may write for `unit` (its aliases, its groups): §11


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

TaskKey = tuple[str, int]


class TaskStore(Connection):
    def tasks(self, where: TaskFilter) -> list[StoredTask]:
        """Tasks matching `where`, by plan and number, with their units, notes, periods and evidence."""
        clauses, params = _filter_sql(where)
        where_sql = " AND ".join(clauses) or "1 = 1"
        with self.reading():
            rows = self.conn.execute(f"{TASK_SELECT} WHERE {where_sql} ORDER BY t.plan, t.number", params).fetchall()
            if not rows:
                return []
            return self._with_units_and_notes(rows, where_sql, params)

    def task(self, plan: str, number: int) -> StoredTask:
        found = self.tasks(TaskFilter(plan=plan, status="all", number=number))
        if not found:
            raise NotFound(say("no_task_number", plan=plan, number=number))
        return found[0]

    def obligations(self, where: TaskFilter, due_on_or_before: date | None = None,
                    due_before: date | None = None) -> list[tuple[StoredTask, PeriodState | None]]:
        """Open obligations due within a bound, soonest first: a dated task, or one open period of a
        recurring task (each period its own row). Ties by task number, then plan, then period."""
        clauses, params = _filter_sql(where)
        filter_sql = " AND ".join(clauses) or "1 = 1"
        bound, bound_params = [], []
        if due_on_or_before is not None:
            bound.append("due_in_force <= ?")
            bound_params.append(due_on_or_before.isoformat())
        if due_before is not None:
            bound.append("due_in_force < ?")
            bound_params.append(due_before.isoformat())
        bound_sql = " AND ".join(bound) or "1 = 1"
        # Dated tasks and open periods, each with the date in force (a postponement's, else the plan's).
        sql = f"""
            SELECT plan, number, key, due_in_force FROM (
                SELECT t.plan, t.number, NULL AS key, coalesce(t.postponed_to, t.due) AS due_in_force
                FROM tasks t WHERE {filter_sql} AND t.present = 1 AND t.status = 'open' AND t.due IS NOT NULL
                UNION ALL
                SELECT p.plan, p.number, p.key, coalesce(p.postponed_to, p.due)
                FROM periods p JOIN tasks t ON t.plan = p.plan AND t.number = p.number
                WHERE {filter_sql} AND t.present = 1 AND t.status = 'open' AND p.status = 'open') AS obligations
            WHERE {bound_sql} ORDER BY due_in_force, number, plan, key NULLS FIRST
        """
        with self.reading():
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

    def _tasks_by_key(self, keys: list[TaskKey], history: bool = True) -> list[StoredTask]:
        """The tasks with these (plan, number) keys, fetched a plan at a time; without `history`, their notes and
        evidence are left out (a list that shows none of them costs the same however long the history grows)."""
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
                found.extend(self._with_units_and_notes(rows, where_sql, params, history))
        return found

    def _with_units_and_notes(self, rows: list[Any], where_sql: str, params: Sequence[Any],
                              history: bool = True) -> list[StoredTask]:
        """Attach units, notes, periods and evidence, each fetched with the same filter (no per-task queries);
        without `history`, units and periods only."""
        units: dict[TaskKey, list[Unit]] = {}
        for plan, number, name, role, verb in self.conn.execute(
                f"SELECT tu.plan, tu.number, tu.name, tu.role, tu.verb FROM task_units tu JOIN tasks t"
                f" ON t.plan = tu.plan AND t.number = tu.number WHERE {where_sql} ORDER BY tu.position", params):
            units.setdefault((plan, number), []).append(Unit(name, Role(role), verb or ""))
        notes: dict[TaskKey, list[Note]] = {}
        for plan, number, at, by, kind, text, period, data in () if not history else self.conn.execute(
                f"SELECT tn.plan, tn.number, tn.at, tn.by, tn.kind, tn.text, tn.period, tn.data FROM notes tn"
                f" JOIN tasks t ON t.plan = tn.plan AND t.number = tn.number WHERE {where_sql} ORDER BY tn.id",
                params):
            notes.setdefault((plan, number), []).append(Note(at, by or "", kind, text or "", json_data(data), period))
        periods: dict[TaskKey, list[PeriodState]] = {}
        recurring = [row for row in rows if row[9] == "recurring"]
        if recurring:
            for plan, number, key, due, postponed_to, status in self.conn.execute(
                    f"SELECT p.plan, p.number, p.key, p.due, p.postponed_to, p.status FROM periods p JOIN tasks t"
                    f" ON t.plan = p.plan AND t.number = p.number WHERE {where_sql} ORDER BY p.due, p.key", params):
                periods.setdefault((plan, number), []).append(PeriodState(
                    key, date.fromisoformat(postponed_to or due), Status(status), date.fromisoformat(due)))
        evidence: dict[TaskKey, list[Evidence]] = {}
        for plan, number, name, size, sha256, url, period in () if not history else self.conn.execute(
                f"SELECT e.plan, e.number, e.name, e.size, e.sha256, e.url, e.period FROM evidence e JOIN tasks t"
                f" ON t.plan = e.plan AND t.number = e.number WHERE {where_sql} ORDER BY e.id", params):
            evidence.setdefault((plan, number), []).append(Evidence(name, size, sha256, url, period))
        return [_stored_task(row, units.get(row[:2], ()), notes.get(row[:2], ()), periods.get(row[:2], ()),
                             evidence.get(row[:2], ())) for row in rows]

    # -- units and sections ----------------------------------------------------------------------

    def has_unit(self, name: str, plan: str | None = None) -> bool:
        """Whether a task still in its plan names this unit (an index lookup, however big the ledger)."""
        sql = ("SELECT 1 FROM task_units u JOIN tasks t ON t.plan = u.plan AND t.number = u.number"
               " WHERE u.name = ? AND t.present = 1" + (" AND t.plan = ?" if plan else "") + " LIMIT 1")
        with self.reading():
            return self.conn.execute(sql, (name, plan) if plan else (name,)).fetchone() is not None

    def unit_names(self, plan: str | None = None) -> list[str]:
        """Every unit name, for suggestions when a name is not known."""
        sql = "SELECT DISTINCT name FROM task_units" + (" WHERE plan = ?" if plan else "") + " ORDER BY name"
        with self.reading():
            return [row[0] for row in self.conn.execute(sql, (plan,) if plan else ())]

    def sections(self, plan: str | None = None) -> list[tuple[int, str]]:
        """Every section (number, title) of tasks still in their plan, for the check of --section."""
        sql = ("SELECT section_no, min(section_title) FROM tasks WHERE present = 1 AND section_no IS NOT NULL"
               + (" AND plan = ?" if plan else "") + " GROUP BY section_no ORDER BY section_no")
        with self.reading():
            return [(row[0], row[1]) for row in self.conn.execute(sql, (plan,) if plan else ())]

    # -- progress ----------------------------------------------------------------------------------

    def progress(self, by: str, plan: str | None, today: date, green_from: date | None = None,
                 unit_names: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Counts per unit, per section or in total: tasks, by role, open, overdue (red), due soon (yellow: due
        before `green_from`), postponed, done, cancelled, carried; of one plan, or (`plan` None) of every plan.

        A task counts once per row however many of its units share it; removed tasks are left out. A task carried
        into another plan stays counted in its own plan as carried (never as done), and counts again in the plan
        it went to, where its work goes on; there, per section, it keeps its own section, apart from that plan's
        (`carried_from`). A periodic duty counts by its earliest open period. With `unit_names`, only the tasks
        that name one of them count (what a unit's account may see, SPEC §13).
        """
        key = f"t.plan || {self.dialect.char(31)} || t.number"
        group = {"unit": ("t.plan, u.name, NULL, NULL", "t.plan, u.name", "t.plan, 5 DESC, u.name"),
                 "section": ("t.plan, t.section_no, min(t.section_title), t.carried_from_plan",
                             "t.plan, t.carried_from_plan, t.section_no",
                             "t.plan, t.carried_from_plan IS NOT NULL, t.carried_from_plan, t.section_no NULLS FIRST"),
                 "total": ("NULL, NULL, NULL, NULL", None, "1")}[by]
        in_force = ("CASE WHEN t.deadline_kind = 'recurring' THEN (SELECT min(coalesce(p.postponed_to, p.due))"
                    " FROM periods p WHERE p.plan = t.plan AND p.number = t.number AND p.status = 'open')"
                    " ELSE coalesce(t.postponed_to, t.due) END")
        postponed = ("(t.postponed_to IS NOT NULL OR EXISTS (SELECT 1 FROM periods p WHERE p.plan = t.plan"
                     " AND p.number = t.number AND p.postponed_to IS NOT NULL))")
        mine = (f"AND (t.plan, t.number) IN (SELECT plan, number FROM task_units WHERE name IN"
                f" ({', '.join('?' * len(unit_names))}))" if unit_names else "")
        sql = f"""
            SELECT {group[0]}, count(DISTINCT {key}),
                   {", ".join(f"count(DISTINCT CASE WHEN u.role = '{role.value}' THEN {key} END)" for role in Role)},
                   count(DISTINCT CASE WHEN t.status = 'open' THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'open' AND due_in_force < ? THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'open' AND due_in_force >= ?
                                       AND due_in_force < ? THEN {key} END),
                   count(DISTINCT CASE WHEN {postponed} THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'done' THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'cancelled' THEN {key} END),
                   count(DISTINCT CASE WHEN t.status = 'carried' THEN {key} END)
            FROM (SELECT *, {in_force} AS due_in_force FROM tasks t) t
                 {"JOIN" if by == "unit" else "LEFT JOIN"} {OWED if by == "unit" else "task_units"} u
                 ON u.plan = t.plan AND u.number = t.number
            WHERE t.present = 1 {"AND t.plan = ?" if plan else ""} {mine}
            {f"GROUP BY {group[1]}" if group[1] else ""} ORDER BY {group[2]}
        """
        params = [today.isoformat(), today.isoformat(), (green_from or today).isoformat(), *([plan] if plan else []),
                  *(unit_names or [])]
        with self.reading():
            rows = self.conn.execute(sql, params).fetchall()
        width = 4
        counted = []
        for row in rows:
            tasks, *roles = row[width: width + 5]
            open_, overdue, due_soon, postponed_tasks, done, cancelled, carried = row[width + 5:]
            keys = ({"plan": row[0], "unit": row[1]} if by == "unit" else
                    {"plan": row[0], "section": {"no": row[1], "title": row[2]}, "carried_from": row[3]}
                    if by == "section" else {"plan": plan, "total": True})
            counted.append({**keys, "tasks": tasks, "roles": dict(zip((role.value for role in Role), roles)),
                            "open": open_, "done": done, "cancelled": cancelled, "carried": carried,
                            "overdue": overdue, "due_soon": due_soon, "postponed": postponed_tasks,
                            "done_pct": round(100 * done / tasks, 1) if tasks else 0.0})
        if by == "total" and counted and counted[0]["carried"]:
            counted[0]["carried_to"] = self._carried_to(plan)
        return counted

    def _carried_to(self, plan: str | None) -> dict[str, int]:
        """The plans the carried tasks of `plan` (None: of every plan) went to, with how many each."""
        with self.reading():
            return dict(self.conn.execute(f"""
                SELECT c.plan, count(*) FROM tasks t JOIN tasks c
                    ON c.carried_from_plan = t.plan AND c.carried_from_number = t.number
                WHERE t.present = 1 AND t.status = 'carried' {"AND t.plan = ?" if plan else ""}
                GROUP BY c.plan ORDER BY c.plan""", (plan,) if plan else ()).fetchall())


def _filter_sql(where: TaskFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.plan is not None:
        clauses.append("t.plan = ?")
        params.append(where.plan)
    elif not where.archived:
        clauses.append("t.plan IN (SELECT name FROM plans WHERE archived = 0)")
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
        clauses.append("t.present = 1")
    elif where.status == "removed":
        clauses.append("t.present = 0")
    elif where.status != "all":
        clauses.append("t.present = 1 AND t.status = ?")
        params.append(where.status)
    return clauses, params


def _stored_task(row: Sequence[Any], units: Sequence[Unit], notes: Sequence[Note],
                 periods: Sequence[PeriodState] = (), evidence: Sequence[Evidence] = ()) -> StoredTask:
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
        extra=json_data(extra) or {},
        carried_from=CarriedFrom(carried_plan, carried_number) if carried_plan is not None else None,
        periods=tuple(periods),
        plan_due=plan_due,
        evidence=tuple(evidence),
    )
