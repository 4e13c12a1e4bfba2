"""The ledger's vocabulary: plain frozen values, no I/O."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


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
NOTE_KINDS = ("note", "done", "cancel", "reopen", "import")


@dataclass(frozen=True)
class Deadline:
    raw: str
    kind: Kind
    due: date | None = None


@dataclass(frozen=True)
class Unit:
    name: str
    role: Role
    verb: str = ""


@dataclass(frozen=True)
class Section:
    no: int
    title: str


@dataclass(frozen=True)
class Task:
    number: int
    text: str
    units_raw: str
    units: tuple[Unit, ...]
    deadline: Deadline
    section: Section | None
    subsection: Section | None
    line: int


@dataclass(frozen=True)
class Note:
    at: str
    by: str
    kind: str
    text: str


@dataclass(frozen=True)
class StoredTask:
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


@dataclass(frozen=True)
class Warning:
    line: int
    message: str


@dataclass(frozen=True)
class Plan:
    """What a plan file says, before it meets the database."""

    year: int
    year_source: str
    tasks: tuple[Task, ...]
    warnings: tuple[Warning, ...] = field(default=())

    @property
    def sections(self) -> list[Section]:
        seen: dict[int, Section] = {}
        for task in self.tasks:
            if task.section is not None:
                seen.setdefault(task.section.no, task.section)
        return list(seen.values())
