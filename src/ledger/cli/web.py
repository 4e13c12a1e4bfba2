"""The commands of the web page (SPEC §13): `serve`, `user add/passwd/disable/list`, `review [approve|return]`.

Each parses, calls one domain function (review.py) and hands the result to the formatter; `serve` imports the web
stack (Flask, the server) only when it runs, so the other commands start as fast as before.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import LedgerError
from ..messages import say
from ..render import visible
from .app import CommandGroup, Commands
from .common import current_user, echo, now, open_store, output, settings_of, warn_workdays
from .options import ByOpt, FormatOpt


class RoleChoice(str, Enum):
    unit = "unit"
    office = "office"
    leader = "leader"


def _read_password(name: str, from_stdin: bool) -> str:
    """One line from standard input, or asked twice without echo."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise LedgerError(say("password_no_stdin"))
        return line.rstrip("\r\n")
    import getpass

    first = getpass.getpass(say("password_prompt", name=name) + ": ")
    if first != getpass.getpass(say("password_again") + ": "):
        raise LedgerError(say("password_mismatch"))
    return first


# -- ledger user --------------------------------------------------------------------------------------------

commands = Commands()
user_app = Commands(name="user", cls=CommandGroup, help=say("help_user"), no_args_is_help=True)
AccountName = Annotated[str, typer.Argument(metavar="NAME", help=say("help_user_name"))]
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help=say("help_user_password_stdin"))]


@user_app.command("add", help=say("help_user_add"))
def user_add(
    ctx: typer.Context,
    name: AccountName,
    unit: Annotated[Optional[str], typer.Option("--unit", help=say("help_user_unit"))] = None,
    role: Annotated[RoleChoice, typer.Option("--role", help=say("help_user_role"))] = RoleChoice.unit,
    password_stdin: PasswordStdin = False,
) -> None:
    from .. import query
    from ..review import AccountRole, add_account, check_new_password

    store = open_store(ctx)
    unit_name = query.known_unit(store, unit) if unit else None
    if store.account(name.strip()) is not None:  # before asking for a password that would be thrown away
        raise LedgerError(say("account_exists", name=name.strip()))
    if AccountRole(role.value) is AccountRole.UNIT and not unit_name:
        raise LedgerError(say("account_needs_unit"))
    password = check_new_password(_read_password(name, password_stdin))
    add_account(store, name, unit_name, AccountRole(role.value), password, at=now(), by=current_user())
    echo(visible(say("account_added", name=name.strip(), role=say(f"role_account_{role.value}"),
                     unit=say("account_unit_suffix", unit=unit_name) if unit_name else "")))


@user_app.command("passwd", help=say("help_user_passwd"))
def user_passwd(ctx: typer.Context, name: AccountName, password_stdin: PasswordStdin = False) -> None:
    from ..review import change_password, check_new_password

    store = open_store(ctx)
    if store.account(name) is None:
        raise LedgerError(say("account_unknown", name=name))
    change_password(store, name, check_new_password(_read_password(name, password_stdin)), at=now(),
                    by=current_user())
    echo(visible(say("password_changed", name=name)))


@user_app.command("disable", help=say("help_user_disable"))
def user_disable(ctx: typer.Context, name: AccountName) -> None:
    changed = open_store(ctx).disable_account(name, at=now(), by=current_user())
    echo(visible(say("account_disabled" if changed else "account_was_disabled", name=name)))


USER_COLUMNS = ("account", "unit", "role", "disabled", "created_at")


@user_app.command("list", help=say("help_user_list"))
def user_list(ctx: typer.Context, format: FormatOpt = None) -> None:
    accounts = open_store(ctx).accounts()
    rows = [[account.name, account.unit or "", say(f"role_account_{account.role}"),
             say("yes") if account.disabled else say("no"), account.created_at] for account in accounts]
    json_rows = [{"account": account.name, "unit": account.unit, "role": account.role, "disabled": account.disabled,
                  "created_at": account.created_at} for account in accounts]
    output(format).rows(USER_COLUMNS, rows, json_rows=json_rows)


# -- ledger review ------------------------------------------------------------------------------------------

review_app = Commands(name="review", cls=CommandGroup, help=say("help_review"), invoke_without_command=True)
groups = {"user": user_app, "review": review_app}
REQUEST_COLUMNS = ("id", "plan", "task", "kind", "by", "unit", "at", "note", "on", "to")
RequestId = Annotated[int, typer.Argument(metavar="N", help=say("help_review_id"))]


def _office(by: Optional[str]):
    from ..review import Actor, AccountRole

    return Actor(current_user(by), None, AccountRole.OFFICE)


@review_app.callback()
def review_list(ctx: typer.Context, format: FormatOpt = None) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from ..review import pending

    requests = pending(open_store(ctx))
    json_rows = [{"id": request.id, "plan": request.plan, "task": request.number, "kind": request.kind,
                  "by": request.by, "unit": request.unit, "at": request.at, "note": request.text,
                  "period": request.period, **({"on": request.on} if request.kind == "done" else {"to": request.to})}
                 for request in requests]
    out = output(format)
    if not requests and (format is None or format.value in ("plain", "table")):
        echo(say("no_requests"), err=True)  # on stderr: a script reading stdout sees no rows
        return
    out.rows(REQUEST_COLUMNS, [[str(request.id), request.plan, str(request.number), say(f"request_kind_{request.kind}"),
                                request.by, request.unit or "", request.at, request.text, request.on or "",
                                request.to or ""] for request in requests], json_rows=json_rows)


@review_app.command("approve", help=say("help_review_approve"))
def review_approve(ctx: typer.Context, request_id: RequestId, by: ByOpt = None) -> None:
    from ..review import approve

    request = approve(open_store(ctx), _office(by), request_id, at=now())
    echo(visible(say("approved_request", id=request.id, kind=say(f"request_kind_{request.kind}"),
                     number=request.number, plan=request.plan, by=request.by)))


@review_app.command("return", help=say("help_review_return"))
def review_return(
    ctx: typer.Context,
    request_id: RequestId,
    note: Annotated[str, typer.Option("--note", help=say("help_review_note"))],
    by: ByOpt = None,
) -> None:
    from ..review import return_request

    request = return_request(open_store(ctx), _office(by), request_id, note, at=now())
    echo(visible(say("returned_request", id=request.id, kind=say(f"request_kind_{request.kind}"),
                     number=request.number, plan=request.plan, by=request.by)))


# -- ledger serve -------------------------------------------------------------------------------------------

@commands.command(help=say("help_serve"))
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help=say("help_serve_host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=say("help_serve_port"), min=0, max=65535)] = 8080,
    cert: Annotated[Optional[Path], typer.Option("--cert", metavar="FILE", help=say("help_serve_cert"))] = None,
    key: Annotated[Optional[Path], typer.Option("--key", metavar="FILE", help=say("help_serve_key"))] = None,
    threads: Annotated[int, typer.Option("--threads", help=say("help_serve_threads"), min=1, max=64)] = 8,
) -> None:
    from ..web.serve import run_server

    settings = settings_of(ctx)
    if (cert is None) != (key is None):
        raise LedgerError(say("serve_cert_and_key"))
    for option, path in (("--cert", cert), ("--key", key)):
        if path is not None and not path.is_file():
            raise LedgerError(say("serve_file_missing", option=option, path=path))
    fixed_today = settings.today if settings.today_given else None
    store = open_store(ctx)  # a ledger that cannot be opened is an Error line before anything listens
    if not store.accounts():
        echo(say("serve_no_accounts"), err=True)
    run_server(settings.db, host, port, cert, key, threads, fixed_today, warn_workdays(),
               lambda line: print(line, flush=True))
