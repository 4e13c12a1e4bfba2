"""JSON (SPEC §6): task objects, rows, an import's summary; the same in every interface language."""
from __future__ import annotations

from ..messages import say_english
from ..model import Status, TaskView
from ..rules import completed_on, period_completed_on, postponed
from .base import Formatter, light_of, text_rows, period_key
from .escape import to_json
from .notes import note_text


def task_json(item: TaskView, calendar=None) -> dict:
    task = item.task
    workdays_left, light = light_of(item, calendar)
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
        "periods": [{"key": state.key, "due": state.due.isoformat(), "status": state.status.value,
                     "completed_on": period_completed_on(task, state.key) if state.status is Status.DONE else None}
                    for state in task.periods],
        "postponed": postponed(item),
        "completed_on": completed_on(item),
        "evidence": [{"name": kept.name, "size": kept.size, "sha256": kept.sha256} if kept.url is None
                     else {"url": kept.url} for kept in task.evidence],
        "notes": [{"at": note.at, "by": note.by, "kind": note.kind, "period": note.period,
                   "text": note_text(note, say_english), "data": note.data} for note in task.notes],
        "extra": dict(task.extra),
        "carried_from": ({"plan": task.carried_from.plan, "id": task.carried_from.number}
                         if task.carried_from else None),
    }


def reminder_json(reminder) -> dict:
    def refs(items):
        return [{"plan": item.task.plan, "id": item.task.number, "period": period_key(item)} for item in items]

    return {"unit": reminder.unit, "email": reminder.email or None, "overdue": refs(reminder.overdue),
            "due_soon": refs(reminder.due_soon), "tasks": [task_json(item) for item in reminder.items]}


class Json(Formatter):
    """SPEC §6's JSON: arrays of task objects or rows; a change gives the changed task, an import one object."""

    def tasks(self, items, with_notes=False):
        self.out.write(to_json([task_json(item, self.calendar) for item in items]) + "\n")

    def time(self, at):
        return at

    def rows(self, columns, rows, json_rows=None):
        rows = json_rows if json_rows is not None else [dict(zip(columns, row)) for row in text_rows(rows)]
        self.out.write(to_json(rows) + "\n")

    def progress(self, rows, total, by):
        self.out.write(to_json(rows) + "\n")  # no total row: a script adds up what it needs

    def no_tasks(self):
        self.tasks([])

    def changed(self, item, line):
        self.tasks([item])

    def imported(self, summary):
        from .summary import summary_json  # only `import` shows a summary

        self.out.write(to_json(summary_json(summary)) + "\n")

    def reminders(self, reminders, within_days):
        self.out.write(to_json([reminder_json(reminder) for reminder in reminders]) + "\n")

    def mails_not_sent(self, reminders, within_days, mails):
        self.reminders(reminders, within_days)
