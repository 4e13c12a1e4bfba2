"""CSV for spreadsheets: headers in the interface language, cells that would run as a formula neutralised."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import IO

from ..model import TaskView
from .base import (CSV_TASK_COLUMNS, REMINDER_CSV_COLUMNS, Formatter, days_cell, due_cell, text_rows, header,
                   period_key)
from .escape import visible
from .json import task_json

# A text cell a spreadsheet would read as a formula (CSV injection): =, +, -, @, and tab or CR before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def csv_due(item: TaskView) -> str:
    """The date in force, as plain shows it: a period's row (SPEC §10) its period's, a postponed task its new
    one; none (长期) is empty, the deadline column says why."""
    return item.due.isoformat() if item.due is not None else ""


class Csv(Formatter):
    def time(self, at):
        return at

    def progress_footnote(self, total):
        """None: a line under the rows would break the file; the carried column is there."""

    def tasks(self, items, with_notes=False):
        rows = []
        for item in items:
            row = task_json(item, self.calendar)
            section, subsection = row["section"] or {}, row["subsection"] or {}
            rows.append([row["plan"], row["id"], section.get("no", ""), section.get("title", ""),
                         subsection.get("no", ""), subsection.get("title", ""), row["text"], item.task.units_raw,
                         row["deadline"]["raw"], row["deadline"]["kind"], csv_due(item),
                         days_cell(item), row["status"], row["overdue"], period_key(item) or ""])
        self.rows(CSV_TASK_COLUMNS, rows)

    def rows(self, columns, rows, json_rows=None):
        write_csv(self.out, [header(column) for column in columns],
                  [[visible(cell) for cell in row] for row in text_rows(rows)])

    def reminders(self, reminders, within_days):
        """One row per unit and task: the unit, its address and whether the task is overdue or due soon first."""
        self.rows(REMINDER_CSV_COLUMNS, [
            [reminder.unit, reminder.email, which, item.task.plan, item.task.number, period_key(item) or "",
             due_cell(item), days_cell(item), item.task.units_raw, item.task.text]
            for reminder in reminders
            for which, items in (("overdue", reminder.overdue), ("due_soon", reminder.due_soon)) for item in items])
