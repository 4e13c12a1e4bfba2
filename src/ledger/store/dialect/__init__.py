"""Where SQLite and PostgreSQL differ, and nowhere else: connecting and its errors, placeholders, the schema
written out in each one's SQL, the schema version, write locking, ids the database hands out, many rows at once.

Every query elsewhere is one text that both databases read: `?` placeholders, `t.present = 1` for a
flag, explicit ids for order. This module holds where a ledger is and SQLite's side; postgresql.py holds
PostgreSQL's, and is imported (with psycopg) only when the ledger is a `postgresql://` URL, so that the
commands' start-up on SQLite stays as it was.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Union

from ...errors import DatabaseError
from ...messages import say

if TYPE_CHECKING:
    from .. import schema
    from .postgresql import PostgreSQL

BUSY_TIMEOUT_SECONDS = 30
URL_SCHEMES = ("postgresql://", "postgres://")


if TYPE_CHECKING:  # types for the checker only: a Protocol class costs start-up time, which every command pays
    class Rows(Protocol):
        """What a query returns on either database."""

        def fetchone(self) -> Any: ...

        def fetchall(self) -> list[Any]: ...

        def __iter__(self) -> Iterator[Any]: ...

    class SQL(Protocol):
        """A connection as the store uses it: sqlite3's own, or psycopg's behind PostgresConnection."""

        def execute(self, sql: str, parameters: Any = ..., /) -> Rows: ...

        def executemany(self, sql: str, parameters: Iterable[Any], /) -> Rows: ...

        def close(self) -> None: ...


# -- where a ledger is ----------------------------------------------------------------------------------


class PostgresURL:
    """A PostgreSQL ledger's address. Printing it never shows a password: str() leaves it out."""

    def __init__(self, url: str):
        self.url = url
        parts = _conninfo(url)
        self.host = parts.get("host") or os.environ.get("PGHOST") or "localhost"
        self.database = parts.get("dbname") or os.environ.get("PGDATABASE") or parts.get("user") or ""
        user = parts.get("user")
        port = parts.get("port")
        netloc = (f"{user}@" if user else "") + (self.host if "/" not in self.host else "")
        netloc += f":{port}" if port else ""
        query = f"?host={self.host}" if "/" in self.host else ""
        self.shown = f"postgresql://{netloc}/{self.database}{query}"

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"PostgresURL({self.shown!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PostgresURL) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)


Location = Union[Path, PostgresURL]


def is_url(text: str) -> bool:
    return text.startswith(URL_SCHEMES)


def location(text: str | Path) -> Location:
    """A --db value: a postgresql:// URL is a PostgreSQL ledger, anything else a SQLite file."""
    if isinstance(text, Path) or not is_url(text):
        return Path(text)
    return PostgresURL(text)


def _conninfo(url: str) -> dict[str, str]:
    """The URL's parts, read by libpq's own parser; one Error line (without the password) when it is no URL."""
    try:
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        raise DatabaseError(say("pg_driver_missing", url=_without_password(url))) from None
    try:
        parts = conninfo_to_dict(url)
    except Exception as exc:  # psycopg.ProgrammingError; its text repeats the URL, password and all
        reason = str(exc).strip().splitlines()[0].replace(url, _without_password(url))
        raise DatabaseError(say("pg_bad_url", url=_without_password(url), reason=_scrub(reason, url))) from None
    port = parts.get("port")
    if port is not None and not str(port).isdigit():
        raise DatabaseError(say("pg_bad_url", url=_without_password(url), reason=say("pg_port_not_number")))
    return {key: str(value) for key, value in parts.items() if value is not None}


def _without_password(url: str) -> str:
    """The URL as it may be printed: a password in it is left out, and so is whatever could be one in a URL
    libpq cannot read (postgresql://user:secret.host/db, its @ forgotten)."""
    import re

    if re.search(r"://[^/]*@", url):
        return re.sub(r"(://[^/@:]*):[^@]*@", r"\1@", url)
    return re.sub(r"(://[^/:?]*):(?!\d+(?:[/?]|$))[^/?]*", r"\1:***", url)


def _scrub(text: str, url: str) -> str:
    """Leave a password out of a message, wherever a driver put it."""
    import re

    found = re.search(r"://[^/@:]*:([^@/]*)@", url)
    secrets = [found.group(1)] if found and found.group(1) else []
    secrets += [os.environ["PGPASSWORD"]] if os.environ.get("PGPASSWORD") else []
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


# -- the dialects -------------------------------------------------------------------------------------


class SQLite:
    """The ledger in a SQLite file: the standard library's sqlite3, WAL, BEGIN IMMEDIATE, PRAGMA user_version."""

    name = "sqlite"

    def connect(self, path: Location, create: bool) -> tuple[SQL, int]:
        assert isinstance(path, Path)
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
        with self.errors(path):
            return _connect_sqlite(path)

    @contextlib.contextmanager
    def errors(self, where: Location) -> Iterator[None]:
        """Turn sqlite3's exceptions into errors that say what to do."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise DatabaseError(say("db_busy", path=where)) from None
            if "readonly" in text or "read-only" in text:
                raise DatabaseError(say("db_read_only", path=where)) from None
            raise DatabaseError(say("db_trouble", path=where, reason=text)) from None
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(say("db_not_ledger_maybe", path=where, reason=exc)) from None

    def is_blank(self, conn: SQL) -> bool:
        return not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]

    def prepare(self, conn: SQL, version: int) -> None:
        """After opening: WAL, so that cron reads while a person writes (not inside a transaction), foreign keys."""
        if not version:
            conn.execute("PRAGMA journal_mode = WAL")
        elif conn.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            # An older version's interrupted bulk import left rollback mode behind: back to WAL.
            with contextlib.suppress(sqlite3.OperationalError):  # read-only, or another process holds it
                conn.execute("PRAGMA journal_mode = WAL")

    def finish_opening(self, conn: SQL) -> None:
        conn.execute("PRAGMA foreign_keys = ON")

    def version(self, conn: SQL) -> int:
        found: int = conn.execute("PRAGMA user_version").fetchone()[0]
        return found

    def set_version(self, conn: SQL, version: int) -> None:
        conn.execute(f"PRAGMA user_version = {int(version)}")

    def begin(self, conn: SQL) -> None:
        conn.execute("BEGIN IMMEDIATE")  # the write lock taken at once, so that two writers queue, not fail

    def begin_snapshot(self, conn: SQL) -> None:
        """A read transaction: in WAL mode every read in it sees the ledger as of its first read."""
        conn.execute("BEGIN")

    def defer_foreign_keys(self, conn: SQL) -> None:
        conn.execute("PRAGMA defer_foreign_keys = ON")

    def insert_returning_id(self, conn: SQL, sql: str, parameters: Sequence[Any]) -> int:
        cursor = conn.execute(sql, parameters)
        row_id: int = cursor.lastrowid  # type: ignore[attr-defined]
        return row_id

    def char(self, code: int) -> str:
        return f"char({code})"

    # -- many rows at once: executemany, which SQLite runs in-process ------------------------------------

    def insert_many(self, conn: SQL, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        conn.executemany(_insert(table, columns), rows)

    def upsert_many(self, conn: SQL, table: str, columns: Sequence[str], key: Sequence[str],
                    rows: Iterable[Sequence[Any]]) -> None:
        """Insert each row, or update the row with its key to it."""
        conn.executemany(_insert(table, columns) + _on_conflict(columns, key), rows)

    def delete_many(self, conn: SQL, table: str, key: Sequence[str], keys: Iterable[Sequence[Any]]) -> None:
        conn.executemany(f"DELETE FROM {table} WHERE " + " AND ".join(f"{column} = ?" for column in key), keys)

    def analyze(self, conn: SQL) -> None:
        conn.execute("ANALYZE")

    # -- the schema --------------------------------------------------------------------------------------

    def create_table(self, table: schema.Table) -> str:
        columns = []
        for column in table.columns:
            text = f'"{column.name}" {column.type}'
            if table.numbered and column.name == "id":
                text += " PRIMARY KEY"  # SQLite's rowid: numbered in order, one more than the highest
            if column.not_null:
                text += " NOT NULL"
            if column.default is not None:
                text += f" DEFAULT {column.default}"
            if column.references:
                text += f' REFERENCES "{column.references[0]}"("{column.references[1]}")'
            columns.append(text)
        if not table.numbered:
            columns.append("PRIMARY KEY (" + ", ".join(f'"{name}"' for name in table.primary_key) + ")")
        return f'CREATE TABLE "{table.name}" (\n   ' + ",\n   ".join(columns) + "\n)"

    def create_guard(self, guard: schema.Guard) -> list[str]:
        when = f" WHEN {guard.when}" if guard.when else ""
        return [f"CREATE TRIGGER {guard.name} BEFORE {guard.event} ON {guard.table}{when}"
                f" BEGIN SELECT RAISE(ABORT, '{guard.message}'); END"]

    def drop_trigger(self, name: str, table: str) -> str:
        return f"DROP TRIGGER IF EXISTS {name}"

    def after_copy(self, conn: SQL, table: schema.Table) -> None:
        """Nothing: SQLite numbers the next row from the highest id there is."""

    def insertion_order(self) -> str:
        return "rowid"


if TYPE_CHECKING:
    Dialect = Union[SQLite, PostgreSQL]


@contextlib.contextmanager
def write(dialect: Dialect, conn: SQL) -> Iterator[None]:
    """One write transaction: committed when the block ends, rolled back when it raises."""
    dialect.begin(conn)
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def dialect_of(where: Location) -> Dialect:
    if isinstance(where, PostgresURL):
        from .postgresql import PostgreSQL

        return PostgreSQL()
    return SQLite()


def create_statements(dialect: Dialect) -> list[str]:
    """The whole schema of a new ledger, in this dialect's SQL."""
    from .. import schema

    statements = [dialect.create_table(table) for table in schema.TABLES]
    statements += [f'CREATE INDEX "{index.name}" ON "{index.table}" ('
                   + ", ".join(f'"{column}"' for column in index.columns) + ")" for index in schema.INDEXES]
    for guard in schema.GUARDS:
        statements += dialect.create_guard(guard)
    return statements


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


def _on_conflict(columns: Sequence[str], key: Sequence[str]) -> str:
    updated = ", ".join(f"{column} = excluded.{column}" for column in columns if column not in key)
    return f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updated}"


# -- connections ----------------------------------------------------------------------------------------


def _connect_sqlite(path: Path) -> tuple[SQL, int]:
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


