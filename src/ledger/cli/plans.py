"""The plans: `ledger plans`, `ledger plan list|archive|remove`, `ledger carry` (SPEC §12)."""

from datetime import datetime
from typing import Annotated, Optional

import typer

from .. import outputs, query
from ..errors import LedgerError
from ..messages import say
from ..render import visible
from ..render.base import PLAN_COLUMNS
from .app import CommandGroup, Commands
from .common import current_user, default_db, echo, now, open_store, output, settings_of
from .options import Format, FormatOpt

commands = Commands()
plan_commands = Commands(name="plan", cls=CommandGroup, help=say("help_plan"), no_args_is_help=True)
groups = {"plan": plan_commands}
AllPlansOpt = Annotated[bool, typer.Option("--all", help=say("help_plan_list_all"))]
PlanName = Annotated[str, typer.Argument(metavar="NAME", help=say("help_plan_name"))]


@commands.command(help=say("help_plans"))
def plans(ctx: typer.Context, all: AllPlansOpt = False, format: FormatOpt = None) -> None:
    list_plans(ctx, all, format)


@plan_commands.command("list", help=say("help_plan_list"))
def plan_list(ctx: typer.Context, all: AllPlansOpt = False, format: FormatOpt = None) -> None:
    list_plans(ctx, all, format)


def list_plans(ctx: typer.Context, archived: bool, format: Optional[Format]) -> None:
    found = open_store(ctx).plans(archived=archived)
    out = output(format)
    # --all lists archived plans too, and says which they are; people read when a plan came in, not its record.
    columns = PLAN_COLUMNS + (("archived",) if archived else ())
    rows = [[out.time(row[column]) if column == "imported_at" else row[column] for column in PLAN_COLUMNS]
            + ([out.say("plan_is_archived") if row["archived"] else ""] if archived else []) for row in found]
    out.rows(columns, rows, json_rows=[{**{column: row[column] for column in PLAN_COLUMNS},
                                        "archived": row["archived"]} for row in found])


@plan_commands.command("archive", help=say("help_plan_archive"))
def plan_archive(ctx: typer.Context, name: PlanName) -> None:
    store = open_store(ctx)
    plan = query.check_plan(store, name)
    store.archive_plan(plan)
    echo(visible(say("plan_archived", plan=plan)))


@plan_commands.command("remove", help=say("help_plan_remove"))
def plan_remove(ctx: typer.Context, name: PlanName,
                yes: Annotated[bool, typer.Option("--yes", help=say("help_plan_remove_yes"))] = False) -> None:
    store = open_store(ctx)
    plan = query.check_plan(store, name)
    going_back = store.check_removable(plan)  # before asking for --yes: no point confirming what cannot be done
    if not yes:
        tasks = next(row["tasks"] for row in store.plans() if row["plan"] == plan)
        gives_back = (say("plan_remove_gives_back", count=len(going_back), sources=_plans_of(going_back))
                      if going_back else "")
        raise LedgerError(say("plan_remove_needs_yes", plan=plan, tasks=tasks, gives_back=gives_back))
    backup = outputs.backup_before_removing(settings_of(ctx).db, plan, datetime.now(), default_db().parent)
    tasks, given_back = store.remove_plan(plan, backup, at=now(), by=current_user())
    if given_back:
        echo(visible(say("plan_removed_gave_back", plan=plan, tasks=tasks, count=len(given_back),
                         sources=_plans_of(given_back), path=backup)))
    else:
        echo(visible(say("plan_removed", plan=plan, tasks=tasks, path=backup)))


def _plans_of(given_back) -> str:
    return ", ".join(sorted({back.plan for back in given_back}))


@commands.command(help=say("help_carry"))
def carry(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM", help=say("help_carry_from"))],
    to: Annotated[str, typer.Option("--to", help=say("help_carry_to"))],
    leave_out: Annotated[Optional[list[int]], typer.Option("--except", metavar="ID",
                                                           help=say("help_carry_except"))] = None,
    dated_only: Annotated[bool, typer.Option("--dated-only", help=say("help_carry_dated_only"))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=say("help_carry_dry_run"))] = False,
) -> None:
    store = open_store(ctx)
    source_plan, target_plan = query.check_plan(store, source), query.check_plan(store, to)
    if source_plan == target_plan:
        raise LedgerError(say("carry_into_itself", plan=source_plan))
    carried = store.carry(source_plan, target_plan, at=now(), by=current_user(), leave_out=leave_out or (),
                          dated_only=dated_only, dry_run=dry_run)
    if not carried:
        echo(visible(say("nothing_to_carry", source=source_plan)))
        return
    echo(visible(say("carry_dry_run" if dry_run else "carried", count=len(carried), source=source_plan,
                     target=target_plan, first=carried[0].new, last=carried[-1].new)))
    if dry_run:
        for task in carried:
            echo(f"{task.old} → {task.new}\t" + visible(task.text))
