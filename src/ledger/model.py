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
    CARRIED = "carried"  # its work went on in another plan (ledger carry)


# Where each note kind moves a task's status: rules.STATUS_AFTER_NOTE.
NOTE_KINDS = ("note", "done", "cancel", "reopen", "import", "remind", "carry", "postpone",
              # the web page's (SPEC §13): a unit's report and requests, the office's return
              "progress", "done-request", "postpone-request", "return")


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
    # what an import changed or where a carry went; done: completed_on; postpone: from, to, approved_by, late_request
    data: dict | None = None
    period: str | None = None  # the period (2022-Q1) a done, reopen or postpone note is about


class PeriodState(NamedTuple):
    """One period of a recurring task as the ledger holds it."""

    key: str
    due: date  # the date in force: the plan's, or the one a postponement set
    status: Status
    plan_due: date


class Evidence(NamedTuple):
    """Proof of completion (佐证材料): a file kept in the ledger, or a link."""

    name: str | None
    size: int | None
    sha256: str | None
    url: str | None
    period: str | None = None


class FieldChange(NamedTuple):
    """One stored field an import changed: the field's key (FIELDS), its old and its new value."""

    field: str
    old: str | int | None
    new: str | int | None


class ImportChanges(NamedTuple):
    """What an import changes (or, dry, would change) in a plan, task by task: decided by importing.compare."""

    first_import: bool
    added: tuple[int, ...] = ()
    changed: tuple[tuple[int, tuple[FieldChange, ...]], ...] = ()  # (task number, its changes), by number
    removed: tuple[int, ...] = ()
    returned: tuple[int, ...] = ()
    removed_texts: tuple[tuple[int, str], ...] = ()

    @property
    def nothing_changed(self) -> bool:
        return not (self.added or self.changed or self.removed or self.returned)


class CarriedFrom(NamedTuple):
    plan: str
    number: int


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
    extra: dict  # the plan's kept columns (备注 …), as written
    carried_from: CarriedFrom | None = None  # where `ledger carry` brought it from
    periods: tuple[PeriodState, ...] = ()  # a recurring task's obligations, in order
    plan_due: date | None = None  # the plan's own due date, when a postponement moved deadline.due
    evidence: tuple[Evidence, ...] = ()


class TaskView(NamedTuple):
    """A stored task as seen on one day (rules.view); in due/overdue, one open period of a recurring task."""

    task: StoredTask
    days_left: int | None
    overdue: bool
    today: date  # the day it is seen on
    period: PeriodState | None = None  # the period this row is about (due, overdue)
    due: date | None = None  # the date in force for this row: the period's, else the task's


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


class SamePlan(NamedTuple):
    """A plan of the ledger that a file being imported under another name repeats."""

    plan: str
    alike: int  # the file's tasks with the same number and text there
    tasks: int  # the file's tasks


class ImportSummary(NamedTuple):
    """What an import did (or, dry, would do): render shows it (render.summary)."""

    plan_name: str
    shown: str  # the file as the user named it
    plan: Plan
    changes: ImportChanges
    dry_run: bool
    same_as: SamePlan | None = None  # a plan the file repeats, imported again under another name (--plan)
