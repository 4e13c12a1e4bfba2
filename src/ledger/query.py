"""Read-only questions the commands ask. `today` is always passed in; nothing here reads the clock."""
from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from .errors import NotFound
from .messages import say
from .model import Status, StoredTask
from .store import Store, TaskFilter
from .units import normalize_unit_name


class TaskView(NamedTuple):
    """A stored task as seen on one day."""

    task: StoredTask
    days_left: int | None
    overdue: bool


def view(task: StoredTask, today: date) -> TaskView:
    due = task.deadline.due
    # Days left count only while the task is open: a done task is not "-300 days" late (SPEC §6).
    days_left = (due - today).days if due and task.status is Status.OPEN else None
    return TaskView(task, days_left, days_left is not None and days_left < 0)


def list_tasks(store: Store, where: TaskFilter, today: date) -> list[TaskView]:
    return [view(task, today) for task in store.tasks(where)]


def due(store: Store, where: TaskFilter, today: date, within_days: int) -> list[TaskView]:
    """Open dated tasks due on or before today + within_days, overdue ones included; soonest first."""
    last_day = today + timedelta(days=within_days)
    return [view(task, today) for task in store.tasks(where, due_on_or_before=last_day, order="due")]


def overdue(store: Store, where: TaskFilter, today: date) -> list[TaskView]:
    """Open tasks whose due date has passed; most overdue first."""
    return [view(task, today) for task in store.tasks(where, due_before=today, order="due")]


def progress(store: Store, by: str, plan: str | None, today: date) -> tuple[list[dict], dict]:
    """Rows per unit or section, and the total over distinct tasks (a task of two units counts once)."""
    if plan is not None:
        check_plan(store, plan)
    return store.progress(by, plan, today), store.progress("total", plan, today)[0]


def check_filter(store: Store, where: TaskFilter) -> TaskFilter:
    """Check the plan and unit a filter names; the unit comes back in its normalised form."""
    if where.plan is not None:
        check_plan(store, where.plan)
    if where.section is not None:
        check_section(store, where.section, where.plan)
    if where.unit is None:
        return where
    name = normalize_unit_name(where.unit)
    if store.has_unit(name, where.plan):
        return TaskFilter(where.plan, name, where.role, where.section, where.status)
    known = store.unit_names(where.plan)
    close = similar_names(name, known)
    if close:
        raise NotFound(say("unit_close", name=where.unit, units="、".join(close)))
    raise NotFound(say("unit_unknown", name=where.unit, units="、".join(known) if known else say("no_units_yet")))


def similar_names(name: str, known: list[str]) -> list[str]:
    """Names that hold `name`, then names close to it (局办公室 → 办公室), in the order they are known."""
    import difflib  # only when a name is not known

    if not name:
        return []
    close = set(difflib.get_close_matches(name, known, n=3, cutoff=0.6))
    return [unit for unit in known if name in unit or unit in close]


def check_section(store: Store, number: int, plan: str | None) -> None:
    sections = store.sections(plan)
    if number not in {section_no for section_no, _ in sections}:
        listed = "; ".join(f"{section_no} {title}" for section_no, title in sections)
        raise NotFound(say("section_unknown", number=number, sections=listed or say("no_units_yet")))


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

