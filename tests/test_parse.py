import pytest

from ledger.columns import default_columns
from ledger.errors import InputError
from ledger.grid import Cell
from ledger.vocabulary import join_lines
from ledger.model import Kind
from ledger.numerals import numeral_for, numeral_value as chinese_numeral
from ledger.build import build_text
from ledger.readers.text import split_cells
from ledger.year import plan_year


def parse(text, stem="plan_2022", year=None):
    return build_text(text, "p.txt", stem, year)


def summary(plan):
    return [(t.number, t.section.no if t.section else None, t.text, [(u.name, u.role.value) for u in t.units],
             t.deadline.raw) for t in plan.tasks]


ONE_PER_LINE = "一、标题一 |\n1.任务一。 |\n办公室 |\n长期 |\n2.任务二。 |\n法规科牵头 |\n12月30日 |\n"
ROW_PER_LINE = "一、标题一 | 1.任务一。 | 办公室 | 长期 |\n2.任务二。 | 法规科牵头 | 12月30日 |\n"


def test_one_cell_per_line_and_a_row_per_line_parse_the_same():
    assert summary(parse(ONE_PER_LINE)) == summary(parse(ROW_PER_LINE)) == [
        (1, 1, "任务一。", [("办公室", "lead")], "长期"),
        (2, 1, "任务二。", [("法规科", "lead")], "12月30日"),
    ]


def test_cells_record_the_line_they_start_on():
    cells = list(split_cells("\n\n a |\n\nb\nc | d |"))
    assert cells == [Cell("a", 3), Cell("b\nc", 5), Cell("d", 6)]  # the builder joins a text cell's lines


def test_full_width_pipe_ends_a_cell():
    assert [cell.text for cell in split_cells("甲｜乙|")] == ["甲", "乙"]


def test_empty_cells_are_skipped():
    plan = parse("一、标题 | | |\n1.任务。 || 办公室 | | 长期 |")
    assert summary(plan) == [(1, 1, "任务。", [("办公室", "lead")], "长期")]


@pytest.mark.parametrize("chunk, joined", [
    ("  第一行\n第二行  ", "第一行第二行"),
    ("Open\nData", "Open Data"),
    ("2023\n年", "2023年"),
    ("12\n34", "12 34"),
    ("内 部 空 格", "内 部 空 格"),
])
def test_line_breaks_inside_a_cell(chunk, joined):
    assert join_lines(chunk) == joined


def test_full_width_task_numbers_are_read_and_text_kept_as_written():
    plan = parse("一、标题 |\n１２．全角任务（一）。 |\n办公室 |\n长期 |")
    assert plan.tasks[0].number == 12
    assert plan.tasks[0].text == "全角任务（一）。"


@pytest.mark.parametrize("cell", ["29. 领导小组", "29.领导小组", "29、领导小组", "29．领导小组", "29 . 领导小组"])
def test_task_number_forms(cell):
    plan = parse(f"一、标题 |\n{cell} |\n办公室 |\n长期 |")
    assert (plan.tasks[0].number, plan.tasks[0].text) == (29, "领导小组")


@pytest.mark.parametrize("numeral, value", [("一", 1), ("九", 9), ("十", 10), ("十六", 16), ("二十", 20),
                                            ("二十三", 23), ("九十九", 99)])
def test_chinese_numerals(numeral, value):
    assert chinese_numeral(numeral) == value


@pytest.mark.parametrize("numeral", ["十十", "一十", "二二", "十一十"])
def test_malformed_numerals_are_not_numbers(numeral):
    assert chinese_numeral(numeral) is None


def test_numerals_written_for_the_ledger_read_back_as_their_numbers():
    assert [chinese_numeral(numeral_for(number)) for number in range(1, 100)] == list(range(1, 100))


def test_section_title_drops_numeral_and_full_stop():
    plan = parse("十六、强化工作指导监督。 |\n1.任务 |\n办公室 |\n长期 |")
    assert (plan.tasks[0].section.no, plan.tasks[0].section.title) == (16, "强化工作指导监督")


def test_repeated_heading_continues_the_section():
    plan = parse("一、甲 |\n1.任务 |\n办公室 |\n长期 |\n一、甲 |\n2.任务 |\n办公室 |\n长期 |")
    assert [t.section.no for t in plan.tasks] == [1, 1]
    assert len(plan.sections) == 1
    assert plan.warnings == ()


def test_two_sections_with_the_same_title_warn():
    plan = parse("一、甲 |\n1.任务 |\n办公室 |\n长期 |\n二、甲 |\n2.任务 |\n办公室 |\n长期 |")
    assert [(w.line, "same title" in w.message) for w in plan.warnings] == [(5, True)]


def test_sections_out_of_order_warn():
    plan = parse("二、乙 |\n1.任务 |\n办公室 |\n长期 |\n一、甲 |\n2.任务 |\n办公室 |\n长期 |")
    assert any("out of order" in w.message and w.line == 5 for w in plan.warnings)


def test_gap_in_task_numbering_warns():
    plan = parse("一、甲 |\n1.任务 |\n办公室 |\n长期 |\n3.任务 |\n办公室 |\n长期 |")
    assert [(w.line, w.message) for w in plan.warnings] == [(5, "task numbering jumps from 1 to 3")]


def test_header_row_is_skipped_silently():
    plan = parse("工作任务 | 具体措施 | 责任单位 | 完成时限 |\n一、甲 |\n1.任务 |\n办公室 |\n长期 |")
    assert len(plan.tasks) == 1 and plan.warnings == ()


def test_a_title_line_is_skipped_with_a_warning():
    plan = parse("某局2022年政务公开工作要点任务分解表 |\n一、甲 |\n1.任务 |\n办公室 |\n长期 |")
    assert len(plan.tasks) == 1
    assert [w.line for w in plan.warnings] == [1]
    assert "skipped 1 cell before the table" in plan.warnings[0].message


def test_a_stray_cell_inside_the_table_is_ignored_with_a_warning():
    plan = parse("一、甲 |\n1.任务 |\n办公室 |\n长期 |\n附:说明 |\n2.任务 |\n办公室 |\n长期 |")
    assert [(w.line, "neither a section heading nor a task" in w.message) for w in plan.warnings] == [(5, True)]


def test_no_deadline_column():
    plan = parse("一、甲 |\n1.任务 |\n办公室 |\n2.任务 |\n法规科 |\n二、乙 |\n3.任务 |\n办公室 |")
    assert [t.deadline.kind for t in plan.tasks] == [Kind.NONE] * 3
    assert [t.section.no for t in plan.tasks] == [1, 1, 2]


def test_a_deadline_that_looks_like_a_task_is_a_deadline():
    plan = parse("一、甲 |\n1.任务 |\n办公室 |\n2023.1.31 |\n2.任务 |\n办公室 |\n长期 |")
    assert [str(t.deadline.due) for t in plan.tasks] == ["2023-01-31", "None"]


def test_unreadable_deadline_is_kept_with_a_warning():
    plan = parse("一、甲 |\n1.任务 |\n办公室 |\n视情况而定 |")
    assert (plan.tasks[0].deadline.raw, plan.tasks[0].deadline.kind) == ("视情况而定", Kind.UNRECOGNIZED)
    assert [w.line for w in plan.warnings] == [2]


def test_space_between_chinese_characters_warns_as_a_dropped_term():
    plan = parse("一、持续推进基层 标准化 |\n1.加强 工作, 2023年 1月 |\n办公室 |\n长期 |")
    lines = [w.line for w in plan.warnings if "dropped term" in w.message]
    assert lines == [1, 2]


def test_subheadings_are_kept_as_subsections():
    plan = parse("一、甲 |\n（二）子标题。 |\n1.任务 |\n办公室 |\n长期 |\n二、乙 |\n2.任务 |\n办公室 |\n长期 |")
    assert (plan.tasks[0].subsection.no, plan.tasks[0].subsection.title) == (2, "子标题")
    assert plan.tasks[1].subsection is None


def test_task_without_units_cell_is_an_error_at_its_line():
    with pytest.raises(InputError) as caught:
        parse("一、标题 |\n1.只有任务没有责任单位 |\n")
    assert (caught.value.line, str(caught.value)[:8]) == (2, "p.txt:2:")


def test_task_followed_by_a_task_has_no_units():
    with pytest.raises(InputError) as caught:
        parse("一、标题 |\n1.任务 |\n2.任务 |\n办公室 |")
    assert caught.value.line == 2


def test_duplicate_task_number_is_an_error_at_the_second():
    with pytest.raises(InputError, match="task 1 appears twice") as caught:
        parse("一、甲 |\n1.任务 |\n办公室 |\n长期 |\n1.又一个 |\n办公室 |\n长期 |")
    assert caught.value.line == 5


def test_no_task_found():
    with pytest.raises(InputError, match="no task found") as caught:
        parse("这是一段说明文字,没有表格。\n")
    assert caught.value.line is None


def test_first_error_wins_over_the_missing_year():
    with pytest.raises(InputError) as caught:
        parse("一、标题 |\n1.任务 |", stem="plan")
    assert caught.value.line == 2


def test_year_from_the_file_name():
    assert plan_year("plan_2022", []) == (2022, "from the file name")
    assert plan_year("2021年工作要点", [(2019, 3)])[0] == 2021


def test_several_years_in_the_file_name_decide_nothing():
    assert plan_year("plan_2021_2022", [(2022, 7)]) == (2022, "from “2022年” in the plan text at line 7")
    assert plan_year("plan_2021_2022", []) is None


def test_year_from_the_text_ignores_document_numbers_and_deadline_cells():
    text = "一、甲 |\n1.根据(国办发〔2020〕50号)建立2022年 台账 |\n办公室 |\n2019年12月30日 |"
    plan = parse(text, stem="plan")
    assert (plan.year, plan.tasks[0].deadline.due.year) == (2022, 2019)
    assert "line 2" in plan.year_source


def test_no_year_anywhere_asks_for_year():
    with pytest.raises(InputError, match="--year"):
        parse("一、甲 |\n1.任务 |\n办公室 |\n12月30日 |", stem="plan")
    assert parse("一、甲 |\n1.任务 |\n办公室 |\n12月30日 |", stem="plan", year=2030).tasks[0].deadline.due.year == 2030


def test_real_plan_warnings(real_plan):
    from ledger.textio import read_plan_text

    plan = build_text(read_plan_text(real_plan), str(real_plan), real_plan.stem)
    dropped = [w for w in plan.warnings if "dropped term" in w.message]
    same_title = [w for w in plan.warnings if "same title" in w.message]
    assert len(dropped) > 10
    assert len(same_title) == 1 and "加强优化营商环境信息公开" in same_title[0].message
    assert (len(plan.tasks), len(plan.sections), plan.year) == (35, 16, 2022)


@pytest.mark.parametrize("cell", ["工作任务", "具 体 措 施", "责任单位", "完成时限", "序号及任务", "序号", "备注", "責任單位"])
def test_column_titles_are_header_cells(cell):
    is_header = default_columns().is_header

    assert is_header(cell)


@pytest.mark.parametrize("cell", ["根据上级要求", "视情况而定", "某局2022年工作要点"])
def test_ordinary_text_is_not_a_header(cell):
    is_header = default_columns().is_header

    assert not is_header(cell)


def test_a_deadline_ending_like_a_column_title_is_still_a_deadline():
    plan = parse("一、甲 |\n1.任务 |\n办公室 |\n根据上级要求 |")
    assert (plan.tasks[0].deadline.raw, plan.tasks[0].deadline.kind) == ("根据上级要求", Kind.UNRECOGNIZED)


def test_progress_is_reported_in_order_up_to_the_end():
    rows = "".join(f"{n}.任务 |\n办公室 |\n长期 |\n" for n in range(1, 6001))
    seen = []
    build_text("一、甲 |\n" + rows, "p.txt", "plan_2022", progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 4 and seen == sorted(seen)
    assert seen[-1][0] <= seen[-1][1] == 2 * (rows.count("\n") + 2)
