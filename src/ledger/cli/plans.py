"""The plans: `ledger plans`, `ledger plan list|archive|remove`, `ledger carry` (SPEC §12)."""
from __future__ import annotations

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


@commands.command(help=say("help_plan_list"))
def plans(ctx: typer.Context, all: AllPlansOpt = False, format: FormatOpt = None) -> None:
    list_plans(ctx, all, format)


@plan_commands.command("list", help=say("help_plan_list"))
def plan_list(ctx: typer.Context, all: AllPlansOpt = False, format: FormatOpt = None) -> None:
    list_plans(ctx, all, format)


def list_plans(ctx: typer.Context, archived: bool, format: Optional[Format]) -> None:
    found = open_store(ctx).plans(archived=archived)
    rows = [[row[column] for column in PLAN_COLUMNS] for row in found]
    output(format).rows(PLAN_COLUMNS, rows, json_rows=[{**{column: row[column] for column in PLAN_COLUMNS},
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
    store.check_removable(plan)  # before asking for --yes: no point confirming what cannot be done
    if not yes:
        tasks = next(row["tasks"] for row in store.plans() if row["plan"] == plan)
        raise LedgerError(say("plan_remove_needs_yes", plan=plan, tasks=tasks))
    backup = outputs.backup_before_removing(settings_of(ctx).db, plan, datetime.now(), default_db().parent)
    tasks = store.remove_plan(plan, backup)
    echo(visible(say("plan_removed", plan=plan, tasks=tasks, path=backup)))


@commands.command(help=say("help_carry"))
def carry(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM", help=say("help_carry_from"))],
    to: Annotated[str, typer.Option("--to", help=say("help_carry_to"))],
) -> None:
    store = open_store(ctx)
    source_plan, target_plan = query.check_plan(store, source), query.check_plan(store, to)
    if source_plan == target_plan:
        raise LedgerError(say("carry_into_itself", plan=source_plan))
    pairs = store.carry(source_plan, target_plan, at=now(), by=current_user())
    if not pairs:
        echo(visible(say("nothing_to_carry", source=source_plan)))
        return
    echo(visible(say("carried", count=len(pairs), source=source_plan, target=target_plan,
                     first=pairs[0][1], last=pairs[-1][1])))
