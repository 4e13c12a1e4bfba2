"""The import pipeline: read -> parse -> store; what it did is an ImportSummary, which render shows."""
from __future__ import annotations

import contextlib
import gc
from pathlib import Path

from .errors import Conflict, InputError, LedgerError
from .messages import say
from .model import FieldChange, ImportChanges, ImportSummary, Plan
from .build import build
from .columns import Columns
from .readers import read_grid
from .store import FIELDS, Location, Store, StoredPlan, task_fields
from .year import FILE_YEAR

# From about this size an import takes a second or more here: worth a progress bar on a terminal.
PROGRESS_BYTES = 1_000_000


def import_file(db: Location, file: Path, plan_name: str | None, year: int | None, encoding: str | None,
                dry_run: bool, at: str, by: str, terminal: bool = False, sheet: str | None = None,
                columns: dict[str, str] | None = None) -> ImportSummary:
    """Import `file` into the ledger at `db` (or, dry, only compare).

    On a terminal (`terminal`), a large file shows a progress bar on stderr; piped or under cron, nothing.
    """
    shown = str(file)
    grid = read_grid(file, encoding, sheet)
    with _progress_bar(terminal and file.stat().st_size >= PROGRESS_BYTES) as progress, _without_cycle_collection():
        plan = build(grid, shown, file.stem, year, Columns(columns) if columns else None,
                     progress=progress(say("reading_plan")))
        del grid  # a large plan's cells are not needed while its tasks are written
        progress(say("writing_tasks", count=len(plan.tasks)))
        if dry_run and not Store.exists(db):  # a dry run never creates the database
            name = plan_name or default_plan_name(file.stem, plan.year)
            return ImportSummary(name, shown, plan, compare(None, plan, name, shown), dry_run)
        store = Store.open(db, create=not dry_run, dry_run=dry_run)  # a dry run upgrades an older ledger only for itself
        try:
            name = plan_to_import_into(store, plan_name, file.stem, plan.year)
            same_as = store.same_plan(name, plan.year, {task.number: task.text for task in plan.tasks})
            if same_as is not None and plan_name is None:  # the same document again, as .docx after .txt
                raise Conflict(say("same_plan_refused", file=shown, **same_as._asdict()))

            def compare_stored(stored: StoredPlan | None, plan: Plan) -> ImportChanges:
                return compare(stored, plan, name, shown)

            if dry_run:
                changes = compare_stored(store.stored_plan(name), plan)
            else:
                changes = store.import_plan(name, plan, str(file.resolve()), at=at, by=by, compare=compare_stored)
        finally:
            store.close()
        return ImportSummary(name, shown, plan, changes, dry_run, same_as)


def default_plan_name(file_stem: str, year: int) -> str:
    """The file's stem, with the plan's year added when the stem names no year: one plan per year (SPEC §12)."""
    return file_stem if FILE_YEAR.search(file_stem) else f"{file_stem}_{year}"


def plan_to_import_into(store: Store, plan_name: str | None, file_stem: str, year: int) -> str:
    """The plan named by --plan (a year names the one plan of that year), else the default name; a new plan's
    name is checked here, the one door plans come in by."""
    if plan_name is None:
        return check_plan_name(default_plan_name(file_stem, year))
    from .query import find_plan  # the same rule as every other --plan

    return find_plan(store, plan_name) or check_plan_name(plan_name)


def check_plan_name(name: str) -> str:
    """A name a plan can have: printable text, no / or \\ (it names backup files), no space around it, not
    `all` (--plan all means every plan) and not a bare number (--plan 2022 means the plan of that year)."""
    if (not name or name != name.strip() or not name.isprintable() or "/" in name or "\\" in name
            or name.lower() == "all" or name.isdigit()):
        raise LedgerError(say("bad_plan_name", name=name))
    return name


def compare(stored: StoredPlan | None, plan: Plan, name: str, shown: str) -> ImportChanges:
    """What importing `plan` as plan `name` changes, given what the ledger holds (None: no such plan yet).

    Never merges two years, and leaves carried tasks alone: they are not in any file.
    """
    if stored is None:
        return ImportChanges(first_import=True, added=tuple(task.number for task in plan.tasks))
    if stored.year != plan.year:
        raise Conflict(say("plan_other_year", plan=name, held=stored.year, file=shown, year=plan.year))
    old = {number: task for number, task in stored.tasks.items() if not task.carried}
    carried = sorted(task.number for task in plan.tasks if number_is_carried(stored, task.number))
    if carried:
        raise InputError(shown, say("number_of_carried_task", numbers=", ".join(map(str, carried)), plan=name))
    added, changed, returned = [], [], []
    for task in plan.tasks:
        before = old.pop(task.number, None)
        if before is None:
            added.append(task.number)
            continue
        fields = tuple(FieldChange(field, was, now)
                       for field, was, now in zip(FIELDS, before.fields, task_fields(task)) if was != now)
        if fields:
            changed.append((task.number, fields))
        if not before.present:
            returned.append(task.number)
    removed = sorted(number for number, task in old.items() if task.present)
    return ImportChanges(False, tuple(added), tuple(sorted(changed)), tuple(removed), tuple(returned),
                         tuple((number, old[number].fields[0]) for number in removed))


def number_is_carried(stored: StoredPlan, number: int) -> bool:
    task = stored.tasks.get(number)
    return task is not None and task.carried


@contextlib.contextmanager
def _without_cycle_collection():
    """Kept, as a benchmark at 1,000 tasks justifies (benchmarks/run.py): an import makes many small objects
    and no cycles, which the cyclic collector would otherwise walk again and again."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextlib.contextmanager
def _progress_bar(shown: bool):
    """Yields `stage(description)`, which starts a stage and returns its `(done, total)` callback."""
    if not shown:
        yield lambda description: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        current: dict[str, TaskID] = {}

        def stage(description: str):
            if "task" in current:
                bar.update(current["task"], completed=bar.tasks[current["task"]].total)
                bar.remove_task(current["task"])
            current["task"] = bar.add_task(description, total=None)

            def advance(done: int, total: int) -> None:
                bar.update(current["task"], completed=done, total=total)
            return advance

        yield stage

