"""The units' own page (SPEC §13): a Flask application over the same ledger the commands use.

`create_app(settings)` builds it (the flaskr pattern): one blueprint per area — auth, tasks, review, board —
templates extending one base.html, and the trust rules in `guard`: sessions kept in the ledger, CSRF on every
POST, the security headers. Imported only by `ledger serve` and the tests, never by the everyday commands.
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from flask import Flask

from .. import __version__
from ..review import MAX_UPLOAD_BYTES
from ..store import Location


class WebSettings(NamedTuple):
    db: Location  # a SQLite file or a PostgreSQL URL
    today: date | None = None  # fixed by --today / LEDGER_TODAY; else the real date of each request
    secure_cookies: bool = False  # under --cert: cookies only over HTTPS
    warn_workdays: int = 5


# A request carries at most one evidence upload's worth of files plus its form fields.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 256 * 1024


def create_app(settings: WebSettings) -> Flask:
    from flask_wtf.csrf import CSRFProtect  # type: ignore[import-untyped]

    from . import auth, board, guard, review, tasks
    from .db import open_store

    app = Flask(__name__)
    store = open_store(settings.db)
    app.config.update(
        SECRET_KEY=guard.secret_key(store),
        SESSION_COOKIE_NAME="ledger_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_REFRESH_EACH_REQUEST=False,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        # The text fields of a form in memory (werkzeug spools files to disk). werkzeug also checks each 64 KiB
        # chunk it reads of a file, plus the few bytes a line break leaves over, against this: it must be larger.
        MAX_FORM_MEMORY_SIZE=256 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session; the session itself expires
        WTF_CSRF_SSL_STRICT=False,  # the Referer check breaks LAN addresses typed by IP; the token is enough
        LEDGER=settings,
        LEDGER_VERSION=__version__,
    )
    app.jinja_env.autoescape = True
    guard.install(app)  # before CSRFProtect: a POST without an account is refused before its token is read
    CSRFProtect(app)
    for blueprint in (auth.bp, tasks.bp, review.bp, board.bp):
        app.register_blueprint(blueprint)
    return app
