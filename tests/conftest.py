"""Every test runs against its own temporary database; none touches a real user's data folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The tests read English; the interface language is chosen when ledger.cli is imported, so set it first.
os.environ["LEDGER_LANG"] = "en"
from ledger.cli.app import app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REAL_PLAN = ROOT / "data" / "plan_2022.txt"
sys.path.insert(0, str(ROOT / "benchmarks"))  # the large-plan generator


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGER_DB", str(tmp_path / "ledger.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LEDGER_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("LEDGER_TODAY", "LEDGER_PLAN", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def needs(program: str, package: str) -> str:
    """The path of a program a test needs (LibreOffice's soffice …): without it the test is skipped with a reason
    that names the Debian package, and fails under CI (CI=true), where a skip would hide an untested path."""
    import shutil

    found = shutil.which(program)
    if found is None:
        message = f"needs {program} (Debian package {package})"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ": CI must install it")
        pytest.skip(message)
    return found


# -- one ledger per test, on SQLite or on PostgreSQL ------------------------------------------------------
# A test module marked `pytestmark = pytest.mark.both_databases` runs each of its tests that uses `db` (or
# `imported`) twice: on a SQLite file in tmp_path and on a fresh PostgreSQL database of a server the session
# starts. A test of SQLite's own behaviour in such a module is marked `sqlite_only`.

DATABASES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    if ("db" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_databases")
            and not metafunc.definition.get_closest_marker("sqlite_only")):
        # The PostgreSQL half is slow (a server, a database per test): CI runs it, the README's quick command not.
        metafunc.parametrize("db", [pytest.param(name, marks=pytest.mark.slow) if name == "postgresql" else name
                                    for name in DATABASES], indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of the test session's own (Unix socket only), stopped at its end. Missing PostgreSQL
    skips the PostgreSQL half of the tests, visibly; under CI (CI=true) it fails them instead."""
    from postgres_server import find_bin_dir, running_server

    missing = None
    if find_bin_dir() is None:
        missing = "PostgreSQL is not installed (no initdb; Debian: apt-get install postgresql)"
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            missing = "psycopg is not installed (pip install -e '.[test]')"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: CI runs every test on PostgreSQL too", pytrace=False)
        pytest.skip(missing)
    with running_server() as server:
        yield server


@pytest.fixture
def db(request, tmp_path, monkeypatch):
    """The test's ledger, where LEDGER_DB points: a SQLite file's Path, or (parametrised) a PostgreSQL URL."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield tmp_path / "ledger.db"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    monkeypatch.setenv("LEDGER_DB", url)
    yield url
    server.release(url)


@pytest.fixture
def real_plan() -> Path:
    return REAL_PLAN


def run(*args: str, input: str | None = None):
    """The real command, in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, [str(arg) for arg in args], input=input)


@pytest.fixture(scope="session")
def imported_once(tmp_path_factory):
    """The real plan imported into a SQLite ledger once a session: (the ledger, what the import said)."""
    ledger = tmp_path_factory.mktemp("imported") / "ledger.db"
    result = CliRunner(env={"LEDGER_USER": "tester", "LEDGER_TODAY": None, "LEDGER_PLAN": None}).invoke(
        app, ["--db", str(ledger), "import", str(REAL_PLAN)])
    assert result.exit_code == 0, result.stderr
    return ledger, result


@pytest.fixture
def imported(real_plan, db, request):
    """The real plan imported into the test's ledger (a SQLite one is a copy of the session's import)."""
    if isinstance(db, Path):
        import shutil

        ledger, result = request.getfixturevalue("imported_once")
        shutil.copyfile(ledger, db)
        return result
    result = run("import", real_plan)
    assert result.exit_code == 0, result.stderr
    return result


def dump(db: Path | str) -> list[str]:
    """The database's whole content: equal dumps mean nothing was written (WAL moves bytes, not rows)."""
    if isinstance(db, str) and db.startswith("postgresql://"):
        return _dump_postgres(db)
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def no_ledger_at(db: Path | str) -> bool:
    """Nothing was made: no SQLite file, or a PostgreSQL database still empty."""
    return not db.exists() if isinstance(db, Path) else dump(db) == []


def query(db: Path | str, sql: str, parameters: tuple = ()) -> list[tuple]:
    """Rows read straight from the test's ledger, SQLite or PostgreSQL (`?` placeholders)."""
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as conn:
            return [tuple(row) for row in conn.execute(sql.replace("?", "%s"), parameters or None)]
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, parameters).fetchall()
    finally:
        conn.close()


def ledger_rows(db: Path | str) -> dict[str, list[tuple]]:
    """Every table of the ledger's schema, its rows sorted: the same on SQLite and PostgreSQL for the same ledger."""
    from ledger.store.schema import TABLES

    return {table.name: sorted(query(db, f'SELECT {", ".join(table.column_names())} FROM "{table.name}"'), key=repr)
            for table in TABLES}


def _dump_postgres(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        lines = []
        for table in tables:
            lines += sorted(f"{table}: {row!r}" for row in conn.execute(f'SELECT * FROM "{table}"'))
        return lines


def write_plan(tmp_path: Path, text: str, name: str = "plan_2022.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path
