"""Plan tables in the shapes bureaus publish: each file in tests/plans imports as its .expected.json says."""
import json
from pathlib import Path

import pytest

from ledger.build import build_text
from ledger.textio import read_plan_text

PLANS = Path(__file__).parent / "plans"
SHAPES = sorted(path.stem for path in PLANS.glob("*.txt"))


def parsed(stem):
    path = PLANS / f"{stem}.txt"
    return build_text(read_plan_text(path), str(path), path.stem)


def as_expected(task):
    return {"id": task.number,
            "section": [task.section.no, task.section.title] if task.section else None,
            "subsection": [task.subsection.no, task.subsection.title] if task.subsection else None,
            "text": task.text, "units": [[unit.name, unit.role.value] for unit in task.units],
            "deadline": [task.deadline.raw, task.deadline.kind.value,
                         task.deadline.due.isoformat() if task.deadline.due else None],
            "extra": dict(task.extra)}


@pytest.mark.parametrize("stem", SHAPES)
def test_each_shape_imports_as_expected(stem):
    expected = json.loads((PLANS / f"{stem}.expected.json").read_text(encoding="utf-8"))
    plan = parsed(stem)
    assert [as_expected(task) for task in plan.tasks] == expected["tasks"]
    assert plan.year == expected["year"]
    assert (list(plan.columns) or None) == expected["layout"]
    assert plan.numbered_in_order == expected.get("numbered_in_order", False)
    if "deadline_warnings" in expected:
        lines = [w.line for w in plan.warnings if "column" in w.message and "deadline" in w.message]
        assert lines == expected["deadline_warnings"]


def test_the_title_year_wins_over_the_task_text():
    plan = parsed("deadline_in_notes")
    assert plan.year_source.startswith("from “2021年” in the title")


def test_cells_before_the_table_are_skipped_with_one_warning():
    plan = parsed("deadline_in_notes")
    skipped = [w for w in plan.warnings if "before the table" in w.message]
    assert len(skipped) == 1 and skipped[0].line == 1


def test_every_shape_has_its_expected_result_and_every_expected_result_its_shape():
    expected = sorted(path.name.removesuffix(".expected.json") for path in PLANS.glob("*.expected.json"))
    assert SHAPES and expected == SHAPES


def test_kept_columns_are_stored_shown_and_compared_on_reimport(tmp_path):
    import shutil

    from conftest import run

    plan = tmp_path / "header_columns_2022.txt"
    shutil.copy(PLANS / plan.name, plan)
    result = run("import", plan)
    assert result.exit_code == 0, result.stderr
    assert "Layout: header row 序号 | 重点任务 | 具体要求 | 完成时限 | 责任科室 | 备注; numbers from the 序号 column." \
        in result.stdout
    shown = json.loads(run("show", "1", "--format", "json").stdout)[0]
    assert shown["extra"] == {"备注": "已部署"} and shown["units"][1] == {"name": "法规科", "role": "assist",
                                                                         "verb": "配合"}
    plan.write_text(plan.read_text(encoding="utf-8").replace("已部署", "已完成部署"), encoding="utf-8")
    result = run("import", plan)
    assert "task 1: kept columns:" in result.stdout and "已完成部署" in result.stdout
