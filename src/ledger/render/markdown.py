"""Markdown tables, for a report pasted into a document."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from ..messages import say
from .base import (TASK_COLUMN_WORDS, TASK_COLUMNS, Formatter, header, story_label, story_text, task_cells, task_story,
                   text_rows)
from .escape import visible
from .notes import local_time, note_kind_words, note_text


class Markdown(Formatter):
    def tasks(self, items, with_notes=False):
        _markdown([say(TASK_COLUMN_WORDS[column]) for column in TASK_COLUMNS],
                  [task_cells(item, self.calendar) for item in items], self.out)
        if with_notes:
            for item in items:
                story = task_story(item)
                if story:
                    self.out.write("\n")
                for line in story:
                    self.out.write(f"- **{_md(story_label(line.kind))}**: {_md(story_text(line))}\n")
                if item.task.notes:
                    self.out.write(f"\n**{_md(say('history_title'))}**\n\n")
                for note in item.task.notes:
                    self.out.write(f"- {_md(local_time(note.at))} {_md(note.by)} {_md(note_kind_words(note))}: "
                                   f"{_md(note_text(note))}\n")

    def rows(self, columns, rows, json_rows=None):
        _markdown([header(column) for column in columns], text_rows(rows), self.out)

    def heading(self, text):
        self.out.write(f"### {_md(text)}\n\n")


def _md(text: str) -> str:
    return visible(text).replace("\\", "\\\\").replace("|", "\\|")


def _markdown(columns: Sequence[str], rows: Iterable[Sequence[str]], out: IO[str]) -> None:
    out.write("| " + " | ".join(columns) + " |\n")
    out.write("|" + "|".join("---" for _ in columns) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(_md(cell) for cell in row) + " |\n")
