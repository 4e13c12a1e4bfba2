"""Notes and what they move: a task's status, a period of a recurring task, the date a postponement puts in
force, and the reminders sent."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..errors import Conflict, NotFound
from ..messages import say, word
from ..model import Status, StoredTask
from ..rules import STATUS_AFTER_NOTE, check_postponement, period_status_after, refuse_if_carried, status_after
from .evidence import EvidenceRow, EvidenceStore
from .tasks import TaskStore
from .values import json_text


class NoteStore(TaskStore, EvidenceStore):
    def add_note(self, plan: str, number: int, kind: str, text: str, at: str, by: str,
                 period: str | None = None, data: dict[str, Any] | None = None,
                 evidence: Sequence[EvidenceRow] = ()) -> StoredTask:
        """Append a note; `done`, `cancel`, `reopen` (and `carry`) notes move the task's status.

        On a recurring task a done or reopen note is about one period: that period moves, and the task is
        done when its last open period is. `evidence` rows (name, size, sha256, content, url) go with it.
        """
        with self.write() as conn:
            row = conn.execute("SELECT status, present, deadline_kind FROM tasks WHERE plan = ? AND number = ?",
                               (plan, number)).fetchone()
            if row is None:
                raise NotFound(say("no_task_number", plan=plan, number=number))
            status, present = Status(row[0]), row[1]
            if not present and kind != "note":
                raise Conflict(say("task_removed", number=number, plan=plan))
            if kind in ("done", "reopen") and row[2] == "recurring" and status is not Status.CANCELLED:
                refuse_if_carried(plan, number, status)
                period = self._move_period(plan, number, kind, period)
                # The task is done when its last open period is; a period opened again opens the task.
                last_closed = kind == "done" and not self._has_open_period(plan, number)
                new_status = STATUS_AFTER_NOTE[kind] if kind == "reopen" or last_closed else status
            elif period is not None and kind != "note":
                raise Conflict(say("not_periodic", number=number, plan=plan))
            else:
                new_status = status_after(plan, number, status, kind)
            note_id = self.dialect.insert_returning_id(
                conn, "INSERT INTO notes (plan, number, at, by, kind, text, period, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (plan, number, at, by, kind, text, period, json_text(data)))
            self._add_evidence(plan, number, period, note_id, evidence)
            if new_status is not status:
                conn.execute("UPDATE tasks SET status = ? WHERE plan = ? AND number = ?",
                             (new_status.value, plan, number))
        return self.task(plan, number)

    def postpone(self, plan: str, number: int, to: date, today: date, text: str, at: str, by: str,
                 approved_by: str | None, period: str | None, correct: bool = False) -> StoredTask:
        """Move the date in force of an open task (or one open period); the plan's own date stays. `correct`: put
        right a postponement entered wrongly (an earlier date too; the plan's own date withdraws it)."""
        with self.write() as conn:
            row = conn.execute("SELECT status, present, deadline_kind, due, postponed_to FROM tasks"
                               " WHERE plan = ? AND number = ?", (plan, number)).fetchone()
            if row is None:
                raise NotFound(say("no_task_number", plan=plan, number=number))
            status, present, kind, plan_due, postponed_to = row
            if not present or status != "open":
                raise Conflict(say("postpone_not_open", number=number, plan=plan,
                                   status=word("status", status if present else "removed")))
            if kind == "recurring":
                period = period or self._earliest_open_period(plan, number)
                found = conn.execute("SELECT due, postponed_to, status FROM periods WHERE plan = ? AND number = ?"
                                     " AND key = ?", (plan, number, period)).fetchone()
                if found is None or found[2] != "open":
                    raise Conflict(say("period_not_open", number=number, plan=plan, period=period))
                plan_due, postponed_to = found[0], found[1]
            elif period is not None:
                raise Conflict(say("not_periodic", number=number, plan=plan))
            elif plan_due is None:
                raise Conflict(say("postpone_undated", number=number, plan=plan))
            in_force = postponed_to or plan_due
            check_postponement(number, plan, date.fromisoformat(in_force), date.fromisoformat(plan_due),
                               date.fromisoformat(postponed_to) if postponed_to else None, to, correct)
            data = {"from": in_force, "to": to.isoformat(), "approved_by": approved_by,
                    "late_request": today > date.fromisoformat(in_force)}
            if correct:
                data = {"from": in_force, "to": to.isoformat(), "approved_by": approved_by, "correction": True}
            new_date = None if to.isoformat() == plan_due else to.isoformat()  # corrected back: withdrawn
            if kind == "recurring":
                conn.execute("UPDATE periods SET postponed_to = ? WHERE plan = ? AND number = ? AND key = ?",
                             (new_date, plan, number, period))
            else:
                conn.execute("UPDATE tasks SET postponed_to = ? WHERE plan = ? AND number = ?",
                             (new_date, plan, number))
            conn.execute("INSERT INTO notes (plan, number, at, by, kind, text, period, data)"
                         " VALUES (?, ?, ?, ?, 'postpone', ?, ?, ?)",
                         (plan, number, at, by, text, period, json_text(data)))
        return self.task(plan, number)

    def record_reminders(self, reminders: Sequence[tuple[str, int, str | None, str]], at: str, by: str) -> None:
        """A `remind` note on each (plan, task, period or None, to whom): the task (or its period) was chased."""
        with self.write() as conn:
            conn.executemany("INSERT INTO notes (plan, number, at, by, kind, period, text)"
                             " VALUES (?, ?, ?, ?, 'remind', ?, ?)",
                             ((plan, number, at, by, period, text) for plan, number, period, text in reminders))

    def _has_open_period(self, plan: str, number: int) -> bool:
        return bool(self.conn.execute("SELECT EXISTS (SELECT 1 FROM periods WHERE plan = ? AND number = ?"
                                      " AND status = 'open')", (plan, number)).fetchone()[0])

    # -- periods -----------------------------------------------------------------------------------

    def _earliest_open_period(self, plan: str, number: int) -> str | None:
        row = self.conn.execute("SELECT key FROM periods WHERE plan = ? AND number = ? AND status = 'open'"
                                " ORDER BY due, key LIMIT 1", (plan, number)).fetchone()
        return row[0] if row else None

    def _move_period(self, plan: str, number: int, kind: str, period: str | None) -> str:
        """Close (done) or open again (reopen) one period; without a key, done takes the earliest open one."""
        conn = self.conn
        if period is None and kind == "reopen":  # the period closed last opens again
            row = conn.execute("SELECT key FROM periods WHERE plan = ? AND number = ? AND status = 'done'"
                               " ORDER BY due DESC, key DESC LIMIT 1", (plan, number)).fetchone()
            if row is None:
                raise Conflict(say("already", number=number, plan=plan, status=word("status", "open")))
            period = row[0]
        elif period is None:
            period = self._earliest_open_period(plan, number)
            if period is None:
                raise Conflict(say("already", number=number, plan=plan, status=word("status", "done")))
        found = conn.execute("SELECT status FROM periods WHERE plan = ? AND number = ? AND key = ?",
                             (plan, number, period)).fetchone()
        if found is None:
            keys = [row[0] for row in conn.execute("SELECT key FROM periods WHERE plan = ? AND number = ?"
                                                   " ORDER BY due, key", (plan, number))]
            raise NotFound(say("no_such_period", number=number, plan=plan, period=period, periods=", ".join(keys)))
        target = period_status_after(plan, number, period, Status(found[0]), kind)
        conn.execute("UPDATE periods SET status = ? WHERE plan = ? AND number = ? AND key = ?",
                     (target.value, plan, number, period))
        assert period is not None
        return period

