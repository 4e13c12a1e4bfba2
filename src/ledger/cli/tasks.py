"""The commands about tasks: list, due, overdue, show, and the changes (done, postpone, note, cancel,
reopen, evidence)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import query
from ..errors import LedgerError
from ..messages import say
from ..render import visible
from ..rules import view
from .app import app
from .common import (ByOpt, ChangeFormatOpt, FormatOpt, PlanOpt, RoleOpt, SectionOpt, Settings, StatusChoice, TaskId,
                     TaskPlanOpt, UnitOpt, confirm, date_option, task_filter, note_option_text, record_note, required_text, show_tasks,
                     current_user, echo, now,
                     output, status_value)


@app.command("list", help=say("help_list"))
def list_(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    status: Annotated[Optional[StatusChoice], typer.Option(help=say("help_list_status"),
                                                           show_default=say("help_list_status_default"))] = None,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    where = task_filter(store, plan, unit, role, section, status_value(status) or "present")
    show_tasks(output(format), query.list_tasks(store, where, settings.today))


@app.command(help=say("help_due"))
def due(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    within: Annotated[int, typer.Option(help=say("help_due_within"), min=0)] = 30,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    where = task_filter(store, plan, unit, role, section)
    show_tasks(output(format), query.due(store, where, settings.today, within))


@app.command(help=say("help_overdue"))
def overdue(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help=say("help_overdue_exit_code"))] = False,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    where = task_filter(store, plan, unit, role, section)
    late = query.overdue(store, where, settings.today)
    if late:
        show_tasks(output(format), late)
    else:
        output(format).no_tasks()
    if late and exit_code:
        raise typer.Exit(3)


@app.command(help=say("help_show"))
def show(
    ctx: typer.Context,
    task_id: TaskId,
    plan: TaskPlanOpt = None,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    task = store.task(query.resolve_plan(store, plan, task_id), task_id)
    show_tasks(output(format), [view(task, settings.today)], with_notes=True)


@app.command(help=say("help_done"))
def done(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[Optional[str], typer.Option(help=say("help_done_note"))] = None,
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="KEY",
                                                  help=say("help_done_period"))] = None,
    on: Annotated[Optional[str], typer.Option("--on", metavar="YYYY-MM-DD", help=say("help_done_on"))] = None,
    evidence: Annotated[Optional[list[str]], typer.Option("--evidence", metavar="PATH_OR_URL",
                                                          help=say("help_done_evidence"))] = None,
    format: ChangeFormatOpt = None,
) -> None:
    from ..evidence import read_evidence

    settings: Settings = ctx.obj
    completed = date_option("--on", on) or settings.today
    if completed > settings.today:
        raise LedgerError(say("done_in_future", on=completed.isoformat(), today=settings.today.isoformat()))
    kept = read_evidence(evidence or ())  # every file read before anything is written
    record_note(ctx, task_id, plan, "done", note_option_text(note), by, format, period=period,
            data={"completed_on": completed.isoformat()}, evidence=kept)


@app.command(help=say("help_postpone"))
def postpone(
    ctx: typer.Context,
    task_id: TaskId,
    to: Annotated[str, typer.Option("--to", metavar="YYYY-MM-DD", help=say("help_postpone_to"))],
    note: Annotated[str, typer.Option("--note", help=say("help_postpone_note"))],
    by: ByOpt = None,
    approved_by: Annotated[Optional[str], typer.Option("--approved-by", metavar="NAME",
                                                       help=say("help_postpone_approved_by"))] = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="KEY",
                                                  help=say("help_postpone_period"))] = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    new_due = date_option("--to", to)
    reason = note_option_text(note)
    if not reason.strip():
        raise LedgerError(say("postpone_reason"))
    store = settings.store()
    plan_name = query.resolve_plan(store, plan, task_id)
    task = store.postpone(plan_name, task_id, new_due, settings.today, reason, at=now(), by=current_user(by),
                          approved_by=approved_by, period=period)
    confirm(settings, task, "postpone", format)


@app.command("evidence", help=say("help_evidence"))
def evidence_(
    ctx: typer.Context,
    task_id: TaskId,
    save: Annotated[Path, typer.Option("--save", metavar="DIR", help=say("help_evidence_save"))],
    plan: TaskPlanOpt = None,
) -> None:
    from ..evidence import save_evidence

    settings: Settings = ctx.obj
    store = settings.store()
    plan_name = query.resolve_plan(store, plan, task_id)
    store.task(plan_name, task_id)  # an unknown task is an error, not an empty folder
    files = store.evidence_files(plan_name, task_id)
    if not files:  # nothing to save: say so, and leave no empty folder behind
        echo(visible(say("evidence_none", number=task_id, plan=plan_name)))
        return
    written = save_evidence(files, save, settings.db)
    if len(written) == 1:
        echo(visible(say("evidence_saved_one", number=task_id, plan=plan_name, path=save)))
    else:
        echo(visible(say("evidence_saved", count=len(written), number=task_id, plan=plan_name, path=save)))


@app.command(help=say("help_note"))
def note(
    ctx: typer.Context,
    task_id: TaskId,
    text: Annotated[str, typer.Argument(help=say("help_note_text"))],
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    record_note(ctx, task_id, plan, "note", required_text(text, say("note_blank")), by, format)


@app.command(help=say("help_cancel"))
def cancel(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[str, typer.Option(help=say("help_cancel_note"))],
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    record_note(ctx, task_id, plan, "cancel", required_text(note, say("cancel_reason")), by, format)


@app.command(help=say("help_reopen"))
def reopen(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[Optional[str], typer.Option(help=say("help_reopen_note"))] = None,
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="KEY",
                                                  help=say("help_reopen_period"))] = None,
    format: ChangeFormatOpt = None,
) -> None:
    record_note(ctx, task_id, plan, "reopen", note_option_text(note), by, format, period=period)
