"""The import pipeline: read -> parse -> store, and the summary a person reads afterwards."""
from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

from .model import Kind, Plan
from .parse import parse_plan
from .store import ImportReport, Store, compare
from .textio import read_plan_text


def import_file(db: Path, file: Path, plan_name: str | None, year: int | None, encoding: str | None,
                dry_run: bool, at: str, by: str) -> list[str]:
    """Import `file` into the ledger at `db` (or, dry, only compare); return the summary's lines."""
    shown = str(file)
    # Parsing makes many small objects and no cycles: the cyclic collector would only slow it down (by a third).
    gc.disable()
    try:
        plan = parse_plan(read_plan_text(file, encoding), shown, file.stem, year)
    finally:
        gc.enable()
    name = plan_name or file.stem
    if dry_run and not db.exists():
        report = compare(None, name, plan)  # a dry run never creates the database
    else:
        store = Store.open(db, create=not dry_run)
        try:
            report = store.import_plan(name, plan, str(file.resolve()), at=at, by=by, dry_run=dry_run)
        finally:
            store.close()
    return summary(name, shown, plan, report, dry_run)


def summary(name: str, shown: str, plan: Plan, report: ImportReport, dry_run: bool) -> list[str]:
    kinds = Counter(task.deadline.kind for task in plan.tasks)
    counted = ", ".join(f"{kinds[kind]} {label}" for kind, label in (
        (Kind.DATE, "dated"), (Kind.ONGOING, "ongoing"), (Kind.RECURRING, "recurring"),
        (Kind.NONE, "without deadline"), (Kind.UNRECOGNIZED, "unreadable deadline")) if kinds[kind])
    verb = "Would import" if dry_run else "Imported"
    lines = [f"{verb} plan {name} from {shown}: {len(plan.tasks)} tasks in {len(plan.sections)} sections "
             f"({counted}).",
             f"Year {plan.year}, {plan.year_source}."]
    lines += _changes(report, dry_run)
    if plan.warnings:
        lines.append(f"{len(plan.warnings)} warning{'s' if len(plan.warnings) != 1 else ''}:")
        lines += [f"  line {warning.line}: {warning.message}" for warning in plan.warnings]
    if dry_run:
        lines.append("Dry run: nothing was written.")
    elif report.first_import:
        lines.append(f"Next: ledger due --plan {name}   or   ledger units --plan {name}")
    return lines


def _changes(report: ImportReport, dry_run: bool) -> list[str]:
    if report.first_import:
        return []
    if report.nothing_changed:
        return ["No changes: the ledger already holds this plan as it is."]
    would = "would be " if dry_run else ""
    lines = []
    if report.year_change:
        lines.append(f"Year {would}changed from {report.year_change[0]} to {report.year_change[1]}.")
    for label, numbers in (("added", report.added), ("back in the file", report.returned),
                           ("removed (no longer in the file)", report.removed)):
        if numbers:
            lines.append(f"Tasks {would}{label}: {', '.join(map(str, numbers))}.")
    if report.changed:
        lines.append(f"Tasks {would}changed: {len(report.changed)}.")
        for number, changes in sorted(report.changed.items()):
            lines += [f"  task {number}: {change}" for change in changes]
    return lines
