"""The web's trust rules, applied to every request (SPEC §13 "Who may do what").

- Sessions live in the ledger: the signed cookie carries only a random token whose hash names a row of
  `sessions`; logout, a new password and disabling the account delete the rows, and every request looks its
  row (and its enabled account) up, so a copied cookie dies with its session.
- No page without an account: GET and HEAD go to /login, anything else is refused (403).
- The language of each answer: the browser's Accept-Language, Chinese first.
- Every answer carries Content-Security-Policy, nosniff, no framing, no caching of pages.
"""
from __future__ import annotations

import contextlib
import hashlib
import secrets
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Response as BaseResponse
from flask import Flask, Response, abort, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from ..errors import DatabaseError, LedgerError
from ..messages import say, use_language
from ..review import MAX_UPLOAD_BYTES, Actor, actor_of
from ..store import Store
from . import db

if TYPE_CHECKING:
    from . import WebSettings

MAX_FORM_BYTES = 64 * 1024
SESSION_IDLE = timedelta(hours=12)
SESSION_LONGEST = timedelta(days=7)
SEEN_EVERY = timedelta(minutes=5)  # how stale `seen_at` may get before a request writes it again
OPEN_ENDPOINTS = {"auth.login", "static"}
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def secret_key(store: Store) -> str:
    """The key that signs cookies: made once and kept in the ledger, so that every serving process agrees."""
    return store.web_setting("cookie_key", secrets.token_hex(32))


def trusted(address: str | None) -> bool:
    """The server's own machine (loopback): whoever sits there can reach the ledger file itself, so the limits on
    one address (guesses, threads) leave it alone."""
    import ipaddress

    try:
        found = ipaddress.ip_address((address or "").split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(found, "ipv4_mapped", None)
    return bool((mapped or found).is_loopback)


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def session_hash(token: str) -> str:
    """The ledger keeps only a hash of a session's token: a copy of the database opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def today() -> date:
    fixed = g.get("fixed_today")
    return fixed if fixed is not None else date.today()


def now_local() -> str:
    """The real time of a change, for its history (as the commands write it)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def begin_session(account_name: str) -> None:
    """A fresh session (and CSRF token) at each sign-in: a session id planted before it is worth nothing."""
    session.clear()
    token = secrets.token_urlsafe(32)
    now = utc_now()
    store = db.store()
    store.end_stale_sessions((now - SESSION_IDLE).isoformat(), (now - SESSION_LONGEST).isoformat())
    store.start_session(session_hash(token), account_name, now.isoformat())
    session["sid"] = token


def end_session() -> None:
    token = session.get("sid")
    if token:
        db.store().end_session(session_hash(token))
    session.clear()


def actor() -> Actor:
    found: Actor = g.actor
    return found


def choose_language(header: str | None) -> str:
    """Chinese unless the browser prefers English to Chinese."""
    from werkzeug.datastructures import LanguageAccept
    from werkzeug.http import parse_accept_header

    accepted = parse_accept_header(header or "", LanguageAccept)
    chinese = max((quality for value, quality in accepted if value.lower().startswith("zh")), default=0)
    english = max((quality for value, quality in accepted if value.lower().startswith("en")), default=0)
    return "en" if english > chinese else "zh"


def _load_account() -> BaseResponse | None:
    g.fixed_today = current_settings().today
    g.lang = choose_language(request.headers.get("Accept-Language"))
    use_language(g.lang)
    if request.mimetype != "multipart/form-data" and (request.content_length or 0) > MAX_FORM_BYTES:
        abort(413)  # only a form with files may be large
    g.actor = None
    token = session.get("sid")
    if token:
        now = utc_now()
        store = db.store()
        found = store.session_account(session_hash(token), (now - SESSION_IDLE).isoformat(),
                                      (now - SESSION_LONGEST).isoformat())
        if found is None:
            session.clear()  # ended, expired, or its account disabled: checked on every request
        else:
            account, seen_at = found
            g.actor = actor_of(store, account)
            if datetime.fromisoformat(seen_at) < now - SEEN_EVERY:
                store.touch_session(session_hash(token), now.isoformat())
    if g.actor is None and request.endpoint not in OPEN_ENDPOINTS:
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("auth.login", next=_local_path()))
        return _error_page(403, say("web_need_login"))
    return None


def _local_path() -> str | None:
    path = request.full_path if request.query_string else request.path
    return path if path != "/" else None


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this server only (no open redirect to another host)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or any(
            char in target for char in "\\\r\n\t") or not target.isprintable():
        return url_for("tasks.index")
    return target


def current_settings() -> WebSettings:
    from flask import current_app

    settings: WebSettings = current_app.config["LEDGER"]
    return settings


def _headers(response: Response) -> BaseResponse:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Language"] = "zh-CN" if g.get("lang", "zh") == "zh" else "en"
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


def _error_page(status: int, message: str) -> BaseResponse:
    response = Response(render_template("error.html", message=message, status=status), status=status)
    return response


def _http_error(error: HTTPException) -> BaseResponse:
    if not g.get("lang"):
        g.lang = choose_language(request.headers.get("Accept-Language"))
        use_language(g.lang)
    status = error.code or 500
    if status == 413:
        _drain()
    message = {400: say("web_csrf"), 403: say("web_forbidden"), 404: say("web_not_found"),
               405: say("web_method"), 413: say("web_too_large", size=MAX_UPLOAD_BYTES >> 20)}.get(
        status, error.description or say("web_internal"))
    response = _error_page(status, message)
    if status == 405 and isinstance(error.get_headers(), list):
        for name, value in error.get_headers():
            if name == "Allow":
                response.headers["Allow"] = value
    return response


def _drain() -> None:
    """Read what is left of a refused body, so that the browser, still sending, receives the answer instead of a
    closed connection (the server itself cuts off a body far over the limit)."""
    stream = request.environ.get("wsgi.input")
    remaining = request.content_length or 0
    with contextlib.suppress(Exception):
        while stream is not None and remaining > 0:
            chunk = stream.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)


def unreachable(error: DatabaseError) -> str:
    """What a page says of a database trouble; its whole sentence (the ledger's path, a server's address) goes to
    the server's terminal only."""
    from flask import current_app

    current_app.logger.warning(str(error))
    return say("web_ledger_unreachable")


def _unexpected(error: Exception) -> BaseResponse:
    if isinstance(error, HTTPException):
        return _http_error(error)
    from flask import current_app

    if isinstance(error, DatabaseError):
        return _error_page(503, unreachable(error))
    if isinstance(error, LedgerError):
        return _error_page(503, str(error))

    current_app.logger.exception("unexpected error")
    return _error_page(500, say("web_internal"))


def install(app: Flask) -> None:
    app.before_request(_load_account)
    app.after_request(_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)

    from ..messages import word
    from ..render.notes import note_text

    # The catalogue, for templates and the macros they import: {{ say("key", field=…) }} (autoescaped).
    app.jinja_env.globals.update(say=say, word=word, note_words=note_text)

    @app.context_processor
    def who() -> dict[str, Any]:
        return {"me": g.get("actor"), "lang": g.get("lang", "zh")}
