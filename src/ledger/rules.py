"""The ledger's rules, written once: how a note moves a task's status (and which moves are refused), the date in
force, how a task looks on a given day, when the work was finished, and what its postponements add up to.

Pure: values in, values out; no clock, no database. The store, the commands, render, export and the web call
these; nobody derives them again.
"""
from __future__ import annotations

from datetime import date

from .errors import Conflict
from .messages import say, word
from .model import PeriodState, Status, StoredTask, TaskView

# The note kinds that move a task's status, and where each one moves it. A period of a recurring task moves
# the same way between open and done (`period_status_after`).
STATUS_AFTER_NOTE = {"done": Status.DONE, "cancel": Status.CANCELLED, "reopen": Status.OPEN, "carry": Status.CARRIED}


def status_after(plan: str, number: int, status: Status, kind: str) -> Status:
    """The status a note of `kind` leaves a task in that is `status` now; a move that makes no sense from
    there (done twice, reopening an open task, touching a task carried into another plan) is refused."""
    target = STATUS_AFTER_NOTE.get(kind)
    if target is None:
        return status
    refuse_if_carried(plan, number, status)
    if status is target:
        raise Conflict(say("already", number=number, plan=plan, status=word("status", status.value)))
    if target is not Status.OPEN and status is not Status.OPEN:
        raise Conflict(say("reopen_first", number=number, plan=plan, status=word("status", status.value)))
    return target


def refuse_if_carried(plan: str, number: int, status: Status) -> None:
    """A task carried into another plan takes no more status moves in its old plan, nor do its periods: its
    work goes on, and is counted, in the plan it was carried to."""
    if status is Status.CARRIED:
        raise Conflict(say("task_was_carried", number=number, plan=plan))


def period_status_after(plan: str, number: int, period: str, status: Status, kind: str) -> Status:
    """The status a `done` or `reopen` note leaves one period of a recurring task in; doing a done period or
    reopening an open one is refused."""
    target = Status.DONE if kind == "done" else Status.OPEN
    if status is target:
        raise Conflict(say("period_already", number=number, plan=plan, period=period,
                           status=word("status", target.value)))
    return target


def date_in_force(plan_due: date | None, postponed_to: date | None) -> date | None:
    """The date a task (or one period) is due by: the one a postponement set, else the plan's own.

    The store's SQL mirrors this as `coalesce(postponed_to, due)` where it filters and counts by it."""
    return postponed_to or plan_due


def view(task: StoredTask, today: date, period: PeriodState | None = None) -> TaskView:
    """The task on `today`; a recurring task in a listing is seen through its earliest open period."""
    current = period or next((state for state in task.periods if state.status is Status.OPEN), None)
    due = current.due if current else task.deadline.due
    is_open = task.status is Status.OPEN and (current is None or current.status is Status.OPEN)
    days_left = (due - today).days if due and is_open else None
    return TaskView(task, days_left, days_left is not None and days_left < 0, today, period, due)


def completed_on(item: TaskView) -> str | None:
    """The day the work was really finished: of the row's period, else of the done task; None while open."""
    if item.period is None and item.task.status is not Status.DONE:
        return None
    return period_completed_on(item.task, item.period.key if item.period else None)


def period_completed_on(task: StoredTask, period_key: str | None) -> str | None:
    """The day one period (`period_key`; None: the task) was finished, from its latest done note; None when it was
    opened again since, or never done."""
    for note in reversed(task.notes):
        if note.kind == "reopen" and (period_key is None or note.period == period_key):
            return None
        if note.kind == "done" and (period_key is None or note.period == period_key):
            return (note.data or {}).get("completed_on") or note.at[:10]
    return None


def postponed(item: TaskView) -> dict | None:
    """SPEC §10's `postponed`: the plan's own date, the date in force, how often, and the latest request; None
    when never postponed, or when a correction put the plan's own date back. `corrected`: the date in force
    comes from a correction (postpone --correct), which does not count as one more postponement."""
    period_key = item.period.key if item.period else None
    moves = [note for note in item.task.notes if note.kind == "postpone" and note.period == period_key]
    if not moves:
        return None
    latest = moves[-1].data or {}
    plan_due = item.period.plan_due if item.period else item.task.plan_due
    if plan_due is not None and latest.get("to") == plan_due.isoformat():
        return None  # withdrawn
    requests = [note.data or {} for note in moves if not (note.data or {}).get("correction")]
    request = requests[-1] if requests else latest
    return {"from": plan_due.isoformat() if plan_due else (moves[0].data or {}).get("from"), "to": latest.get("to"),
            "times": len(requests), "approved_by": request.get("approved_by"),
            "late_request": bool(request.get("late_request")), "corrected": bool(latest.get("correction"))}


def check_postponement(number: int, plan: str, in_force: date, plan_due: date, postponed_to: date | None, to: date,
                       correct: bool) -> None:
    """A postponement moves the date in force later; a correction (of a postponement entered wrongly) may move it
    anywhere else, the plan's own date included, but needs a postponement to correct."""
    if correct:
        if postponed_to is None:
            raise Conflict(say("postpone_nothing_to_correct", number=number, plan=plan))
        if to == in_force:
            raise Conflict(say("postpone_correct_same", number=number, plan=plan, due=in_force.isoformat()))
        return
    if to <= in_force:
        raise Conflict(say("postpone_not_later", number=number, plan=plan, due=in_force.isoformat()))
