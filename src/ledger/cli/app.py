"""The `ledger` app: the root group and its global options (stored on `ctx.obj`), the commands loaded lazily,
and the error boundary.

Only the module of the command a command line names is imported and built (Click's lazy group: `COMMANDS`
says which module holds which command); `--help` and a mistyped name see them all. A new area of commands is a
module of cli/ with a `commands` registry (and `groups` for a command with subcommands), named in `COMMANDS`.
"""

import importlib
import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Optional

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..errors import LedgerError
from ..language import click_sentence
from ..messages import restore_language, say, use_language
from ..render import visible
from ..store import location
from .common import Settings, check_db_folder, echo
from .options import DATE_METAVAR, Language, parse_date

# Every command, in the order --help lists them, and the module of cli/ that holds it.
COMMANDS = {
    "import": "importing",
    "list": "listing", "due": "listing", "overdue": "listing", "show": "listing",
    "done": "changes", "postpone": "changes", "evidence": "changes", "note": "changes", "cancel": "changes",
    "reopen": "changes",
    "units": "reports", "report": "reports", "export": "reports", "backup": "reports", "copy": "copy",
    "plans": "plans", "carry": "plans",
    "remind": "units",
    "serve": "web",
    "plan": "plans", "unit": "units", "user": "web", "review": "web",
}


class LedgerCommand(TyperCommand):
    """A command whose usage line and help option speak the interface language (Click writes them in English)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=say("click_usage"))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = say("click_help_option")
        return option


class CommandGroup(TyperGroup):
    """A command with subcommands (`ledger plan …`, `ledger unit …`), speaking the interface language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=say("click_usage"))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = say("click_help_option")
        return option


class Commands(typer.Typer):
    """The commands of one module of cli/, registered as LedgerCommands; LedgerGroup builds the one it needs."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(add_completion=False, **settings)

    def command(self, name: Optional[str] = None, *, cls: Optional[type[TyperCommand]] = None,
                **settings: Any) -> Any:
        return super().command(name, cls=cls or LedgerCommand, **settings)


class BoundaryGroup(CommandGroup):
    """The error boundary. A LedgerError is one `Error:` line on stderr and its exit code; a usage error
    (Click's) the usage, a hint and one `Error:` line, exit 2; anything else we did not foresee one
    `Error: internal error: …` line and exit 1 (LEDGER_DEBUG=1 shows the traceback)."""

    def main(self, args: Optional[Sequence[str]] = None, prog_name: Optional[str] = None,
             complete_var: Optional[str] = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except LedgerError as error:
            error_line(str(error))
            code = error.exit_code
        except typer.TyperException as error:  # Click's usage errors
            show_usage_error(error)
            code = error.exit_code
        except typer.Abort:
            echo(say("typer_aborted_bang"), err=True)
            code = 1
        except Exception as error:
            if os.environ.get("LEDGER_DEBUG"):
                raise
            error_line(say("internal_error", error=f"{type(error).__name__}: {error}"))
            code = 1
        sys.exit(code if isinstance(code, int) else 0)


class LedgerGroup(BoundaryGroup):
    """The root group: the error boundary (`BoundaryGroup.main`), its commands loaded lazily."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in COMMANDS:
            return None
        if name not in self.commands:
            self.commands[name] = self._build(name)
        return self.commands[name]

    def _build(self, name: str) -> Any:
        module = importlib.import_module(f"{__package__}.{COMMANDS[name]}")
        groups: dict[str, typer.Typer] = getattr(module, "groups", {})
        if name in groups:
            group = typer.main.get_command(groups[name])
            assert isinstance(group, TyperGroup)
            for command in group.commands.values():
                command.params.extend(options_after_the_command())
            return group
        info = next(info for info in module.commands.registered_commands
                    if (info.name or typer.main.get_command_name(info.callback.__name__)) == name)
        command = typer.main.get_command_from_info(info, pretty_exceptions_short=False,
                                                   rich_markup_mode=self.rich_markup_mode)
        command.params.extend(options_after_the_command())
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Typer suggests a command for a mistyped name among those it has built: here, among them all."""
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as error:  # Click's "No such command 'duee'."
            import difflib

            close = difflib.get_close_matches(args[0], list(COMMANDS)) if args else []
            if close and "Did you mean" not in error.message:
                error.message = f"{error.message.rstrip('.')}. Did you mean {', '.join(map(repr, close))}?"
            raise

def error_line(message: str) -> None:
    echo(say("error_prefix") + visible(message), err=True)


def show_usage_error(error: typer.TyperException) -> None:
    """A usage error as Click shows one, in the interface language: the usage, how to get help, the error."""
    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError":  # `ledger` alone: the help has been shown already
        return
    if ctx is not None:
        echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            echo(say("click_try_help", command=f"{ctx.command_path} {ctx.help_option_names[0]}"), err=True)
    error_line(click_sentence(error.format_message()))


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


def speak(ctx: typer.Context, language: Optional[Language]) -> None:
    """--lang for the sentences this command says (the help was built in it already: cli.run chose it first)."""
    if language is not None:
        token = use_language(language.value)
        ctx.call_on_close(lambda: restore_language(token))


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option(envvar="LEDGER_DB", metavar="PATH|URL", help=say("help_db"),
                                              show_default=say("help_db_default"))] = None,
    today: Annotated[Optional[str], typer.Option(envvar="LEDGER_TODAY", metavar=DATE_METAVAR,
                                                 help=say("help_today"))] = None,
    lang: Annotated[Optional[Language], typer.Option("--lang", help=say("help_lang"),
                                                     show_default=say("help_lang_default"))] = None,
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help=say("help_version"))] = False,
) -> None:
    speak(ctx, lang)
    try:
        today_date = parse_date(today) if today is not None else date.today()
    except typer.BadParameter as error:
        # From the environment, the error names the variable: nobody typed --today.
        source = ctx.get_parameter_source("today")
        from_environment = source is not None and source.name == "ENVIRONMENT"
        error.param_hint = "LEDGER_TODAY" if from_environment else "'--today'"
        raise
    ctx.obj = Settings(db_option=check_db_folder(location(db)) if db else None, today=today_date,
                       today_given=today is not None)


# The global options after the command (`ledger due --today 2022-12-01`), as people write them too: each
# command takes them, hidden from its help, and they update the settings the app's callback made.

def _db_after(ctx: typer.Context, value: Optional[str]) -> None:
    if value is not None:
        ctx.find_root().obj.db_option = check_db_folder(location(value))


def _today_after(ctx: typer.Context, value: Optional[date]) -> None:
    if value is not None:
        settings = ctx.find_root().obj
        settings.today, settings.today_given = value, True


def _lang_after(ctx: typer.Context, value: Optional[Language]) -> None:
    speak(ctx, value)


def _global_options(
    db: Annotated[Optional[str], typer.Option("--db", hidden=True, expose_value=False, callback=_db_after,
                                              metavar="PATH|URL", help=say("help_db"))] = None,
    today: Annotated[Optional[date], typer.Option("--today", hidden=True, expose_value=False, parser=parse_date,
                                                  metavar=DATE_METAVAR, callback=_today_after,
                                                  help=say("help_today"))] = None,
    lang: Annotated[Optional[Language], typer.Option("--lang", hidden=True, expose_value=False,
                                                     callback=_lang_after, help=say("help_lang"))] = None,
) -> None:
    """The global options as a command's own."""


def options_after_the_command() -> list[Any]:
    registry = Commands()
    registry.command()(_global_options)
    return typer.main.get_command(registry).params
