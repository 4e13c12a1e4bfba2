"""The office's review queue: GET /review (pending requests, oldest first), POST /review/N/approve and
POST /review/N/return (with a `note`). Decided once: of two reviewers at the same moment, one wins and the
other is told who decided."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response as BaseResponse
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from ..errors import Conflict, DatabaseError, LedgerError, NotFound
from ..messages import say
from ..review import AccountRole, Forbidden, approve, pending, return_request
from . import db, guard

bp = Blueprint("review", __name__)


def _office_only() -> None:
    if guard.actor().role is not AccountRole.OFFICE:
        abort(403)


def _queue(status: int = 200, message: str | None = None, notice: str | None = None,
           form: dict[str, Any] | None = None) -> BaseResponse:
    store = db.store()
    requests = pending(store)
    tasks = {(task.plan, task.number): task
             for task in store.listed_tasks(list(dict.fromkeys((r.plan, r.number) for r in requests)))}
    files = {request.id: [item for item in store.evidence_list(request.plan, request.number)
                          if item.note_id == request.note_id] for request in requests}
    disabled = {account.name for account in store.accounts() if account.disabled}  # their requests: return only
    page = render_template("review.html", requests=requests, tasks=tasks, files=files, message=message,
                           notice=notice, form=form or {}, disabled=disabled)
    return Response(page, status=status)


@bp.route("/review")
def queue() -> BaseResponse:
    _office_only()
    decided = request.args.get("decided", "")
    notice = None
    if decided.startswith(("approved-", "returned-")) and decided.split("-", 1)[1].isdigit():
        verb, number = decided.split("-", 1)
        notice = say("web_approved" if verb == "approved" else "web_returned", id=int(number))
    return _queue(notice=notice)


def _decide(request_id: int, act: Callable[[], object], verb: str) -> BaseResponse:
    _office_only()
    try:
        act()
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)
    except Conflict as error:
        return _queue(409, str(error))
    except DatabaseError as error:
        return _queue(503, guard.unreachable(error), form={"id": request_id, "note": request.form.get("note", "")})
    except LedgerError as error:
        return _queue(400, str(error), form={"id": request_id, "note": request.form.get("note", "")})
    return redirect(url_for("review.queue", decided=f"{verb}-{request_id}"))


@bp.route("/review/<int:request_id>/approve", methods=["POST"])
def approve_request(request_id: int) -> BaseResponse:
    return _decide(request_id, lambda: approve(db.store(), guard.actor(), request_id, guard.now_local()),
                   "approved")


@bp.route("/review/<int:request_id>/return", methods=["POST"])
def return_(request_id: int) -> BaseResponse:
    return _decide(request_id, lambda: return_request(db.store(), guard.actor(), request_id,
                                                      request.form.get("note", ""), guard.now_local()), "returned")
