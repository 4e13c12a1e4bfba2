"""Figures and files: units, report, export, backup."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import outputs, query
from ..messages import say
from ..store import TaskFilter
from .app import app
from .common import (CoverPlanOpt, ExportFormat, FormatOpt, ReportBy, ReportFormat, Settings, work_calendar,
                     covered_plan, warn_workdays, echo, output, screen_format)


@app.command(help=say("help_units"))
def units(ctx: typer.Context, plan: CoverPlanOpt = None, format: FormatOpt = None) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    rows, total = query.progress(store, "unit", covered_plan(store, plan), settings.today, warn_workdays())
    output(format).progress(rows, total, "unit")


@app.command(help=say("help_report"))
def report(
    ctx: typer.Context,
    plan: CoverPlanOpt = None,
    by: Annotated[ReportBy, typer.Option(help=say("help_report_by"))] = ReportBy.unit,
    format: Annotated[Optional[ReportFormat], typer.Option("--format", "-f", show_default=False,
                                                           help=say("help_report_format"))] = None,
    output: Annotated[Optional[Path], typer.Option(help=say("help_report_output"))] = None,
    force: Annotated[bool, typer.Option("--force", help=say("help_report_force"))] = False,
) -> None:
    settings: Settings = ctx.obj
    target = outputs.choose(output, format.value if format else None, screen_format(), "plain", force, settings.db)
    store = settings.store()
    rows, total = query.progress(store, by.value, covered_plan(store, plan), settings.today, warn_workdays())
    with outputs.formatter_for(target) as out:
        out.progress(rows, total, by.value)
    if target.path:
        echo(say("wrote_report", by=say("head_unit") if by.value == "unit" else say("head_section"), rows=len(rows),
                 path=target.path))


@app.command(help=say("help_export"))
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option(help=say("help_export_output"))],
    format: Annotated[Optional[ExportFormat], typer.Option("--format", "-f", show_default=False,
                                                           help=say("help_export_format"))] = None,
    plan: CoverPlanOpt = None,
    force: Annotated[bool, typer.Option("--force", help=say("help_export_force"))] = False,
) -> None:
    from ..export import write_ledger

    settings: Settings = ctx.obj
    target = outputs.choose(output, format.value if format else None, None, None, force, settings.db)
    store = settings.store()
    plan = covered_plan(store, plan)
    where = TaskFilter(plan, status="all", archived=True)
    items = query.list_tasks(store, where, settings.today)
    progress = {by: query.progress(store, by, plan, settings.today, warn_workdays()) for by in ("unit", "section")}
    years = {row["plan"]: row["year"] for row in store.plans()}
    write_ledger(target, items, progress, work_calendar(), {item.task.plan: years[item.task.plan] for item in items})
    if target.path:
        plan_names = sorted({item.task.plan for item in items})
        echo(say("wrote_export", count=len(items), plans=", ".join(plan_names) or say("no_plan"), path=target.path))


@app.command(help=say("help_backup"))
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=say("help_backup_file"))],
    force: Annotated[bool, typer.Option("--force", help=say("help_backup_force"))] = False,
) -> None:
    settings: Settings = ctx.obj
    outputs.check_new_file(file, force, settings.db)
    settings.store().backup(file, replace=force)
    echo(say("backed_up", source=settings.db, path=file))
