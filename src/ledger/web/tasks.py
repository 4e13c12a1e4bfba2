"""My tasks (GET /), one task (GET /tasks/PLAN/ID) with its forms — 填报进度, 申请办结, 申请延期 — its evidence
files, and the Excel 台账 of what the account may see (GET /export.xlsx)."""
from __future__ import annotations

import io
from collections.abc import Callable, Collection
from datetime import date
from typing import Any, NamedTuple

from werkzeug.wrappers import Response as BaseResponse
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, send_file, url_for

from .. import query
from ..errors import DatabaseError, LedgerError, NotFound
from ..messages import say
from ..model import Status, StoredTask
from ..review import (LIGHTS, MAX_UPLOAD_BYTES, Forbidden, Upload, may_report, may_request, record_progress, request_done,
                      request_postpone, roles_on, visible_task, worklist)
from ..workdays import WorkCalendar
from . import db, guard

bp = Blueprint("tasks", __name__)
STATUSES = ("open", "done", "cancelled", "all")


def calendar() -> WorkCalendar:
    """The working-day calendar of the lights, made once per application (its holiday data loads once)."""
    made: WorkCalendar | None = current_app.extensions.get("ledger_calendar")
    if made is None:
        made = current_app.extensions["ledger_calendar"] = WorkCalendar(current_app.config["LEDGER"].warn_workdays)
    return made


def _choice(name: str, allowed: Collection[str], default: str | None = None) -> str | None:
    value = request.args.get(name) or default
    return value if value is None or value in allowed else default


@bp.route("/")
def index() -> str:
    store = db.store()
    me = guard.actor()
    plans = store.plan_names(archived=False)
    status = _choice("status", STATUSES, "open") or "open"
    plan = _choice("plan", plans)
    light = _choice("light", LIGHTS)
    unit = request.args.get("unit") or None
    units: list[str] = []
    if me.sees_everything:
        units = sorted(set(store.unit_names()) | set(store.directory().entries))
        if unit not in units:
            unit = None
    else:
        unit = None
    page_number = _number("page", 1) or 1
    section = _number("section", None) if me.sees_everything else None
    page = worklist(store, me, calendar(), guard.today(), status, plan, light, unit, page_number, section)
    filters = {"status": status, "plan": plan, "light": light, "unit": unit, "section": section}
    return render_template("tasks.html", page=page, plans=plans, units=units, filters=filters,
                           today=guard.today(), query_for=_query_for(filters))


def _number(name: str, default: int | None) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and 0 < len(value) < 6 else default


def _query_for(filters: dict[str, Any]) -> Callable[..., str]:
    """A link to the list with these filters changed (the page number starts again unless given)."""
    def query_for(**changes: Any) -> str:
        values = {key: value for key, value in {**filters, **changes}.items() if value not in (None, "")}
        return url_for("tasks.index", **values)
    return query_for


class TaskFacts(NamedTuple):
    """A task as its page shows it."""

    task: StoredTask
    due: date | None
    days_left: int | None
    workdays_left: int | None
    light: str | None
    postponed: dict[str, Any] | None
    completed_on: str | None


def _facts(task: StoredTask, today: date) -> TaskFacts:
    from ..rules import completed_on, postponed, view

    item = view(task, today)
    workdays_left, light = calendar().light(today, item.due, True) if item.days_left is not None else (None, None)
    return TaskFacts(task, item.due, item.days_left, workdays_left, light, postponed(item), completed_on(item))


def _task_page(plan: str, number: int, form: dict[str, str] | None = None, status: int = 200,
               message: str | None = None) -> BaseResponse:
    store = db.store()
    me = guard.actor()
    task = visible_task(store, me, plan, number)
    today = guard.today()
    open_periods = [state for state in task.periods if state.status is Status.OPEN]
    page = render_template(
        "task.html", facts=_facts(task, today), today=today,
        roles=roles_on(me, task), may_report=may_report(me, task) and task.status is Status.OPEN,
        may_request=may_request(me, task) and task.status is Status.OPEN,
        evidence=store.evidence_list(plan, number),
        requests=store.requests("pending", plan, number),
        open_periods=open_periods,
        form=form or {}, message=message,
        notice=request.args.get("done"))
    return Response(page, status=status)


@bp.route("/tasks/<plan>/<int:number>")
def task(plan: str, number: int) -> BaseResponse:
    try:
        return _task_page(plan, number)
    except NotFound:
        abort(404)


def _uploads() -> list[Upload]:
    """The files sent; one over the limit answers 413 (the page says so in its language), before anything is kept."""
    uploads = []
    for file in request.files.getlist("evidence"):
        if not file.filename:
            continue
        content = file.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            abort(413)
        uploads.append(Upload(file.filename, content))
    return uploads


def _date_field(name: str) -> date | None:
    value = request.form.get(name, "").strip()
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise LedgerError(say("web_bad_date", value=value)) from None


def _posted(plan: str, number: int, which: str, act: Callable[[], object]) -> BaseResponse:
    """Run one form's domain call; a refusal shows the task again with what was typed and one message."""
    form = {"which": which, **{key: request.form.get(key, "") for key in ("note", "on", "to", "period")}}
    try:
        act()
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)
    except LedgerError as error:
        status, message = (503, guard.unreachable(error)) if isinstance(error, DatabaseError) else (400, str(error))
        try:
            return _task_page(plan, number, form=form, status=status, message=message)
        except NotFound:
            abort(404)
    return redirect(url_for("tasks.task", plan=plan, number=number, done=which) + f"#{which}")


@bp.route("/tasks/<plan>/<int:number>/progress", methods=["POST"])
def progress(plan: str, number: int) -> BaseResponse:
    def act() -> None:
        record_progress(db.store(), guard.actor(), plan, number, request.form.get("note", ""), _uploads(),
                        guard.now_local())
    return _posted(plan, number, "progress", act)


@bp.route("/tasks/<plan>/<int:number>/done", methods=["POST"])
def done(plan: str, number: int) -> BaseResponse:
    def act() -> None:
        request_done(db.store(), guard.actor(), plan, number, request.form.get("note", ""), _date_field("on"),
                     _uploads(), guard.today(), guard.now_local(), request.form.get("period") or None)
    return _posted(plan, number, "done", act)


@bp.route("/tasks/<plan>/<int:number>/postpone", methods=["POST"])
def postpone(plan: str, number: int) -> BaseResponse:
    def act() -> None:
        request_postpone(db.store(), guard.actor(), plan, number, _date_field("to"), request.form.get("note", ""),
                         guard.today(), guard.now_local(), request.form.get("period") or None)
    return _posted(plan, number, "postpone", act)


@bp.route("/tasks/<plan>/<int:number>/evidence/<int:evidence_id>")
def evidence(plan: str, number: int, evidence_id: int) -> BaseResponse:
    store = db.store()
    try:
        visible_task(store, guard.actor(), plan, number)
    except NotFound:
        abort(404)
    found = store.evidence_content(plan, number, evidence_id)
    if found is None:
        abort(404)
    name, content = found
    # Always a download of opaque bytes, whatever the name says: nothing sent can run as a page of this site.
    response = send_file(io.BytesIO(content), mimetype="application/octet-stream", max_age=0)
    response.headers["Content-Disposition"] = attachment(name, f"evidence-{evidence_id}")
    return response


def attachment(name: str, fallback_stem: str) -> str:
    """A Content-Disposition that keeps the person's file name (Chinese too) and cannot be broken out of: the
    name only ever appears percent-encoded (RFC 6266 filename*), beside a plain ASCII name for old clients."""
    from pathlib import PurePosixPath
    from urllib.parse import quote

    suffix = PurePosixPath(name).suffix
    suffix = suffix if suffix.isascii() and suffix[1:].isalnum() and len(suffix) <= 10 else ""
    return f"attachment; filename=\"{fallback_stem}{suffix}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.route("/export.xlsx")
def export() -> BaseResponse:
    import tempfile
    from pathlib import Path

    from ..export import write_ledger
    from ..outputs import Output
    from ..store import TaskFilter

    store = db.store()
    me = guard.actor()
    today = guard.today()
    where = TaskFilter(None, status="all", archived=False)
    if not me.sees_everything:
        where = where._replace(unit=me.unit, unit_names=me.unit_names or ("",))
    items = query.list_tasks(store, where, today)
    plans = sorted({item.task.plan for item in items})
    plan = plans[0] if len(plans) == 1 else None
    if me.sees_everything:
        progress = {by: query.progress(store, by, plan, today, current_app.config["LEDGER"].warn_workdays)
                    for by in ("unit", "section")}
    else:  # a unit's counts are of its own tasks only, its totals too (not the whole ledger's)
        green_from, names = calendar().green_from(today), me.unit_names or ("",)
        total = store.progress("total", plan, today, green_from, names)[0]
        mine = [row for row in store.progress("unit", plan, today, green_from, names) if row["unit"] in names]
        progress = {"unit": (mine, total), "section": (store.progress("section", plan, today, green_from, names), total)}
    years = {row["plan"]: row["year"] for row in store.plans()}
    with tempfile.TemporaryDirectory(prefix="ledger-export-") as folder:
        path = Path(folder) / "ledger.xlsx"
        write_ledger(Output("xlsx", path), items, progress, calendar(), {name: years[name] for name in plans})
        content = path.read_bytes()
    name = f"任务台账-{me.unit or me.name}-{today.isoformat()}.xlsx"
    response = send_file(io.BytesIO(content), max_age=0,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = attachment(name, f"ledger-{today.isoformat()}")
    return response


@bp.app_template_global()
def light_class(light: str | None) -> str:
    return light or "none"


@bp.app_template_global()
def page_title() -> str:
    return say("web_title")
