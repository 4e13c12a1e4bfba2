"""Rich tables for a terminal: Chinese lined up, plan text never read as markup, bars for progress.

Rich is imported only here, so piped and cron output starts fast.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..messages import say, word
from ..model import TaskView
from .base import (COUNT_COLUMNS, STORY_KINDS, TASK_COLUMN_WORDS, TASK_COLUMNS, Formatter, light_of, task_cells,
                   text_rows, header, light_word, progress_table, story_label, story_text, task_story)
from ..tablewrap import WrappedText
from .escape import visible
from .notes import local_time, note_kind_words, note_text

# The light as a mark in its colour and a word, so that it still reads without colour (NO_COLOR).
LIGHT_STYLES = {"red": "bold red", "yellow": "bold yellow", "green": "green"}
SHORT_HEADERS = {"implement": "short_implement", "cancelled": "short_cancelled", "done_pct": "short_done_pct",
                 "carried": "short_carried",
                 "overdue": "short_overdue", "due_soon": "short_due_soon", "postponed": "short_postponed"}
BAR_WIDTH = 20
# Done, open and overdue differ in shape as well as colour, so the bar reads without colour (NO_COLOR) too.
BAR_PARTS = (("done", "█", "green"), ("open", "░", "yellow"), ("overdue", "▓", "red"))


class Table(Formatter):
    """Rich tables for a terminal: Chinese lined up, plan text never read as markup, bars for progress."""

    def tasks(self, items, with_notes=False):
        _task_table(items, self.out, with_notes, self.calendar)

    def rows(self, columns, rows, json_rows=None):
        rows = text_rows(rows)
        table = RichTable(header_style="bold")
        for position, column in enumerate(columns):
            table.add_column(header(column), justify="right" if rows and rows[0][position].isdigit() else "left")
        for row in rows:
            table.add_row(*(WrappedText(visible(cell)) for cell in row))
        _console(self.out).print(table)

    def progress(self, rows, total, by):
        _progress_table(rows, total, by, self.out)
        self.progress_footnote(total)

    def heading(self, text):
        _console(self.out).print(Text(text, style="bold"))


def _task_table(items: Sequence[TaskView], out: IO[str], with_notes: bool, calendar=None) -> None:
    console = _console(out)
    if with_notes:  # `show`: one task in full, then its history
        for item in items:
            _task_detail(item, console)
        return
    # A column that would say the same on every row (due and overdue list only open tasks; most ledgers
    # hold one plan) is left out: narrower rows, more room for the task text.
    lights = [light_of(item, calendar)[1] for item in items]
    varies = {"Status": len({item.task.status for item in items}) > 1,
              "Plan": len({item.task.plan for item in items}) > 1, "Light": any(lights)}
    if console.width < NARROW:
        _task_cards(items, lights, varies, console)
        return
    shown = [varies.get(column, True) for column in TASK_COLUMNS]
    table = RichTable(show_lines=False, header_style="bold")
    for column in itertools.compress(TASK_COLUMNS, shown):
        table.add_column(say(TASK_COLUMN_WORDS[column]), overflow="fold", no_wrap=column in ("#", "Due", "Days left"),
                         justify="right" if column in ("#", "Days left") else "left")
    for item, light in zip(items, lights):
        style = "red" if item.overdue else ("green" if item.task.status.value == "done" else "")
        cells: list[Text] = [WrappedText(visible(cell)) for cell in task_cells(item)]
        cells[2].stylize("bold red" if item.overdue else "")
        if light:
            cells[3] = WrappedText.assemble(("● ", LIGHT_STYLES[light]), light_word(light))
        table.add_row(*itertools.compress(cells, shown), style=style or None)
    console.print(table)


# Below this many columns a table would leave the task text a few characters wide (a row of dozens of lines):
# each task is written as a card instead, its facts on one line and its units and text below, full width.
NARROW = 80


def _task_cards(items: Sequence[TaskView], lights: list, varies: dict[str, bool], console: Console) -> None:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for position, (item, light) in enumerate(zip(items, lights)):
        cells = task_cells(item)
        facts = WrappedText(visible(cells[1]), style="bold red" if item.overdue else "")
        days = item.days_left
        if days is not None:
            said = (say("remind_days_overdue", days=-days) if days < 0 else say("remind_due_today") if days == 0
                    else say("remind_days_left", days=days))
            facts.append("  " + said, style="bold red" if item.overdue else "")
        if light:
            facts.append("  ● ", style=LIGHT_STYLES[light])
            facts.append(light_word(light))
        for column, cell in (("Status", cells[4]), ("Plan", cells[7])):
            if varies[column]:
                facts.append("  " + visible(cell))
        if position:
            grid.add_row("", "")
        grid.add_row(Text(cells[0], style="bold"), facts)
        grid.add_row("", WrappedText(visible(cells[5]), style="dim"))
        grid.add_row("", WrappedText(visible(cells[6])))
    console.print(grid)


def story_rows(item: TaskView) -> list[tuple[str, list[str]]]:
    """The task's story as rows of the detail: each kind once, with its lines one under another."""
    story = task_story(item)
    return [(story_label(kind), [story_text(line) for line in story if line.kind == kind])
            for kind in STORY_KINDS if any(line.kind == kind for line in story)]


def _task_detail(item: TaskView, console) -> None:
    task = item.task
    facts = RichTable.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    deadline = task.deadline.raw or "—"
    if task.deadline.kind.value not in ("date", "none"):  # ongoing, recurring, unreadable: say how it was read
        deadline += f" ({word('deadline_kind', task.deadline.kind.value)})"
    if task.deadline.due and task.status.value == "open":
        days_left = item.days_left or 0
        key, days = ("due_overdue", -days_left) if item.overdue else ("due_left", days_left)
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
            facts.add_row(label, WrappedText(visible(value), style="bold red" if late else ""))
    for label, lines in story_rows(item):
        facts.add_row(label, WrappedText("\n".join(visible(line) for line in lines)))
    console.print(facts)
    if task.notes:
        history = RichTable(header_style="bold", title=say("history_title"), title_justify="left")
        for column in ("col_when", "col_who", "col_what", "col_note"):
            history.add_column(say(column), overflow="fold", no_wrap=column == "col_when")
        for note in task.notes:
            history.add_row(*(WrappedText(visible(cell)) for cell in (local_time(note.at), note.by,
                                                               note_kind_words(note), note_text(note))))
        console.print(history)


def _progress_table(rows: list[dict], total: dict, by: str, out: IO[str]) -> None:
    """Progress in a terminal, with a bar per row and its legend."""
    label_columns = ("unit",) if by == "unit" else ("plan", "section", "title")
    flat = progress_table(rows, total, by, say("total"))
    console = _console(out)
    # The widest layout whose narrowest rendering fits the terminal: every column and a long bar, then the
    # columns that tell progress with a shorter bar, then narrower labels, then no bar. Measuring (rather
    # than a fixed threshold) keeps the right border and the whole bar at every width.
    for columns, bar_width, label_width in LAYOUTS:
        # The carried column, where tasks went on into another plan: what the done percentage leaves out.
        shown = tuple(column for column in columns if column != "carried" or total.get("carried"))
        table = _progress_rich_table(rows, total, by, flat, label_columns, shown, bar_width, label_width)
        if _narrowest(table) <= console.width:
            break
    console.print(table)
    if bar_width:
        console.print(Text.assemble(*(part for name, char, colour in BAR_PARTS
                                      for part in ((char * 2, colour), (f" {header(name)}  ", "")))))


# (count columns shown, bar width, widest label column), widest first; plain, csv and json always have them all.
PROGRESS_COLUMNS = ("tasks", "open", "overdue", "done", "carried", "done_pct")
LAYOUTS = ((COUNT_COLUMNS, BAR_WIDTH, 18), (PROGRESS_COLUMNS, BAR_WIDTH // 2, 18), (PROGRESS_COLUMNS, BAR_WIDTH // 2, 8),
           (PROGRESS_COLUMNS, 0, 8), (PROGRESS_COLUMNS, 0, 4))


def _narrowest(table) -> int:
    """The fewest columns `table` can take: unwrapped columns at their widest cell, folding ones at their
    min_width, plus one space either side of every cell and the borders between them."""
    widths = [column.min_width or 1 if not column.no_wrap else
              max(cell_len(str(cell)) for cell in [column.header, *column.cells]) for column in table.columns]
    return sum(widths) + 3 * len(widths) + 1


def _progress_rich_table(rows, total, by, flat, label_columns, shown, bar_width, label_width):
    one_plan = by == "section" and len({row["plan"] for row in rows}) <= 1
    columns = [column for column in label_columns if not (one_plan and column == "plan")]
    labels = [cells[len(label_columns) - len(columns):len(label_columns)] for cells in flat]
    labels[-1] = [say("total")] + [""] * (len(columns) - 1)
    table = RichTable(header_style="bold")
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
        texts = [WrappedText(visible(str(cell))) for cell in shown_labels]
        texts += [WrappedText(str(cells[position]), style="bold red" if column == "overdue" and row["overdue"] else "")
                  for column, position in zip(shown, positions)]
        if bar_width:
            texts.append(progress_bar(row, bar_width))
        if row is total:
            table.add_section()
        table.add_row(*texts, style="bold" if row is total else None)
    return table


def progress_bar(row: dict, bar_width: int = BAR_WIDTH):
    tasks = max(row["tasks"] - row["cancelled"], 0)
    amounts = {"done": row["done"], "open": row["open"] - row["overdue"], "overdue": row["overdue"]}
    bar, counted, drawn = Text(), 0, 0
    for name, char, colour in BAR_PARTS:
        counted += amounts[name]
        width = round(bar_width * counted / tasks) - drawn if tasks else 0  # cumulative: always bar_width wide
        bar.append(char * width, style=colour)
        drawn += width
    return bar


def _console(out: IO[str]) -> Console:
    return Console(file=out, highlight=False, emoji=False, markup=False)
