"""The unit directory (`ledger unit …`) and reminders (催办, `ledger remind`; SPEC §11)."""

import os
from datetime import date, datetime
from typing import Annotated, Optional

import typer

from .. import query
from ..messages import say
from ..render import visible
from ..store import Store
from .app import LedgerGroup, app
from .common import Format, FormatOpt, PlanOpt, Settings, task_filter, current_user, echo, now, output


unit_app = typer.Typer(cls=LedgerGroup, help=say("help_unit"), no_args_is_help=True)
app.add_typer(unit_app, name="unit")


DIRECTORY_FIELDS = {"email": "field_email", "leader": "field_leader", "alias": "field_alias", "members": "field_members"}


def changes_text(changes: list[tuple]) -> str:
    return "; ".join(say("change", field=say(DIRECTORY_FIELDS[field]), old=old or "—", new=new or "—")
                     for field, old, new in changes)


@unit_app.command("set", help=say("help_unit_set"))
def unit_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help=say("help_unit_set_name"))],
    email: Annotated[Optional[str], typer.Option(help=say("help_unit_set_email"))] = None,
    leader: Annotated[Optional[str], typer.Option(help=say("help_unit_set_leader"))] = None,
) -> None:
    from ..mail import check_address
    from ..units import normalize_unit_name

    settings: Settings = ctx.obj
    store = settings.store()
    unit = store.directory().canonical(normalize_unit_name(name))
    address = check_address(email.strip()) if email and email.strip() else email
    changes = store.set_unit(unit, address, leader.strip() if leader is not None else None,
                             at=now(), by=current_user(None))
    echo(visible(say("unit_saved", unit=unit, changes=changes_text(changes)) if changes
                       else say("unit_unchanged", unit=unit)))


@unit_app.command("alias", help=say("help_unit_alias"))
def unit_alias(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help=say("help_unit_alias_alias"))],
    name: Annotated[str, typer.Argument(metavar="NAME", help=say("help_unit_alias_name"))],
) -> None:
    from ..units import normalize_unit_name

    settings: Settings = ctx.obj
    store = settings.store()
    unit = query.known_unit(store, name)
    alias_name = normalize_unit_name(alias)
    changes = store.set_alias(alias_name, unit, at=now(), by=current_user(None))
    echo(visible(say("alias_saved" if changes else "alias_unchanged", alias=alias_name, unit=unit)))


@unit_app.command("group", help=say("help_unit_group"))
def unit_group(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(metavar="GROUP", help=say("help_unit_group_group"))],
    members: Annotated[list[str], typer.Argument(metavar="MEMBER...", help=say("help_unit_group_members"))],
) -> None:
    from ..units import normalize_unit_name

    settings: Settings = ctx.obj
    store = settings.store()
    group_name = normalize_unit_name(group)
    stored, changes = store.set_group(group_name, [query.known_unit(store, member) for member in members],
                                      at=now(), by=current_user(None))
    echo(visible(say("group_saved", group=group_name, members="、".join(stored))))


@unit_app.command("list", help=say("help_unit_list"))
def unit_list(ctx: typer.Context, format: FormatOpt = None) -> None:
    settings: Settings = ctx.obj
    output(format).directory(query.directory_rows(settings.store()))


@unit_app.command("history", help=say("help_unit_history"))
def unit_history(ctx: typer.Context, format: FormatOpt = None) -> None:
    from ..render.base import DIRECTORY_HISTORY_COLUMNS

    settings: Settings = ctx.obj
    found = settings.store().directory_history()
    output(format).rows(DIRECTORY_HISTORY_COLUMNS, [[row[column] for column in DIRECTORY_HISTORY_COLUMNS]
                                                     for row in found], json_rows=found)


@app.command(help=say("help_remind"))
def remind(
    ctx: typer.Context,
    within: Annotated[int, typer.Option(help=say("help_remind_within"), min=0)] = 7,
    unit: Annotated[Optional[str], typer.Option("--unit", help=say("help_remind_unit"))] = None,
    plan: PlanOpt = None,
    send: Annotated[bool, typer.Option("--send", help=say("help_remind_send"))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=say("help_remind_dry_run"))] = False,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    if send and not dry_run:  # a wrong setting shows on the first run, not on the first day with something to send
        from ..mail import server_from

        server_from(os.environ)
    reminders = query.remind(store, task_filter(store, plan, unit, None, None), settings.today, within)
    if not (send or dry_run):
        if reminders:
            output(format).reminders(reminders, within)
        else:
            output(format).no_tasks()
        return
    if reminders:
        mail_reminders(store, reminders, within, settings.today, dry_run, format)
    elif dry_run:
        output(format).no_tasks()


def mail_reminders(store: Store, reminders: list, within: int, today: date, dry_run: bool,
                    format: Optional[Format] = None) -> None:
    """Mail each unit with an address its reminder; record each one that went as a `remind` note on its tasks."""
    from .. import mail
    from ..render.mail import reminder_mail_text

    server = mail.server_from(os.environ) if not dry_run else None
    sender = server.sender if server else os.environ.get("LEDGER_MAIL_FROM") or "ledger@localhost"
    when = datetime.now().astimezone()
    addressed = [reminder for reminder in reminders if reminder.email]
    messages = [mail.build(sender, reminder.unit, reminder.email, *reminder_mail_text(reminder, within, today), when)
                for reminder in addressed]
    unaddressed = [reminder.unit for reminder in reminders if not reminder.email]
    if unaddressed:
        echo(visible(say("remind_no_address", units="、".join(unaddressed))), err=True)
    if dry_run:
        output(format).mails_not_sent(reminders, within, "\n".join(mail.readable(message) for message in messages)
                                      + ("\n" if messages else "") + say("remind_would_send", count=len(messages)) + "\n")
        return
    reminder_of = {id(message): reminder for message, reminder in zip(messages, addressed)}
    went: list[str] = []
    by = current_user(None)

    def record(message) -> None:
        reminder = reminder_of[id(message)]
        to_whom = f"{reminder.unit} <{reminder.email}>"
        store.record_reminders([(item.task.plan, item.task.number, item.period.key if item.period else None, to_whom)
                                for item in reminder.items],
                               at=now(), by=by)
        went.append(to_whom)

    try:
        refused = mail.send(server, messages, record)
    finally:
        if went:
            echo(visible(say("remind_sent", count=len(went), units="、".join(went))))
    if refused:
        raise mail.MailError(say("remind_refused", count=len(refused), details="; ".join(
            f"{reminder_of[id(message)].unit} <{reminder_of[id(message)].email}>: {reason}"
            for message, reason in refused)))
