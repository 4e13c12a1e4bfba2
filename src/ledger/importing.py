"""The import pipeline: read -> parse -> store, and the summary a person reads afterwards."""
from __future__ import annotations

import contextlib
import gc
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from .errors import Conflict, InputError
from .messages import say
from .model import FieldChange, ImportChanges, Kind, Plan
from .build import build
from .columns import Columns
from .readers import read_grid
from .render.notes import change_text
from .store import FIELDS, Location, SamePlan, Store, StoredPlan, task_fields
from .year import FILE_YEAR

# From about this size an import takes a second or more here: worth a progress bar on a terminal.
PROGRESS_BYTES = 1_000_000


class ImportSummary(NamedTuple):
    """What an import did (or, dry, would do): handed to `summary_lines` or `summary_json` to be shown."""

    plan_name: str
    shown: str  # the file as the user named it
    plan: Plan
    changes: ImportChanges
    dry_run: bool
    same_as: SamePlan | None = None  # a plan the file duplicates, imported again under another name (--plan)

    def lines(self) -> list[str]:
        return summary_lines(self)

    def as_json(self) -> dict:
        return summary_json(self)


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
    """The plan named by --plan (a year names the one plan of that year), else the default name."""
    if plan_name is None:
        return default_plan_name(file_stem, year)
    from .query import find_plan  # the same rule as every other --plan

    return find_plan(store, plan_name) or plan_name


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
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        current = {"task": None}

        def stage(description: str):
            if current["task"] is not None:
                bar.update(current["task"], completed=bar.tasks[current["task"]].total)
                bar.remove_task(current["task"])
            current["task"] = bar.add_task(description, total=None)

            def advance(done: int, total: int) -> None:
                bar.update(current["task"], completed=done, total=total)
            return advance

        yield stage


def summary_lines(summary: ImportSummary) -> list[str]:
    """The summary a person reads, in the interface language."""
    name, shown, plan, report, dry_run = summary[:5]
    kinds = Counter(task.deadline.kind for task in plan.tasks)
    counted = say("list_separator").join(say(f"kind_{kind.value}", count=kinds[kind]) for kind in Kind if kinds[kind])
    lines = [say("would_import" if dry_run else "imported", plan=name, file=shown, tasks=len(plan.tasks),
                 sections=len(plan.sections), kinds=counted),
             say("year_used", year=plan.year, source=plan.year_source),
             layout(plan)]
    lines += _changes(report, dry_run, plan)
    if plan.warnings:
        lines.append(say("one_warning") if len(plan.warnings) == 1 else say("warnings", count=len(plan.warnings)))
        lines += [say("warning_line", line=warning.line, message=warning.message) if isinstance(warning.line, int)
                  else say("warning_place", place=warning.line, message=warning.message) for warning in plan.warnings]
    if dry_run:
        lines.append(say("dry_run"))
    elif report.first_import:
        lines.append(say("next_steps", plan=name))
    return lines


def summary_json(summary: ImportSummary) -> dict:
    """The summary for scripts: the same facts as the lines, with English keys."""
    name, shown, plan, report, dry_run = summary[:5]
    kinds = Counter(task.deadline.kind.value for task in plan.tasks)
    return {"plan": name, "source": shown, "year": plan.year, "year_source": plan.year_source,
            "columns": list(plan.columns), "numbered_in_order": plan.numbered_in_order, "tasks": len(plan.tasks),
            "sections": len(plan.sections), "deadlines": dict(kinds), "dry_run": dry_run,
            "first_import": report.first_import, "added": list(report.added),
            "changed": [number for number, _ in report.changed],
            "removed": list(report.removed), "returned": list(report.returned),
            "warnings": [{"line": warning.line if isinstance(warning.line, int) else str(warning.line),
                          "message": warning.message} for warning in plan.warnings],
            "same_plan_as": summary.same_as.plan if summary.same_as else None}


def same_plan_warning(summary: ImportSummary) -> str | None:
    """The warning an import under --plan gives when its file holds a plan the ledger has under another name."""
    if summary.same_as is None:
        return None
    return say("same_plan_warning", file=summary.shown, name=summary.plan_name, **summary.same_as._asdict())


def layout(plan: Plan) -> str:
    """Which table layout the import recognised, in one line."""
    if not plan.columns:
        return say("layout_plain")
    numbers = say("numbers_in_order" if plan.numbered_in_order else
                  "numbers_from_column" if plan.numbers_column else "numbers_from_text")
    return say("layout_header", columns=" | ".join(plan.columns), numbers=numbers)


def _changes(report: ImportChanges, dry_run: bool, plan: Plan) -> list[str]:
    if report.first_import and not dry_run:
        return []
    if report.nothing_changed:
        return [say("no_changes")]
    would = say("would") if dry_run else ""
    texts = {**dict(report.removed_texts), **{task.number: task.text for task in plan.tasks}}
    lines = []
    for what, numbers in (("what_added", report.added), ("what_returned", report.returned),
                          ("what_removed", report.removed)):
        if numbers:
            lines.append(say("tasks_listed", would=would, what=say(what), numbers=", ".join(map(str, numbers))))
            if dry_run:  # a dry run accounts for every task it would touch
                lines += [say("task_line", number=number, text=_short(texts.get(number, ""))) for number in numbers]
    if report.changed:
        lines.append(say("tasks_changed", would=would, count=len(report.changed)))
        for number, changes in report.changed:
            lines += [say("task_line", number=number, text=change_text(change)) for change in changes]
    return lines


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

