"""Every test runs against its own temporary database; none touches a real user's data folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The tests read English; the interface language is chosen when ledger.cli is imported, so set it first.
os.environ["LEDGER_LANG"] = "en"
from ledger.cli import app  # noqa: E402

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


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def real_plan() -> Path:
    return REAL_PLAN


def run(*args: str, input: str | None = None):
    """The real command, in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, [str(arg) for arg in args], input=input)


@pytest.fixture
def imported(real_plan):
    result = run("import", real_plan)
    assert result.exit_code == 0, result.stderr
    return result


def dump(db: Path) -> list[str]:
    """The database's whole content as SQL: equal dumps mean nothing was written (WAL moves bytes, not rows)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def write_plan(tmp_path: Path, text: str, name: str = "plan_2022.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path
