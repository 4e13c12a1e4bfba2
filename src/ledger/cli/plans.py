"""The plans: `ledger plans`, `ledger plan list|archive|remove`, `ledger carry` (SPEC §12)."""

from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import query
from ..errors import LedgerError
from ..messages import say
from ..render import visible
from ..store import Location, PostgresURL
from .app import app
from .common import Format, FormatOpt, Settings, current_user, default_db, echo, now, output


plan_app = typer.Typer(help=say("help_plan"), no_args_is_help=True)
app.add_typer(plan_app, name="plan")
AllPlansOpt = Annotated[bool, typer.Option("--all", help=say("help_plan_list_all"))]
PlanName = Annotated[str, typer.Argument(metavar="NAME", help=say("help_plan_name"))]

@app.command(help=say("help_plan_list"))
def plans(ctx: typer.Context, all: AllPlansOpt = False, format: FormatOpt = None) -> None:
    list_plans(ctx, all, format)


@plan_app.command("list", help=say("help_plan_list"))
def plan_list(ctx: typer.Context, all: AllPlansOpt = False, format: FormatOpt = None) -> None:
    list_plans(ctx, all, format)


def list_plans(ctx: typer.Context, archived: bool, format: Optional[Format]) -> None:
    from ..render.base import PLAN_COLUMNS

    settings: Settings = ctx.obj
    found = settings.store().plans(archived=archived)
    rows = [[row[column] for column in PLAN_COLUMNS] for row in found]
    output(format).rows(PLAN_COLUMNS, rows, json_rows=[{**{column: row[column] for column in PLAN_COLUMNS},
                                                         "archived": row["archived"]} for row in found])


@plan_app.command("archive", help=say("help_plan_archive"))
def plan_archive(ctx: typer.Context, name: PlanName) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    plan = query.check_plan(store, name)
    store.archive_plan(plan)
    echo(visible(say("plan_archived", plan=plan)))


@plan_app.command("remove", help=say("help_plan_remove"))
def plan_remove(ctx: typer.Context, name: PlanName,
                yes: Annotated[bool, typer.Option("--yes", help=say("help_plan_remove_yes"))] = False) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    plan = query.check_plan(store, name)
    store.check_removable(plan)  # before asking for --yes: no point confirming what cannot be done
    if not yes:
        tasks = next(row["tasks"] for row in store.plans() if row["plan"] == plan)
        raise LedgerError(say("plan_remove_needs_yes", plan=plan, tasks=tasks))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = _backup_before_removing(settings.db, plan, stamp)
    tasks = store.remove_plan(plan, backup)
    echo(visible(say("plan_removed", plan=plan, tasks=tasks, path=backup)))


@app.command(help=say("help_carry"))
def carry(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM", help=say("help_carry_from"))],
    to: Annotated[str, typer.Option("--to", help=say("help_carry_to"))],
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    source_plan, target_plan = query.check_plan(store, source), query.check_plan(store, to)
    if source_plan == target_plan:
        raise LedgerError(say("carry_into_itself", plan=source_plan))
    pairs = store.carry(source_plan, target_plan, at=now(), by=current_user(None))
    if not pairs:
        echo(visible(say("nothing_to_carry", source=source_plan)))
        return
    echo(visible(say("carried", count=len(pairs), source=source_plan, target=target_plan,
                           first=pairs[0][1], last=pairs[-1][1])))


# -- the unit directory and reminders (催办, SPEC §11) -------------------------------------------


def _backup_before_removing(db: Location, plan: str, stamp: str) -> Path:
    """Beside a SQLite ledger; for a PostgreSQL one, a SQLite file in the user's data folder."""
    if isinstance(db, PostgresURL):
        folder = default_db().parent
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{db.database}-before-removing-{plan}-{stamp}.db"
    return db.with_name(f"{db.stem}-before-removing-{plan}-{stamp}{db.suffix}")
