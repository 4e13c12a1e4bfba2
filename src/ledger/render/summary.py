"""An import's summary (model.ImportSummary): the lines a person reads, and the JSON a script reads."""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..messages import say
from ..model import ImportChanges, ImportSummary, Kind, Plan
from ..text import shortened
from .notes import change_text


def summary_lines(summary: ImportSummary) -> list[str]:
    """The summary a person reads, in the interface language."""
    name, shown, plan, report, dry_run = summary[:5]
    kinds = Counter(task.deadline.kind for task in plan.tasks)
    counted = say("list_separator").join(say(f"kind_{kind.value}", count=kinds[kind]) for kind in Kind if kinds[kind])
    lines = [say("would_import" if dry_run else "imported", plan=name, file=shown, tasks=len(plan.tasks),
                 sections=len(plan.sections), kinds=counted),
             say("year_used", year=plan.year, source=plan.year_source),
             layout(plan)]
    if dry_run:  # the table as it was read, so that a wrong column shows before anything is written
        lines += as_read(plan)
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


def summary_json(summary: ImportSummary) -> dict[str, Any]:
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


def as_read(plan: Plan) -> list[str]:
    """Each section and task as the importer read them: the task's text, its units with their roles, its deadline
    with the date it gives, and the columns kept as data."""
    from ..numerals import numeral_for
    from ..messages import word

    lines, section, subsection = [say("as_read")], None, None
    for task in plan.tasks:
        if task.section != section and task.section is not None:
            lines.append(say("read_section", numeral=numeral_for(task.section.no), title=task.section.title))
        if task.subsection != subsection and task.subsection is not None:
            lines.append(say("read_subsection", number=numeral_for(task.subsection.no), title=task.subsection.title))
        section, subsection = task.section, task.subsection
        units = say("list_separator").join(say("read_unit", name=unit.name, role=word("role", unit.role.value))
                                           for unit in task.units) or say("read_no_units")
        deadline = task.deadline
        shown = (say("read_due", raw=deadline.raw, due=deadline.due.isoformat()) if deadline.due else
                 deadline.raw or say("read_no_deadline"))
        lines.append(say("read_task", number=task.number, text=shortened(task.text, 40), units=units, deadline=shown))
        lines += [say("read_kept", title=title, text=shortened(text, 40)) for title, text in task.extra]
    return lines


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
            if dry_run and what != "what_added":  # added tasks are listed as read, above
                lines += [say("task_line", number=number, text=shortened(texts.get(number, ""), 40)) for number in numbers]
    if report.changed:
        lines.append(say("tasks_changed", would=would, count=len(report.changed)))
        for number, changes in report.changed:
            lines += [say("task_line", number=number, text=change_text(change)) for change in changes]
    return lines
