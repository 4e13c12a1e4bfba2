"""The import pipeline: read -> parse -> store, and the summary a person reads afterwards."""
from __future__ import annotations

import contextlib
import gc
from collections import Counter
from pathlib import Path

from .model import Kind, Plan
from .parse import parse_plan
from .store import ImportReport, Store, compare
from .textio import read_plan_text


# From about this size an import takes a second or more here: worth a progress bar on a terminal.
PROGRESS_BYTES = 1_000_000


def import_file(db: Path, file: Path, plan_name: str | None, year: int | None, encoding: str | None,
                dry_run: bool, at: str, by: str, terminal: bool = False) -> list[str]:
    """Import `file` into the ledger at `db` (or, dry, only compare); return the summary's lines.

    On a terminal (`terminal`), a large file shows a progress bar on stderr; piped or under cron, nothing.
    """
    shown = str(file)
    text = read_plan_text(file, encoding)
    with _progress_bar(terminal and len(text.encode("utf-8", "surrogatepass")) >= PROGRESS_BYTES) as progress:
        # Parsing makes many small objects and no cycles: the cyclic collector would only slow it by a third.
        gc.disable()
        try:
            plan = parse_plan(text, shown, file.stem, year, progress=progress("Reading the plan"))
        finally:
            gc.enable()
        del text  # a large plan's text is not needed while its tasks are written
        name = plan_name or file.stem
        progress(f"Writing {len(plan.tasks):,} tasks to the ledger")
        if dry_run and not db.exists():
            report = compare(None, name, plan)  # a dry run never creates the database
        else:
            store = Store.open(db, create=not dry_run)
            try:
                report = store.import_plan(name, plan, str(file.resolve()), at=at, by=by, dry_run=dry_run)
            finally:
                store.close()
    return summary(name, shown, plan, report, dry_run)


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
    counted = ", ".join(f"{kinds[kind]} {label}" for kind, label in (
        (Kind.DATE, "dated"), (Kind.ONGOING, "ongoing"), (Kind.RECURRING, "recurring"),
        (Kind.NONE, "without deadline"), (Kind.UNRECOGNIZED, "unreadable deadline")) if kinds[kind])
    verb = "Would import" if dry_run else "Imported"
    lines = [f"{verb} plan {name} from {shown}: {len(plan.tasks)} tasks in {len(plan.sections)} sections "
             f"({counted}).",
             f"Year {plan.year}, {plan.year_source}.",
             layout(plan)]
    lines += _changes(report, dry_run, plan)
    if plan.warnings:
        lines.append(f"{len(plan.warnings)} warning{'s' if len(plan.warnings) != 1 else ''}:")
        lines += [f"  line {warning.line}: {warning.message}" for warning in plan.warnings]
    if dry_run:
        lines.append("Dry run: nothing was written.")
    elif report.first_import:
        lines.append(f"Next: ledger due --plan {name}   or   ledger units --plan {name}")
    return lines


def layout(plan: Plan) -> str:
    """Which table layout the import recognised, in one line."""
    if not plan.columns:
        return "Layout: no header row; cells read in order as heading, task, units and deadline."
    numbers = ("tasks had no numbers and were numbered 1, 2, … in order" if plan.numbered_in_order else
               "numbers from the 序号 column" if plan.numbers_column else "numbers from the task text")
    return f"Layout: header row {' | '.join(plan.columns)}; {numbers}."


def _changes(report: ImportReport, dry_run: bool, plan: Plan) -> list[str]:
    if report.first_import and not dry_run:
        return []
    if report.nothing_changed:
        return ["No changes: the ledger already holds this plan as it is."]
    would = "would be " if dry_run else ""
    texts = {**report.removed_texts, **{task.number: task.text for task in plan.tasks}}
    lines = []
    if report.year_change:
        lines.append(f"Year {would}changed from {report.year_change[0]} to {report.year_change[1]}.")
    for label, numbers in (("added", report.added), ("back in the file", report.returned),
                           ("removed (no longer in the file)", report.removed)):
        if numbers:
            lines.append(f"Tasks {would}{label}: {', '.join(map(str, numbers))}.")
            if dry_run:  # a dry run accounts for every task it would touch
                lines += [f"  task {number}: {_short(texts.get(number, ''))}" for number in numbers]
    if report.changed:
        lines.append(f"Tasks {would}changed: {len(report.changed)}.")
        for number, changes in sorted(report.changed.items()):
            lines += [f"  task {number}: {change}" for change in changes]
    return lines


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
