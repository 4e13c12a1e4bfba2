"""The second year (SPEC §12): last year's figures keep the tasks carried on, this year's keep them apart, a
mistaken carry can be undone, and a task number or a plan file is never taken for another one."""
import json

import pytest

from conftest import dump, run
from test_years import plan_of

TODAY = "2023-01-10"


def as_json(*args):
    result = run("--today", TODAY, *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def second_year(tmp_path):
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
