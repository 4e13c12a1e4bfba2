"""The second year (SPEC §12): last year's figures keep the tasks carried on, this year's keep them apart, a
mistaken carry can be undone, and a task number or a plan file is never taken for another one."""
import json
from pathlib import Path

import pytest

from conftest import dump, run
from test_years import plan_of

pytestmark = pytest.mark.both_databases
TODAY = "2023-01-10"


def as_json(*args):
    result = run("--today", TODAY, *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def second_year(tmp_path, db):
    """2022 imported; 办公室's tasks 2–4 and 34 done, 35 cancelled; 2023 imported (plan_2023)."""
    for year in (2022, 2023):
        (tmp_path / str(year)).mkdir()
        (tmp_path / str(year) / "plan.txt").write_text(plan_of(year), encoding="utf-8")
    assert run("import", tmp_path / "2022" / "plan.txt").exit_code == 0
    for number in (2, 3, 4, 34):
        assert run("--today", "2022-12-20", "done", number).exit_code == 0
    assert run("cancel", "35", "--note", "不再报送").exit_code == 0
    assert run("import", tmp_path / "2023" / "plan.txt").exit_code == 0
    return tmp_path


def unit_row(rows, unit):
    return next(row for row in rows if row["unit"] == unit)


# -- last year's figures ---------------------------------------------------------------------------------

def test_last_years_report_counts_carried_tasks_as_carried_never_as_done(second_year):
    before = unit_row(as_json("report", "--plan", "plan_2022"), "办公室")
    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0
    for command in ("report", "units"):
        office = unit_row(as_json(command, "--plan", "plan_2022"), "办公室")
        assert (office["tasks"], office["done"], office["carried"], office["open"]) == (before["tasks"], 4,
                                                                                        before["tasks"] - 4, 0)
        assert office["done_pct"] == round(100 * 4 / before["tasks"], 1) != 100.0
    rules = unit_row(as_json("report", "--plan", "plan_2022"), "法规科")
    assert rules["cancelled"] == 1 and rules["carried"] == rules["tasks"] - 1


def test_the_report_says_its_percentage_counts_carried_tasks_as_not_done(second_year, tmp_path):
    from openpyxl import load_workbook

    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0
    table = run("--today", TODAY, "report", "--plan", "plan_2022", "-f", "table")
    assert table.exit_code == 0, table.stderr
    assert "Done % counts the 30 tasks carried into plan_2023 as not done" in " ".join(table.stdout.split())
    plain = run("--today", TODAY, "report", "--plan", "plan_2022", "-f", "plain").stdout.splitlines()
    assert plain[-1].split("\t")[0] == "total" and "30" in plain[-1].split("\t")
    assert run("--today", TODAY, "export", "--plan", "plan_2022", "-f", "xlsx", "--output",
               tmp_path / "台账.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "台账.xlsx")["按单位统计"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    total = next(row for row in rows if row[0] == "合计")
    assert total[header.index("已结转")] == 30 and total[header.index("已完成")] == 4
    assert any("结转到 plan_2023 的 30 项计为未完成" in str(row[0]) for row in rows[rows.index(total) + 1:])


def test_carried_tasks_keep_their_own_sections_apart_from_this_years(second_year):
    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0
    rows = as_json("report", "--plan", "plan_2023", "--by", "section")
    own = [row for row in rows if row["carried_from"] is None]
    carried = [row for row in rows if row["carried_from"] is not None]
    tasks_2023 = [task for task in as_json("list", "--plan", "plan_2023") if task.get("carried_from") is None]
    assert sum(row["tasks"] for row in own) == len(tasks_2023) == 35
    assert sum(row["tasks"] for row in carried) == 30
    assert {row["carried_from"] for row in carried} == {"plan_2022"}
    titles_2022 = {task["section"]["no"]: task["section"]["title"] for task in as_json("list", "--plan", "plan_2022")}
    assert all(row["section"]["title"] == titles_2022[row["section"]["no"]] for row in carried)
    section_16 = next(row for row in own if row["section"]["no"] == 16)
    assert section_16["tasks"] == sum(1 for task in tasks_2023 if task["section"]["no"] == 16)
    assert rows.index(own[-1]) < rows.index(carried[0])  # this year's sections first
    table = run("--today", TODAY, "report", "--plan", "plan_2023", "--by", "section", "-f", "plain").stdout
    assert "carried from plan_2022" in table


# -- undoing a carry, carrying less ------------------------------------------------------------------------

def test_removing_the_plan_a_carry_went_to_gives_its_tasks_back_open(second_year, db):
    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0
    before = dump(db)
    removed = run("plan", "remove", "plan_2023", "--yes")
    assert removed.exit_code == 0, removed.stderr
    assert "30 tasks carried from plan_2022 are open there again" in removed.stdout
    backup = removed.stdout.strip().rsplit(": ", 1)[1]
    if isinstance(db, Path):
        assert dump(backup) == before
    else:  # a PostgreSQL ledger is backed up as a SQLite file of the whole ledger
        import sqlite3

        with sqlite3.connect(backup) as copy:
            assert copy.execute("SELECT count(*) FROM tasks WHERE plan = 'plan_2023'").fetchone() == (65,)
    task = as_json("show", "33", "--plan", "plan_2022")[0]
    assert task["status"] == "open" and task["notes"][-1]["kind"] == "reopen"
    assert task["notes"][-1]["text"] == "carry undone: plan plan_2023, where it was task 1030, was removed"
    assert [row["plan"] for row in as_json("plans")] == ["plan_2022"]
    assert run("done", "33").exit_code == 0  # its work goes on where it came from


def test_a_plan_whose_carried_tasks_went_on_again_is_not_removed_before_the_next(second_year, tmp_path, db):
    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "plan.txt").write_text(plan_of(2024), encoding="utf-8")
    assert run("import", tmp_path / "2024" / "plan.txt").exit_code == 0
    assert run("carry", "plan_2023", "--to", "plan_2024").exit_code == 0
    before = dump(db)
    refused = run("plan", "remove", "plan_2023", "--yes")
    assert refused.exit_code == 1 and refused.stderr.startswith("Error: ") and "plan_2024" in refused.stderr
    assert dump(db) == before


def test_carry_dry_run_shows_what_would_go_and_changes_nothing(second_year, db):
    before = dump(db)
    result = run("carry", "plan_2022", "--to", "plan_2023", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == ("Dry run: would carry 30 open tasks of plan_2022 into plan_2023 as "
                                            "tasks 1001–1030; nothing changed.")
    assert "\n1 → 1001\t" in "\n" + result.stdout and "33 → 1030\t" in result.stdout
    assert dump(db) == before


def test_carry_leaves_out_the_tasks_named_with_except(second_year):
    result = run("carry", "plan_2022", "--to", "plan_2023", "--except", "1", "--except", "33")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Carried 28 open tasks of plan_2022 into plan_2023 as tasks 1001–1028.")
    statuses = {task["id"]: task["status"] for task in as_json("list", "--plan", "plan_2022", "--status", "all")}
    assert statuses[1] == statuses[33] == "open" and statuses[5] == "carried"
    unknown = run("carry", "plan_2022", "--to", "plan_2023", "--except", "99")
    assert unknown.exit_code == 1 and "99" in unknown.stderr


def test_carry_dated_only_leaves_the_ongoing_duties_to_start_afresh(second_year):
    result = run("carry", "plan_2022", "--to", "plan_2023", "--dated-only")
    assert result.exit_code == 0, result.stderr
    carried = [task for task in as_json("list", "--plan", "plan_2023") if task.get("carried_from")]
    assert carried and all(task["deadline"]["due"] for task in carried)
    assert {task["carried_from"]["id"] for task in carried} == {21, 29, 30, 32, 33}
    left = {task["id"]: task["status"] for task in as_json("list", "--plan", "plan_2022")}
    assert left[1] == "open" and left[21] == "carried"


# -- a carried periodic duty -------------------------------------------------------------------------------

PERIODIC = "一、报送 |\n1.按季度报送工作进展 |\n办公室 |\n每季度 |\n2.年度总结 |\n办公室 |\n12月30日 |\n"


def test_carrying_a_periodic_task_takes_its_open_periods_and_closes_it_in_its_old_plan(tmp_path, db):
    for year in (2022, 2023):
        (tmp_path / f"p_{year}.txt").write_text(PERIODIC.replace("12月30日", f"{year}年12月30日"), encoding="utf-8")
    assert run("import", tmp_path / "p_2022.txt").exit_code == 0
    for quarter in ("2022-Q1", "2022-Q2"):
        assert run("--today", "2022-09-01", "done", "1", "--period", quarter).exit_code == 0
    assert run("import", tmp_path / "p_2023.txt").exit_code == 0
    assert run("carry", "p_2022", "--to", "p_2023").exit_code == 0
    carried = as_json("show", "1001", "--plan", "p_2023")[0]
    assert [period["key"] for period in carried["periods"]] == ["2022-Q3", "2022-Q4"]
    assert carried["carried_from"] == {"plan": "p_2022", "id": 1}
    for command in (("done", "1", "--plan", "p_2022"), ("done", "1", "--plan", "p_2022", "--period", "2022-Q3"),
                    ("reopen", "1", "--plan", "p_2022", "--period", "2022-Q1"), ("reopen", "1", "--plan", "p_2022")):
        refused = run("--today", TODAY, *command)
        assert refused.exit_code == 1, command
        assert "was carried into another plan" in refused.stderr, (command, refused.stderr)
    old = as_json("show", "1", "--plan", "p_2022")[0]
    assert old["status"] == "carried"
    assert [period["status"] for period in old["periods"]] == ["done", "done", "open", "open"]
    assert run("--today", TODAY, "done", "1001", "--plan", "p_2023").stdout.count("2022-Q3") == 1


# -- which plan a number or a file means --------------------------------------------------------------------

def test_a_task_number_only_one_plan_has_needs_no_plan(second_year):
    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0
    shown = run("--today", TODAY, "show", "1029", "-f", "json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)[0]["plan"] == "plan_2023"
    assert run("--today", TODAY, "note", "1029", "已督办").exit_code == 0
    ambiguous = run("show", "29")
    assert ambiguous.exit_code == 1
    assert "plan_2022, plan_2023" in ambiguous.stderr and "--plan" in ambiguous.stderr
    unknown = run("show", "4242")
    assert unknown.exit_code == 1 and "4242" in unknown.stderr


def test_the_same_plan_imported_again_under_another_name_is_refused_until_meant(second_year, tmp_path, db):
    copy = tmp_path / "2023年政务公开工作要点.txt"
    copy.write_text(plan_of(2023), encoding="utf-8")
    before = dump(db)
    refused = run("import", copy)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.startswith(f"Error: {copy} holds the same plan as plan_2023 (35 of 35 tasks alike)")
    assert "--plan" in refused.stderr
    assert dump(db) == before
    meant = run("import", copy, "--plan", "plan_2023_copy")
    assert meant.exit_code == 0, meant.stderr
    assert "the same plan as plan_2023" in meant.stderr
    again = run("import", tmp_path / "2023" / "plan.txt")  # a re-import of the plan itself is no duplicate
    assert again.exit_code == 0 and "same plan" not in again.stderr
