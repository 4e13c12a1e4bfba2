"""A ledger on PostgreSQL (SPEC §14): bad addresses and credentials are one Error line that names the host and
the database and never the password; a newer or foreign database is refused; psycopg stays off SQLite's path."""
import os
import subprocess
import sys

import pytest

from conftest import dump, run
from postgres_server import PASSWORD, PASSWORD_USER


@pytest.fixture
def server(postgres_server):
    return postgres_server


@pytest.fixture
def database(server):
    url = server.new_database()
    yield url
    server.release(url)


def name_of(url):
    return url.split("@/", 1)[1].split("?", 1)[0]


def one_error_line(result, *wanted, secret=None):
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in wanted:
        assert word in lines[0], lines[0]
    if secret:
        assert secret not in result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def with_password(server, database_url, password):
    return server.url(name_of(database_url), user=PASSWORD_USER, password=password)


def test_the_right_password_in_the_url_opens_the_ledger(server, database, real_plan):
    result = run("--db", with_password(server, database, PASSWORD), "import", real_plan)
    assert result.exit_code == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr


def test_a_wrong_password_in_the_url_is_named_without_the_password(server, database):
    result = run("--db", with_password(server, database, "Wr0ng-Secret"), "list")
    line = one_error_line(result, name_of(database), str(server.socket_dir), "password authentication failed",
                          secret="Wr0ng-Secret")
    assert PASSWORD not in line


def test_a_wrong_pgpassword_is_never_printed(server, database, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "Env-Secret-42")
    result = run("--db", server.url(name_of(database), user=PASSWORD_USER), "list")
    one_error_line(result, name_of(database), "password authentication failed", secret="Env-Secret-42")


def test_the_password_from_pgpass_is_used_and_never_printed(server, database, tmp_path, monkeypatch, real_plan):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    pgpass = home / ".pgpass"
    pgpass.write_text(f"*:*:*:{PASSWORD_USER}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("HOME", str(home))
    url = server.url(name_of(database), user=PASSWORD_USER)
    result = run("--db", url, "import", real_plan)
    assert result.exit_code == 0, result.stderr
    pgpass.write_text(f"*:*:*:{PASSWORD_USER}:Pgpass-Wrong-7\n")
    one_error_line(run("--db", url, "list"), name_of(database), secret="Pgpass-Wrong-7")


def test_a_missing_database_is_named(server):
    one_error_line(run("--db", server.url("no_such_ledger"), "list"), "no_such_ledger", "does not exist")


def test_an_unreachable_server_is_named(server):
    one_error_line(run("--db", "postgresql://ledger:Unreach-Pw@127.0.0.1:1/cityledger", "list"),
                   "cityledger", "127.0.0.1", secret="Unreach-Pw")


@pytest.mark.parametrize("url", ["postgresql://u:Bad-Url-Pw@h:notaport/db", "postgresql://[bad:Bad-Url-Pw",
                                 "postgresql://user:Bad-Url-Pw.host/db"])
def test_a_url_that_is_not_one_is_one_error_line_without_the_password(url):
    one_error_line(run("--db", url, "list"), "not a PostgreSQL URL", secret="Bad-Url-Pw")


def test_an_empty_database_holds_no_ledger_yet_and_stays_empty(database):
    one_error_line(run("--db", database, "list"), "import a plan first")
    assert dump(database) == []


def test_a_database_of_a_newer_version_is_refused_untouched(server, database, real_plan):
    assert run("--db", database, "import", real_plan).exit_code == 0
    server.execute("UPDATE ledger_schema SET version = version + 1", name_of(database))
    before = dump(database)
    one_error_line(run("--db", database, "list"), "newer version")
    one_error_line(run("--db", database, "import", real_plan), "newer version")
    assert dump(database) == before


def test_a_database_that_holds_something_else_is_refused(server, database, real_plan):
    server.execute("CREATE TABLE customers (id integer)", name_of(database))
    one_error_line(run("--db", database, "import", real_plan), "not a ledger")
    assert dump(database) == []


def test_without_psycopg_a_postgresql_ledger_says_what_to_install(database, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setitem(sys.modules, "psycopg.conninfo", None)
    one_error_line(run("--db", database, "list"), "pip install 'ledger[postgres]'")


def test_psycopg_is_imported_only_for_a_postgresql_ledger(tmp_path, database, real_plan):
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom ledger.cli.app import app\n"
            "r = CliRunner().invoke(app, ['--db', sys.argv[1], 'import', sys.argv[2]])\n"
            "print(r.exit_code, 'psycopg' in sys.modules, 'ledger.store.dialect.postgresql' in sys.modules)")
    for ledger, imported in ((tmp_path / "l.db", False), (database, True)):
        done = subprocess.run([sys.executable, "-c", code, str(ledger), str(real_plan)], capture_output=True,
                              text=True, env=os.environ.copy(), timeout=60)
        assert done.stdout.split() == ["0", str(imported), str(imported)], done.stderr


def test_text_sorts_by_its_bytes_as_on_sqlite(server, database):
    """COLLATE "C": an ASCII name before a Chinese one, and 丙 (U+4E19) before 乙 (U+4E59), as SQLite orders them."""
    from ledger.store import Store, location

    store = Store.open(location(database), create=True)
    try:
        for name in ("乙", "丙", "Zeta", "alpha", "办公室"):
            store.set_unit(name, "x@example.cn", None, "2022-01-01T00:00:00+08:00", "t")
        names = [row[0] for row in store.conn.execute("SELECT name FROM directory_units ORDER BY name")]
    finally:
        store.close()
    assert names == sorted(names, key=lambda text: text.encode("utf-8")) == ["Zeta", "alpha", "丙", "乙", "办公室"]


# -- many processes at once (SPEC §14: nothing lost or doubled; an import is one transaction) -----------------

WRITER = """
import sys
from typer.testing import CliRunner
from ledger.cli.app import app
worker, count = sys.argv[1], int(sys.argv[2])
for n in range(count):
    result = CliRunner().invoke(app, ["note", "1", f"worker {worker} note {n}", "--plan", "plan_2022"])
    print(result.exit_code, repr(result.stderr), flush=True)
"""
DONE_ONCE = """
import sys
from typer.testing import CliRunner
from ledger.cli.app import app
result = CliRunner().invoke(app, ["done", "21", "--plan", "plan_2022", "--note", "worker " + sys.argv[1]])
print(result.exit_code, repr(result.stderr), flush=True)
"""


def start(script, database, *args):
    env = dict(os.environ, LEDGER_DB=database, LEDGER_USER="tester")
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8")


@pytest.mark.slow
def test_many_writers_at_once_lose_and_double_nothing(database, real_plan):
    assert run("--db", database, "import", real_plan).exit_code == 0
    writers = [start(WRITER, database, worker, 20) for worker in range(8)]
    racers = [start(DONE_ONCE, database, racer) for racer in range(6)]  # the same task done by six at once
    outputs = [process.communicate(timeout=600)[0] for process in writers + racers]
    written = [line for output in outputs[:8] for line in output.splitlines()]
    assert len(written) == 160 and all(line.startswith("0 ") for line in written), written[:3]
    from conftest import query

    notes = [text for (text,) in query(database, "SELECT text FROM notes WHERE number = 1 AND kind = 'note'")]
    assert sorted(notes) == sorted(f"worker {w} note {n}" for w in range(8) for n in range(20))  # each once
    raced = [output.strip() for output in outputs[8:]]
    assert sum(line.startswith("0 ") for line in raced) == 1, raced  # one done; the others: already done
    assert all(line.startswith("0 ") or "already done" in line for line in raced), raced
    assert query(database, "SELECT count(*) FROM notes WHERE number = 21 AND kind = 'done'") == [(1,)]


@pytest.mark.slow
def test_a_reader_sees_an_import_whole_or_not_at_all(database, real_plan, tmp_path):
    from generate_plan import generate_plan

    big = tmp_path / "big_2022.txt"
    big.write_text(generate_plan(3000, seed=3), encoding="utf-8")
    assert run("--db", database, "import", real_plan).exit_code == 0
    importer = start("import sys\nfrom ledger.cli import run\nsys.argv = ['ledger', 'import', sys.argv[1]]\nrun()",
                     database, big)
    import psycopg

    seen = set()
    with psycopg.connect(database, autocommit=True) as conn:
        while importer.poll() is None:
            seen.add(conn.execute("SELECT count(*) FROM tasks WHERE plan = 'big_2022'").fetchone()[0])
        seen.add(conn.execute("SELECT count(*) FROM tasks WHERE plan = 'big_2022'").fetchone()[0])
    assert importer.returncode == 0, importer.communicate()[0]
    assert seen <= {0, 3000} and 3000 in seen


def test_a_second_writer_waits_for_the_first_and_then_sees_its_change(database, real_plan):
    """Two connections mark the same task done: the second waits for the first's transaction (the write lock),
    then reads the task as done and is refused, so the task is done once, not twice."""
    import threading

    from ledger.errors import Conflict
    from ledger.store import Store, location

    assert run("--db", database, "import", real_plan).exit_code == 0
    first, second = Store.open(location(database)), Store.open(location(database))
    outcome: list[object] = []

    def mark_done_too():
        try:
            second.add_note("plan_2022", 21, "done", "second", "2022-11-26T10:00:01+08:00", "b")
            outcome.append("done")
        except Conflict as refused:
            outcome.append(refused)

    try:
        with first.write():
            first.add_note("plan_2022", 21, "done", "first", "2022-11-26T10:00:00+08:00", "a")
            racer = threading.Thread(target=mark_done_too)
            racer.start()
            racer.join(timeout=1.0)
            assert racer.is_alive() and outcome == []  # waiting for the write lock
        racer.join(timeout=30)
        assert len(outcome) == 1 and isinstance(outcome[0], Conflict) and "already done" in str(outcome[0])
        from conftest import query

        assert query(database, "SELECT text FROM notes WHERE number = 21 AND kind = 'done'") == [("first",)]
    finally:
        first.close()
        second.close()


def test_an_older_postgresql_ledger_is_upgraded_by_the_migrations_written_for_both(server, database):
    """A ledger of schema 9 (before the web page's tables), made on PostgreSQL, upgrades itself to the schema a new
    ledger has: the migrations after 9 run on PostgreSQL as on SQLite."""
    from ledger.store import SCHEMA_VERSION, Store, location
    from ledger.store.migrations import WEB_TABLES

    Store.open(location(database), create=True).close()
    fresh = columns_of(database)
    for table in WEB_TABLES:
        server.execute(f'DROP TABLE "{table}"', name_of(database))
    server.execute("UPDATE ledger_schema SET version = 9", name_of(database))
    assert set(columns_of(database)) == set(fresh) - set(WEB_TABLES)
    Store.open(location(database)).close()
    assert columns_of(database) == fresh
    from conftest import query

    assert query(database, "SELECT version FROM ledger_schema") == [(SCHEMA_VERSION,)]


def columns_of(database):
    from conftest import query

    found: dict = {}
    for table, column, kind, nullable, default in query(
            database, "SELECT table_name, column_name, data_type, is_nullable, column_default FROM"
                      " information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"):
        found.setdefault(table, []).append((column, kind, nullable, default))
    return found
