"""The ledger's vocabulary: plain immutable values, no I/O.

Values are NamedTuples rather than frozen dataclasses: a dataclass costs about 1 ms to define,
a NamedTuple a fifth of that, and these are defined on every start of every command. For the same
reason there is no `from __future__ import annotations` here: a NamedTuple compiles every
annotation written as a string, which doubled the time this module took to load.
"""
import enum
from datetime import date
from typing import NamedTuple


class Role(str, enum.Enum):
    LEAD = "lead"
    IMPLEMENT = "implement"
    ASSIST = "assist"
    GUIDE = "guide"


class Kind(str, enum.Enum):
    """How a deadline phrase was read."""

    DATE = "date"
    ONGOING = "ongoing"
    RECURRING = "recurring"
    NONE = "none"
    UNRECOGNIZED = "unrecognized"


class Status(str, enum.Enum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    REMOVED = "removed"


# The note kinds that move a task's status, and where each one moves it.
STATUS_AFTER_NOTE = {"done": Status.DONE, "cancel": Status.CANCELLED, "reopen": Status.OPEN}
NOTE_KINDS = ("note", "done", "cancel", "reopen", "import", "remind")


class Deadline(NamedTuple):
    raw: str
    kind: Kind
    due: date | None = None


class Unit(NamedTuple):
    name: str
    role: Role
    verb: str = ""


class Section(NamedTuple):
    no: int
    title: str


class Task(NamedTuple):
    number: int
    text: str
    units_raw: str
    units: tuple[Unit, ...]
    deadline: Deadline
    section: Section | None
    subsection: Section | None
    line: int
    extra: tuple[tuple[str, str], ...] = ()  # columns kept as written, not read: (title, text), e.g. 备注


class Note(NamedTuple):
    at: str
    by: str
    kind: str
    text: str


class StoredTask(NamedTuple):
    """A task as the ledger holds it: what the plan said, plus its status and history."""

    plan: str
    number: int
    section: Section | None
    subsection: Section | None
    text: str
    units_raw: str
    units: tuple[Unit, ...]
    deadline: Deadline
    status: Status
    notes: tuple[Note, ...]
    extra: dict = {}  # the plan's kept columns (备注 …), as written


class PlanWarning(NamedTuple):
    line: int
    message: str


class Plan(NamedTuple):
    """What a plan file says, before it meets the database."""

    year: int
    year_source: str
    tasks: tuple[Task, ...]
    warnings: tuple[PlanWarning, ...] = ()
    columns: tuple[str, ...] = ()  # the header row's column titles, when the table has one
    numbered_in_order: bool = False  # the table had no task numbers: tasks were numbered 1, 2, … in order
    numbers_column: bool = False  # the numbers came from a 序号 column

    @property
    def sections(self) -> list[Section]:
        seen: dict[int, Section] = {}
        for task in self.tasks:
            if task.section is not None:
                seen.setdefault(task.section.no, task.section)
        return list(seen.values())
