"""The connection: opening, creating and upgrading a ledger, write transactions, errors, backup.

A ledger is a SQLite file or a PostgreSQL database (dialect.py holds every difference). A new ledger is made
from schema.py in one step; an older SQLite ledger is upgraded by the migrations (sqlite-utils is imported
only then).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..errors import DatabaseError
from ..messages import say
from . import schema
from .dialect import Location, PostgresURL, create_statements, dialect_of, write

if TYPE_CHECKING:
    from .dialect import SQL, Dialect

SCHEMA_VERSION = schema.VERSION  # the version migrations.LATEST reaches; a test keeps the two equal

Opened = TypeVar("Opened", bound="Connection")


class Connection:
    """An open ledger: the connection, its dialect, transactions and errors. The concern classes build on it."""

    def __init__(self, conn: SQL, location: Location, dialect: Dialect):
        self.conn = conn
        self.location = location
        self.dialect = dialect
        self._undo_on_close = False  # a dry run's upgrade, kept in an open transaction until close
        self._writing = False  # inside write(): a nested write joins the open transaction

    @classmethod
    def open(cls: type[Opened], location: Location, create: bool = False, dry_run: bool = False) -> Opened:
        """Open (and, when allowed, create or upgrade) the ledger at `location`: a file, or a postgresql:// URL.

        A dry run writes nothing: an older ledger is upgraded inside a transaction that close() rolls back."""
        dialect = dialect_of(location)
        conn, version = dialect.connect(location, create)
        store = cls(conn, location, dialect)
        try:
            with store.reading():
                if version > SCHEMA_VERSION:
                    raise DatabaseError(say("db_newer", path=location, version=version, known=SCHEMA_VERSION))
                if version == 0 and not create and isinstance(location, PostgresURL):
                    raise DatabaseError(say("db_missing", path=location))
                if not dry_run:
                    dialect.prepare(conn, version)
                if version < SCHEMA_VERSION:
                    store._upgrade(version, for_good=not dry_run)
                dialect.finish_opening(conn)
        except BaseException:
            store.close()
            raise
        return store

    @staticmethod
    def exists(location: Location) -> bool:
        """Whether there is a ledger at `location` (an empty PostgreSQL database holds none yet)."""
        if isinstance(location, Path):
            return location.exists()
        dialect = dialect_of(location)
        conn, version = dialect.connect(location, create=False)
        conn.close()
        return version > 0

    def _upgrade(self, version: int, for_good: bool = True) -> None:
        if version == 0 and not self.dialect.is_blank(self.conn):
            raise DatabaseError(say("db_foreign", path=self.location))
        self.dialect.begin(self.conn)
        try:
            current = self.dialect.version(self.conn)
            if current == 0:  # a new ledger: the whole schema at once
                for statement in create_statements(self.dialect):
                    self.conn.execute(statement)
                self.dialect.set_version(self.conn, SCHEMA_VERSION)
            elif current < SCHEMA_VERSION:  # another process may have upgraded while we waited
                from . import migrations  # sqlite-utils: paid for only when an older ledger is upgraded

                migrations.migrate(self.conn, self.dialect, current)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        if for_good:
            self.conn.execute("COMMIT")
        else:
            self._undo_on_close = True

    def close(self) -> None:
        if self._undo_on_close:
            self._undo_on_close = False
            with contextlib.suppress(Exception):
                self.conn.execute("ROLLBACK")
        self.conn.close()

    def reading(self) -> contextlib.AbstractContextManager[None]:
        """Around a read: the database's exceptions become errors that say what to do."""
        return self.dialect.errors(self.location)

    @contextlib.contextmanager
    def write(self) -> Iterator[SQL]:
        """One write transaction, taken at once so that two writers queue instead of failing. Inside an open one it
        joins it: approving a request and the `done` it records (through add_note) are one transaction."""
        if self._writing:
            yield self.conn
            return
        self._writing = True
        try:
            with self.dialect.errors(self.location), write(self.dialect, self.conn):
                yield self.conn
        finally:
            self._writing = False

    def backup(self, target: Path, replace: bool = False) -> None:
        """Copy the whole ledger into a SQLite file, consistent even while another process writes. With `replace`,
        an existing file is replaced only by a whole copy (written beside it, then renamed).

        A SQLite ledger uses SQLite's online backup; a PostgreSQL one is copied table by table (`ledger copy`),
        so that one way back serves both databases."""
        if target.exists() and not replace:
            raise DatabaseError(say("backup_exists", path=target))
        written = target.with_name(target.name + ".part") if target.exists() else target
        try:
            if isinstance(self.location, PostgresURL):
                from .copy import copy_ledger

                copy_ledger(self, written)
            else:
                self._sqlite_backup(written, target)
        except BaseException:
            if written != target:
                written.unlink(missing_ok=True)
            raise
        if written != target:
            os.replace(written, target)

    def _sqlite_backup(self, written: Path, target: Path) -> None:
        import sqlite3

        try:
            copy = sqlite3.connect(written)
        except sqlite3.Error as exc:
            raise DatabaseError(say("backup_cannot_create", path=target, reason=exc)) from None
        try:
            with self.dialect.errors(target):
                self.conn.backup(copy)  # type: ignore[attr-defined]
        finally:
            copy.close()
