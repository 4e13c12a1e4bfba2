"""The ledger as the server's threads use it: one open connection per serving thread, kept between requests.

Opening a SQLite ledger is cheap, but a connection per thread also spares PostgreSQL a login per request;
the commands and cron keep their own connections (SQLite's WAL and busy timeout, or the server's locks).
"""
from __future__ import annotations

import contextlib
import threading

from flask import current_app

from ..store import Location, Store

_local = threading.local()
_opened: list[Store] = []
_lock = threading.Lock()


def open_store(db: Location) -> Store:
    """This thread's store for `db`, opened on first use."""
    store: Store | None = getattr(_local, "store", None)
    if store is None or getattr(_local, "db", None) != db:
        store = Store.open(db)
        _local.store, _local.db = store, db
        with _lock:
            _opened.append(store)
    return store


def store() -> Store:
    return open_store(current_app.config["LEDGER"].db)


def close_all() -> None:
    """At shutdown: close every thread's connection (so no -wal file lingers)."""
    with _lock:
        for opened in _opened:
            # A connection of another thread cannot be closed from here: the process is ending anyway.
            with contextlib.suppress(Exception):
                opened.close()
        _opened.clear()
