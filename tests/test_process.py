"""The installed command as a separate process: start-up imports, pipes, `python -m ledger`."""
import json
import os
import subprocess
import sys

import pytest

from conftest import REAL_PLAN

# Third-party libraries that cost milliseconds to import, kept off the paths that do not use them. The standard
# library's small modules (json, csv …) are not listed: importing one where it is used costs next to nothing.
HEAVY = ("sqlite_utils", "dateutil", "pydantic", "rich", "chinese_calendar", "flask", "jinja2", "cheroot",
         "psycopg", "platformdirs")
DOCUMENT_LIBRARIES = ("docx", "openpyxl", "lxml", "pdfplumber", "pdfminer")
NOT_ON_THE_PLAIN_PATH = HEAVY


def python(code, env=None):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                          env=env or os.environ.copy(), timeout=60)


def test_importing_the_cli_leaves_heavy_libraries_out():
    result = python(f"import sys, ledger.cli.app; print([m for m in {HEAVY + DOCUMENT_LIBRARIES!r} if m in sys.modules])")
    assert result.stdout.strip() == "[]", result.stderr


def test_importing_a_text_plan_leaves_the_document_readers_out(tmp_path):
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom ledger.cli.app import app\n"
            f"r = CliRunner().invoke(app, ['--db', {str(tmp_path / 'l.db')!r}, 'import', {str(REAL_PLAN)!r}])\n"
            f"print(r.exit_code, [m for m in {DOCUMENT_LIBRARIES!r} if m in sys.modules])")
    assert python(code).stdout.strip() == "0 []"


def test_plain_overdue_runs_without_heavy_libraries(tmp_path):
    env = dict(os.environ, LEDGER_DB=str(tmp_path / "l.db"))
    assert subprocess.run([sys.executable, "-m", "ledger", "import", str(REAL_PLAN)], env=env,
                          capture_output=True).returncode == 0
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom ledger.cli.app import app\n"
            "r = CliRunner().invoke(app, ['--today', '2026-11-26', 'overdue', '--format', 'plain'])\n"
            f"print(r.exit_code, len(r.stdout.splitlines()), [m for m in {NOT_ON_THE_PLAIN_PATH!r} if m in sys.modules])")
    result = python(code, env)
    assert result.stdout.strip() == "0 7 []", result.stderr


def test_python_dash_m_ledger(tmp_path):
    env = dict(os.environ, LEDGER_DB=str(tmp_path / "l.db"))
    subprocess.run([sys.executable, "-m", "ledger", "import", str(REAL_PLAN)], env=env, capture_output=True)
    result = subprocess.run([sys.executable, "-m", "ledger", "list", "--format", "json"], env=env,
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 35


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(tmp_path):
    rows = "".join(f"{n}.任务{n} |\n办公室 |\n长期 |\n" for n in range(1, 3001))
    plan = tmp_path / "big_2022.txt"
    plan.write_text("一、标题 |\n" + rows, encoding="utf-8")
    env = dict(os.environ, LEDGER_DB=str(tmp_path / "l.db"))
    subprocess.run([sys.executable, "-m", "ledger", "import", str(plan)], env=env, capture_output=True, check=True)
    listing = subprocess.Popen([sys.executable, "-m", "ledger", "list"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    first = listing.stdout.readline()
    listing.stdout.close()
    stderr = listing.stderr.read().decode()
    listing.wait(timeout=60)
    assert first.startswith(b"1\t")
    assert "Traceback" not in stderr and "Error" not in stderr and "Exception" not in stderr, stderr


def ledger(*args, env=None):
    return subprocess.run([sys.executable, "-m", "ledger", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


@pytest.mark.slow
def test_the_command_builds_only_the_named_command_yet_help_and_suggestions_see_them_all(tmp_path):
    env = dict(os.environ, COLUMNS="200")
    listed = ledger("--help", env=env).stdout
    assert all(f" {command} " in listed for command in ("import", "due", "overdue", "report", "backup", "plans"))
    mistyped = ledger("--db", str(tmp_path / "l.db"), "overdu", env=env)
    assert mistyped.returncode == 2 and "Did you mean 'overdue'" in mistyped.stderr
    # A file named like a command does not hide the command really asked for.
    db = tmp_path / "due"
    assert ledger("--db", str(db), "import", str(REAL_PLAN), env=env).returncode == 0
    result = ledger("--db", str(db), "--today", "2026-11-26", "overdue", env=env)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 7
