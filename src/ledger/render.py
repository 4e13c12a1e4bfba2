"""Rows -> table / plain / json / csv / markdown. Plan text is data: escaped, never interpreted.

Rich is imported only for the table format, so piped and cron output starts fast.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import IO

from .messages import ENGLISH, say, say_english, word
from .model import FieldChange, Note
from .query import TaskView

# Control and format characters (C1, bidi, zero-width, BOM; and C0 outside JSON): shown as \uXXXX.
BEYOND_C0 = [(0x7F, 0x9F), (0xAD, 0xAD), (0x61C, 0x61C), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
             (0x2060, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB)]
ESCAPE_BEYOND_C0 = {code: f"\\u{code:04x}" for low, high in BEYOND_C0 for code in range(low, high + 1)}
ESCAPE_UNSAFE = {**{code: f"\\u{code:04x}" for code in range(0x20)}, **ESCAPE_BEYOND_C0}

TASK_COLUMNS = ("#", "Due", "Days left", "Light", "Status", "Units", "Task", "Plan")
# The light as a mark in its colour and a word, so that it still reads without colour (NO_COLOR).
LIGHT_STYLES = {"red": "bold red", "yellow": "bold yellow", "green": "green"}
CSV_TASK_COLUMNS = ("plan", "id", "section_no", "section_title", "subsection_no", "subsection_title", "text",
                    "units", "deadline", "deadline_kind", "due", "days_left", "status", "overdue", "period")
COUNT_COLUMNS = ("tasks", "lead", "implement", "assist", "guide", "open", "overdue", "due_soon", "postponed", "done",
                 "cancelled", "done_pct")
SHORT_HEADERS = {"implement": "short_implement", "cancelled": "short_cancelled", "done_pct": "short_done_pct",
                 "overdue": "short_overdue", "due_soon": "short_due_soon", "postponed": "short_postponed"}
BAR_WIDTH = 20
# Done, open and overdue differ in shape as well as colour, so the bar reads without colour (NO_COLOR) too.
BAR_PARTS = (("done", "█", "green"), ("open", "░", "yellow"), ("overdue", "▓", "red"))
PLAN_COLUMNS = ("plan", "year", "source", "tasks", "imported_at")
# A text cell a spreadsheet would read as a formula (CSV injection): =, +, -, @, and tab or CR before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The words people read for the columns above (JSON keys and `plain` never change with the language).
TASK_COLUMN_WORDS = {"#": "col_number", "Due": "col_due", "Days left": "col_days_left", "Light": "col_light",
                     "Status": "col_status", "Units": "col_units", "Task": "col_task", "Plan": "col_plan"}


def header(column: str) -> str:
    """A column of csv, markdown or a table, in the interface language (`head_<column>` in the catalogue)."""
    key = f"head_{column}"
    return say(key) if key in ENGLISH else column


def local_time(at: str) -> str:
    """An ISO 8601 timestamp of the history as the reader's local time, to the minute."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:  # written by hand or by an older version: shown as it is
        return at


def visible(text: str) -> str:
    """Text safe for a terminal: control and format characters become visible \\uXXXX escapes."""
    # Every character to escape is unprintable; most text has none and needs no per-character pass.
    return text if text.isprintable() else text.translate(ESCAPE_UNSAFE)


def to_json(value) -> str:
    import json

    # json.dumps escapes C0 inside strings already (a raw newline here is layout).
    return json.dumps(value, ensure_ascii=False, indent=2).translate(ESCAPE_BEYOND_C0)


def task_json(item: TaskView, calendar=None) -> dict:
    task = item.task
    workdays_left, light = _light(item, calendar)
    return {
        "plan": task.plan,
        "id": task.number,
        "section": {"no": task.section.no, "title": task.section.title} if task.section else None,
        "subsection": {"no": task.subsection.no, "title": task.subsection.title} if task.subsection else None,
        "text": task.text,
        "units": [{"name": unit.name, "role": unit.role.value, "verb": unit.verb} for unit in task.units],
        "deadline": {"raw": task.deadline.raw, "kind": task.deadline.kind.value,
                     "due": task.deadline.due.isoformat() if task.deadline.due else None},
        "status": task.status.value,
        "overdue": item.overdue,
        "days_left": item.days_left,
        "workdays_left": workdays_left,
        "light": light,
        "period": {"key": item.period.key, "due": item.period.due.isoformat()} if item.period else None,
        "periods": [{"key": state.key, "due": state.due.isoformat(), "status": state.status.value}
                    for state in task.periods],
        "postponed": postponed(item),
        "completed_on": completed_on(item),
        "evidence": [{"name": kept.name, "size": kept.size, "sha256": kept.sha256} if kept.url is None
                     else {"url": kept.url} for kept in task.evidence],
        "notes": [{"at": note.at, "by": note.by, "kind": note.kind, "text": note_text(note, say_english),
                   "data": note.data} for note in task.notes],
        "extra": dict(task.extra),
        "carried_from": ({"plan": task.carried_from.plan, "id": task.carried_from.number}
                         if task.carried_from else None),
    }


def _light(item: TaskView, calendar) -> tuple[int | None, str | None]:
    """(workdays_left, light) of the row; working days are counted only when a calendar is given."""
    if calendar is None or item.days_left is None:
        return None, None
    return calendar.light(item.today, item.due, True)


def postponed(item: TaskView) -> dict | None:
    """SPEC §10's `postponed`: the plan's own date, the date in force, how often, and the latest request."""
    period_key = item.period.key if item.period else None
    moves = [note for note in item.task.notes if note.kind == "postpone" and note.period == period_key]
    if not moves:
        return None
    latest = moves[-1].data or {}
    plan_due = item.period.plan_due if item.period else item.task.plan_due
    return {"from": plan_due.isoformat() if plan_due else (moves[0].data or {}).get("from"), "to": latest.get("to"),
            "times": len(moves), "approved_by": latest.get("approved_by"),
            "late_request": bool(latest.get("late_request"))}


def completed_on(item: TaskView) -> str | None:
    """The day the work was really finished: of the row's period, else of the done task; None while open."""
    task = item.task
    if item.period is None and task.status.value != "done":
        return None
    period_key = item.period.key if item.period else None
    for note in reversed(task.notes):
        if note.kind == "reopen" and (period_key is None or note.period == period_key):
            return None
        if note.kind == "done" and (period_key is None or note.period == period_key):
            return (note.data or {}).get("completed_on") or note.at[:10]
    return None


def light_word(light: str | None) -> str:
    return say(f"light_{light}") if light else ""


# The catalogue's words for what import notes hold as data: the fields of store.FIELDS, and the events.
FIELD_WORDS = {"text": "field_text", "units": "field_units", "deadline": "field_deadline", "due": "field_due",
               "section": "field_section", "section_title": "field_section_title", "subsection": "field_subsection",
               "subsection_title": "field_subsection_title", "extra": "field_extra"}
EVENT_WORDS = {"added": "note_event_added", "returned": "note_event_returned", "removed": "note_event_removed"}


def change_text(change: FieldChange, say=say) -> str:
    """One field an import changed, in the interface language: `deadline: 12月30日 → 6月30日`."""
    return say("field_changed", field=say(FIELD_WORDS[change.field]), old=change.old or "—", new=change.new or "—")


def note_text(note: Note, say=say) -> str:
    """A note as a person reads it: its text, or what its data says (an import's changes, where a carry went)
    worded in the interface language (`say_english` for JSON and plain). Import notes of older versions are
    English sentences, shown as they are."""
    data = note.data
    if not data:
        return note.text
    if "changes" in data:
        return "; ".join(change_text(FieldChange(**change), say) for change in data["changes"])
    if "event" in data:
        return say(EVENT_WORDS[data["event"]])
    if note.kind == "carry" and "to" in data:
        return say("note_carried_to", plan=data["to"]["plan"], number=data["to"]["id"])
    return note.text


def _due_cell(item: TaskView) -> str:
    if item.due is not None:
        return item.due.isoformat()
    return item.task.deadline.raw


def _csv_due(item: TaskView) -> str:
    """The date in force, as plain shows it: a period's row (SPEC §10) its period's, a postponed task its new
    one; none (长期) is empty, the deadline column says why."""
    return item.due.isoformat() if item.due is not None else ""


def _days_cell(item: TaskView) -> str:
    return "" if item.days_left is None else str(item.days_left)


def _days_words(item: TaskView) -> str:
    """Days left as people read them: 剩5天, 今天到期, 逾期3天 (in English the signed number)."""
    days = item.days_left
    if days is None:
        return ""
    if days == 0:
        return say("days_today_cell")
    return say("days_left_cell", days=days) if days > 0 else say("days_overdue_cell", days=days, late=-days)


def _task_cells(item: TaskView, calendar=None) -> list[str]:
    """The cells of a task in a table or markdown: for people, in the interface language."""
    task = item.task
    return [str(task.number), _due_cell(item) + (f" ({item.period.key})" if item.period else ""), _days_words(item),
            light_word(_light(item, calendar)[1]), word("status", task.status.value), task.units_raw, task.text,
            task.plan]


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
        """Progress per unit or section, with a total row."""
        self.rows(progress_columns(by), progress_table(rows, total, by, self.total_label()))

    def total_label(self) -> str:
        return say("total")

    def no_tasks(self) -> None:
        """`overdue` with nothing late: nothing at all, so that cron sends no mail (JSON: an empty array)."""

    def changed(self, item: TaskView, line: str) -> None:
        """A change, confirmed in one line."""
        self.out.write(visible(line) + "\n")

    def imported(self, summary) -> None:
        """An import's summary (importing.Summary), as lines."""
        self.out.write("\n".join(visible(line) for line in summary.lines()) + "\n")

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


class Plain(Formatter):
    def total_label(self) -> str:
        return "total"  # plain never changes with the language

    """One tab-separated line per task or row, no colour, no truncation: what a cron mail should read like."""

    def tasks(self, items, with_notes=False):
        for item in items:
            task = item.task
            # SPEC §6: ... plan, status, then the period key of a periodic obligation (§10), else empty.
            fields = (str(task.number), _due_cell(item), _days_cell(item), task.units_raw, task.text, task.plan,
                      task.status.value, period_key(item) or "")
            self.out.write("\t".join(map(visible, fields)) + "\n")
            if with_notes:
                for note in task.notes:
                    self.out.write("    " + visible(f"{note.at}  {note.by}  {note.kind}: {note_text(note, say_english)}") + "\n")

    def rows(self, columns, rows, json_rows=None):
        for row in _text_rows(rows):
            self.out.write("\t".join(map(visible, row)) + "\n")


class Json(Formatter):
    """SPEC §6's JSON: arrays of task objects or rows; a change gives the changed task, an import one object."""

    def tasks(self, items, with_notes=False):
        self.out.write(to_json([task_json(item, self.calendar) for item in items]) + "\n")

    def rows(self, columns, rows, json_rows=None):
        rows = json_rows if json_rows is not None else [dict(zip(columns, row)) for row in _text_rows(rows)]
        self.out.write(to_json(rows) + "\n")

    def progress(self, rows, total, by):
        self.out.write(to_json(rows) + "\n")  # no total row: a script adds up what it needs

    def no_tasks(self):
        self.tasks([])

    def changed(self, item, line):
        self.tasks([item])

    def imported(self, summary):
        self.out.write(to_json(summary.as_json()) + "\n")

    def reminders(self, reminders, within_days):
        self.out.write(to_json([reminder_json(reminder) for reminder in reminders]) + "\n")

    def mails_not_sent(self, reminders, within_days, mails):
        self.reminders(reminders, within_days)


class Csv(Formatter):
    def tasks(self, items, with_notes=False):
        rows = []
        for item in items:
            row = task_json(item, self.calendar)
            section, subsection = row["section"] or {}, row["subsection"] or {}
            rows.append([row["plan"], row["id"], section.get("no", ""), section.get("title", ""),
                         subsection.get("no", ""), subsection.get("title", ""), row["text"], item.task.units_raw,
                         row["deadline"]["raw"], row["deadline"]["kind"], _csv_due(item),
                         _days_cell(item), row["status"], row["overdue"], period_key(item) or ""])
        self.rows(CSV_TASK_COLUMNS, rows)

    def rows(self, columns, rows, json_rows=None):
        write_csv(self.out, [header(column) for column in columns],
                  [[visible(cell) for cell in row] for row in _text_rows(rows)])

    def reminders(self, reminders, within_days):
        """One row per unit and task: the unit, its address and whether the task is overdue or due soon first."""
        self.rows(REMINDER_CSV_COLUMNS, [
            [reminder.unit, reminder.email, which, item.task.plan, item.task.number, period_key(item) or "",
             _due_cell(item), _days_cell(item), item.task.units_raw, item.task.text]
            for reminder in reminders
            for which, items in (("overdue", reminder.overdue), ("due_soon", reminder.due_soon)) for item in items])


class Markdown(Formatter):
    def tasks(self, items, with_notes=False):
        _markdown([say(TASK_COLUMN_WORDS[column]) for column in TASK_COLUMNS],
                  [_task_cells(item, self.calendar) for item in items], self.out)
        if with_notes:
            for item in items:
                for note in item.task.notes:
                    self.out.write(f"\n- {_md(note.at)} {_md(note.by)} {_md(word('note_kind', note.kind))}: "
                                   f"{_md(note_text(note))}")
            self.out.write("\n" if any(item.task.notes for item in items) else "")

    def rows(self, columns, rows, json_rows=None):
        _markdown([header(column) for column in columns], _text_rows(rows), self.out)

    def heading(self, text):
        self.out.write(f"### {_md(text)}\n\n")


class Table(Formatter):
    """Rich tables for a terminal: Chinese lined up, plan text never read as markup, bars for progress."""

    def tasks(self, items, with_notes=False):
        _task_table(items, self.out, with_notes, self.calendar)

    def rows(self, columns, rows, json_rows=None):
        from rich.table import Table as RichTable

        from .tablewrap import WrappedText as Text

        rows = _text_rows(rows)
        table = RichTable(header_style="bold")
        for position, column in enumerate(columns):
            table.add_column(header(column), justify="right" if rows and rows[0][position].isdigit() else "left")
        for row in rows:
            table.add_row(*(Text(visible(cell)) for cell in row))
        _console(self.out).print(table)

    def progress(self, rows, total, by):
        _progress_table(rows, total, by, self.out)

    def heading(self, text):
        from rich.text import Text

        _console(self.out).print(Text(text, style="bold"))


FORMATTERS = {"table": Table, "plain": Plain, "json": Json, "csv": Csv, "markdown": Markdown}


def formatter(fmt: str, out: IO[str], make_calendar=None) -> Formatter:
    """The formatter of `fmt` (table, plain, json, csv or markdown) writing to `out`; `make_calendar` makes
    the working-day calendar of the warning lights, if a format shows them."""
    return FORMATTERS[fmt](out, make_calendar)


def _text_rows(rows: Iterable[Sequence]) -> list[list[str]]:
    return [[("" if cell is None else str(cell)) for cell in row] for row in rows]


PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralised(value):
    """A text cell that would start a formula gets a leading apostrophe, as spreadsheets themselves do; a
    plain number (days left: -384) is a number to the spreadsheet, not a formula, and stays as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(out: IO[str], headers: Sequence[str], rows: Iterable[Sequence], lineterminator: str = "\n") -> None:
    """The one CSV writer (listings, report, export): cells that a spreadsheet would run as a formula are
    neutralised (CSV injection)."""
    import csv

    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else neutralised(cell) for cell in row])


def _task_table(items: Sequence[TaskView], out: IO[str], with_notes: bool, calendar=None) -> None:
    from rich.table import Table

    from .tablewrap import WrappedText as Text

    console = _console(out)
    if with_notes:  # `show`: one task in full, then its history
        for item in items:
            _task_detail(item, console)
        return
    # A column that would say the same on every row (due and overdue list only open tasks; most ledgers
    # hold one plan) is left out: narrower rows, more room for the task text.
    lights = [_light(item, calendar)[1] for item in items]
    varies = {"Status": len({item.task.status for item in items}) > 1,
              "Plan": len({item.task.plan for item in items}) > 1, "Light": any(lights)}
    shown = [varies.get(column, True) for column in TASK_COLUMNS]
    table = Table(show_lines=False, header_style="bold")
    for column in itertools.compress(TASK_COLUMNS, shown):
        table.add_column(say(TASK_COLUMN_WORDS[column]), overflow="fold", no_wrap=column in ("#", "Due", "Days left"),
                         justify="right" if column in ("#", "Days left") else "left")
    for item, light in zip(items, lights):
        style = "red" if item.overdue else ("green" if item.task.status.value == "done" else "")
        cells = [Text(visible(cell)) for cell in _task_cells(item)]
        cells[2].stylize("bold red" if item.overdue else "")
        if light:
            cells[3] = Text.assemble(("● ", LIGHT_STYLES[light]), light_word(light))
        table.add_row(*itertools.compress(cells, shown), style=style or None)
    console.print(table)


def _task_detail(item: TaskView, console) -> None:
    from rich.table import Table

    from .tablewrap import WrappedText as Text

    task = item.task
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    deadline = task.deadline.raw or "—"
    if task.deadline.kind.value not in ("date", "none"):  # ongoing, recurring, unreadable: say how it was read
        deadline += f" ({word('deadline_kind', task.deadline.kind.value)})"
    if task.deadline.due and task.status.value == "open":
        key, days = ("due_overdue", -item.days_left) if item.overdue else ("due_left", item.days_left)
        deadline += say(key, due=task.deadline.due.isoformat(), days=days)
    elif task.deadline.due:
        deadline += say("due_on", due=task.deadline.due.isoformat())
    status = word("status", task.status.value) + (say("overdue_mark") if item.overdue else "")
    for label, value in ((say("col_task"), say("task_of_plan", number=task.number, plan=task.plan)),
                         (say("col_section"), f"{task.section.no} {task.section.title}" if task.section else "—"),
                         (say("col_subsection"),
                          f"{task.subsection.no} {task.subsection.title}" if task.subsection else ""),
                         (say("col_text"), task.text),
                         (say("col_units"), "、".join(f"{u.name} ({word('role', u.role.value)})" for u in task.units)),
                         (say("col_deadline"), deadline), (say("col_status"), status),
                         *((title, text) for title, text in task.extra.items())):
        if value:
            late = label == say("col_status") and item.overdue
            facts.add_row(label, Text(visible(value), style="bold red" if late else ""))
    console.print(facts)
    if task.notes:
        history = Table(header_style="bold", title=say("history_title"), title_justify="left")
        for column in ("col_when", "col_who", "col_what", "col_note"):
            history.add_column(say(column), overflow="fold", no_wrap=column == "col_when")
        for note in task.notes:
            history.add_row(*(Text(visible(cell)) for cell in (local_time(note.at), note.by,
                                                               word("note_kind", note.kind), note_text(note))))
        console.print(history)


def progress_label(row: dict, with_plan: bool = False) -> list[str]:
    if "unit" in row:
        return [f"{row['unit']} ({row['plan']})" if with_plan else row["unit"]]
    return [row["plan"], str(row["section"]["no"]) if row["section"]["no"] is not None else "",
            row["section"]["title"] or ""]


def progress_cells(row: dict) -> list:
    return [row["tasks"], *row["roles"].values(), row["open"], row["overdue"], row["due_soon"], row["postponed"],
            row["done"], row["cancelled"], row["done_pct"]]


def progress_table(rows: list[dict], total: dict, by: str, total_label: str) -> list[list]:
    """The rows, then the total row, as flat cells: the unit (or plan, section no and title), then the counts."""
    labels = 1 if by == "unit" else 3
    several_plans = len({row["plan"] for row in rows}) > 1  # --plan all: a unit's row names its plan
    return ([progress_label(row, several_plans) + progress_cells(row) for row in rows]
            + [[total_label] + [""] * (labels - 1) + progress_cells(total)])


def progress_columns(by: str) -> tuple[str, ...]:
    return (("unit",) if by == "unit" else ("plan", "section", "title")) + COUNT_COLUMNS


def _progress_table(rows: list[dict], total: dict, by: str, out: IO[str]) -> None:
    """Progress in a terminal, with a bar per row and its legend."""
    label_columns = ("unit",) if by == "unit" else ("plan", "section", "title")
    flat = progress_table(rows, total, by, say("total"))
    console = _console(out)
    # The widest layout whose narrowest rendering fits the terminal: every column and a long bar, then the
    # columns that tell progress with a shorter bar, then narrower labels, then no bar. Measuring (rather
    # than a fixed threshold) keeps the right border and the whole bar at every width.
    for shown, bar_width, label_width in LAYOUTS:
        table = _progress_rich_table(rows, total, by, flat, label_columns, shown, bar_width, label_width)
        if _narrowest(table) <= console.width:
            break
    console.print(table)
    if bar_width:
        from rich.text import Text

        console.print(Text.assemble(*(part for name, char, colour in BAR_PARTS
                                      for part in ((char * 2, colour), (f" {header(name)}  ", "")))))


# (count columns shown, bar width, widest label column), widest first; plain, csv and json always have them all.
PROGRESS_COLUMNS = ("tasks", "open", "overdue", "done", "done_pct")
LAYOUTS = ((COUNT_COLUMNS, BAR_WIDTH, 18), (PROGRESS_COLUMNS, BAR_WIDTH // 2, 18), (PROGRESS_COLUMNS, BAR_WIDTH // 2, 8),
           (PROGRESS_COLUMNS, 0, 8), (PROGRESS_COLUMNS, 0, 4))


def _narrowest(table) -> int:
    """The fewest columns `table` can take: unwrapped columns at their widest cell, folding ones at their
    min_width, plus one space either side of every cell and the borders between them."""
    from rich.cells import cell_len

    widths = [column.min_width or 1 if not column.no_wrap else
              max(cell_len(str(cell)) for cell in [column.header, *column.cells]) for column in table.columns]
    return sum(widths) + 3 * len(widths) + 1


def _progress_rich_table(rows, total, by, flat, label_columns, shown, bar_width, label_width):
    from rich.cells import cell_len
    from rich.table import Table

    from .tablewrap import WrappedText as Text

    one_plan = by == "section" and len({row["plan"] for row in rows}) <= 1
    columns = [column for column in label_columns if not (one_plan and column == "plan")]
    labels = [cells[len(label_columns) - len(columns):len(label_columns)] for cells in flat]
    labels[-1] = [say("total")] + [""] * (len(columns) - 1)
    table = Table(header_style="bold")
    for position, column in enumerate(columns):
        widest = max(cell_len(str(row[position])) for row in labels)
        table.add_column("#" if column == "section" else header(column), min_width=min(widest, label_width),
                         overflow="fold", justify="right" if column == "section" else "left")
    for column in shown:
        table.add_column(say(SHORT_HEADERS[column]) if column in SHORT_HEADERS else header(column), justify="right",
                         no_wrap=True)
    if bar_width:
        table.add_column(say("progress"), no_wrap=True, min_width=bar_width)
    positions = [len(label_columns) + COUNT_COLUMNS.index(column) for column in shown]
    for row, cells, shown_labels in zip(rows + [total], flat, labels):
        texts = [Text(visible(str(cell))) for cell in shown_labels]
        texts += [Text(str(cells[position]), style="bold red" if column == "overdue" and row["overdue"] else "")
                  for column, position in zip(shown, positions)]
        if bar_width:
            texts.append(progress_bar(row, bar_width))
        if row is total:
            table.add_section()
        table.add_row(*texts, style="bold" if row is total else None)
    return table


def progress_bar(row: dict, bar_width: int = BAR_WIDTH):
    from rich.text import Text

    tasks = max(row["tasks"] - row["cancelled"], 0)
    amounts = {"done": row["done"], "open": row["open"] - row["overdue"], "overdue": row["overdue"]}
    bar, counted, drawn = Text(), 0, 0
    for name, char, colour in BAR_PARTS:
        counted += amounts[name]
        width = round(bar_width * counted / tasks) - drawn if tasks else 0  # cumulative: always bar_width wide
        bar.append(char * width, style=colour)
        drawn += width
    return bar


def _console(out: IO[str]):
    from rich.console import Console

    return Console(file=out, highlight=False, emoji=False, markup=False)


def _md(text: str) -> str:
    return visible(text).replace("\\", "\\\\").replace("|", "\\|")


def _markdown(columns: Sequence[str], rows: Iterable[Sequence[str]], out: IO[str]) -> None:
    out.write("| " + " | ".join(columns) + " |\n")
    out.write("|" + "|".join("---" for _ in columns) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(_md(cell) for cell in row) + " |\n")


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


def reminder_json(reminder) -> dict:
    def refs(items):
        return [{"plan": item.task.plan, "id": item.task.number, "period": period_key(item)} for item in items]

    return {"unit": reminder.unit, "email": reminder.email or None, "overdue": refs(reminder.overdue),
            "due_soon": refs(reminder.due_soon), "tasks": [task_json(item) for item in reminder.items]}


def reminder_mail_text(reminder, within_days: int, today, language: str = "zh") -> tuple[str, str]:
    """The subject and body of one unit's reminder, in the language its readers read (Chinese)."""
    from .messages import say_in

    def said(key, **fields):
        return say_in(language, key, **fields)

    heading = reminder_heading(reminder, within_days, said)
    lines = [heading, ""]
    for title, items in ((said("remind_overdue_title"), reminder.overdue),
                         (said("remind_due_soon_title", days=within_days), reminder.due_soon)):
        if not items:
            continue
        lines.append(title)
        for item in items:
            days = (said("remind_days_overdue", days=-item.days_left) if item.days_left < 0 else
                    said("remind_due_today") if item.days_left == 0 else said("remind_days_left", days=item.days_left))
            key = period_key(item)
            lines.append(said("remind_item", number=item.task.number, plan=item.task.plan, due=_due_cell(item),
                              period=said("remind_period", period=key) if key else "", days=days, text=item.task.text))
            lines.append(said("remind_item_units", units=item.task.units_raw))
        lines.append("")
    lines.append(said("remind_footer", date=today.isoformat()))
    return visible(said("remind_subject", heading=heading)), "\n".join(visible(line) for line in lines) + "\n"


def directory_cells(row: dict) -> list[str]:
    return [row["unit"], row["email"], row["leader"], "、".join(row["aliases"]), "、".join(row["groups"]),
            "、".join(row["members"])]
