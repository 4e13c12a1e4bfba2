"""A whole ledger copied between two databases, either way (SQLite ↔ PostgreSQL, or the same kind): every
table of the schema, rows with their ids, notes with their authors and times, evidence byte for byte.

The copy goes into an empty ledger only, in one transaction: interrupted at any point, the target is as it
was (a SQLite target is written beside its name and renamed into place at the end). Each table's rows are
counted and checksummed on both sides; a difference undoes the copy.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import DatabaseError
from ..messages import say
from . import schema
from .connection import SCHEMA_VERSION
from .dialect import Location, PostgresURL, create_statements, dialect_of

if TYPE_CHECKING:
    from .connection import Connection
    from .dialect import SQL, Dialect

BATCH = 2000  # rows read and written at a time


class TableCopied(NamedTuple):
    table: str
    rows_from: int
    rows_to: int
    checksum_from: str
    checksum_to: str


def copy_ledger(source: Connection, target: Location) -> list[TableCopied]:
    """Copy the ledger open in `source` into the empty ledger at `target`; returns each table's figures."""
    dialect = dialect_of(target)
    if isinstance(target, PostgresURL):
        conn, _version = dialect.connect(target, create=True)
        try:
            with dialect.errors(target):
                if not dialect.is_blank(conn):
                    raise DatabaseError(say("copy_target_not_empty", path=target))
                return _copy_in_one_transaction(source, conn, dialect, target)
        finally:
            conn.close()
    _check_empty_file(target)
    written = target.with_name(f"{target.name}.part-{os.getpid()}")
    written.unlink(missing_ok=True)
    try:
        conn, _version = dialect.connect(written, create=True)
        try:
            with dialect.errors(target):
                dialect.prepare(conn, 0)
                copied = _copy_in_one_transaction(source, conn, dialect, target)
        finally:
            conn.close()
        os.replace(written, target)
    finally:
        written.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{written}{suffix}").unlink(missing_ok=True)
    return copied


def _check_empty_file(target: Path) -> None:
    """A SQLite target is a new file, an empty one, or a SQLite database with nothing in it."""
    if target.is_dir():
        raise DatabaseError(say("db_is_directory", path=target))
    if not target.parent.is_dir():
        raise DatabaseError(say("db_no_folder", path=target, folder=target.parent))
    if not target.exists() or target.stat().st_size == 0:
        return
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            blank = not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        blank = False
    if not blank:
        raise DatabaseError(say("copy_target_not_empty", path=target))


def _copy_in_one_transaction(source: Connection, conn: SQL, dialect: Dialect, shown: Location) -> list[TableCopied]:
    copied = []
    with _snapshot(source):
        dialect.begin(conn)
        try:
            for statement in create_statements(dialect):
                conn.execute(statement)
            dialect.set_version(conn, SCHEMA_VERSION)
            for table in schema.TABLES:
                columns = table.column_names()
                read = _rows(source.conn, table)
                counted_from = _Tally()
                dialect.insert_many(conn, table.name, columns, counted_from.passing(read))
                dialect.after_copy(conn, table)
                counted_to = _Tally()
                for _row in counted_to.passing(_rows(conn, table)):
                    pass
                copied.append(TableCopied(table.name, counted_from.rows, counted_to.rows,
                                          counted_from.digest(), counted_to.digest()))
            different = [row.table for row in copied
                         if (row.rows_from, row.checksum_from) != (row.rows_to, row.checksum_to)]
            if different:
                raise DatabaseError(say("copy_differs", path=shown, tables=", ".join(different)))
            dialect.analyze(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return copied


@contextlib.contextmanager
def _snapshot(source: Connection) -> Iterator[None]:
    """Every table read as of one moment, while others may write (a dry-run upgrade is already one)."""
    with source.reading():
        if source._undo_on_close:
            yield
            return
        source.dialect.begin_snapshot(source.conn)
        try:
            yield
        finally:
            source.conn.execute("ROLLBACK")


def _rows(conn: SQL, table: schema.Table) -> Iterator[tuple[Any, ...]]:
    names = ", ".join(f'"{column}"' for column in table.column_names())
    order = ", ".join(f'"{column}"' for column in table.primary_key)
    rows = conn.execute(f'SELECT {names} FROM "{table.name}" ORDER BY {order}')
    for row in rows:
        yield tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)


class _Tally:
    """Rows counted and checksummed as they pass: the same values give the same sum on either database."""

    def __init__(self) -> None:
        self.rows = 0
        self._hash = hashlib.sha256()

    def passing(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        for row in rows:
            self.rows += 1
            self._hash.update(repr(row).encode("utf-8"))
            self._hash.update(b"\n")
            yield row

    def digest(self) -> str:
        return self._hash.hexdigest()[:16]
