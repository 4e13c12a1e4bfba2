"""Signing in and out: POST /login (username, password), POST /logout."""
from __future__ import annotations

import threading

from werkzeug.wrappers import Response as BaseResponse
from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for

from ..messages import say
from ..review import ADDRESS_LOCK_AFTER_FAILURES, LOCK_MINUTES, log_in
from . import db, guard

bp = Blueprint("auth", __name__)

# Each password check costs a slow hash (scrypt: tens of milliseconds, 32 MB); a few at once at most, so that a
# flood of sign-ins on the LAN queues instead of taking the server's memory.
_hashing = threading.BoundedSemaphore(2)


@bp.route("/login", methods=["GET", "POST"])
def login() -> BaseResponse | str:
    next_path = request.values.get("next")
    if request.method == "GET":
        if g.actor is not None:
            return redirect(guard.safe_next(next_path))
        return render_template("login.html", username="", next=next_path, message=None)
    username = request.form.get("username", "").strip()[:64]
    password = request.form.get("password", "")[:1024]
    address = request.remote_addr or ""
    with _hashing:
        result = log_in(db.store(), username, password, guard.utc_now().isoformat(), guard.now_local(), address,
                        count_address=not guard.trusted(address))
    if result.address_locked_now:
        current_app.logger.warning(say("web_address_locked_log", address=address, count=ADDRESS_LOCK_AFTER_FAILURES,
                                       minutes=LOCK_MINUTES))
    if result.address_locked:
        page = render_template("login.html", username=username, next=next_path,
                               message=say("web_address_locked", minutes=LOCK_MINUTES))
        return Response(page, status=429)
    if result.account is None:
        page = render_template("login.html", username=username, next=next_path, message=say("web_login_failed"))
        return Response(page, status=401)
    guard.begin_session(result.account.name)
    return redirect(guard.safe_next(next_path))


@bp.route("/logout", methods=["POST"])
def logout() -> BaseResponse:
    guard.end_session()
    return redirect(url_for("auth.login"))
