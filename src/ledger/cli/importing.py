"""`ledger import`: a plan file into the ledger."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import LedgerError
from ..messages import say
from .app import Commands
from ..render import visible
from .common import current_user, echo, now, output, settings_of
from .options import Format

commands = Commands()


@commands.command("import", help=say("help_import"))
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=say("help_import_file"))],
    plan: Annotated[Optional[str], typer.Option(help=say("help_import_plan"),
                                                show_default=say("help_import_plan_default"))] = None,
    year: Annotated[Optional[int], typer.Option(help=say("help_import_year"), min=1900, max=2999)] = None,
    encoding: Annotated[Optional[str], typer.Option(help=say("help_import_encoding"),
                                                    show_default=say("help_import_encoding_default"))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=say("help_import_dry_run"))] = False,
    format: Annotated[Optional[Format], typer.Option("--format", "-f", show_default=False,
                                                     help=say("help_import_format"))] = None,
    sheet: Annotated[Optional[str], typer.Option(help=say("help_import_sheet"),
                                                 show_default=False)] = None,
    column: Annotated[Optional[list[str]], typer.Option("--column", metavar="TITLE=ROLE",
                                                        help=say("help_import_column"))] = None,
) -> None:
    from ..importing import import_file
    from ..render.summary import same_plan_warning

    summary = import_file(settings_of(ctx).db, file, plan_name=plan, year=year, encoding=encoding, dry_run=dry_run,
                          at=now(), by=current_user(), terminal=sys.stderr.isatty(), sheet=sheet,
                          columns=named_columns(column or []))
    warning = same_plan_warning(summary)
    if warning:
        echo(visible(warning), err=True)
    output(format).imported(summary)


def named_columns(values: list[str]) -> dict[str, str]:
    """--column TITLE=ROLE, each: {title: role}."""
    from ..columns import USER_ROLES, parse_column_option

    named = {}
    for value in values:
        parsed = parse_column_option(value)
        if parsed is None:
            raise LedgerError(say("bad_column_option", value=value, roles=", ".join(USER_ROLES)))
        named[parsed[0]] = parsed[1]
    return named
