"""Changes to a task, the same whether a command or a web page asks: a progress note, completion, postponement,
cancelling, reopening. Each checks what the person gave (a blank reason, a completion date in the future),
finds the plan a task number means, and records the change; the store keeps the history and refuses a
move the rules do not allow (rules.status_after).

`at` is the real time of the change and `by` who made it: the caller reads the clock and the user.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Optional

from . import query
from .errors import LedgerError
from .messages import say
from .model import StoredTask
from .store import Store

BLANK_REFUSALS = {"note": "note_blank", "cancel": "cancel_reason", "postpone": "postpone_reason"}


def required(kind: str, text: str) -> str:
    """The text of a note that needs one (a note, a cancel's or a postponement's reason): history keeps it
    forever, so a blank one is refused."""
    if not text.strip():
        raise LedgerError(say(BLANK_REFUSALS[kind]))
    return text


def record(store: Store, plan: Optional[str], number: int, kind: str, text: str, *, at: str, by: str,
           period: Optional[str] = None, data: Optional[dict[str, Any]] = None,
           evidence: Sequence[tuple] = ()) -> StoredTask:
    """A note of `kind` (note, cancel, reopen) on task `number` of `plan` (or of the only open plan)."""
    if kind in BLANK_REFUSALS:
        required(kind, text)
    return store.add_note(query.resolve_plan(store, plan, number), number, kind, text, at=at, by=by, period=period,
                          data=data, evidence=evidence)


def complete(store: Store, plan: Optional[str], number: int, text: str, *, completed_on: date, today: date,
             at: str, by: str, period: Optional[str] = None, evidence: Sequence[tuple] = ()) -> StoredTask:
    """Task `number` (or one period of it) done on `completed_on`, which cannot be after today."""
    if completed_on > today:
        raise LedgerError(say("done_in_future", on=completed_on.isoformat(), today=today.isoformat()))
    return record(store, plan, number, "done", text, at=at, by=by, period=period,
                  data={"completed_on": completed_on.isoformat()}, evidence=evidence)


def postpone(store: Store, plan: Optional[str], number: int, reason: str, *, to: date, today: date, at: str,
             by: str, approved_by: Optional[str] = None, period: Optional[str] = None,
             correct: bool = False) -> StoredTask:
    """Task `number` (or one period) due on `to` instead, for `reason`; the plan's own date stays in history.
    `correct`: a postponement entered wrongly is put right (to an earlier date too), on record."""
    required("postpone", reason)
    return store.postpone(query.resolve_plan(store, plan, number), number, to, today, reason, at=at, by=by,
                          approved_by=approved_by, period=period, correct=correct)
