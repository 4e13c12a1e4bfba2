"""The connection: opening, creating and upgrading a ledger, write transactions, errors, backup.

Everyday commands use the standard sqlite3 module only. A new ledger is made from schema.py;
sqlite-utils is imported (in migrations) just when an older ledger is upgraded.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from ..errors import DatabaseError
from ..messages import say
from . import schema

SCHEMA_VERSION = schema.VERSION  # the version migrations.LATEST reaches; a test keeps the two equal
BUSY_TIMEOUT_SECONDS = 30

Opened = TypeVar("Opened", bound="Connection")


@contextlib.contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Turn sqlite3's exceptions into errors that say what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise DatabaseError(say("db_busy", path=path)) from None
        if "readonly" in text or "read-only" in text:
            raise DatabaseError(say("db_read_only", path=path)) from None
        raise DatabaseError(say("db_trouble", path=path, reason=text)) from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(say("db_not_ledger_maybe", path=path, reason=exc)) from None


class Connection:
    """An open ledger: the connection, its transactions and its errors. The concern classes build on it."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls: type[Opened], path: Path, create: bool = False) -> Opened:
        """Open (and, when allowed, create or upgrade) the ledger at `path`."""
        if path.is_dir():
            raise DatabaseError(say("db_is_directory", path=path))
        if path.exists() and not create and path.stat().st_size == 0:
            raise DatabaseError(say("db_empty", path=path))  # only an import makes a ledger of an empty file
        if not path.exists():
            if not create:
                raise DatabaseError(say("db_missing", path=path))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(say("db_folder", path=path.parent, reason=exc.strerror)) from None
        with sqlite_errors(path):
            conn, version = _connect(path)
            store = cls(conn, path)
            if version > SCHEMA_VERSION:
                conn.close()
                raise DatabaseError(say("db_newer", path=path, version=version, known=SCHEMA_VERSION))
            if version < SCHEMA_VERSION:
                store._upgrade(version)
            elif version:
                store._ensure_wal()
            conn.execute("PRAGMA foreign_keys = ON")
        return store

    def _ensure_wal(self) -> None:
        """A ledger found in another journal mode (an older version's interrupted bulk import left rollback
        mode behind) goes back to WAL, so that cron and a person can keep using it at once."""
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] in ("wal", "memory"):
            return
        with contextlib.suppress(sqlite3.OperationalError):  # read-only, or another process holds it: next open
            self.conn.execute("PRAGMA journal_mode = WAL")

    def _upgrade(self, version: int) -> None:
        if version == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise DatabaseError(say("db_foreign", path=self.path))
        # WAL lets a cron job read while a person writes; it cannot be switched inside a transaction.
        self.conn.execute("PRAGMA journal_mode = WAL")
        with self.write():
            current = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if current == 0:  # a new ledger: the whole schema at once
                for statement in schema.STATEMENTS:
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif current < SCHEMA_VERSION:  # another process may have upgraded while we waited
                from . import migrations  # sqlite-utils: paid for only when an older ledger is upgraded

                migrations.migrate(self.conn, current)

    def close(self) -> None:
        self.conn.close()

    def reading(self) -> contextlib.AbstractContextManager[None]:
        """Around a read: the database's exceptions become errors that say what to do."""
        return sqlite_errors(self.path)

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so that two writers queue instead of failing."""
        with sqlite_errors(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def backup(self, target: Path, replace: bool = False) -> None:
        """Copy the whole ledger with SQLite's online backup: consistent even while another process writes.
        With `replace`, an existing file is replaced only by a whole copy (written beside it, then renamed)."""
        if target.exists() and not replace:
            raise DatabaseError(say("backup_exists", path=target))
        written = target.with_name(target.name + ".part") if target.exists() else target
        try:
            copy = sqlite3.connect(written)
        except sqlite3.Error as exc:
            raise DatabaseError(say("backup_cannot_create", path=target, reason=exc)) from None
        try:
            with sqlite_errors(target):
                self.conn.backup(copy)
        except DatabaseError:
            copy.close()
            if written != target:
                written.unlink(missing_ok=True)
            raise
        copy.close()
        if written != target:
            os.replace(written, target)


def _connect(path: Path) -> tuple[sqlite3.Connection, int]:
    """Connect and read the schema version; a file we may not write is opened read-only."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        return conn, conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            raise
    import urllib.parse  # 15 ms: only for this rare path

    # Reading a WAL database needs its -shm file; where it cannot be created, read the file as it stands.
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    for options in ("", "&immutable=1"):
        conn = sqlite3.connect(uri + options, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            return conn, conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError:
            conn.close()
            if options:
                raise
    raise AssertionError("unreachable: the last attempt returns or raises")
