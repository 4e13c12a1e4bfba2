"""Text: a list as a person would write it, in the interface language — what a cron mail an office reads should
carry, or what is pasted into a message. `plain` stays the tab-separated lines scripts read."""
from __future__ import annotations

from ..messages import say, word
from .base import Formatter, due_cell, header, period_key, story_label, story_text, task_story, text_rows
from .escape import visible
from .notes import local_time, note_kind_words, note_text


def item_lines(item) -> list[str]:
    """· 任务 29（plan_2022），截止 2022-12-30（逾期6天）：…, then the units on a line of their own."""
    task = item.task
    days = item.days_left
    state = (word("status", task.status.value) if days is None else say("remind_days_overdue", days=-days)
             if days < 0 else say("remind_due_today") if days == 0 else say("remind_days_left", days=days))
    key = period_key(item)
    return [say("remind_item", number=task.number, plan=task.plan, due=due_cell(item),
                period=say("remind_period", period=key) if key else "", days=state, text=task.text),
            say("remind_item_units", units=task.units_raw)]


class Text(Formatter):
    """One item per task, its units below it; `show` adds the task's story and its history in sentences."""

    def tasks(self, items, with_notes=False):
        for item in items:
            lines = item_lines(item)
            if with_notes:
                lines += [say("text_fact", label=story_label(line.kind), text=story_text(line))
                          for line in task_story(item)]
                lines += [say("text_note", at=local_time(note.at), by=note.by, kind=note_kind_words(note),
                              text=note_text(note)) for note in item.task.notes]
            self.out.write("".join(visible(line) + "\n" for line in lines))

    def rows(self, columns, rows, json_rows=None):
        for row in text_rows(rows):
            self.out.write(visible(say("list_separator").join(f"{header(column)} {cell}"
                                                               for column, cell in zip(columns, row) if cell)) + "\n")
