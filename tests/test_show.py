"""`show` tells the whole story in every format (SPEC §6, §10): the completion date, the evidence, each
postponement, every period with its status and its own completion date, the period of each note, where a
carried task came from; and a mistaken postponement or period can be put right, on record."""
import json

import pytest

from conftest import run, write_plan

PLAN = (
    "一、督办 |\n"
    "1.季度通报 | 办公室 | 每季度 |\n"
    "2.年终总结 | 办公室 | 12月30日 |\n"
    "3.年报 | 法规科 | 2023年1月31日 |\n"
)
TODAY = "2022-12-20"


@pytest.fixture
def story(tmp_path):
    """Task 1: Q1 done on 04-02, Q2 done; task 2 postponed (late, approved), then done with evidence."""
    assert run("import", write_plan(tmp_path, PLAN)).exit_code == 0
    assert run("--today", "2022-04-05", "done", "1", "--on", "2022-04-02", "--note", "一季度已通报").exit_code == 0
    assert run("--today", "2022-07-05", "done", "1", "--period", "2022-Q2").exit_code == 0
    evidence = tmp_path / "总结.docx"
    evidence.write_bytes(b"summary")
    assert run("--today", "2022-12-31", "postpone", "2", "--to", "2023-01-20", "--note", "等待数据",
               "--approved-by", "张局").exit_code == 0
    assert run("--today", "2023-01-10", "done", "2", "--on", "2023-01-09", "--evidence", evidence,
               "--evidence", "https://example.gov.cn/zj").exit_code == 0
    return tmp_path


def show(number, fmt, today=TODAY):
    result = run("--today", today, "show", number, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_json_gives_each_periods_completion_date_and_each_notes_period(story):
    task = json.loads(show(1, "json"))[0]
    assert [(period["key"], period["status"], period["completed_on"]) for period in task["periods"]] == [
        ("2022-Q1", "done", "2022-04-02"), ("2022-Q2", "done", "2022-07-05"),
        ("2022-Q3", "open", None), ("2022-Q4", "open", None)]
    assert [(note["kind"], note["period"]) for note in task["notes"]] == [("done", "2022-Q1"), ("done", "2022-Q2")]


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
def test_show_tells_completion_evidence_and_postponement_in_every_format(story, fmt):
    text = " ".join(show(2, fmt, "2023-01-10").split())
    assert "2023-01-09" in text  # completed on
    assert "总结.docx" in text and "https://example.gov.cn/zj" in text  # evidence
    assert "2022-12-30" in text and "2023-01-20" in text and "张局" in text  # from, to, approved by
    late = {"table": "late request", "plain": "late_request", "markdown": "late request"}[fmt]
    assert late in text


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
def test_show_lists_every_period_with_its_status_and_completion_date(story, fmt):
    text = show(1, fmt)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert any("2022-Q1" in line and "2022-04-02" in line for line in lines), text
    assert any("2022-Q3" in line and "2022-09-30" in line and "open" in line for line in lines), text
    # the note of each period names it
    assert any("2022-Q2" in line and "done" in line.lower() and "due" not in line for line in lines), text


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
def test_show_says_where_a_carried_task_came_from(story, tmp_path, fmt):
    later = tmp_path / "next"
    later.mkdir()
    assert run("import", write_plan(later, PLAN.replace("2023年1月31日", "2024年1月31日"), "plan_2023.txt")).exit_code == 0
    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0
    carried = next(task for task in json.loads(run("list", "--plan", "plan_2023", "-f", "json").stdout)
                   if task["carried_from"])
    text = " ".join(show(carried["id"], fmt).split())
    assert "plan_2022" in text and "carried" in text.lower()


def test_plain_history_is_tab_separated_with_iso_times_and_english_words(story):
    lines = show(2, "plain", "2023-01-10").splitlines()
    notes = [line for line in lines if line.startswith("    note\t")]
    assert len(notes) == 2
    fields = notes[0].removeprefix("    ").split("\t")
    assert fields[0] == "note" and fields[1][:4] == "2026" or fields[1][4] == "-"
    assert fields[3] == "postpone" and fields[5] == "等待数据"


def test_a_wrong_postponement_is_corrected_to_an_earlier_date_with_a_reason(tmp_path):
    assert run("import", write_plan(tmp_path, PLAN)).exit_code == 0
    assert run("--today", TODAY, "postpone", "2", "--to", "2023-03-31", "--note", "等待数据").exit_code == 0
    refused = run("--today", TODAY, "postpone", "2", "--to", "2023-02-28", "--note", "录错了")
    assert refused.exit_code == 1 and "--correct" in refused.stderr
    corrected = run("--today", TODAY, "postpone", "2", "--to", "2023-02-28", "--correct", "--note", "批复为2月底")
    assert corrected.exit_code == 0, corrected.stderr
    task = json.loads(show(2, "json"))[0]
    assert task["deadline"]["due"] == "2023-02-28"
    assert task["postponed"]["to"] == "2023-02-28" and task["postponed"]["times"] == 1
    assert task["postponed"]["corrected"] is True
    assert [note["data"].get("correction", False) for note in task["notes"]] == [False, True]
    assert task["notes"][-1]["data"]["from"] == "2023-03-31"
    blank = run("--today", TODAY, "postpone", "2", "--to", "2023-02-20", "--correct", "--note", " ")
    assert blank.exit_code == 1
    withdrawn = run("--today", TODAY, "postpone", "2", "--to", "2022-12-30", "--correct", "--note", "不需延期")
    assert withdrawn.exit_code == 0, withdrawn.stderr
    task = json.loads(show(2, "json"))[0]
    assert task["deadline"]["due"] == "2022-12-30" and task["postponed"] is None
    nothing = run("--today", TODAY, "postpone", "3", "--to", "2023-01-10", "--correct", "--note", "x")
    assert nothing.exit_code == 1 and "no postponement" in nothing.stderr


def test_reopen_period_opens_that_period_again(story):
    result = run("--today", TODAY, "reopen", "1", "--period", "2022-Q1", "--note", "材料不全")
    assert result.exit_code == 0, result.stderr
    task = json.loads(show(1, "json"))[0]
    assert [(period["key"], period["status"]) for period in task["periods"]][:2] == [("2022-Q1", "open"),
                                                                                   ("2022-Q2", "done")]
    assert task["periods"][0]["completed_on"] is None
    assert task["notes"][-1]["period"] == "2022-Q1"


def test_the_excel_ledger_has_the_evidence_and_the_postponed_date(story, tmp_path):
    from openpyxl import load_workbook

    assert run("--today", "2023-01-10", "export", "-f", "xlsx", "--output", tmp_path / "台账.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "台账.xlsx")["任务台账"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if row[0] == "序号")
    task = next(row for row in rows if row[0] == 2)
    assert "总结.docx" in task[header.index("佐证材料")] and "https://example.gov.cn/zj" in task[header.index("佐证材料")]
    assert str(task[header.index("延期至")])[:10] == "2023-01-20"
