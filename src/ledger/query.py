"""Read-only questions the commands ask. `today` is always passed in; nothing here reads the clock."""
from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from .errors import NotFound
from .messages import say
from .model import TaskView
from .rules import view
from .store import Store, TaskFilter


def list_tasks(store: Store, where: TaskFilter, today: date) -> list[TaskView]:
    return [view(task, today) for task in store.tasks(where)]


def due(store: Store, where: TaskFilter, today: date, within_days: int) -> list[TaskView]:
    """Open obligations due on or before today + within_days, overdue ones included; soonest first."""
    last_day = today + timedelta(days=within_days)
    return [view(task, today, period) for task, period in store.obligations(where, due_on_or_before=last_day)]


def overdue(store: Store, where: TaskFilter, today: date) -> list[TaskView]:
    """Open obligations whose due date has passed (each missed period its own row); most overdue first."""
    return [view(task, today, period) for task, period in store.obligations(where, due_before=today)]


def progress(store: Store, by: str, plan: str | None, today: date,
             warn_workdays: int = 5) -> tuple[list[dict], dict]:
    """Rows per unit or section, and the total over distinct tasks (a task of two units counts once);
    of plan `plan` (checked already, see `plan_to_cover`), or of every plan when it is None."""
    from .workdays import WorkCalendar  # yellow: due before the working day after the warning window

    green_from = WorkCalendar(warn_workdays).green_from(today)
    return store.progress(by, plan, today, green_from), store.progress("total", plan, today, green_from)[0]


ALL_PLANS = "all"  # --plan all: every plan, archived ones too


def plan_to_cover(store: Store, name: str | None) -> tuple[str | None, bool]:
    """The plan report, units and export cover: the one named, None for `all`, else the newest (SPEC §12).
    Also says whether it was chosen among several by default (the command then names it on stderr)."""
    if name == ALL_PLANS:
        return None, False
    if name is not None:
        return check_plan(store, name), False
    newest = store.newest_plan()
    if newest is None:
        raise NotFound(say("no_plans"))
    return newest, len(store.plan_names()) > 1  # with one plan there was no choice to name


def check_filter(store: Store, where: TaskFilter) -> TaskFilter:
    """Check the plan and unit a filter names (a year names the one plan of that year): the plan comes back as
    its name, the unit as the directory's name for it, with every name a plan may write for it (its aliases,
    the groups it belongs to: SPEC §11)."""
    if where.plan == ALL_PLANS:
        where = where._replace(plan=None, archived=True)
    elif where.plan is not None:
        where = where._replace(plan=check_plan(store, where.plan))
    if where.section is not None:
        check_section(store, where.section, where.plan)
    if where.unit is None:
        return where
    from .units import normalize_unit_name  # its patterns compile in 2 ms: only when a unit is named

    name = normalize_unit_name(where.unit)
    directory = store.directory()
    unit, names = directory.canonical(name), directory.written_names(name)
    if unit in directory.entries or any(store.has_unit(written, where.plan) for written in names):
        return where._replace(unit=unit, unit_names=names)
    stored = store.unit_names(where.plan)
    other_script = _written_in_the_other_script(name, stored)  # --unit 办公室 for a plan that writes 辦公室
    if other_script:
        return where._replace(unit=unit, unit_names=tuple(dict.fromkeys((*names, *other_script))))
    known = sorted(set(stored) | set(directory.entries) | set(directory.aliases))
    close = similar_names(name, known)
    if close:
        raise NotFound(say("unit_close", name=where.unit, units="、".join(close)))
    raise NotFound(say("unit_unknown", name=where.unit, units="、".join(known) if known else say("no_units_yet")))


def _written_in_the_other_script(name: str, stored: list[str]) -> list[str]:
    """The stored unit names that are `name` in traditional or simplified characters (辦公室 for 办公室)."""
    from .vocabulary import simplified

    wanted = simplified(name)
    return [written for written in stored if written != name and simplified(written) == wanted]


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


def find_plan(store: Store, name: str) -> str | None:
    """The plan called `name`, or, when `name` is a year, the one plan of that year; None when there is none."""
    if name in store.plan_names():
        return name
    if not (name.isascii() and name.isdigit() and len(name) == 4):
        return None
    of_year = store.plans_of_year(int(name))
    if len(of_year) > 1:
        raise NotFound(say("several_plans_of_year", year=name, plans=", ".join(of_year)))
    return of_year[0] if of_year else None


class Reminder(NamedTuple):
    """What to chase one unit for (催办): its overdue obligations and those falling due soon, most urgent first."""

    unit: str
    email: str
    overdue: list[TaskView]
    due_soon: list[TaskView]

    @property
    def items(self) -> list[TaskView]:
        return self.overdue + self.due_soon


def remind(store: Store, where: TaskFilter, today: date, within_days: int) -> list[Reminder]:
    """Per unit (a group's task counted for each member), what is overdue or due within `within_days`.

    Built on `due`, so a unit is chased for exactly the rows `due` lists. Units with nothing are left out;
    the unit with the most urgent row comes first.
    """
    directory = store.directory()
    # --unit of a group chases its members for the group's tasks; of a unit, that unit.
    wanted = {where.unit, *directory.groups.get(where.unit, ())} if where.unit is not None else None
    by_unit: dict[str, list[TaskView]] = {}
    for item in due(store, where, today, within_days):
        for owner in directory.owing(unit.name for unit in item.task.units):
            if wanted is None or owner in wanted:
                by_unit.setdefault(owner, []).append(item)
    ordered = sorted(by_unit.items(), key=lambda pair: (pair[1][0].days_left, pair[0]))
    return [Reminder(unit, directory.email(unit), [item for item in items if item.overdue],
                     [item for item in items if not item.overdue]) for unit, items in ordered]


def check_plan(store: Store, name: str) -> str:
    """The name of the plan `name` means (a plan's name, or the year of exactly one plan)."""
    found = find_plan(store, name)
    if found is None:
        names = store.plan_names()
        raise NotFound(say("plan_unknown", name=name, plans=say("plans_are", plans=", ".join(names)) if names
                           else say("no_plans")))
    return found


def resolve_plan(store: Store, name: str | None, number: int | None = None) -> str:
    """The plan a task ID refers to: the one named, else the only one not archived, else the only plan that has
    task `number`; never a guess between several."""
    if name:
        return check_plan(store, name)
    names = store.plan_names(archived=False)
    if len(names) == 1:
        return names[0]
    if not names:
        raise NotFound(say("no_plans"))
    if number is not None:
        holding = store.plans_holding(number)
        if len(holding) == 1:
            return holding[0]
        if not holding:
            raise NotFound(say("no_task_in_any_plan", number=number, plans=", ".join(names)))
        raise NotFound(say("several_plans_hold_task", number=number, plans=", ".join(holding)))
    raise NotFound(say("several_plans", plans=", ".join(names)))


def directory_rows(store: Store) -> list[dict]:
    """Every unit the plans name or the directory holds, with its address, leader, aliases and groups."""
    directory = store.directory()
    names = ({directory.canonical(name) for name in store.unit_names()} | set(directory.entries)
             | set(directory.groups) | {member for members in directory.groups.values() for member in members})
    rows = []
    for name in sorted(names):
        entry = directory.entries.get(name)
        rows.append({"unit": name, "email": entry.email if entry else "", "leader": entry.leader if entry else "",
                     "aliases": directory.aliases_of(name), "groups": directory.groups_of(name),
                     "members": list(directory.groups.get(name, ()))})
    return rows


def known_unit(store: Store, name: str) -> str:
    """`name` normalised, when a plan or the directory knows it; else an error listing the close names."""
    unit = check_filter(store, TaskFilter(unit=name)).unit
    assert unit is not None  # check_filter names the unit, or says none is called so
    return unit
