"""Plain: one tab-separated line per task or row, what a cron mail and a script read; never changes with the
language."""
from __future__ import annotations

from ..messages import say_english
from .base import Formatter, due_cell, days_cell, period_key, task_story, text_rows
from .escape import visible
from .notes import note_text


class Plain(Formatter):
    """One tab-separated line per task or row, no colour, no truncation: what a cron mail should read like."""

    def total_label(self) -> str:
        return "total"  # plain never changes with the language

    def say(self, key, **fields):
        return say_english(key, **fields)

    def time(self, at):
        return at

    def progress_footnote(self, total):
        """None: a script reads the carried column."""

    def tasks(self, items, with_notes=False):
        for item in items:
            task = item.task
            # SPEC §6: ... plan, status, then the period key of a periodic obligation (§10), else empty.
            fields = (str(task.number), due_cell(item), days_cell(item), task.units_raw, task.text, task.plan,
                      task.status.value, period_key(item) or "")
            self.out.write("\t".join(map(visible, fields)) + "\n")
            if with_notes:  # show: the task's story, then one line per note; tab-separated, English words
                for line in task_story(item):
                    self.out.write("    " + "\t".join(map(visible, (line.kind, *line.fields))) + "\n")
                for note in task.notes:
                    noted = ("note", note.at, note.by, note.kind, note.period or "", note_text(note, say_english))
                    self.out.write("    " + "\t".join(map(visible, noted)) + "\n")

    def rows(self, columns, rows, json_rows=None):
        for row in text_rows(rows):
            self.out.write("\t".join(map(visible, row)) + "\n")
