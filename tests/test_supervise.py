"""Supervision (督办, SPEC §10) end to end: periods, warning lights, postponement, completion, evidence."""
import json
import sqlite3

import pytest

from conftest import dump, query, run, write_plan

pytestmark = pytest.mark.both_databases

PLAN = (
    "一、督办 |\n"
    "1.季度通报 | 办公室 | 每季度 |\n"
    "2.月度报送 | 办公室 | 每月10日前 |\n"
    "3.季后总结 | 法规科 | 每季度结束后15日内 |\n"
    "4.国庆后检查 | 办公室 | 10月10日 |\n"
    "5.年终总结 | 办公室 | 12月30日 |\n"
    "6.长期工作 | 办公室 | 长期 |\n"
)


@pytest.fixture
def plan(tmp_path, db):
    path = write_plan(tmp_path, PLAN)
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    return path


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def rows_of(result):
    return [(row["id"], row["period"]["key"] if row["period"] else None) for row in as_json(result)]


def test_overdue_lists_one_row_per_missed_period(plan):
    late = run("--today", "2022-04-20", "overdue", "-f", "json")
    assert rows_of(late) == [(2, "2022-01"), (2, "2022-02"), (2, "2022-03"), (1, "2022-Q1"), (2, "2022-04"),
                             (3, "2022-Q1")]
    first = as_json(late)[0]
    assert first["period"] == {"key": "2022-01", "due": "2022-01-10"}
    assert first["overdue"] is True and first["light"] == "red" and first["days_left"] == -100
    assert first["deadline"] == {"raw": "每月10日前", "kind": "recurring", "due": None}


def test_plain_overdue_gives_each_periods_due_date(plan):
    lines = run("--today", "2022-04-20", "overdue", "-f", "plain").stdout.splitlines()
    assert [line.split("\t")[:3] for line in lines][:2] == [["2", "2022-01-10", "-100"], ["2", "2022-02-10", "-69"]]
    assert len(lines) == 6


def test_done_with_a_period_closes_that_period_only(plan):
    closed = run("--today", "2022-04-20", "done", "1", "--period", "2022-Q1", "--note", "已通报")
    assert closed.exit_code == 0, closed.stderr
    assert "2022-Q1" in closed.stdout and "plan_2022" in closed.stdout
    assert (1, "2022-Q1") not in rows_of(run("--today", "2022-04-20", "overdue", "-f", "json"))
    task = as_json(run("--today", "2022-04-20", "show", "1", "-f", "json"))[0]
    assert task["status"] == "open"
    assert [(p["key"], p["status"]) for p in task["periods"]] == [
        ("2022-Q1", "done"), ("2022-Q2", "open"), ("2022-Q3", "open"), ("2022-Q4", "open")]


def test_done_with_the_same_period_twice_is_an_error(plan, db):
    assert run("done", "1", "--period", "2022-Q1").exit_code == 0
    before = dump(db)
    again = run("done", "1", "--period", "2022-Q1")
    assert again.exit_code == 1 and again.stdout == ""
    assert again.stderr.startswith("Error:") and "2022-Q1" in again.stderr
    assert dump(db) == before


def test_done_with_an_unknown_period_names_the_periods(plan):
    wrong = run("done", "1", "--period", "2022-Q5")
    assert wrong.exit_code == 1 and "2022-Q1, 2022-Q2, 2022-Q3, 2022-Q4" in wrong.stderr


def test_done_without_a_period_closes_the_earliest_open_one_and_says_which(plan):
    assert "2022-01" in run("done", "2").stdout
    assert "2022-02" in run("done", "2").stdout
    periods = as_json(run("show", "2", "-f", "json"))[0]["periods"]
    assert [p["status"] for p in periods[:3]] == ["done", "done", "open"]


def test_a_period_on_a_task_without_periods_is_an_error(plan):
    result = run("done", "4", "--period", "2022-Q1")
    assert result.exit_code == 1 and "period" in result.stderr


def test_the_task_is_done_when_every_period_is(plan):
    for quarter in ("Q1", "Q2", "Q3"):
        assert run("done", "3", "--period", f"2022-{quarter}").exit_code == 0
    assert as_json(run("show", "3", "-f", "json"))[0]["status"] == "open"
    assert run("done", "3").exit_code == 0
    assert as_json(run("show", "3", "-f", "json"))[0]["status"] == "done"
    assert run("reopen", "3").exit_code == 0
    task = as_json(run("show", "3", "-f", "json"))[0]
    assert task["status"] == "open" and task["periods"][-1] == {"key": "2022-Q4", "due": "2023-01-15",
                                                                "status": "open", "completed_on": None}


def test_a_missed_period_is_not_closed_by_a_later_one(plan):
    assert run("done", "1", "--period", "2022-Q2").exit_code == 0
    assert (1, "2022-Q1") in rows_of(run("--today", "2022-07-20", "overdue", "-f", "json"))


def test_list_gives_a_periodic_task_once_with_its_periods(plan):
    tasks = as_json(run("--today", "2022-04-20", "list", "-f", "json"))
    assert [task["id"] for task in tasks] == [1, 2, 3, 4, 5, 6]
    assert len(tasks[1]["periods"]) == 12 and tasks[1]["period"] is None
    assert tasks[2]["periods"][3] == {"key": "2022-Q4", "due": "2023-01-15", "status": "open", "completed_on": None}


def test_reimport_generates_no_period_twice(plan, db):
    assert run("done", "1", "--period", "2022-Q1").exit_code == 0
    assert run("import", plan).exit_code == 0
    count = query(db, "SELECT count(*) FROM periods")[0][0]
    assert count == 4 + 12 + 4
    assert as_json(run("show", "1", "-f", "json"))[0]["periods"][0]["status"] == "done"


def test_lights_around_national_day(plan):
    tasks = {task["id"]: task for task in as_json(run("--today", "2022-09-29", "list", "-f", "json"))}
    assert (tasks[4]["light"], tasks[4]["workdays_left"], tasks[4]["days_left"]) == ("yellow", 4, 11)
    assert (tasks[5]["light"], tasks[5]["workdays_left"]) == ("green", 63)
    assert (tasks[6]["light"], tasks[6]["workdays_left"]) == (None, None)
    # 30 September: 10-08, 10-09 (调休) and 10-10 are left, the holiday counts for nothing.
    assert {t["id"]: t["workdays_left"] for t in as_json(run("--today", "2022-09-30", "list", "-f", "json"))}[4] == 3
    assert {t["id"]: t["light"] for t in as_json(run("--today", "2022-10-11", "list", "-f", "json"))}[4] == "red"


def test_lights_around_spring_festival(tmp_path):
    path = write_plan(tmp_path, "1.春节后报送 | 办公室 | 2023年1月30日 |\n2.节前 | 办公室 | 2023年1月20日 |\n")
    assert run("import", path).exit_code == 0
    tasks = as_json(run("--today", "2023-01-19", "list", "-f", "json"))
    # 1-20 and the make-up weekend 1-28, 1-29, then 1-30: the week of 1-21 to 1-27 is off.
    assert [(t["workdays_left"], t["light"]) for t in tasks] == [(4, "yellow"), (1, "yellow")]
    assert as_json(run("--today", "2023-01-31", "list", "-f", "json"))[1]["workdays_left"] == -4


def test_the_table_shows_the_light_as_a_word_without_colour(plan):
    table = run("--today", "2022-09-29", "list", "-f", "table").stdout
    assert "● due soon" in table and "● on track" in table and "\x1b[" not in table


def test_a_year_without_calendar_data_warns_once_on_stderr(tmp_path):
    path = write_plan(tmp_path, "1.远期 | 办公室 | 10月10日 |\n2.远期二 | 办公室 | 11月10日 |\n", name="plan_2099.txt")
    assert run("import", path).exit_code == 0
    result = run("--today", "2099-09-29", "list", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["workdays_left"] == 8  # Tuesday to Saturday
    assert result.stderr.count("2099") == 1 and result.stderr.startswith("Warning:")
    quiet = run("--today", "2099-09-29", "overdue")
    assert quiet.stdout == "" and quiet.stderr == ""


def test_postpone_moves_the_due_date_and_keeps_the_original(plan):
    moved = run("--today", "2022-12-01", "postpone", "5", "--to", "2023-02-28", "--note", "待批复",
                "--approved-by", "王局", "-f", "json")
    task = as_json(moved)[0]
    assert task["deadline"] == {"raw": "12月30日", "kind": "date", "due": "2023-02-28"}
    assert task["postponed"] == {"from": "2022-12-30", "to": "2023-02-28", "times": 1, "approved_by": "王局",
                                 "late_request": False, "corrected": False}
    assert task["notes"][-1]["kind"] == "postpone"
    assert 5 not in [row["id"] for row in as_json(run("--today", "2023-01-05", "overdue", "-f", "json"))]


def test_a_late_postponement_is_marked(plan):
    task = as_json(run("--today", "2022-10-12", "postpone", "4", "--to", "2022-10-31", "--note", "迟报",
                       "-f", "json"))[0]
    assert task["postponed"]["late_request"] is True and task["postponed"]["from"] == "2022-10-10"


def test_postponement_survives_a_reimport(plan, tmp_path):
    assert run("postpone", "5", "--to", "2023-02-28", "--note", "待批复").exit_code == 0
    changed = write_plan(tmp_path, PLAN.replace("5.年终总结", "5.年终工作总结"))
    assert run("import", changed).exit_code == 0
    task = as_json(run("show", "5", "-f", "json"))[0]
    assert task["deadline"]["due"] == "2023-02-28" and task["postponed"]["times"] == 1
    assert task["text"] == "年终工作总结"


def test_postponing_one_period(plan):
    assert run("--today", "2022-04-20", "postpone", "1", "--period", "2022-Q1", "--to", "2022-04-30",
               "--note", "延后").exit_code == 0
    late = as_json(run("--today", "2022-04-20", "overdue", "-f", "json"))
    assert (1, "2022-Q1") not in [(row["id"], row["period"]["key"]) for row in late]
    due = as_json(run("--today", "2022-04-20", "due", "--within", "15", "-f", "json"))
    row = next(row for row in due if row["id"] == 1)
    assert row["period"] == {"key": "2022-Q1", "due": "2022-04-30"} and row["postponed"]["from"] == "2022-03-31"


def test_postpone_needs_a_reason(plan, db):
    before = dump(db)
    result = run("postpone", "5", "--to", "2023-02-28", "--note", " ")
    assert result.exit_code == 1 and result.stderr.startswith("Error:")
    assert dump(db) == before


def test_done_on_records_the_completion_date(plan, tmp_path):
    task = as_json(run("--today", "2022-12-31", "done", "5", "--on", "2022-12-28", "-f", "json"))[0]
    assert task["completed_on"] == "2022-12-28" and task["status"] == "done"
    out = tmp_path / "台账.xlsx"
    assert run("export", "--format", "xlsx", "--output", out).exit_code == 0
    import openpyxl

    sheet = openpyxl.load_workbook(out).worksheets[0]
    headers = [cell.value for cell in sheet[2]]  # under the title row
    row = next(row for row in sheet.iter_rows(min_row=3, values_only=True) if row[headers.index("完成时限")] == "12月30日")
    assert str(row[headers.index("完成日期")])[:10] == "2022-12-28"


def test_done_on_a_future_date_is_an_error(plan, db):
    before = dump(db)
    result = run("--today", "2022-12-01", "done", "5", "--on", "2022-12-02")
    assert result.exit_code == 1 and result.stderr.startswith("Error:") and result.stdout == ""
    assert dump(db) == before


def test_evidence_round_trip_through_a_backup(plan, tmp_path, monkeypatch):
    proof = tmp_path / "通报.pdf"
    proof.write_bytes(bytes(range(256)) * 1000)
    done = run("done", "5", "--evidence", proof, "--evidence", "https://www.example.gov.cn/gk/1.html", "-f", "json")
    kept = as_json(done)[0]["evidence"]
    import hashlib

    assert kept == [{"name": "通报.pdf", "size": 256000, "sha256": hashlib.sha256(proof.read_bytes()).hexdigest()},
                    {"url": "https://www.example.gov.cn/gk/1.html"}]
    copy = tmp_path / "backup.db"
    assert run("backup", copy).exit_code == 0
    monkeypatch.setenv("LEDGER_DB", str(copy))
    saved = run("evidence", "5", "--save", tmp_path / "out")
    assert saved.exit_code == 0, saved.stderr
    assert (tmp_path / "out" / "通报.pdf").read_bytes() == proof.read_bytes()


def test_missing_evidence_records_nothing(plan, db, tmp_path):
    before = dump(db)
    result = run("done", "5", "--evidence", tmp_path / "nowhere.pdf")
    assert result.exit_code == 1 and "nowhere.pdf" in result.stderr and result.stdout == ""
    assert dump(db) == before


def test_evidence_over_50_mb_is_an_error(plan, db, tmp_path):
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    before = dump(db)
    result = run("done", "5", "--evidence", big)
    assert result.exit_code == 1 and "50 MB" in result.stderr
    assert dump(db) == before


def test_report_counts_red_yellow_and_postponed_per_unit_and_section(plan):
    assert run("postpone", "5", "--to", "2023-02-28", "--note", "待批复").exit_code == 0
    for quarter in ("Q1", "Q2"):
        assert run("done", "3", "--period", f"2022-{quarter}").exit_code == 0
    rows = {row["unit"]: row for row in as_json(run("--today", "2022-09-29", "report", "-f", "json"))}
    office = rows["办公室"]
    assert (office["overdue"], office["due_soon"], office["postponed"]) == (2, 1, 1)  # 1 and 2 late, 4 soon
    assert (rows["法规科"]["overdue"], rows["法规科"]["due_soon"]) == (0, 0)  # Q3 due 10-15: 8 working days
    section = as_json(run("--today", "2022-09-29", "report", "--by", "section", "-f", "json"))[0]
    assert (section["overdue"], section["due_soon"], section["postponed"]) == (2, 1, 1)


def test_a_version_3_ledger_upgrades_keeping_its_rows_and_its_recurring_tasks_get_periods(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    path = tmp_path / "v3.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v3.db", path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    plan, year = conn.execute("SELECT name, year FROM plans WHERE name = 'plan_2022'").fetchone()
    monkeypatch.setenv("LEDGER_PLAN", plan)
    # A v3 ledger stored 每季度 as recurring with no due date: give one of its tasks that deadline.
    conn.execute("UPDATE tasks SET deadline_raw = '每季度', deadline_kind = 'recurring', due = NULL"
                 " WHERE plan = ? AND number = 1", (plan,))
    conn.commit()
    notes_before = conn.execute("SELECT id, plan, number, at, by, kind, text FROM notes ORDER BY id").fetchall()
    conn.close()
    monkeypatch.setenv("LEDGER_DB", str(path))
    task = as_json(run("--today", f"{year}-04-20", "show", "1", "-f", "json"))[0]
    assert [p["key"] for p in task["periods"]] == [f"{year}-Q{n}" for n in range(1, 5)]
    assert task["light"] == "red" and task["overdue"] is True
    assert run("done", "1", "--period", f"{year}-Q1").exit_code == 0
    upgraded = sqlite3.connect(path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] >= 6
    assert upgraded.execute("SELECT id, plan, number, at, by, kind, text FROM notes WHERE id <= ? ORDER BY id",
                            (notes_before[-1][0],)).fetchall() == notes_before


@pytest.mark.parametrize("to", ["2022-01-01", "2022-12-30"])
def test_postponing_to_a_date_not_after_the_one_in_force_is_refused(plan, db, to):
    before = dump(db)
    result = run("postpone", "5", "--to", to, "--note", "r")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("Error: task 5 of plan plan_2022 is due 2022-12-30; postpone it to a later date than that "
                             "(to put right a postponement entered wrongly, add --correct)\n")
    assert dump(db) == before


def test_a_second_postponement_must_pass_the_first(plan, db):
    assert run("postpone", "5", "--to", "2023-02-28", "--note", "待批复").exit_code == 0
    result = run("postpone", "5", "--to", "2023-01-15", "--note", "r")
    assert result.exit_code == 1 and "due 2023-02-28" in result.stderr
    period = run("postpone", "1", "--period", "2022-Q1", "--to", "2022-03-31", "--note", "r")
    assert period.exit_code == 1 and "due 2022-03-31" in period.stderr


@pytest.mark.sqlite_only
def test_evidence_is_never_saved_over_the_ledger_database(plan, db, tmp_path):
    (tmp_path / "proof").mkdir()
    same_name = tmp_path / "proof" / db.name
    same_name.write_bytes(b"a file that happens to share the database's name")
    assert run("done", "5", "--evidence", same_name).exit_code == 0
    before = dump(db)
    refused = run("evidence", "5", "--save", tmp_path)
    assert refused.exit_code == 1 and refused.stdout == "" and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("Error: ") and "ledger database" in refused.stderr
    assert dump(db) == before


def test_evidence_of_a_task_without_files_says_so_and_creates_nothing(plan, tmp_path):
    assert run("done", "5", "--evidence", "https://www.example.gov.cn/gk/1.html").exit_code == 0
    for number in ("4", "5"):  # no evidence at all; only a link
        result = run("evidence", number, "--save", tmp_path / "out")
        assert result.exit_code == 0 and result.stderr == ""
        assert result.stdout == f"Task {number} of plan_2022 has no evidence files to save (links are not saved); " \
                                "nothing written.\n"
        assert not (tmp_path / "out").exists()


def test_evidence_saved_counts_in_english(plan, tmp_path):
    proof = tmp_path / "通报.pdf"
    proof.write_bytes(b"pdf")
    assert run("done", "5", "--evidence", proof).exit_code == 0
    one = run("evidence", "5", "--save", tmp_path / "one")
    assert one.stdout == f"Saved 1 evidence file of task 5 of plan_2022 to {tmp_path / 'one'}.\n"
    assert run("done", "4", "--evidence", proof, "--evidence", proof).exit_code == 0
    two = run("evidence", "4", "--save", tmp_path / "two")
    assert two.stdout == f"Saved 2 evidence files of task 4 of plan_2022 to {tmp_path / 'two'}.\n"


def test_evidence_that_cannot_be_written_names_the_save_option(plan, tmp_path):
    proof = tmp_path / "通报.pdf"
    proof.write_bytes(b"pdf")
    assert run("done", "5", "--evidence", proof).exit_code == 0
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    result = run("evidence", "5", "--save", blocker / "inside")
    assert result.exit_code == 1 and result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: cannot write {blocker / 'inside'} (") and "--save" in result.stderr
    assert "--output" not in result.stderr


@pytest.mark.parametrize("command", ["due", "overdue", "list"])
def test_csv_rows_of_a_periodic_task_carry_the_period_and_its_due_date(plan, command):
    import csv

    result = run("--today", "2022-04-20", command, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    header, *rows = list(csv.reader(result.stdout.splitlines()))
    assert header[-1] == "period"
    picked = {(row[header.index("id")], row[-1]): row[header.index("due")] for row in rows}
    plain = [line.split("\t") for line in run("--today", "2022-04-20", command, "-f", "plain").stdout.splitlines()]
    in_plain = {(fields[0], fields[7]): fields[1] for fields in plain}
    assert picked == {key: due if due[:1].isdigit() else "" for key, due in in_plain.items()}  # 长期: no date
    assert len(picked) == len(rows)  # every row told apart
    if command == "overdue":
        assert picked[("2", "2022-02")] == "2022-02-10" and picked[("1", "2022-Q1")] == "2022-03-31"
