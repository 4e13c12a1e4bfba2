"""Read-only questions the commands ask. `today` is always passed in; nothing here reads the clock."""
from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from .errors import NotFound
from .messages import say
from .model import PeriodState, Status, StoredTask
from .store import Store, TaskFilter
from .units import normalize_unit_name


class TaskView(NamedTuple):
    """A stored task as seen on one day; in due/overdue, one open period of a recurring task."""

    task: StoredTask
    days_left: int | None
    overdue: bool
    period: PeriodState | None = None  # the period this row is about (due, overdue)
    due: date | None = None  # the date in force for this row: the period's, else the task's
    today: date | None = None


def view(task: StoredTask, today: date, period: PeriodState | None = None) -> TaskView:
    """The task on `today`; a recurring task in a listing is seen through its earliest open period."""
    current = period or next((state for state in task.periods if state.status is Status.OPEN), None)
    due = current.due if current else task.deadline.due
    is_open = task.status is Status.OPEN and (current is None or current.status is Status.OPEN)
    days_left = (due - today).days if due and is_open else None
    return TaskView(task, days_left, days_left is not None and days_left < 0, period, due, today)


def list_tasks(store: Store, where: TaskFilter, today: date) -> list[TaskView]:
    return [view(task, today) for task in store.tasks(where)]


def due(store: Store, where: TaskFilter, today: date, within_days: int) -> list[TaskView]:
    """Open obligations due on or before today + within_days, overdue ones included; soonest first."""
    last_day = today + timedelta(days=within_days)
    return [view(task, today, period) for task, period in store.obligations(where, due_on_or_before=last_day)]


def overdue(store: Store, where: TaskFilter, today: date) -> list[TaskView]:
    """Open obligations whose due date has passed (each missed period its own row); most overdue first."""
    return [view(task, today, period) for task, period in store.obligations(where, due_before=today)]


def progress(store: Store, by: str, plan: str | None, today: date) -> tuple[list[dict], dict]:
    """Rows per unit or section, and the total over distinct tasks (a task of two units counts once)."""
    if plan is not None:
        check_plan(store, plan)
    return store.progress(by, plan, today), store.progress("total", plan, today)[0]


def check_filter(store: Store, where: TaskFilter) -> TaskFilter:
    """Check the plan and unit a filter names; the unit comes back in its normalised form."""
    if where.plan is not None:
        check_plan(store, where.plan)
    if where.unit is None:
        return where
    name = normalize_unit_name(where.unit)
    if store.has_unit(name, where.plan):
        return TaskFilter(where.plan, name, where.role, where.section, where.status)
    known = store.unit_names(where.plan)
    close = [unit for unit in known if name and name in unit]
    if close:
        raise NotFound(say("unit_close", name=where.unit, units="、".join(close)))
    raise NotFound(say("unit_unknown", name=where.unit, units="、".join(known) if known else say("no_units_yet")))


def check_plan(store: Store, name: str) -> str:
    names = store.plan_names()
    if name not in names:
        raise NotFound(say("plan_unknown", name=name, plans=say("plans_are", plans=", ".join(names)) if names
                           else say("no_plans")))
    return name


def resolve_plan(store: Store, name: str | None) -> str:
    """The plan a task ID refers to: the one named, else the only one; never a guess between several."""
    if name:
        return check_plan(store, name)
    names = store.plan_names()
    if len(names) == 1:
        return names[0]
    if not names:
        raise NotFound(say("no_plans"))
    raise NotFound(say("several_plans", plans=", ".join(names)))

