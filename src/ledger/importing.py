"""The import pipeline: read -> parse -> store, and the summary a person reads afterwards."""
from __future__ import annotations

import contextlib
import gc
from collections import Counter
from pathlib import Path

from .messages import say
from .model import Kind, Plan
from .parse import parse_plan
from .store import ImportReport, Store, compare
from .textio import read_plan_text


# From about this size an import takes a second or more here: worth a progress bar on a terminal.
PROGRESS_BYTES = 1_000_000


def import_file(db: Path, file: Path, plan_name: str | None, year: int | None, encoding: str | None,
                dry_run: bool, at: str, by: str, terminal: bool = False, as_json: bool = False) -> list[str] | dict:
    """Import `file` into the ledger at `db` (or, dry, only compare); return the summary's lines (or, `as_json`,
    the summary as one object).

    On a terminal (`terminal`), a large file shows a progress bar on stderr; piped or under cron, nothing.
    """
    shown = str(file)
    text = read_plan_text(file, encoding)
    with _progress_bar(terminal and file.stat().st_size >= PROGRESS_BYTES) as progress, _without_cycle_collection():
        plan = parse_plan(text, shown, file.stem, year, progress=progress(say("reading_plan")))
        del text  # a large plan's text is not needed while its tasks are written
        name = plan_name or file.stem
        progress(say("writing_tasks", count=len(plan.tasks)))
        if dry_run and not db.exists():
            report = compare(None, name, plan)  # a dry run never creates the database
        else:
            store = Store.open(db, create=not dry_run)
            try:
                report = store.import_plan(name, plan, str(file.resolve()), at=at, by=by, dry_run=dry_run)
            finally:
                store.close()
        return (summary_json if as_json else summary)(name, shown, plan, report, dry_run)


@contextlib.contextmanager
def _without_cycle_collection():
    """An import makes millions of small objects and no cycles. The cyclic collector would walk them all
    again and again: a third of the parsing time, and 0.2-0.5 s more while the tasks are written."""
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


def summary(name: str, shown: str, plan: Plan, report: ImportReport, dry_run: bool) -> list[str]:
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


def summary_json(name: str, shown: str, plan: Plan, report: ImportReport, dry_run: bool) -> dict:
    """The summary for scripts: the same facts as the lines, with English keys."""
    kinds = Counter(task.deadline.kind.value for task in plan.tasks)
    return {"plan": name, "source": shown, "year": plan.year, "year_source": plan.year_source,
            "columns": list(plan.columns), "numbered_in_order": plan.numbered_in_order, "tasks": len(plan.tasks),
            "sections": len(plan.sections), "deadlines": dict(kinds), "dry_run": dry_run,
            "first_import": report.first_import, "added": report.added, "changed": sorted(report.changed),
            "removed": report.removed, "returned": report.returned,
            "warnings": [{"line": warning.line if isinstance(warning.line, int) else str(warning.line),
                          "message": warning.message} for warning in plan.warnings]}


def layout(plan: Plan) -> str:
    """Which table layout the import recognised, in one line."""
    if not plan.columns:
        return say("layout_plain")
    numbers = say("numbers_in_order" if plan.numbered_in_order else
                  "numbers_from_column" if plan.numbers_column else "numbers_from_text")
    return say("layout_header", columns=" | ".join(plan.columns), numbers=numbers)


def _changes(report: ImportReport, dry_run: bool, plan: Plan) -> list[str]:
    if report.first_import and not dry_run:
        return []
    if report.nothing_changed:
        return [say("no_changes")]
    would = say("would") if dry_run else ""
    texts = {**report.removed_texts, **{task.number: task.text for task in plan.tasks}}
    lines = []
    if report.year_change:
        lines.append(say("year_changed", would=would, old=report.year_change[0], new=report.year_change[1]))
    for what, numbers in (("what_added", report.added), ("what_returned", report.returned),
                          ("what_removed", report.removed)):
        if numbers:
            lines.append(say("tasks_listed", would=would, what=say(what), numbers=", ".join(map(str, numbers))))
            if dry_run:  # a dry run accounts for every task it would touch
                lines += [say("task_line", number=number, text=_short(texts.get(number, ""))) for number in numbers]
    if report.changed:
        lines.append(say("tasks_changed", would=would, count=len(report.changed)))
        for number, changes in sorted(report.changed.items()):
            lines += [say("task_line", number=number, text=change) for change in changes]
    return lines


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
