"""What the commands share: the settings the app's callback makes (`ctx.obj`), the options several commands take,
the choice of a formatter, and the few helpers that read the clock, the user and the environment."""

import enum
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, NamedTuple, Optional

import typer

from .. import query
from ..errors import LedgerError
from ..messages import CHINESE, say, word
from ..model import Role
from ..render import Formatter, formatter, visible
from ..rules import view
from ..store import Location, Store, TaskFilter


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
    return formatter(chosen.value if chosen else screen_format(), sys.stdout, work_calendar)


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


def task_filter(store: Store, plan, unit, role, section, status: str = "present") -> TaskFilter:
    return query.check_filter(store, TaskFilter(plan, unit, role_value(role), section, status))


def show_tasks(out: Formatter, items, with_notes: bool = False) -> None:
    """Tasks through the formatter; every format but plain shows warning lights, counted in working days."""
    out.tasks(items, with_notes=with_notes)
    missing = out.missing_calendar_years()
    if missing:
        echo(say("no_calendar_data", years=", ".join(map(str, missing))), err=True)


def work_calendar():
    """The working-day calendar of the warning lights (the holiday data: loaded only when a format needs it)."""
    from ..workdays import WorkCalendar

    return WorkCalendar(warn_workdays())


def warn_workdays() -> int:
    value = os.environ.get("LEDGER_WARN_DAYS", "")
    if not value:
        return 5
    if not value.isdigit():
        raise LedgerError(say("bad_warn_days", value=value))
    return int(value)


def record_note(ctx: typer.Context, task_id: int, plan: Optional[str], kind: str, text: str, by: Optional[str],
            format: Optional[Format], period: Optional[str] = None, data: Optional[dict] = None,
            evidence: tuple = ()) -> None:
    settings: Settings = ctx.obj
    store = settings.store()
    plan_name = query.resolve_plan(store, plan, task_id)
    task = store.add_note(plan_name, task_id, kind, text, at=now(), by=current_user(by), period=period, data=data,
                          evidence=evidence)
    confirm(settings, task, kind, format)


def confirm(settings: "Settings", task, kind: str, format: Optional[Format]) -> None:
    """What a change did: the changed task as `show` gives it (json), or one line naming plan, task and period."""
    excerpt = task.text if len(task.text) <= 24 else task.text[:23] + "…"
    latest = task.notes[-1] if task.notes else None
    said = say(f"said_{kind}")
    if latest is not None and latest.period and kind == latest.kind:
        said = say("said_with_period", said=said, period=latest.period)
    output(format).changed(view(task, settings.today), say(
        "changed", said=said, number=task.number, plan=task.plan, excerpt=excerpt, status=word("status", task.status.value)))


def required_text(note: str, refusal: str) -> str:
    """The note's text; a blank one is refused, since history keeps it forever."""
    text = note_option_text(note)
    if not text.strip():
        raise LedgerError(refusal)
    return text


def note_option_text(note: Optional[str]) -> str:
    if note == "-":
        return sys.stdin.read().strip()
    return note or ""


def date_option(option: str, value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LedgerError(say("bad_date_option", option=option, value=value)) from None


def covered_plan(store: Store, plan: Optional[str]) -> Optional[str]:
    """The plan report, units and export cover; one chosen by default is named on stderr."""
    name, by_default = query.plan_to_cover(store, plan)
    if by_default:
        echo(visible(say("covering_plan", plan=name)), err=True)
    return name


def forgiving_streams() -> None:
    """SPEC §9 "Any console": on a console or pipe that cannot encode a character (a GBK console,
    PYTHONIOENCODING=ascii) the character is replaced and the command goes on."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", "strict") == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def echo(text: str, err: bool = False) -> None:
    """One line to stdout (or stderr), through the stream itself: what it cannot encode is replaced."""
    print(text, file=sys.stderr if err else sys.stdout)
