"""Where SQLite and PostgreSQL differ, and nowhere else: connecting and its errors, placeholders, the schema
written out in each one's SQL, the schema version, write locking, ids the database hands out, copying rows.

Every query elsewhere is one text that both databases read: `?` placeholders, `t.present = 1` for a
flag, explicit ids for order. psycopg is imported only when the ledger is PostgreSQL (a `postgresql://` URL),
so the commands' start-up on SQLite stays as it was.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Union

from ..errors import DatabaseError
from ..messages import say
from . import schema

if TYPE_CHECKING:
    import psycopg

BUSY_TIMEOUT_SECONDS = 30
URL_SCHEMES = ("postgresql://", "postgres://")
# The one lock every PostgreSQL write transaction takes first, so that writers queue as on SQLite (BEGIN
# IMMEDIATE): each reads what the one before it wrote, and a check then a write cannot interleave.
WRITE_LOCK = 0x6C6564676572  # "ledger"


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
        self.password = parts.get("password")
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


class PostgreSQL:
    """The ledger in a PostgreSQL database: psycopg 3, one advisory lock per write, a version table."""

    name = "postgresql"

    def connect(self, url: Location, create: bool) -> tuple[SQL, int]:
        assert isinstance(url, PostgresURL)
        try:
            import psycopg
        except ImportError:
            raise DatabaseError(say("pg_driver_missing", url=url)) from None
        try:
            raw = psycopg.connect(url.url, autocommit=True, connect_timeout=10,
                                  application_name="ledger")
        except psycopg.Error as exc:
            raise DatabaseError(say("pg_cannot_connect", host=url.host, database=url.database,
                                    reason=_pg_reason(exc, url))) from None
        conn = PostgresConnection(raw)
        with self.errors(url):
            return conn, self.version(conn)

    @contextlib.contextmanager
    def errors(self, where: Location) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.errors.RaiseException as exc:  # a guard refused: history is append-only
            raise DatabaseError(say("db_trouble", path=where, reason=_pg_reason(exc, where))) from None
        except psycopg.OperationalError as exc:
            host, database = ((where.host, where.database) if isinstance(where, PostgresURL) else (str(where), ""))
            raise DatabaseError(say("pg_lost", host=host, database=database, reason=_pg_reason(exc, where))) from None
        except psycopg.Error as exc:
            raise DatabaseError(say("db_trouble", path=where, reason=_pg_reason(exc, where))) from None

    def is_blank(self, conn: SQL) -> bool:
        return not conn.execute("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                                ).fetchone()[0]

    def prepare(self, conn: SQL, version: int) -> None:
        """Nothing to switch: PostgreSQL's readers never wait for writers."""

    def finish_opening(self, conn: SQL) -> None:
        """Foreign keys are always on."""

    def version(self, conn: SQL) -> int:
        row = conn.execute("SELECT to_regclass('ledger_schema') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        found = conn.execute("SELECT version FROM ledger_schema").fetchone()
        return int(found[0]) if found else 0

    def set_version(self, conn: SQL, version: int) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS ledger_schema (version INTEGER NOT NULL)")
        conn.execute("DELETE FROM ledger_schema")
        conn.execute("INSERT INTO ledger_schema (version) VALUES (?)", (int(version),))

    def begin(self, conn: SQL) -> None:
        conn.execute("BEGIN")
        conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    def begin_snapshot(self, conn: SQL) -> None:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def defer_foreign_keys(self, conn: SQL) -> None:
        conn.execute("SET CONSTRAINTS ALL DEFERRED")

    def insert_returning_id(self, conn: SQL, sql: str, parameters: Sequence[Any]) -> int:
        row_id: int = conn.execute(sql + " RETURNING id", parameters).fetchone()[0]
        return row_id

    def char(self, code: int) -> str:
        return f"chr({code})"

    # -- many rows at once: COPY, one stream instead of a statement per row -------------------------------

    def insert_many(self, conn: SQL, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        assert isinstance(conn, PostgresConnection)
        conn.copy_rows(table, columns, rows)

    def upsert_many(self, conn: SQL, table: str, columns: Sequence[str], key: Sequence[str],
                    rows: Iterable[Sequence[Any]]) -> None:
        """The rows COPYed into a scratch table, then inserted (or updated by key) in one statement."""
        names = ", ".join(columns)
        with self._scratch(conn, table, columns, rows) as scratch:
            conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {scratch}" + _on_conflict(columns, key))

    def delete_many(self, conn: SQL, table: str, key: Sequence[str], keys: Iterable[Sequence[Any]]) -> None:
        with self._scratch(conn, table, key, keys) as scratch:
            conn.execute(f"DELETE FROM {table} USING {scratch} WHERE "
                         + " AND ".join(f"{table}.{column} = {scratch}.{column}" for column in key))

    @contextlib.contextmanager
    def _scratch(self, conn: SQL, table: str, columns: Sequence[str],
                 rows: Iterable[Sequence[Any]]) -> Iterator[str]:
        """A temporary table with `table`'s columns (their types, no constraints), holding `rows`."""
        assert isinstance(conn, PostgresConnection)
        scratch = f"incoming_{table}"
        conn.execute(f"CREATE TEMPORARY TABLE {scratch} AS SELECT {', '.join(columns)} FROM {table} WITH NO DATA")
        conn.copy_rows(scratch, columns, rows)
        conn.execute(f"ANALYZE {scratch}")
        yield scratch
        conn.execute(f"DROP TABLE {scratch}")  # (after a failure, the rollback drops it)

    def analyze(self, conn: SQL) -> None:
        conn.execute("ANALYZE tasks, task_units, periods")

    # -- the schema --------------------------------------------------------------------------------------

    TYPES = {"TEXT": 'TEXT COLLATE "C"', "INTEGER": "BIGINT", "BLOB": "BYTEA"}

    def create_table(self, table: schema.Table) -> str:
        columns = []
        for column in table.columns:
            # COLLATE "C": text sorts and compares by its bytes, as in SQLite, so output is the same on both.
            text = f'"{column.name}" {self.TYPES[column.type]}'
            if table.numbered and column.name == "id":
                text += " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
            if column.not_null:
                text += " NOT NULL"
            if column.default is not None:
                text += f" DEFAULT {column.default}"
            if column.references:
                # Deferrable: `plan remove` deletes the plan's row first, then (the guards allowing) its tasks.
                text += (f' REFERENCES "{column.references[0]}"("{column.references[1]}")'
                         " DEFERRABLE INITIALLY IMMEDIATE")
            columns.append(text)
        if not table.numbered:
            columns.append("PRIMARY KEY (" + ", ".join(f'"{name}"' for name in table.primary_key) + ")")
        return f'CREATE TABLE "{table.name}" (\n   ' + ",\n   ".join(columns) + "\n)"

    def create_guard(self, guard: schema.Guard) -> list[str]:
        refuse = f"RAISE EXCEPTION '{guard.message}' USING ERRCODE = 'restrict_violation';"
        body = f"IF {guard.when} THEN {refuse} END IF;" if guard.when else refuse
        return [f"CREATE FUNCTION {guard.name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN {body} RETURN OLD; END $$",
                f"CREATE TRIGGER {guard.name} BEFORE {guard.event} ON {guard.table}"
                f" FOR EACH ROW EXECUTE FUNCTION {guard.name}()"]

    def drop_trigger(self, name: str, table: str) -> str:
        return f"DROP TRIGGER IF EXISTS {name} ON {table}"

    def after_copy(self, conn: SQL, table: schema.Table) -> None:
        """Rows copied with their ids: the next id the database hands out comes after the highest."""
        if table.numbered:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                         f" coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)")

    def insertion_order(self) -> str:
        return "ctid"


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
    return PostgreSQL() if isinstance(where, PostgresURL) else SQLite()


def create_statements(dialect: Dialect) -> list[str]:
    """The whole schema of a new ledger, in this dialect's SQL."""
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


class PostgresConnection:
    """psycopg's connection, speaking the store's SQL: `?` placeholders become psycopg's `%s`."""

    def __init__(self, raw: psycopg.Connection[Any]):
        self.raw = raw

    def execute(self, sql: str, parameters: Any = (), /) -> Rows:
        return self.raw.execute(_placeholders(sql), parameters or None)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Rows:
        cursor = self.raw.cursor()
        cursor.executemany(_placeholders(sql), parameters)  # psycopg pipelines them: no round trip per row
        return cursor

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Many rows at once with COPY: one stream instead of a statement per row."""
        names = ", ".join(f'"{column}"' for column in columns)
        with self.raw.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)

    def close(self) -> None:
        self.raw.close()


@lru_cache(maxsize=512)
def _placeholders(sql: str) -> str:
    """`?` outside quotes becomes `%s`; a literal `%` is doubled for psycopg."""
    out = []
    quote: str | None = None
    for char in sql:
        if quote:
            if char == quote:
                quote = None
            out.append("%%" if char == "%" else char)
        elif char in ("'", '"'):
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


def _pg_reason(exc: BaseException, where: Location) -> str:
    """The driver's reason in one line (libpq's last word on it), without a password in it."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    reason = lines[0] if lines else type(exc).__name__
    reason = reason.rsplit(" failed: ", 1)[-1].removeprefix("connection failed: ")
    reason = reason.removeprefix("FATAL:").removeprefix("ERROR:").strip()
    return _scrub(reason, where.url) if isinstance(where, PostgresURL) else reason
