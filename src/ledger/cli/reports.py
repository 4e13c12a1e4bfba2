"""Figures and files: units, report, export, backup."""

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import outputs, query
from ..messages import say
from .app import Commands
from .common import covered_plan, echo, open_store, output, screen_format, settings_of, warn_workdays
from .options import CoverPlanOpt, FormatOpt

commands = Commands()


class ReportFormat(str, enum.Enum):
    """--format of `report`: the listing formats, and an Excel workbook."""

    TABLE = "table"
    PLAIN = "plain"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


class ExportFormat(str, enum.Enum):
    XLSX = "xlsx"
    CSV = "csv"
    JSON = "json"


class ReportBy(str, enum.Enum):
    UNIT = "unit"
    SECTION = "section"


@commands.command(help=say("help_units"))
def units(ctx: typer.Context, plan: CoverPlanOpt = None, format: FormatOpt = None) -> None:
    store = open_store(ctx)
    rows, total = query.progress(store, "unit", covered_plan(store, plan), settings_of(ctx).today, warn_workdays())
    output(format).progress(rows, total, "unit")


@commands.command(help=say("help_report"))
def report(
    ctx: typer.Context,
    plan: CoverPlanOpt = None,
    by: Annotated[ReportBy, typer.Option(help=say("help_report_by"))] = ReportBy.UNIT,
    format: Annotated[Optional[ReportFormat], typer.Option("--format", "-f", show_default=False,
                                                           help=say("help_report_format"))] = None,
    output: Annotated[Optional[Path], typer.Option(help=say("help_report_output"))] = None,
    force: Annotated[bool, typer.Option("--force", help=say("help_report_force"))] = False,
) -> None:
    settings = settings_of(ctx)
    target = outputs.choose(output, format.value if format else None, screen_format(), "plain", force, settings.db)
    store = open_store(ctx)
    rows, total = query.progress(store, by.value, covered_plan(store, plan), settings.today, warn_workdays())
    with outputs.formatter_for(target) as out:
        out.progress(rows, total, by.value)
    if target.path:
        echo(say("wrote_report", by=say("head_unit") if by is ReportBy.UNIT else say("head_section"), rows=len(rows),
                 path=target.path))


@commands.command(help=say("help_export"))
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option(help=say("help_export_output"))],
    format: Annotated[Optional[ExportFormat], typer.Option("--format", "-f", show_default=False,
                                                           help=say("help_export_format"))] = None,
    plan: CoverPlanOpt = None,
    force: Annotated[bool, typer.Option("--force", help=say("help_export_force"))] = False,
) -> None:
    from ..export import export_ledger

    settings = settings_of(ctx)
    target = outputs.choose(output, format.value if format else None, None, None, force, settings.db)
    store = open_store(ctx)
    items = export_ledger(store, target, covered_plan(store, plan), settings.today, warn_workdays())
    if target.path:
        plan_names = sorted({item.task.plan for item in items})
        echo(say("wrote_export", count=len(items), plans=", ".join(plan_names) or say("no_plan"), path=target.path))


@commands.command(help=say("help_backup"))
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=say("help_backup_file"))],
    force: Annotated[bool, typer.Option("--force", help=say("help_backup_force"))] = False,
) -> None:
    settings = settings_of(ctx)
    outputs.check_new_file(file, force, settings.db)
    open_store(ctx).backup(file, replace=force)
    echo(say("backed_up", source=settings.db, path=file))
