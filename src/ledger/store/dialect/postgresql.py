"""PostgreSQL's side of the dialect: psycopg 3, one advisory lock per write transaction, a version table, COPY for
many rows, `?` placeholders made psycopg's `%s`. Imported only when the ledger is a postgresql:// URL, and psycopg
only when one is opened, so that no SQLite command pays for them.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...errors import DatabaseError
from ...messages import say
from . import Location, PostgresURL, _on_conflict, _scrub

if TYPE_CHECKING:
    import psycopg

    from .. import schema
    from . import SQL, Rows

# The one lock every PostgreSQL write transaction takes first, so that writers queue as on SQLite (BEGIN
# IMMEDIATE): each reads what the one before it wrote, and a check then a write cannot interleave.
WRITE_LOCK = 0x6C6564676572  # "ledger"


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
        except psycopg.OperationalError as exc:  # the server went away, or refused us mid-command
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
        conn.execute("ANALYZE")  # every table: without the plans table's, the planner drives due --unit wrongly

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
