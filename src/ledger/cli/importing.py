"""`ledger import`: a plan file into the ledger."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import LedgerError
from ..messages import say
from .app import app
from ..render import visible
from .common import Format, Settings, current_user, echo, now, output


@app.command("import", help=say("help_import"))
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
    from ..columns import USER_ROLES, parse_column_option
    from ..importing import import_file, same_plan_warning

    settings: Settings = ctx.obj
    named_columns = {}
    for value in column or []:
        parsed = parse_column_option(value)
        if parsed is None:
            raise LedgerError(say("bad_column_option", value=value, roles=", ".join(USER_ROLES)))
        named_columns[parsed[0]] = parsed[1]
    summary = import_file(settings.db, file, plan_name=plan, year=year, encoding=encoding, dry_run=dry_run,
                          at=now(), by=current_user(None), terminal=sys.stderr.isatty(), sheet=sheet,
                          columns=named_columns)
    warning = same_plan_warning(summary)
    if warning:
        echo(visible(warning), err=True)
    output(format).imported(summary)
