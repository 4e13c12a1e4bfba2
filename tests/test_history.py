"""Schema upgrades keep every row; history cannot be rewritten, not even by hand."""
import shutil
import sqlite3

import pytest

from conftest import dump, run
from ledger.store import SCHEMA_VERSION, Store

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"
TABLES = {"plans": "name, year, year_source, source, imported_at",
          "tasks": "plan, number, section_no, section_title, subsection_no, subsection_title, text, units_raw,"
                   " deadline_raw, deadline_kind, due, line, present, status",
          "task_units": "plan, number, position, name, role, verb",
          "notes": "id, plan, number, at, by, kind, text"}


def rows(path):
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2, 3").fetchall()
                for table, columns in TABLES.items()}
    finally:
        conn.close()


# A fixture per released schema; versions reached by several migrations landed together have none.
@pytest.mark.parametrize("version", [version for version in range(1, SCHEMA_VERSION)
                                     if (FIXTURES / f"schema_v{version}.db").exists()])
def test_every_old_schema_upgrades_itself_keeping_every_row(tmp_path, version):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / f"schema_v{version}.db", path)
    before = rows(path)
    assert sum(len(table) for table in before.values()) > 100
    Store.open(path).close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert rows(path) == before
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def schema_of(path):
    """The schema as SQLite understands it: each table's columns (name, type, not null, default, primary key),
    foreign keys and indexes, and each trigger's statement (spaces aside)."""
    conn = sqlite3.connect(path)
    try:
        found = {}
        for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name != 'sqlite_stat1'"
                                            " ORDER BY type, name"):
            if kind == "table":
                found[name] = (conn.execute(f'PRAGMA table_info("{name}")').fetchall(),
                               conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall())
            elif kind == "index" and sql:
                found[name] = conn.execute(f'PRAGMA index_info("{name}")').fetchall()
            elif kind == "trigger":
                found[name] = " ".join(sql.split())
            else:
                found[name] = kind
        return found
    finally:
        conn.close()


def test_a_new_ledger_has_exactly_the_schema_the_migrations_build(tmp_path):
    """schema.py (how a new ledger is made) and migrations.py (how an old one is upgraded) agree."""
    from ledger.store import migrations
    from ledger.store.dialect import SQLite

    built = tmp_path / "migrated.db"
    conn = sqlite3.connect(built, isolation_level=None)
    conn.execute("BEGIN")
    migrations.migrate(conn, SQLite(), 0)
    conn.execute("COMMIT")
    conn.close()
    made = tmp_path / "new.db"
    Store.open(made, create=True).close()
    assert schema_of(made) == schema_of(built)
    assert sqlite3.connect(made).execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST


def test_a_new_ledger_is_made_without_sqlite_utils(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from ledger.store import Store;"
            f"Store.open(Path({str(tmp_path / 'l.db')!r}), create=True).close();"
            "print('sqlite_utils' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_the_upgraded_fixture_reads_as_it_was_written(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)
    monkeypatch.setenv("LEDGER_DB", str(path))
    listing = run("list", "--status", "all", "--format", "json")
    assert listing.exit_code == 0, listing.stderr
    import json

    status = {task["id"]: task["status"] for task in json.loads(listing.stdout)}
    assert (status[34], status[35], status[29], status[28], status[1]) == ("done", "cancelled", "open", "removed",
                                                                           "open")
    notes = json.loads(run("show", "29", "--format", "json").stdout)[0]["notes"]
    assert [(n["kind"], n["by"]) for n in notes] == [("done", "fixture"), ("reopen", "fixture")]
    assert run("done", "21", "--note", "升级后完成").exit_code == 0


@pytest.fixture
def ledger_db(db, real_plan):
    run("import", real_plan)
    run("done", "34", "--note", "完成")
    run("unit", "set", "办公室", "--email", "office@example.cn")
    return db


def refused_by_the_database(db, statement):
    """Whether the database itself refuses `statement`, run directly, as a person with a SQL prompt would."""
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            try:
                conn.execute(statement)
            except psycopg.errors.RestrictViolation:
                return True
        return False
    conn = sqlite3.connect(db)
    try:
        conn.execute(statement)
    except sqlite3.IntegrityError:
        return True
    finally:
        conn.close()
    return False


@pytest.mark.both_databases
@pytest.mark.parametrize("statement", [
    "UPDATE notes SET text = '改写' WHERE number = 34",
    "UPDATE notes SET by = 'someone else'",
    "DELETE FROM notes",
    "DELETE FROM tasks WHERE number = 1",
    "UPDATE directory_history SET new = 'x@example.cn'",
    "DELETE FROM directory_history",
])
def test_the_database_refuses_to_rewrite_history(ledger_db, statement):
    assert refused_by_the_database(ledger_db, statement)
    shown = run("show", "34", "--format", "json")
    assert '"status": "done"' in shown.stdout and '"text": "完成"' in shown.stdout


@pytest.mark.both_databases
def test_a_plan_whose_row_is_gone_may_lose_its_tasks_and_notes(ledger_db):
    """The one deletion (plan remove, after a backup): the guards let a plan's history go once its row has."""
    deletions = [f"DELETE FROM {table}" for table in ("plans", "notes", "task_units", "tasks")]
    if isinstance(ledger_db, str):
        import psycopg

        with psycopg.connect(ledger_db) as conn:
            conn.execute("SET CONSTRAINTS ALL DEFERRED")
            for statement in deletions:
                conn.execute(statement)
    else:
        conn = sqlite3.connect(ledger_db)
        conn.executescript(";".join(deletions))
        conn.close()
    left = [line for line in dump(ledger_db) if line.startswith(("notes:", "tasks:", 'INSERT INTO "notes"',
                                                                 'INSERT INTO "tasks"'))]
    assert left == []


@pytest.mark.both_databases
def test_status_still_moves_through_notes(ledger_db):
    assert run("reopen", "34").exit_code == 0
    assert run("cancel", "34", "--note", "不适用").exit_code == 0
    assert '"status": "cancelled"' in run("show", "34", "--format", "json").stdout


@pytest.mark.parametrize("version", [4, 8])
def test_a_dry_run_import_leaves_an_older_ledger_as_it_was(tmp_path, real_plan, version):
    """It compares with the ledger upgraded for the run only: the file keeps its schema and every row."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / f"schema_v{version}.db", path)
    before = dump(path)
    result = run("--db", path, "import", "--dry-run", real_plan, "--plan", "plan_2022")
    assert result.exit_code == 0, result.stderr
    assert "Dry run" in result.stdout or "dry run" in result.stdout.lower()
    assert dump(path) == before
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == version
    assert run("--db", path, "import", real_plan, "--plan", "plan_2022").exit_code == 0  # for good, when asked
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
