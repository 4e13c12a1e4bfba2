"""What every format shares: the Formatter a command hands its results to, the columns of the listings and the
cells of a task as people read them."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import IO, NamedTuple

from ..messages import ENGLISH, say, word
from ..model import ImportSummary, Status, TaskView
from ..rules import completed_on, period_completed_on
from .escape import visible

TASK_COLUMNS = ("#", "Due", "Days left", "Light", "Status", "Units", "Task", "Plan")
CSV_TASK_COLUMNS = ("plan", "id", "section_no", "section_title", "subsection_no", "subsection_title", "text",
                    "units", "deadline", "deadline_kind", "due", "days_left", "status", "overdue", "period")
COUNT_COLUMNS = ("tasks", "lead", "implement", "assist", "guide", "open", "overdue", "due_soon", "postponed", "done",
                 "cancelled", "carried", "done_pct")
PLAN_COLUMNS = ("plan", "year", "source", "tasks", "imported_at")

# The words people read for the columns above (JSON keys and `plain` never change with the language).
TASK_COLUMN_WORDS = {"#": "col_number", "Due": "col_due", "Days left": "col_days_left", "Light": "col_light",
                     "Status": "col_status", "Units": "col_units", "Task": "col_task", "Plan": "col_plan"}


def header(column: str) -> str:
    """A column of csv, markdown or a table, in the interface language (`head_<column>` in the catalogue)."""
    key = f"head_{column}"
    return say(key) if key in ENGLISH else column


def light_of(item: TaskView, calendar) -> tuple[int | None, str | None]:
    """(workdays_left, light) of the row; working days are counted only when a calendar is given."""
    if calendar is None or item.days_left is None:
        return None, None
    return calendar.light(item.today, item.due, True)


def light_word(light: str | None) -> str:
    return say(f"light_{light}") if light else ""


def due_cell(item: TaskView) -> str:
    if item.due is not None:
        return item.due.isoformat()
    return item.task.deadline.raw


def days_cell(item: TaskView) -> str:
    return "" if item.days_left is None else str(item.days_left)


def days_words(item: TaskView) -> str:
    """Days left as people read them: 剩5天, 今天到期, 逾期3天 (in English the signed number)."""
    days = item.days_left
    if days is None:
        return ""
    if days == 0:
        return say("days_today_cell")
    return say("days_left_cell", days=days) if days > 0 else say("days_overdue_cell", days=days, late=-days)


def task_cells(item: TaskView, calendar=None) -> list[str]:
    """The cells of a task in a table or markdown: for people, in the interface language."""
    task = item.task
    return [str(task.number), due_cell(item) + (f" ({item.period.key})" if item.period else ""), days_words(item),
            light_word(light_of(item, calendar)[1]), word("status", task.status.value), task.units_raw, task.text,
            task.plan]


# -- the whole story of one task, as `show` tells it below the task's fields ------------------------------------

class StoryLine(NamedTuple):
    """One fact of a task's story: its `kind` (STORY_KINDS) and its fields as plain writes them."""

    kind: str
    fields: tuple[str, ...]


STORY_KINDS = ("carried_from", "completed_on", "evidence", "postponed", "period")
STORY_LABELS = {"carried_from": "story_carried_from", "completed_on": "story_completed_on",
                "evidence": "story_evidence", "postponed": "story_postponed", "period": "story_period"}
STORY_FLAGS = {"late_request": "story_late_request", "correction": "story_correction"}


def task_story(item: TaskView) -> list[StoryLine]:
    """What JSON holds beyond the listing's fields: where a carried task came from, the day it was finished, its
    evidence, each postponement (from, to, approver, late request or correction), every period with its status
    and its own completion date."""
    task = item.task
    story = []
    if task.carried_from:
        story.append(StoryLine("carried_from", (task.carried_from.plan, str(task.carried_from.number))))
    finished = completed_on(item)
    if finished:
        story.append(StoryLine("completed_on", (finished,)))
    for kept in task.evidence:
        story.append(StoryLine("evidence", ("url", kept.url, "", "") if kept.url is not None else
                               ("file", kept.name or "", str(kept.size), kept.sha256 or "")))
    for note in task.notes:
        if note.kind == "postpone" and note.data:
            data = note.data
            flag = "correction" if data.get("correction") else "late_request" if data.get("late_request") else ""
            story.append(StoryLine("postponed", (note.period or "", data.get("from") or "", data.get("to") or "",
                                                 data.get("approved_by") or "", flag)))
    for state in task.periods:
        done_on = period_completed_on(task, state.key) if state.status is Status.DONE else None
        story.append(StoryLine("period", (state.key, state.due.isoformat(), state.status.value, done_on or "")))
    return story


def story_text(line: StoryLine, said: Callable[..., str] = say) -> str:
    """A line of the story as people read it, in the interface language."""
    fields = line.fields
    if line.kind == "carried_from":
        return said("story_carried_from_value", plan=fields[0], number=fields[1])
    if line.kind == "completed_on":
        return fields[0]
    if line.kind == "evidence":
        return fields[1] if fields[0] == "url" else said("story_evidence_file", name=fields[1], size=fields[2])
    if line.kind == "postponed":
        period, start, end, approver, flag = fields
        text = (f"{period}: " if period else "") + f"{start} → {end}"
        if approver:
            text += said("story_approved_by", name=approver)
        if flag:
            text += said(STORY_FLAGS[flag])
        return text
    key, due, status, done_on = fields
    text = said("story_period_line", period=key, due=due, status=word("status", status))
    return text + (said("story_done_on", on=done_on) if done_on else "")


def story_label(kind: str, said: Callable[..., str] = say) -> str:
    return said(STORY_LABELS[kind])


class Formatter:
    """One output format, chosen once per command from --format (todoman's pattern): a command hands it tasks,
    rows, progress or a change, and never asks which format it is."""

    def __init__(self, out: IO[str], make_calendar=None):
        self.out = out
        self._make_calendar = make_calendar
        self._calendar = None

    @property
    def calendar(self):
        """The working-day calendar (workdays.WorkCalendar) behind the warning lights, made on first use:
        plain output does without it, and so without the holiday data."""
        if self._calendar is None and self._make_calendar is not None:
            self._calendar = self._make_calendar()
        return self._calendar

    def missing_calendar_years(self) -> list[int]:
        """Years the lights were counted for without holiday data (none when no calendar was needed)."""
        return sorted(self._calendar.missing_years) if self._calendar is not None else []

    def tasks(self, items: Sequence[TaskView], with_notes: bool = False) -> None:
        raise NotImplementedError

    def rows(self, columns: Sequence[str], rows: Iterable[Sequence], json_rows: list | None = None) -> None:
        """Flat rows (units, plans, progress); `json_rows` keeps SPEC §6's nesting for JSON."""
        raise NotImplementedError

    def progress(self, rows: list[dict], total: dict, by: str) -> None:
        """Progress per unit or section, with a total row, and what its percentage counts carried tasks as."""
        self.rows(progress_columns(by), progress_table(rows, total, by, self.total_label(), self.say))
        self.progress_footnote(total)

    def progress_footnote(self, total: dict) -> None:
        """Under a report for people: the done percentage counts carried tasks as not done."""
        if total.get("carried"):
            self.out.write("\n" + visible(carried_not_done(total, self.say)) + "\n")

    def total_label(self) -> str:
        return say("total")

    def say(self, key: str, **fields) -> str:
        """A sentence of the catalogue in the language this format speaks (plain: always English)."""
        return say(key, **fields)

    def time(self, at: str) -> str:
        """A recorded time as this format shows it: for people, local and to the minute; plain and JSON keep
        the record (ISO 8601 with its offset)."""
        from .notes import local_time

        return local_time(at)

    def no_tasks(self) -> None:
        """`overdue` with nothing late: nothing at all, so that cron sends no mail (JSON: an empty array)."""

    def changed(self, item: TaskView, line: str) -> None:
        """A change, confirmed in one line."""
        self.out.write(visible(line) + "\n")

    def imported(self, summary: ImportSummary) -> None:
        """An import's summary, as lines."""
        from .summary import summary_lines  # only `import` shows a summary

        self.out.write("\n".join(visible(line) for line in summary_lines(summary)) + "\n")

    def reminders(self, reminders: Sequence, within_days: int) -> None:
        """What to chase each unit for: one block per unit, its heading, then its rows as listings show them."""
        for position, reminder in enumerate(reminders):
            if position:
                self.out.write("\n")
            self.heading(visible(reminder_heading(reminder, within_days)))
            self.tasks(reminder.items)

    def mails_not_sent(self, reminders: Sequence, within_days: int, mails: str) -> None:
        """remind --dry-run: the mails as they would go (JSON: what would be chased, SPEC §11, for a script)."""
        self.out.write(mails)

    def heading(self, text: str) -> None:
        self.out.write(text + "\n")

    def directory(self, rows: list[dict]) -> None:
        """The unit directory (SPEC §11): a unit's address, leader, aliases, groups and members."""
        self.rows(DIRECTORY_COLUMNS, [directory_cells(row) for row in rows], json_rows=rows)


def text_rows(rows: Iterable[Sequence]) -> list[list[str]]:
    return [[("" if cell is None else str(cell)) for cell in row] for row in rows]


def progress_label(row: dict, with_plan: bool = False, said=say) -> list[str]:
    if "unit" in row:
        return [f"{row['unit']} ({row['plan']})" if with_plan else row["unit"]]
    title = row["section"]["title"] or ""
    if row.get("carried_from"):  # a section of the year the carried tasks came from, apart from this year's
        title = said("progress_carried_from", title=title, plan=row["carried_from"])
    return [row["plan"], str(row["section"]["no"]) if row["section"]["no"] is not None else "", title]


def progress_cells(row: dict) -> list:
    return [row["tasks"], *row["roles"].values(), row["open"], row["overdue"], row["due_soon"], row["postponed"],
            row["done"], row["cancelled"], row["carried"], row["done_pct"]]


def progress_table(rows: list[dict], total: dict, by: str, total_label: str, said=say) -> list[list]:
    """The rows, then the total row, as flat cells: the unit (or plan, section no and title), then the counts."""
    labels = 1 if by == "unit" else 3
    several_plans = len({row["plan"] for row in rows}) > 1  # --plan all: a unit's row names its plan
    return ([progress_label(row, several_plans, said) + progress_cells(row) for row in rows]
            + [[total_label] + [""] * (labels - 1) + progress_cells(total)])


def carried_not_done(total: dict, said=say) -> str:
    """What the done percentage counts carried tasks as: not done (SPEC §12), said under every report."""
    plans = "、".join(sorted(total.get("carried_to") or {})) or "?"
    return said("progress_carried_not_done", count=total["carried"], plans=plans)


def progress_columns(by: str) -> tuple[str, ...]:
    return (("unit",) if by == "unit" else ("plan", "section", "title")) + COUNT_COLUMNS


# -- reminders (催办) and the unit directory, SPEC §11 ------------------------------------------------

DIRECTORY_COLUMNS = ("unit", "email", "leader", "aliases", "groups", "members")
DIRECTORY_HISTORY_COLUMNS = ("at", "by", "name", "field", "old", "new")
REMINDER_CSV_COLUMNS = ("unit", "email", "which", "plan", "id", "period", "due", "days_left", "units", "text")


def period_key(item: TaskView) -> str | None:
    """The key of the period a row stands for (2022-Q1), or None for a task without periods (SPEC §10)."""
    return item.period.key if item.period is not None else None


def reminder_heading(reminder, within_days: int, said=say) -> str:
    return said("remind_heading", unit=reminder.unit, overdue=len(reminder.overdue),
                due_soon=len(reminder.due_soon), days=within_days)


def directory_cells(row: dict) -> list[str]:
    return [row["unit"], row["email"], row["leader"], "、".join(row["aliases"]), "、".join(row["groups"]),
            "、".join(row["members"])]
