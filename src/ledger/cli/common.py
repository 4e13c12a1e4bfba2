"""What the commands share: the settings the app's callback makes (`ctx.obj`), the store opened as a resource of
the command's context, the choice of a formatter, and the few helpers that read the clock, the user and the
environment (read here, once, and passed down)."""
from __future__ import annotations

import contextlib
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from .. import query
from ..errors import LedgerError
from ..messages import say, word
from ..model import Role, StoredTask
from ..render import Formatter, formatter, visible
from ..rules import view
from ..store import Location, Store, TaskFilter
from ..text import shortened
from .options import Format

if TYPE_CHECKING:
    from ..workdays import WorkCalendar


class Settings:
    """What the global options and the environment say for this command: where the ledger is and what today is.
    The global options may also follow the command (`ledger due --today 2022-12-01`); they update these."""

    def __init__(self, db_option: Optional[Location], today: date, today_given: bool = False):
        self.db_option = db_option  # a SQLite file, or a PostgreSQL database (--db postgresql://…)
        self.today = today
        self.today_given = today_given  # --today or LEDGER_TODAY: a fixed day, not the clock's

    @property
    def db(self) -> Location:
        """--db or LEDGER_DB, else ledger.db in the user data folder."""
        return self.db_option if self.db_option is not None else default_db()


def default_db() -> Path:
    """ledger.db in the user data folder (platformdirs: imported only when --db and LEDGER_DB are both absent)."""
    import platformdirs

    return platformdirs.user_data_path("ledger", appauthor=False) / "ledger.db"


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return settings


def open_store(ctx: typer.Context, create: bool = False) -> Store:
    """The ledger, open for this command and closed when it ends (so no -wal file lingers)."""
    return ctx.with_resource(contextlib.closing(Store.open(settings_of(ctx).db, create=create)))


def check_db_folder(db: Location) -> Location:
    """A --db (or LEDGER_DB) in a folder that does not exist is a typo to report, not a folder to create."""
    if isinstance(db, Path) and not db.parent.is_dir():
        raise LedgerError(say("db_no_folder", path=db, folder=db.parent))
    return db


def now() -> str:
    """The real time of a change, for its history (--today never moves it)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def current_user(by: Optional[str] = None) -> str:
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


def warn_workdays() -> int:
    """LEDGER_WARN_DAYS: how many working days ahead a task turns yellow (5 when unset)."""
    value = os.environ.get("LEDGER_WARN_DAYS", "")
    if not value:
        return 5
    if not value.isdigit():
        raise LedgerError(say("bad_warn_days", value=value))
    return int(value)


def work_calendar() -> WorkCalendar:
    """The working-day calendar of the warning lights (the holiday data: loaded only when a format needs it)."""
    from ..workdays import WorkCalendar

    return WorkCalendar(warn_workdays())


def task_filter(store: Store, plan: Optional[str], unit: Optional[str], role: Optional[Role] = None,
                section: Optional[int] = None, status: str = "present") -> TaskFilter:
    """The tasks a listing's options name, checked against the ledger."""
    return query.check_filter(store, TaskFilter(plan, unit, role, section, status))


def show_tasks(out: Formatter, items: list, with_notes: bool = False) -> None:
    """Tasks through the formatter; every format but plain shows warning lights, counted in working days."""
    out.tasks(items, with_notes=with_notes)
    missing = out.missing_calendar_years()
    if missing:
        echo(say("no_calendar_data", years=", ".join(map(str, missing))), err=True)


def confirm(ctx: typer.Context, task: StoredTask, kind: str, format: Optional[Format]) -> None:
    """What a change did: the changed task as `show` gives it (json), or one line naming plan, task and period."""
    latest = task.notes[-1] if task.notes else None
    said = say(f"said_{kind}")
    if latest is not None and latest.period and kind == latest.kind:
        said = say("said_with_period", said=said, period=latest.period)
    output(format).changed(view(task, settings_of(ctx).today), say(
        "changed", said=said, number=task.number, plan=task.plan, excerpt=shortened(task.text, 24),
        status=word("status", task.status.value)))


def note_text(note: Optional[str]) -> str:
    """A note's text as given: `-` reads it from standard input."""
    if note == "-":
        return sys.stdin.read().strip()
    return note or ""


def required_text(note: Optional[str], refusal: str) -> str:
    """The note's text; a blank one is refused, since history keeps it forever."""
    text = note_text(note)
    if not text.strip():
        raise LedgerError(refusal)
    return text


def covered_plan(store: Store, plan: Optional[str]) -> Optional[str]:
    """The plan report, units and export cover; one chosen by default is named on stderr."""
    name, by_default = query.plan_to_cover(store, plan)
    if by_default:
        echo(visible(say("covering_plan", plan=name)), err=True)
    return name


def echo(text: str, err: bool = False) -> None:
    """One line to stdout (or stderr), through the stream itself: what it cannot encode is replaced."""
    print(text, file=sys.stderr if err else sys.stdout)
