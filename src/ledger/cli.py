"""The `ledger` command: global options, one thin function per command, and the error boundary.

The clock and the environment are read here, once, and passed down; so is the interface language, before
the app below is built, since every help text is a catalogue entry said when its decorator runs.
"""

import enum
import errno
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, NamedTuple, Optional

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from . import __version__, outputs, query
from .errors import LedgerError
from .language import choose_language, speak_typer_words, windows_ui_language
from .messages import CHINESE, say, use_language, word
from .model import Role
from .render import Formatter, formatter, visible
from .store import Location, PostgresURL, Store, TaskFilter, location


LANGUAGE = choose_language(sys.argv[1:], os.environ, windows_ui_language() if sys.platform == "win32" else None)
use_language(LANGUAGE)
if LANGUAGE != "en":
    speak_typer_words()


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


def choices(name: str, values: tuple[str, ...]) -> type[enum.Enum]:
    """The values an option accepts, as the str Enum Typer lists in --help."""
    return enum.Enum(name, {value: value for value in values}, type=str)


FORMATS = ("table", "plain", "json", "csv", "markdown")
Format = choices("Format", FORMATS)
# --role and --status take the Chinese words as well (SPEC §9): 牵头 is lead, 已完成 is done, 全部 is all.
ROLES_IN_CHINESE = {CHINESE[f"role_{role.value}"]: role.value for role in Role}
STATUSES = ("open", "done", "cancelled", "removed", "carried")
STATUSES_IN_CHINESE = {**{CHINESE[f"status_{status}"]: status for status in STATUSES}, "全部": "all"}
RoleChoice = choices("RoleChoice", tuple(role.value for role in Role) + tuple(ROLES_IN_CHINESE))
StatusChoice = choices("StatusChoice", STATUSES + ("all",) + tuple(STATUSES_IN_CHINESE))
Language = choices("Language", ("zh", "en"))
ReportBy = choices("ReportBy", ("unit", "section"))
ReportFormat = choices("ReportFormat", FORMATS + ("xlsx",))
ExportFormat = choices("ExportFormat", ("xlsx", "csv", "json"))


class Settings(NamedTuple):
    db: Location  # a SQLite file, or a PostgreSQL database (--db postgresql://…)
    today: date
    opened: list  # the stores this command opened, closed when it ends (so no -wal file lingers)

    def store(self, create: bool = False) -> Store:
        store = Store.open(self.db, create=create)
        self.opened.append(store)
        return store

    def close(self) -> None:
        for store in self.opened:
            store.close()


def default_db() -> Path:
    import platformdirs  # only when --db and LEDGER_DB are both absent

    return platformdirs.user_data_path("ledger", appauthor=False) / "ledger.db"


def parse_today(value: Optional[str], variable: str = "--today") -> Optional[date]:
    """YYYY-MM-DD exactly: Python 3.11's fromisoformat would also take 20221201 or 2022-W48-4."""
    if value is None:
        return None
    try:
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        # From the environment, the error names the variable: nobody typed --today.
        raise typer.BadParameter(say("bad_today", value=value), param_hint=variable) from None


def check_db_folder(db: Location) -> Location:
    """A --db (or LEDGER_DB) in a folder that does not exist is a typo to report, not a folder to create."""
    if isinstance(db, Path) and not db.parent.is_dir():
        raise LedgerError(say("db_no_folder", path=db, folder=db.parent))
    return db


def now() -> str:
    """The real time of a change, for its history (--today never moves it)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def current_user(by: Optional[str]) -> str:
    if by:
        return by
    if os.environ.get("LEDGER_USER"):
        return os.environ["LEDGER_USER"]
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name, e.g. a container without a passwd entry
        return "unknown"


def screen_format() -> str:
    """The format when none is chosen: a table on a terminal, plain lines when piped (cron mail)."""
    return "table" if sys.stdout.isatty() else "plain"


def output(chosen: Optional[Format]) -> Formatter:
    """The formatter of a command that prints, chosen once from --format."""
    return formatter(chosen.value if chosen else screen_format(), sys.stdout, _calendar)


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


# Options shared by several commands.
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help=say("help_format"), show_default=False)]
PlanOpt = Annotated[Optional[str], typer.Option("--plan", help=say("help_plan_only"),
                                                show_default=say("help_plan_only_default"))]
CoverPlanOpt = Annotated[Optional[str], typer.Option("--plan", help=say("help_cover_plan"),
                                                     show_default=say("help_cover_plan_default"))]
TaskPlanOpt = Annotated[Optional[str], typer.Option("--plan", envvar="LEDGER_PLAN", help=say("help_task_plan"))]
UnitOpt = Annotated[Optional[str], typer.Option("--unit", help=say("help_filter_unit"))]
RoleOpt = Annotated[Optional[RoleChoice], typer.Option("--role", help=say("help_role"))]
SectionOpt = Annotated[Optional[int], typer.Option("--section", help=say("help_section"))]
ChangeFormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", show_default=False,
                                                           help=say("help_change_format"))]
ByOpt = Annotated[Optional[str], typer.Option("--by", help=say("help_by"), show_default=say("help_by_default"))]
TaskId = Annotated[int, typer.Argument(metavar="ID", help=say("help_task_id"))]


def role_value(role: Optional[enum.Enum]) -> Optional[Role]:
    """--role as the Role it names, in either language."""
    return None if role is None else Role(ROLES_IN_CHINESE.get(role.value, role.value))


def status_value(status: Optional[enum.Enum]) -> Optional[str]:
    """--status as the status it names (or "all"), in either language."""
    return None if status is None else STATUSES_IN_CHINESE.get(status.value, status.value)


def _filter(store: Store, plan, unit, role, section, status: str = "present") -> TaskFilter:
    return query.check_filter(store, TaskFilter(plan, unit, role_value(role), section, status))


def _show(out: Formatter, items, with_notes: bool = False) -> None:
    """Tasks through the formatter; every format but plain shows warning lights, counted in working days."""
    out.tasks(items, with_notes=with_notes)
    missing = out.missing_calendar_years()
    if missing:
        echo(say("no_calendar_data", years=", ".join(map(str, missing))), err=True)


def _calendar():
    """The working-day calendar of the warning lights (the holiday data: loaded only when a format needs it)."""
    from .workdays import WorkCalendar

    return WorkCalendar(_warn_workdays())


def _warn_workdays() -> int:
    value = os.environ.get("LEDGER_WARN_DAYS", "")
    if not value:
        return 5
    if not value.isdigit():
        raise LedgerError(say("bad_warn_days", value=value))
    return int(value)


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
    from .columns import USER_ROLES, parse_column_option
    from .importing import import_file

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
    output(format).imported(summary)


@app.command("list", help=say("help_list"))
def list_(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    status: Annotated[Optional[StatusChoice], typer.Option(help=say("help_list_status"),
                                                           show_default=say("help_list_status_default"))] = None,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    where = _filter(store, plan, unit, role, section, status_value(status) or "present")
    _show(output(format), query.list_tasks(store, where, settings.today))


@app.command(help=say("help_due"))
def due(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    within: Annotated[int, typer.Option(help=say("help_due_within"), min=0)] = 30,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    where = _filter(store, plan, unit, role, section)
    _show(output(format), query.due(store, where, settings.today, within))


@app.command(help=say("help_overdue"))
def overdue(
    ctx: typer.Context,
    plan: PlanOpt = None, unit: UnitOpt = None, role: RoleOpt = None, section: SectionOpt = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help=say("help_overdue_exit_code"))] = False,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    where = _filter(store, plan, unit, role, section)
    late = query.overdue(store, where, settings.today)
    if late:
        _show(output(format), late)
    else:
        output(format).no_tasks()
    if late and exit_code:
        raise typer.Exit(3)


@app.command(help=say("help_show"))
def show(
    ctx: typer.Context,
    task_id: TaskId,
    plan: TaskPlanOpt = None,
    format: FormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    task = store.task(query.resolve_plan(store, plan), task_id)
    _show(output(format), [query.view(task, settings.today)], with_notes=True)


def _record(ctx: typer.Context, task_id: int, plan: Optional[str], kind: str, text: str, by: Optional[str],
            format: Optional[Format], period: Optional[str] = None, data: Optional[dict] = None,
            evidence: tuple = ()) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    plan_name = query.resolve_plan(store, plan)
    task = store.add_note(plan_name, task_id, kind, text, at=now(), by=current_user(by), period=period, data=data,
                          evidence=evidence)
    _confirm(settings, task, kind, format)


def _confirm(settings: "Settings", task, kind: str, format: Optional[Format]) -> None:
    """What a change did: the changed task as `show` gives it (json), or one line naming plan, task and period."""
    excerpt = task.text if len(task.text) <= 24 else task.text[:23] + "…"
    latest = task.notes[-1] if task.notes else None
    said = say(f"said_{kind}")
    if latest is not None and latest.period and kind == latest.kind:
        said = say("said_with_period", said=said, period=latest.period)
    output(format).changed(query.view(task, settings.today), say(
        "changed", said=said, number=task.number, plan=task.plan, excerpt=excerpt, status=word("status", task.status.value)))


def _required_text(note: str, refusal: str) -> str:
    """The note's text; a blank one is refused, since history keeps it forever."""
    text = _note_text(note)
    if not text.strip():
        raise LedgerError(refusal)
    return text


def _note_text(note: Optional[str]) -> str:
    if note == "-":
        return sys.stdin.read().strip()
    return note or ""


@app.command(help=say("help_done"))
def done(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[Optional[str], typer.Option(help=say("help_done_note"))] = None,
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="KEY",
                                                  help=say("help_done_period"))] = None,
    on: Annotated[Optional[str], typer.Option("--on", metavar="YYYY-MM-DD", help=say("help_done_on"))] = None,
    evidence: Annotated[Optional[list[str]], typer.Option("--evidence", metavar="PATH_OR_URL",
                                                          help=say("help_done_evidence"))] = None,
    format: ChangeFormatOpt = None,
) -> None:
    from .evidence import read_evidence

    settings: Settings = ctx.obj
    completed = _date_option("--on", on) or settings.today
    if completed > settings.today:
        raise LedgerError(say("done_in_future", on=completed.isoformat(), today=settings.today.isoformat()))
    kept = read_evidence(evidence or ())  # every file read before anything is written
    _record(ctx, task_id, plan, "done", _note_text(note), by, format, period=period,
            data={"completed_on": completed.isoformat()}, evidence=kept)


def _date_option(option: str, value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LedgerError(say("bad_date_option", option=option, value=value)) from None


@app.command(help=say("help_postpone"))
def postpone(
    ctx: typer.Context,
    task_id: TaskId,
    to: Annotated[str, typer.Option("--to", metavar="YYYY-MM-DD", help=say("help_postpone_to"))],
    note: Annotated[str, typer.Option("--note", help=say("help_postpone_note"))],
    by: ByOpt = None,
    approved_by: Annotated[Optional[str], typer.Option("--approved-by", metavar="NAME",
                                                       help=say("help_postpone_approved_by"))] = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="KEY",
                                                  help=say("help_postpone_period"))] = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    settings: Settings = ctx.obj
    new_due = _date_option("--to", to)
    reason = _note_text(note)
    if not reason.strip():
        raise LedgerError(say("postpone_reason"))
    store = settings.store()
    plan_name = query.resolve_plan(store, plan)
    task = store.postpone(plan_name, task_id, new_due, settings.today, reason, at=now(), by=current_user(by),
                          approved_by=approved_by, period=period)
    _confirm(settings, task, "postpone", format)


@app.command("evidence", help=say("help_evidence"))
def evidence_(
    ctx: typer.Context,
    task_id: TaskId,
    save: Annotated[Path, typer.Option("--save", metavar="DIR", help=say("help_evidence_save"))],
    plan: TaskPlanOpt = None,
) -> None:
    from .evidence import save_evidence

    settings: Settings = ctx.obj
    store = settings.store()
    plan_name = query.resolve_plan(store, plan)
    store.task(plan_name, task_id)  # an unknown task is an error, not an empty folder
    files = store.evidence_files(plan_name, task_id)
    if not files:  # nothing to save: say so, and leave no empty folder behind
        echo(visible(say("evidence_none", number=task_id, plan=plan_name)))
        return
    written = save_evidence(files, save, settings.db)
    if len(written) == 1:
        echo(visible(say("evidence_saved_one", number=task_id, plan=plan_name, path=save)))
    else:
        echo(visible(say("evidence_saved", count=len(written), number=task_id, plan=plan_name, path=save)))


@app.command(help=say("help_note"))
def note(
    ctx: typer.Context,
    task_id: TaskId,
    text: Annotated[str, typer.Argument(help=say("help_note_text"))],
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    _record(ctx, task_id, plan, "note", _required_text(text, say("note_blank")), by, format)


@app.command(help=say("help_cancel"))
def cancel(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[str, typer.Option(help=say("help_cancel_note"))],
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    _record(ctx, task_id, plan, "cancel", _required_text(note, say("cancel_reason")), by, format)


@app.command(help=say("help_reopen"))
def reopen(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[Optional[str], typer.Option(help=say("help_reopen_note"))] = None,
    by: ByOpt = None,
    plan: TaskPlanOpt = None,
    format: ChangeFormatOpt = None,
) -> None:
    _record(ctx, task_id, plan, "reopen", _note_text(note), by, format)


@app.command(help=say("help_units"))
def units(ctx: typer.Context, plan: CoverPlanOpt = None, format: FormatOpt = None) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    rows, total = query.progress(store, "unit", _plan_to_cover(store, plan), settings.today, _warn_workdays())
    output(format).progress(rows, total, "unit")


def _plan_to_cover(store: Store, plan: Optional[str]) -> Optional[str]:
    """The plan report, units and export cover; one chosen by default is named on stderr."""
    name, by_default = query.plan_to_cover(store, plan)
    if by_default:
        echo(visible(say("covering_plan", plan=name)), err=True)
    return name


@app.command(help=say("help_report"))
def report(
    ctx: typer.Context,
    plan: CoverPlanOpt = None,
    by: Annotated[ReportBy, typer.Option(help=say("help_report_by"))] = ReportBy.unit,
    format: Annotated[Optional[ReportFormat], typer.Option("--format", "-f", show_default=False,
                                                           help=say("help_report_format"))] = None,
    output: Annotated[Optional[Path], typer.Option(help=say("help_report_output"))] = None,
    force: Annotated[bool, typer.Option("--force", help=say("help_report_force"))] = False,
) -> None:
    settings: Settings = ctx.obj
    target = outputs.choose(output, format.value if format else None, screen_format(), "plain", force, settings.db)
    store = settings.store()
    rows, total = query.progress(store, by.value, _plan_to_cover(store, plan), settings.today, _warn_workdays())
    with outputs.formatter_for(target) as out:
        out.progress(rows, total, by.value)
    if target.path:
        echo(say("wrote_report", by=say("head_unit") if by.value == "unit" else say("head_section"), rows=len(rows),
                 path=target.path))


@app.command(help=say("help_export"))
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option(help=say("help_export_output"))],
    format: Annotated[Optional[ExportFormat], typer.Option("--format", "-f", show_default=False,
                                                           help=say("help_export_format"))] = None,
    plan: CoverPlanOpt = None,
    force: Annotated[bool, typer.Option("--force", help=say("help_export_force"))] = False,
) -> None:
    from .export import write_ledger

    settings: Settings = ctx.obj
    target = outputs.choose(output, format.value if format else None, None, None, force, settings.db)
    store = settings.store()
    plan = _plan_to_cover(store, plan)
    where = TaskFilter(plan, status="all", archived=True)
    items = query.list_tasks(store, where, settings.today)
    progress = {by: query.progress(store, by, plan, settings.today, _warn_workdays()) for by in ("unit", "section")}
    years = {row["plan"]: row["year"] for row in store.plans()}
    write_ledger(target, items, progress, _calendar(), {item.task.plan: years[item.task.plan] for item in items})
    if target.path:
        plan_names = sorted({item.task.plan for item in items})
        echo(say("wrote_export", count=len(items), plans=", ".join(plan_names) or say("no_plan"), path=target.path))


@app.command(help=say("help_backup"))
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=say("help_backup_file"))],
    force: Annotated[bool, typer.Option("--force", help=say("help_backup_force"))] = False,
) -> None:
    settings: Settings = ctx.obj
    outputs.check_new_file(file, force, settings.db)
    settings.store().backup(file, replace=force)
    echo(say("backed_up", source=settings.db, path=file))


plan_app = typer.Typer(help=say("help_plan"), no_args_is_help=True)
app.add_typer(plan_app, name="plan")
AllPlansOpt = Annotated[bool, typer.Option("--all", help=say("help_plan_list_all"))]
PlanName = Annotated[str, typer.Argument(metavar="NAME", help=say("help_plan_name"))]

@app.command(help=say("help_plan_list"))
def plans(ctx: typer.Context, all: AllPlansOpt = False, format: FormatOpt = None) -> None:
    _list_plans(ctx, all, format)


@plan_app.command("list", help=say("help_plan_list"))
def plan_list(ctx: typer.Context, all: AllPlansOpt = False, format: FormatOpt = None) -> None:
    _list_plans(ctx, all, format)


def _list_plans(ctx: typer.Context, archived: bool, format: Optional[Format]) -> None:
    from .render import PLAN_COLUMNS

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


def _backup_before_removing(db: Location, plan: str, stamp: str) -> Path:
    """Beside a SQLite ledger; for a PostgreSQL one, a SQLite file in the user's data folder."""
    if isinstance(db, PostgresURL):
        return default_db().with_name(f"{db.database}-before-removing-{plan}-{stamp}.db")
    return db.with_name(f"{db.stem}-before-removing-{plan}-{stamp}{db.suffix}")


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

unit_app = typer.Typer(cls=LedgerGroup, help=say("help_unit"), no_args_is_help=True)
app.add_typer(unit_app, name="unit")


DIRECTORY_FIELDS = {"email": "field_email", "leader": "field_leader", "alias": "field_alias", "members": "field_members"}


def _changes(changes: list[tuple]) -> str:
    return "; ".join(say("change", field=say(DIRECTORY_FIELDS[field]), old=old or "—", new=new or "—")
                     for field, old, new in changes)


@unit_app.command("set", help=say("help_unit_set"))
def unit_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help=say("help_unit_set_name"))],
    email: Annotated[Optional[str], typer.Option(help=say("help_unit_set_email"))] = None,
    leader: Annotated[Optional[str], typer.Option(help=say("help_unit_set_leader"))] = None,
) -> None:
    from .mail import check_address
    from .units import normalize_unit_name

    settings: Settings = ctx.obj
    store = settings.store()
    unit = store.directory().canonical(normalize_unit_name(name))
    address = check_address(email.strip()) if email and email.strip() else email
    changes = store.set_unit(unit, address, leader.strip() if leader is not None else None,
                             at=now(), by=current_user(None))
    echo(visible(say("unit_saved", unit=unit, changes=_changes(changes)) if changes
                       else say("unit_unchanged", unit=unit)))


@unit_app.command("alias", help=say("help_unit_alias"))
def unit_alias(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help=say("help_unit_alias_alias"))],
    name: Annotated[str, typer.Argument(metavar="NAME", help=say("help_unit_alias_name"))],
) -> None:
    from .units import normalize_unit_name

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
    from .units import normalize_unit_name

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
    from .render import DIRECTORY_HISTORY_COLUMNS

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
        from .mail import server_from

        server_from(os.environ)
    reminders = query.remind(store, _filter(store, plan, unit, None, None), settings.today, within)
    if not (send or dry_run):
        if reminders:
            output(format).reminders(reminders, within)
        else:
            output(format).no_tasks()
        return
    if reminders:
        _mail_reminders(store, reminders, within, settings.today, dry_run, format)
    elif dry_run:
        output(format).no_tasks()


def _mail_reminders(store: Store, reminders: list, within: int, today: date, dry_run: bool,
                    format: Optional[Format] = None) -> None:
    """Mail each unit with an address its reminder; record each one that went as a `remind` note on its tasks."""
    from . import mail
    from .render import reminder_mail_text

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


def forgiving_streams() -> None:
    """SPEC §9 "Any console": on a console or pipe that cannot encode a character (a GBK console,
    PYTHONIOENCODING=ascii) the character is replaced and the command goes on."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", "strict") == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def echo(text: str, err: bool = False) -> None:
    """One line to stdout (or stderr), through the stream itself: what it cannot encode is replaced."""
    print(text, file=sys.stderr if err else sys.stdout)
