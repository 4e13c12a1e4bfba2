"""Defects found in review (issue 21), each reproduced first: plan names checked at the door, archived plans
marked, times a person reads local and short, the Excel title naming the plan as the office does."""
import json
import time

import pytest

from conftest import REAL_PLAN, dump, run


@pytest.mark.parametrize("name", ["a/b", "..\\b", "all", "", " ", "tab\there", "new\nline"])
def test_a_plan_name_that_cannot_be_one_is_refused_at_the_door(tmp_path, db, name):
    assert run("import", REAL_PLAN).exit_code == 0
    before = dump(db)
    result = run("import", REAL_PLAN, "--plan", name)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert dump(db) == before


def test_a_plan_with_a_slash_in_its_file_name_stem_cannot_arise_and_remove_works_on_good_names(tmp_path, db):
    assert run("import", REAL_PLAN, "--plan", "2022年 要点（修订）").exit_code == 0
    removed = run("plan", "remove", "2022年 要点（修订）", "--yes")
    assert removed.exit_code == 0, removed.stderr


@pytest.mark.parametrize("fmt, mark", [("table", "archived"), ("markdown", "archived"), ("plain", "archived")])
def test_plan_list_all_marks_the_archived_plans(tmp_path, fmt, mark):
    assert run("import", REAL_PLAN).exit_code == 0
    assert run("import", REAL_PLAN, "--plan", "again").exit_code == 0
    assert run("plan", "archive", "again").exit_code == 0
    lines = run("plan", "list", "--all", "-f", fmt).stdout.splitlines()
    again = next(line for line in lines if "again" in line)
    current = next(line for line in lines if "plan_2022" in line and "again" not in line)
    assert mark in again and mark not in current


@pytest.fixture
def in_timezone(monkeypatch):
    """Run the ledger in a time zone, as the TZ of the machine would set it."""
    def zone(name):
        monkeypatch.setenv("TZ", name)
        time.tzset()
    yield zone
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()


def test_times_a_person_reads_are_local_and_to_the_minute(tmp_path, in_timezone):
    in_timezone("UTC")
    assert run("import", REAL_PLAN).exit_code == 0
    assert run("note", "34", "已起草").exit_code == 0
    stored = json.loads(run("show", "34", "-f", "json").stdout)[0]["notes"][0]["at"]
    in_timezone("Asia/Shanghai")
    from datetime import datetime

    local = datetime.fromisoformat(stored).astimezone().strftime("%Y-%m-%d %H:%M")
    assert local != stored[:16].replace("T", " ")  # eight hours apart: the test can tell them apart
    plans = run("plans", "-f", "table").stdout
    imported = json.loads(run("plans", "-f", "json").stdout)[0]["imported_at"]
    assert datetime.fromisoformat(imported).astimezone().strftime("%Y-%m-%d %H:%M") in plans
    assert imported not in plans and "+00:00" not in plans
    assert json.loads(run("plans", "-f", "json").stdout)[0]["imported_at"] == imported  # JSON keeps the record
    from openpyxl import load_workbook

    assert run("export", "-f", "xlsx", "--output", tmp_path / "台账.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "台账.xlsx")["任务台账"]
    history = next(row for row in sheet.iter_rows(values_only=True) if row[0] == 34)[-1]
    assert history.startswith(local + " tester ")


def test_the_excel_title_names_the_plan_by_its_year_not_its_key(tmp_path):
    from openpyxl import load_workbook

    assert run("import", REAL_PLAN, "--plan", "bgs-internal-key").exit_code == 0
    assert run("export", "-f", "xlsx", "--output", tmp_path / "台账.xlsx").exit_code == 0
    title = load_workbook(tmp_path / "台账.xlsx")["任务台账"]["A1"].value
    assert title == "2022年度任务台账"
    other = tmp_path / "other.db"
    back = run("--db", other, "import", tmp_path / "台账.xlsx", "--plan", "back")
    assert back.exit_code == 0, back.stderr
    assert json.loads(run("--db", other, "plans", "-f", "json").stdout)[0]["year"] == 2022


def test_a_plan_an_older_version_let_in_with_a_slash_can_still_be_removed(tmp_path, db):
    import sqlite3

    assert run("import", REAL_PLAN).exit_code == 0
    conn = sqlite3.connect(db)
    with conn:  # as an older version would have stored --plan a/b
        conn.execute("UPDATE plans SET name = 'a/b'")
        conn.execute("UPDATE tasks SET plan = 'a/b'")
        conn.execute("UPDATE task_units SET plan = 'a/b'")
    conn.close()
    removed = run("plan", "remove", "a/b", "--yes")
    assert removed.exit_code == 0, removed.stderr
    assert "before-removing-a_b-" in removed.stdout
