"""Accounts, what each may see and do, and the units' requests the office reviews (SPEC §13).

One domain, two faces: the web pages and the commands (`ledger user`, `ledger review`) call these functions
and differ only in how they read input and show output. No SQL here (the store's), no sentences (the catalogue's),
no clock (`today` and `at` come in).
"""
from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import Conflict, LedgerError, NotFound
from .messages import say
from .model import Role, Status, StoredTask
from .store import Account, Request, Store

if TYPE_CHECKING:
    from .workdays import WorkCalendar

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as `done --evidence` (SPEC §10)
MIN_PASSWORD_CHARS = 8
LOCK_AFTER_FAILURES = 5
LOCK_MINUTES = 15
ADDRESS_LOCK_AFTER_FAILURES = 20  # from one address, across accounts, within LOCK_MINUTES
PAGE_ROWS = 200
MAX_TEXT_CHARS = 4000  # a note, a reason: a page of text, not a document (that is what evidence files are for)


class AccountRole(str, enum.Enum):
    UNIT = "unit"  # acts for its unit, the groups that hold it and its aliases (§11)
    OFFICE = "office"  # sees everything, reviews requests
    LEADER = "leader"  # sees everything, changes nothing


class Forbidden(LedgerError):
    """Something this account may see but not do (a leader posting, an assisting unit asking for 办结)."""


class Actor(NamedTuple):
    """Who acts: an account, with every name a plan may write for its unit."""

    name: str
    unit: str | None
    role: AccountRole
    unit_names: tuple[str, ...] = ()

    @property
    def sees_everything(self) -> bool:
        return self.role is not AccountRole.UNIT


class Upload(NamedTuple):
    """A file a person sent: the name they gave it (data, never a path) and its bytes."""

    name: str
    content: bytes


# -- accounts and passwords -----------------------------------------------------------------------------

def hash_password(password: str) -> str:
    """A salted slow hash (scrypt, from werkzeug): what the ledger keeps instead of the password."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="scrypt")


def password_matches(password_hash: str, password: str) -> bool:
    from werkzeug.security import check_password_hash

    return check_password_hash(password_hash, password)


# Checked against when the account does not exist, so that an unknown name costs what a known one does.
_STAND_IN_HASH: list[str] = []


def stand_in_hash() -> str:
    if not _STAND_IN_HASH:
        _STAND_IN_HASH.append(hash_password("not the password of any account"))
    return _STAND_IN_HASH[0]


def check_new_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise LedgerError(say("password_short", chars=MIN_PASSWORD_CHARS))
    return password


def add_account(store: Store, name: str, unit: str | None, role: AccountRole, password: str, at: str,
                by: str) -> None:
    name = name.strip()
    if not name or not name.isprintable() or len(name) > 64:
        raise LedgerError(say("account_bad_name", name=name))
    if role is AccountRole.UNIT and not unit:
        raise LedgerError(say("account_needs_unit"))
    store.add_account(name, unit, role.value, hash_password(check_new_password(password)), at, by)


def change_password(store: Store, name: str, password: str, at: str, by: str) -> None:
    store.set_password(name, hash_password(check_new_password(password)), at, by)


def actor_of(store: Store, account: Account) -> Actor:
    role = AccountRole(account.role)
    if role is not AccountRole.UNIT or not account.unit:
        return Actor(account.name, account.unit, role)
    return Actor(account.name, account.unit, role, store.directory().written_names(account.unit))


class Login(NamedTuple):
    account: Account | None  # None: refused (the reason is never told)
    locked_now: bool = False
    address_locked: bool = False  # refused because the machine it came from guessed too often
    address_locked_now: bool = False  # this failure was the one that locked the machine


def log_in(store: Store, name: str, password: str, now_utc: str, at: str, address: str,
           count_address: bool = True) -> Login:
    """Check a password; five wrong ones within 15 minutes lock the name for 15 minutes, on record.

    An unknown name, a disabled account, a wrong password and a locked account are refused alike, with the
    same work done (a hash checked, a failure counted), so neither the answer nor its time tells them apart.
    Twenty wrong passwords from one address within 15 minutes, whatever the names, refuse that address for 15
    minutes (password spraying: a few guesses at each of many accounts stays under every account's lock); the
    caller says whether the address counts (the server's own machine does not)."""
    since = _minutes_before(now_utc, LOCK_MINUTES)
    if count_address and store.address_failures(address, since) >= ADDRESS_LOCK_AFTER_FAILURES:
        return Login(None, address_locked=True)  # nothing checked: this machine is refused whatever it sends
    account = store.account(name)
    locked = store.login_failures(name, since) >= LOCK_AFTER_FAILURES
    matches = password_matches(account.password_hash if account else stand_in_hash(), password)
    if account is not None and matches and not locked and not account.disabled:
        store.clear_login_failures(name)
        return Login(account)
    if locked:
        return Login(None)
    locked_now = store.record_login_failure(name, now_utc, address, since, LOCK_AFTER_FAILURES, at,
                                            known=account is not None)
    address_locked_now = count_address and store.address_failures(address, since) == ADDRESS_LOCK_AFTER_FAILURES
    return Login(None, locked_now, address_locked_now=address_locked_now)


def _minutes_before(now_utc: str, minutes: int) -> str:
    from datetime import datetime

    return (datetime.fromisoformat(now_utc) - timedelta(minutes=minutes)).isoformat(timespec="seconds")


# -- what an account may see and do ------------------------------------------------------------------------

def roles_on(actor: Actor, task: StoredTask) -> list[Role]:
    """The roles in which the actor's unit (under any of its names) owes the task."""
    return [unit.role for unit in task.units if unit.name in actor.unit_names]


def sees(actor: Actor, task: StoredTask) -> bool:
    return actor.sees_everything or bool(roles_on(actor, task))


def may_request(actor: Actor, task: StoredTask) -> bool:
    """办结 and 延期 are asked by a lead unit (牵头); of a task without a lead, by its implementing units."""
    if actor.role is not AccountRole.UNIT:
        return False
    has_lead = any(unit.role is Role.LEAD for unit in task.units)
    return (Role.LEAD if has_lead else Role.IMPLEMENT) in roles_on(actor, task)


def may_report(actor: Actor, task: StoredTask) -> bool:
    """Progress is reported by any unit that owes the task, and by the office (the clerk's notes)."""
    return actor.role is AccountRole.OFFICE or (actor.role is AccountRole.UNIT and bool(roles_on(actor, task)))


def visible_task(store: Store, actor: Actor, plan: str, number: int) -> StoredTask:
    """The task, when the actor may see it; another unit's task is NotFound, exactly like a missing one, and as
    fast: whether the task is the unit's is asked before it is loaded, so the time of the answer tells neither
    that the task exists nor how long its history is."""
    if plan not in store.plan_names() or (
            not actor.sees_everything and not store.owes(plan, number, actor.unit_names or ("",))):
        raise NotFound(say("no_task_number", plan=plan, number=number))
    task = store.task(plan, number)
    if not sees(actor, task):
        raise NotFound(say("no_task_number", plan=plan, number=number))
    return task


# -- what a person sends ------------------------------------------------------------------------------------

WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                   *(f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³")}


def clean_file_name(name: str) -> str:
    """The person's file name as data: its last part only, without control or direction characters or leading
    dots, so that even `ledger evidence --save` cannot be sent elsewhere by it, on Windows too: a colon (a drive,
    `C:evil.bat`, or a hidden stream, `a.docx:x`) becomes a full-width ：, trailing dots and spaces go, and a device
    name (CON, nul.txt, COM1 …) gets a `_` in front. Chinese is kept; a long name keeps its extension."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(char for char in last if char.isprintable()).replace(":", "：").strip().lstrip(".").strip()
    kept = kept.rstrip(". ") or "file"
    if kept.split(".", 1)[0].rstrip(" ").upper() in WINDOWS_DEVICES:
        kept = "_" + kept
    if len(kept) > 200:
        stem, dot, suffix = kept.rpartition(".")
        kept = stem[:199 - len(suffix)] + dot + suffix if dot and 0 < len(suffix) <= 10 else kept[:200]
    return kept


def evidence_rows(uploads: Sequence[Upload]) -> list[tuple[Any, ...]]:
    rows = []
    for upload in uploads:
        if len(upload.content) > MAX_UPLOAD_BYTES:
            raise LedgerError(say("upload_too_big", name=clean_file_name(upload.name), size=MAX_UPLOAD_BYTES >> 20))
        rows.append((clean_file_name(upload.name), len(upload.content), hashlib.sha256(upload.content).hexdigest(),
                     upload.content, None))
    return rows


def _text(text: str, refusal: str) -> str:
    """A note's text, stripped; a blank one (`refusal` says what is missing) or one longer than a page is refused."""
    if not text.strip():
        raise LedgerError(refusal)
    if len(text) > MAX_TEXT_CHARS:
        raise LedgerError(say("text_too_long", chars=MAX_TEXT_CHARS))
    return text.strip()


def _author(actor: Actor) -> dict[str, str]:
    return {"unit": actor.unit} if actor.unit else {}


def record_progress(store: Store, actor: Actor, plan: str, number: int, text: str, uploads: Sequence[Upload],
                    at: str) -> StoredTask:
    """填报进度: recorded at once, as a `progress` note with its files."""
    task = visible_task(store, actor, plan, number)
    if not may_report(actor, task):
        raise Forbidden(say("may_not_report"))
    return store.add_note(plan, number, "progress", _text(text, say("progress_blank")), at, actor.name, data=_author(actor),
                          evidence=evidence_rows(uploads))


def _requestable(store: Store, actor: Actor, plan: str, number: int, period: str | None) -> StoredTask:
    task = visible_task(store, actor, plan, number)
    if not may_request(actor, task):
        raise Forbidden(say("may_not_request"))
    if task.status is not Status.OPEN:
        raise Conflict(say("request_not_open", status=task.status.value))
    if period is not None and not any(state.key == period and state.status is Status.OPEN for state in task.periods):
        raise NotFound(say("no_such_period", number=number, plan=plan, period=period,
                           periods=", ".join(state.key for state in task.periods)))
    if period is None and task.periods:  # 办结 of a periodic duty is of its earliest open period
        period = next((state.key for state in task.periods if state.status is Status.OPEN), None)
    if any(request.period == period for request in store.requests("pending", plan, number)):
        raise Conflict(say("request_pending"))
    return task


def request_done(store: Store, actor: Actor, plan: str, number: int, text: str, on: date | None,
                 uploads: Sequence[Upload], today: date, at: str, period: str | None = None) -> Request:
    """申请办结: a `done-request` note (with its files) and a request for the office to decide."""
    text = _text(text, say("done_request_blank"))
    if on is None:
        raise LedgerError(say("request_needs_on"))
    if on > today:
        raise LedgerError(say("done_in_future", on=on.isoformat(), today=today.isoformat()))
    evidence = evidence_rows(uploads)
    with store.write():
        task = _requestable(store, actor, plan, number, period)
        period = period or next((s.key for s in task.periods if s.status is Status.OPEN), None)
        data = {**_author(actor), "on": on.isoformat(), **({"period": period} if period else {})}
        request = store.add_request(plan, number, period, "done", "done-request", text, actor.name,
                                    actor.unit, at, today.isoformat(), on.isoformat(), None, data, evidence)
        return request


def request_postpone(store: Store, actor: Actor, plan: str, number: int, to: date | None, text: str,
                     today: date, at: str, period: str | None = None) -> Request:
    """申请延期: a `postpone-request` note and a request; one asked after the date in force is marked late."""
    text = _text(text, say("postpone_reason"))
    if to is None:
        raise LedgerError(say("request_needs_to"))
    with store.write():
        task = _requestable(store, actor, plan, number, period)
        state = next((s for s in task.periods if s.key == period), None) if period else None
        if state is None and task.periods:
            state = next((s for s in task.periods if s.status is Status.OPEN), None)
        in_force = state.due if state else task.deadline.due
        if in_force is None:
            raise Conflict(say("postpone_undated", number=number, plan=plan))
        if to <= in_force:
            raise LedgerError(say("postpone_not_later", number=number, plan=plan, due=in_force.isoformat()))
        data = {**_author(actor), "from": in_force.isoformat(), "to": to.isoformat(),
                "late_request": today > in_force, **({"period": state.key} if state else {})}
        return store.add_request(plan, number, state.key if state else None, "postpone", "postpone-request",
                                 text, actor.name, actor.unit, at, today.isoformat(), None, to.isoformat(), data)


def _reviewer_may_decide(actor: Actor) -> None:
    if actor.role is not AccountRole.OFFICE:
        raise Forbidden(say("may_not_review"))


def _may_decide(store: Store, actor: Actor, request_id: int, approving: bool) -> None:
    """Nobody decides a request they asked for; a request asked from an account disabled since (a stolen password,
    a person gone) is not made real, only returned: the unit asks again from an account in use. The reviewer's
    own unit is no bar: the office reviews 办公室's own tasks too, as its account acts for that unit."""
    asked = store.request(request_id)
    if asked.status != "pending":
        return  # claim_request says who decided it
    if asked.by == actor.name:
        raise Forbidden(say("request_own", id=request_id, name=actor.name))
    account = store.account(asked.by)
    if approving and account is not None and account.disabled:
        raise Conflict(say("request_by_disabled", id=request_id, by=asked.by))


def approve(store: Store, actor: Actor, request_id: int, at: str) -> Request:
    """通过: the request becomes real — a `done` with its date and evidence, or a `postpone` — with the reviewer
    as approved_by; decided once (the second of two reviewers at once is told who decided)."""
    _reviewer_may_decide(actor)
    with store.write():
        _may_decide(store, actor, request_id, approving=True)
        request = store.claim_request(request_id, "approved", actor.name, at)
        decided = {"request": request.id, "requested_by": request.by, **({"unit": request.unit} if request.unit else {})}
        if request.kind == "done":
            store.add_note(request.plan, request.number, "done", request.text, at, actor.name, period=request.period,
                           data={"completed_on": request.on, "approved_by": actor.name, **decided})
        else:
            assert request.to is not None
            store.postpone(request.plan, request.number, date.fromisoformat(request.to),
                           date.fromisoformat(request.asked_on), request.text, at, actor.name, actor.name,
                           request.period)
        store.link_decision(request.id, request.plan, request.number)
        return request


def return_request(store: Store, actor: Actor, request_id: int, text: str, at: str) -> Request:
    """退回: the request is decided as returned, with the reviewer's reason as a `return` note."""
    _reviewer_may_decide(actor)
    text = _text(text, say("return_needs_note"))
    with store.write():
        _may_decide(store, actor, request_id, approving=False)
        request = store.claim_request(request_id, "returned", actor.name, at)
        store.add_note(request.plan, request.number, "return", text.strip(), at, actor.name,
                       data={"request": request.id, "requested_by": request.by, "asked": request.kind,
                             **({"period": request.period} if request.period else {})})
        store.link_decision(request.id, request.plan, request.number)
        return request


def pending(store: Store) -> list[Request]:
    return store.requests("pending")


# -- the listing of the pages ----------------------------------------------------------------------------------

class Row(NamedTuple):
    task: StoredTask
    period: str | None
    due: date | None  # the date in force of the row
    days_left: int | None
    workdays_left: int | None
    light: str | None  # red | yellow | green | None
    roles: tuple[Role, ...]


class Page(NamedTuple):
    rows: list[Row]
    total: int
    page: int
    pages: int


LIGHTS = ("red", "yellow", "green", "none")  # none: open, without a date


def worklist(store: Store, actor: Actor, calendar: WorkCalendar, today: date, status: str = "open", plan: str | None = None,
             light: str | None = None, unit: str | None = None, page: int = 1, section: int | None = None) -> Page:
    """GET /: the open obligations the actor may see (each period its own row), soonest first, or the done /
    cancelled / all tasks; a page of at most PAGE_ROWS rows. `unit` (office and leader) narrows to one unit."""
    if actor.sees_everything:
        names: tuple[str, ...] | None = store.directory().written_names(unit) if unit else None
    else:
        names = actor.unit_names or ("",)
    due_from = due_before = None
    if status == "open" and light in LIGHTS:
        green_from = calendar.green_from(today)
        due_from, due_before = {"red": (None, today), "yellow": (today, green_from),
                                "green": (green_from, None)}[light]
    page = max(page, 1)
    keys, total = store.obligation_keys(plan, names, status, due_from.isoformat() if due_from else None,
                                        due_before.isoformat() if due_before else None, (page - 1) * PAGE_ROWS, PAGE_ROWS,
                                        section, status == "open" and light == "none")
    tasks = {(task.plan, task.number): task for task in store.listed_tasks(
        list(dict.fromkeys((key_plan, number) for key_plan, number, _ in keys)))}
    viewer = actor if names is None else actor._replace(unit_names=names)
    rows = []
    for key_plan, number, period_key in keys:
        task = tasks[(key_plan, number)]
        state = next((s for s in task.periods if s.key == period_key), None) if period_key else None
        due = state.due if state else (task.deadline.due if not task.periods else None)
        is_open = task.status is Status.OPEN and (state is None or state.status is Status.OPEN)
        days_left = (due - today).days if due and is_open else None
        workdays_left, row_light = calendar.light(today, due, is_open) if due and is_open else (None, None)
        rows.append(Row(task, period_key, due, days_left, workdays_left, row_light,
                        tuple(roles_on(viewer, task)) if names is not None else ()))
    return Page(rows, total, page, max(1, -(-total // PAGE_ROWS)))
