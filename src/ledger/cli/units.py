"""The unit directory (`ledger unit …`) and reminders (催办, `ledger remind`; SPEC §11)."""

import os
from datetime import datetime
from typing import Annotated, Optional

import typer

from .. import query
from ..messages import say
from ..render import visible
from ..render.base import DIRECTORY_HISTORY_COLUMNS
from .app import CommandGroup, Commands
from .common import current_user, echo, now, open_store, output, settings_of, task_filter
from .options import MAX_DAYS_AHEAD, FormatOpt, PlanOpt

commands = Commands()
unit_commands = Commands(name="unit", cls=CommandGroup, help=say("help_unit"), no_args_is_help=True)
groups = {"unit": unit_commands}

DIRECTORY_FIELDS = {"email": "field_email", "leader": "field_leader", "alias": "field_alias", "members": "field_members"}


def changes_text(changes: list[tuple]) -> str:
    return "; ".join(say("change", field=say(DIRECTORY_FIELDS[field]), old=old or "—", new=new or "—")
                     for field, old, new in changes)


@unit_commands.command("set", help=say("help_unit_set"))
def unit_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help=say("help_unit_set_name"))],
    email: Annotated[Optional[str], typer.Option(help=say("help_unit_set_email"))] = None,
    leader: Annotated[Optional[str], typer.Option(help=say("help_unit_set_leader"))] = None,
) -> None:
    from ..mail import check_address
    from ..units import normalize_unit_name

    store = open_store(ctx)
    unit = store.directory().canonical(normalize_unit_name(name))
    address = check_address(email.strip()) if email and email.strip() else email
    changes = store.set_unit(unit, address, leader.strip() if leader is not None else None,
                             at=now(), by=current_user())
    echo(visible(say("unit_saved", unit=unit, changes=changes_text(changes)) if changes
                 else say("unit_unchanged", unit=unit)))


@unit_commands.command("alias", help=say("help_unit_alias"))
def unit_alias(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help=say("help_unit_alias_alias"))],
    name: Annotated[str, typer.Argument(metavar="NAME", help=say("help_unit_alias_name"))],
) -> None:
    from ..units import normalize_unit_name

    store = open_store(ctx)
    unit = query.known_unit(store, name)
    alias_name = normalize_unit_name(alias)
    changes = store.set_alias(alias_name, unit, at=now(), by=current_user())
    echo(visible(say("alias_saved" if changes else "alias_unchanged", alias=alias_name, unit=unit)))


@unit_commands.command("group", help=say("help_unit_group"))
def unit_group(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(metavar="GROUP", help=say("help_unit_group_group"))],
    members: Annotated[list[str], typer.Argument(metavar="MEMBER...", help=say("help_unit_group_members"))],
) -> None:
    from ..units import normalize_unit_name

    store = open_store(ctx)
    group_name = normalize_unit_name(group)
    stored, _changes = store.set_group(group_name, [query.known_unit(store, member) for member in members],
                                       at=now(), by=current_user())
    echo(visible(say("group_saved", group=group_name, members="、".join(stored))))


@unit_commands.command("list", help=say("help_unit_list"))
def unit_list(ctx: typer.Context, format: FormatOpt = None) -> None:
    output(format).directory(query.directory_rows(open_store(ctx)))


@unit_commands.command("history", help=say("help_unit_history"))
def unit_history(ctx: typer.Context, format: FormatOpt = None) -> None:
    found = open_store(ctx).directory_history()
    output(format).rows(DIRECTORY_HISTORY_COLUMNS, [[row[column] for column in DIRECTORY_HISTORY_COLUMNS]
                                                     for row in found], json_rows=found)


@commands.command(help=say("help_remind"))
def remind(
    ctx: typer.Context,
    within: Annotated[int, typer.Option(help=say("help_remind_within"), min=0, max=MAX_DAYS_AHEAD)] = 7,
    unit: Annotated[Optional[str], typer.Option("--unit", help=say("help_remind_unit"))] = None,
    plan: PlanOpt = None,
    send: Annotated[bool, typer.Option("--send", help=say("help_remind_send"))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=say("help_remind_dry_run"))] = False,
    format: FormatOpt = None,
) -> None:
    from .. import mail, reminding

    store = open_store(ctx)
    today = settings_of(ctx).today
    # A wrong setting shows on the first run, not on the first day with something to send.
    server = mail.server_from(os.environ) if send and not dry_run else None
    reminders = query.remind(store, task_filter(store, plan, unit), today, within)
    if not reminders:
        if dry_run or not send:  # nothing to chase: nothing printed (JSON: []); nothing sent says nothing either
            output(format).no_tasks()
        return
    if not (send or dry_run):
        output(format).reminders(reminders, within)
        return
    sender = server.sender if server else os.environ.get("LEDGER_MAIL_FROM") or "ledger@localhost"
    mailing = reminding.prepare(reminders, within, today, sender, datetime.now().astimezone())
    if mailing.unaddressed:
        echo(visible(say("remind_no_address", units="、".join(mailing.unaddressed))), err=True)
    if server is None:
        output(format).mails_not_sent(reminders, within, mailing.readable())
        return
    went: list[str] = []
    try:
        reminding.send(store, mailing, server, now, current_user(), went.append)
    finally:
        if went:
            echo(visible(say("remind_sent", count=len(went), units="、".join(went))))
