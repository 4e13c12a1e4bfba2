"""The changes to a task: done, postpone, note, cancel, reopen, and its evidence."""

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import changes, query
from ..messages import say
from ..render import visible
from .app import Commands
from .common import confirm, current_user, echo, note_text, now, open_store, settings_of
from .options import DATE_METAVAR, ByOpt, ChangeFormatOpt, TaskId, TaskPlanOpt, parse_date

commands = Commands()
PeriodOpt = Annotated[Optional[str], typer.Option("--period", metavar="KEY", help=say("help_done_period"))]


@commands.command(help=say("help_done"))
def done(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[Optional[str], typer.Option(help=say("help_done_note"))] = None,
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    period: PeriodOpt = None,
    on: Annotated[Optional[date], typer.Option("--on", metavar=DATE_METAVAR, parser=parse_date,
                                               help=say("help_done_on"))] = None,
    evidence: Annotated[Optional[list[str]], typer.Option("--evidence", metavar="PATH_OR_URL",
                                                          help=say("help_done_evidence"))] = None,
    format: ChangeFormatOpt = None,
) -> None:
    from ..evidence import read_evidence

    today = settings_of(ctx).today
    kept = read_evidence(evidence or ())  # every file read before anything is written
    task = changes.complete(open_store(ctx), plan, task_id, note_text(note), completed_on=on or today, today=today,
                            at=now(), by=current_user(by), period=period, evidence=kept)
    confirm(ctx, task, "done", format)


@commands.command(help=say("help_postpone"))
def postpone(
    ctx: typer.Context,
    task_id: TaskId,
    to: Annotated[date, typer.Option("--to", metavar=DATE_METAVAR, parser=parse_date, help=say("help_postpone_to"))],
    note: Annotated[str, typer.Option("--note", help=say("help_postpone_note"))],
    by: ByOpt = None,
    approved_by: Annotated[Optional[str], typer.Option("--approved-by", metavar="NAME",
                                                       help=say("help_postpone_approved_by"))] = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="KEY",
                                                  help=say("help_postpone_period"))] = None,
    correct: Annotated[bool, typer.Option("--correct", help=say("help_postpone_correct"))] = False,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    task = changes.postpone(open_store(ctx), plan, task_id, note_text(note), to=to, today=settings_of(ctx).today,
                            at=now(), by=current_user(by), approved_by=approved_by, period=period, correct=correct)
    confirm(ctx, task, "postpone", format)


@commands.command(help=say("help_note"))
def note(
    ctx: typer.Context,
    task_id: TaskId,
    text: Annotated[str, typer.Argument(help=say("help_note_text"))],
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    task = changes.record(open_store(ctx), plan, task_id, "note", note_text(text), at=now(), by=current_user(by))
    confirm(ctx, task, "note", format)


@commands.command(help=say("help_cancel"))
def cancel(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[str, typer.Option(help=say("help_cancel_note"))],
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    task = changes.record(open_store(ctx), plan, task_id, "cancel", note_text(note), at=now(), by=current_user(by))
    confirm(ctx, task, "cancel", format)


@commands.command(help=say("help_reopen"))
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
    task = changes.record(open_store(ctx), plan, task_id, "reopen", note_text(note), at=now(), by=current_user(by),
                          period=period)
    confirm(ctx, task, "reopen", format)


@commands.command("evidence", help=say("help_evidence"))
def evidence_(
    ctx: typer.Context,
    task_id: TaskId,
    save: Annotated[Path, typer.Option("--save", metavar="DIR", help=say("help_evidence_save"))],
    plan: TaskPlanOpt = None,
) -> None:
    from ..evidence import save_task_evidence

    store = open_store(ctx)
    plan_name = query.resolve_plan(store, plan, task_id)
    written = save_task_evidence(store, plan_name, task_id, save, settings_of(ctx).db)
    if not written:  # nothing to save: said so, and no empty folder left behind
        echo(visible(say("evidence_none", number=task_id, plan=plan_name)))
    elif len(written) == 1:
        echo(visible(say("evidence_saved_one", number=task_id, plan=plan_name, path=save)))
    else:
        echo(visible(say("evidence_saved", count=len(written), number=task_id, plan=plan_name, path=save)))
