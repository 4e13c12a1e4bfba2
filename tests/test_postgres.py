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
            "print(r.exit_code, 'psycopg' in sys.modules)")
    for ledger, imported in ((tmp_path / "l.db", False), (database, True)):
        done = subprocess.run([sys.executable, "-c", code, str(ledger), str(real_plan)], capture_output=True,
                              text=True, env=os.environ.copy(), timeout=60)
        assert done.stdout.split() == ["0", str(imported)], done.stderr


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
