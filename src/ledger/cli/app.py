"""The `ledger` app: its global options (stored on `ctx.obj`), the error boundary, and the installed command.

The clock and the environment are read in the callback, once, and passed down; the interface language is
chosen before the app is built, since every help text is a catalogue entry said when its decorator runs.
"""

import errno
import os
import sys
from datetime import date
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from .. import __version__
from ..errors import LedgerError
from ..messages import say
from ..render import visible
from ..store import location
from .common import Language, Settings, check_db_folder, default_db, echo, forgiving_streams, parse_today


class LedgerGroup(TyperGroup):
    """The error boundary: a LedgerError is one `Error:` line on stderr and its exit code; anything else we did
    not foresee is one `Error: internal error: …` line and exit 1 (LEDGER_DEBUG=1 shows the traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LedgerError as exc:
            _error_line(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except (TyperException, typer.Exit, typer.Abort, EOFError):
            raise  # usage errors and exits: Typer's own, with their own exit codes
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # a reader that stopped reading (`| head`): Typer ends quietly
            _internal_error(exc)
        except Exception as exc:
            _internal_error(exc)


def _error_line(message: str) -> None:
    echo(say("error_prefix") + visible(message), err=True)


def _internal_error(exc: Exception) -> None:
    if os.environ.get("LEDGER_DEBUG"):
        raise exc
    _error_line(say("internal_error", error=f"{type(exc).__name__}: {exc}"))
    raise typer.Exit(1) from None


app = typer.Typer(
    cls=LedgerGroup,
    help=say("help_app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def version_callback(show: bool) -> None:
    if show:
        echo(f"ledger {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option(envvar="LEDGER_DB", metavar="PATH|URL", help=say("help_db"),
                                              show_default=say("help_db_default"))] = None,
    today: Annotated[Optional[str], typer.Option(envvar="LEDGER_TODAY", metavar="YYYY-MM-DD",
                                                 help=say("help_today"))] = None,
    lang: Annotated[Optional[Language], typer.Option("--lang", help=say("help_lang"),
                                                     show_default=say("help_lang_default"))] = None,
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help=say("help_version"))] = False,
) -> None:
    # --lang was read from the command line before the app was built (choose_language); here it is only listed.
    from_environment = ctx.get_parameter_source("today").name == "ENVIRONMENT"
    today_date = parse_today(today, "LEDGER_TODAY" if from_environment else "--today")
    ctx.obj = Settings(db=check_db_folder(location(db)) if db else default_db(), today=today_date or date.today(),
                       opened=[])
    ctx.call_on_close(ctx.obj.close)


def run() -> None:
    """The installed `ledger` command: `app`, building only the commands this command line names.

    Typer turns every command's signature into Click parameters on each start (about 10 ms for all of
    them here); a run needs just its own. A value that happens to equal a command name only adds that
    command, and with no command named (`ledger --help`, a mistyped name) every command is kept.
    """
    forgiving_streams()
    sys.argv[1:] = global_options_first(sys.argv[1:])
    named = set(sys.argv[1:])
    wanted = [command for command in app.registered_commands
              if (command.name or command.callback.__name__).replace("_", "-") in named]
    if wanted:
        app.registered_commands = wanted
    app(prog_name="ledger")


GLOBAL_OPTIONS = ("--db", "--today", "--lang")


def global_options_first(args: list[str]) -> list[str]:
    """`ledger due --today 2022-12-01` as `ledger --today 2022-12-01 due`: people write the global options
    after the command too, and Click knows them only before it. Nothing after `--` moves."""
    moved, kept = [], []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            kept += args[index:]
            break
        name = arg.split("=", 1)[0]
        if kept and name in GLOBAL_OPTIONS:  # after the command (or a global option's value, which is harmless)
            takes_next = "=" not in arg and index + 1 < len(args)
            moved += args[index:index + 2] if takes_next else [arg]
            index += 2 if takes_next else 1
            continue
        kept.append(arg)
        index += 1
    return moved + kept
