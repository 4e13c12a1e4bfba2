"""The table shapes seen in published plans (SPEC §8), each as a Word table: each imports as a careful reader
would read it, or stops with an error or a warning that names the cell."""
import pytest

from ledger.build import build
from ledger.errors import InputError
from ledger.readers import read_grid


def word_table(path, header, rows, merges=()):
    """A .docx whose one table has `header` and `rows` (None: a cell left empty); `merges` are
    ((row, column), (row, column)) pairs to merge, counted as in python-docx (the header is row 0)."""
    import docx

    document = docx.Document()
    document.add_paragraph("某局2022年政务公开工作要点")
    width = max(len(header), *(len(row) for row in rows))
    table = document.add_table(rows=1 + len(rows), cols=width)
    for r, row in enumerate([header] + rows):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = str(text)
    for (r1, c1), (r2, c2) in merges:
        keep = table.cell(r1, c1).text
        table.cell(r1, c1).merge(table.cell(r2, c2)).text = keep
    document.save(path)
    return path


def read(path, **options):
    return build(read_grid(path), str(path), "plan_2022", **options)


def summary(plan):
    return [(task.number, task.section.title if task.section else None, task.text,
             [(unit.name, unit.role.value) for unit in task.units], task.deadline.raw) for task in plan.tasks]


def test_titles_with_spaces_and_traditional_characters_and_the_wider_vocabulary(tmp_path):
    path = word_table(tmp_path / "p.docx", ["重 點 工 作", "工作內容", "負責科室", "時間節點"], [
        ["一、深化政策解读", "1.细化公开内容。", "办公室", "6月底前"],
        [None, "2.做好政策问答。", "法规科", "长期"]], merges=[((1, 0), (2, 0))])
    assert summary(read(path)) == [(1, "深化政策解读", "细化公开内容。", [("办公室", "lead")], "6月底前"),
                                   (2, "深化政策解读", "做好政策问答。", [("法规科", "lead")], "长期")]


def test_a_number_in_a_column_without_a_title_is_the_task_number(tmp_path):
    path = word_table(tmp_path / "p.docx", ["", "工作任务", "责任单位", "完成时限"], [
        ["1", "细化公开内容。", "办公室", "6月底前"],
        ["2", "做好政策问答。", "法规科", "长期"]])
    plan = read(path)
    assert summary(plan) == [(1, None, "细化公开内容。", [("办公室", "lead")], "6月底前"),
                             (2, None, "做好政策问答。", [("法规科", "lead")], "长期")]
    assert not plan.numbered_in_order


def test_a_title_column_beside_a_text_column_gives_title_colon_text(tmp_path):
    path = word_table(tmp_path / "p.docx", ["序号", "重点任务", "具体措施", "责任单位", "完成时限"], [
        ["1", "政策解读", "细化公开内容。", "办公室", "6月底前"],
        ["2", "回应关切", "做好政策问答。", "法规科", "长期"]])
    assert summary(read(path)) == [(1, None, "政策解读：细化公开内容。", [("办公室", "lead")], "6月底前"),
                                   (2, None, "回应关切：做好政策问答。", [("法规科", "lead")], "长期")]


def test_a_section_column_spanning_its_tasks_stays_a_section(tmp_path):
    path = word_table(tmp_path / "p.docx", ["重点任务", "具体措施", "责任单位"], [
        ["政策解读", "细化公开内容。", "办公室"], [None, "做好政策问答。", "法规科"]], merges=[((1, 0), (2, 0))])
    assert [(t.number, t.section.title, t.text) for t in read(path).tasks] == [
        (1, "政策解读", "细化公开内容。"), (2, "政策解读", "做好政策问答。")]


def test_a_task_numbered_like_a_subheading_with_its_own_units_cell_is_a_task(tmp_path):
    path = word_table(tmp_path / "p.docx", ["工作任务", "具体措施", "责任单位", "完成时限"], [
        ["一、深化政策解读", "（一）细化公开内容。", "办公室", "6月底前"],
        [None, "（二）做好政策问答。", "法规科", "长期"],
        ["二、优化平台", "（一）更新栏目。", "信息中心", "年底前"]], merges=[((1, 0), (2, 0))])
    plan = read(path)
    assert summary(plan) == [(1, "深化政策解读", "细化公开内容。", [("办公室", "lead")], "6月底前"),
                             (2, "深化政策解读", "做好政策问答。", [("法规科", "lead")], "长期"),
                             (3, "优化平台", "更新栏目。", [("信息中心", "lead")], "年底前")]
    assert plan.numbered_in_order


def test_a_task_numbered_in_brackets_with_its_own_units_cell_is_a_task(tmp_path):
    path = word_table(tmp_path / "p.docx", ["工作任务", "具体措施", "责任单位"], [
        ["一、深化政策解读", "（1）细化公开内容。", "办公室"], [None, "(2)做好政策问答。", "法规科"]],
        merges=[((1, 0), (2, 0))])
    assert [(t.number, t.text) for t in read(path).tasks] == [(1, "细化公开内容。"), (2, "做好政策问答。")]


def test_a_real_subheading_row_stays_a_subheading(tmp_path):
    path = word_table(tmp_path / "p.docx", ["工作任务", "具体措施", "责任单位"], [
        ["一、深化政策解读", "（一）解读", None], [None, "1.细化公开内容。", "办公室"]], merges=[((1, 0), (2, 0))])
    task = read(path).tasks[0]
    assert (task.number, tuple(task.subsection), task.text) == (1, (1, "解读"), "细化公开内容。")


def test_several_numbered_measures_in_one_cell_are_one_task(tmp_path):
    path = word_table(tmp_path / "p.docx", ["序号", "具体措施", "责任单位"], [
        ["1", "加强政策解读。\n（1）细化公开内容。\n（2）做好政策问答。", "办公室"]])
    assert summary(read(path)) == [(1, None, "加强政策解读。（1）细化公开内容。（2）做好政策问答。",
                                    [("办公室", "lead")], "")]


@pytest.mark.parametrize("cell, units", [
    ("（责任单位：办公室、法规科）", [("办公室", "lead"), ("法规科", "lead")]),
    ("责任单位：办公室", [("办公室", "lead")]),
    ("牵头单位：办公室；配合单位：法规科", [("办公室", "lead"), ("法规科", "assist")]),
    ("办公室、法规科分别牵头落实", [("办公室", "lead"), ("法规科", "lead")]),
    ("法规科(牵头)、相关科(室)(配合)", [("法规科", "lead"), ("相关科(室)", "assist")]),
])
def test_units_cells_written_with_labels_or_roles(tmp_path, cell, units):
    path = word_table(tmp_path / "p.docx", ["序号", "具体措施", "责任单位"], [["1", "细化公开内容。", cell]])
    assert summary(read(path))[0][3] == units


def test_units_spread_over_two_cells_under_one_title_are_both_units(tmp_path):
    path = word_table(tmp_path / "p.docx", ["序号", "具体措施", "责任单位", None, "完成时限"], [
        ["1", "细化公开内容。", "办公室牵头", "法规科配合", "长期"]], merges=[((0, 2), (0, 3))])
    assert summary(read(path)) == [(1, None, "细化公开内容。", [("办公室", "lead"), ("法规科", "assist")], "长期")]


def test_a_task_row_without_units_is_an_error_that_names_the_cell(tmp_path):
    path = word_table(tmp_path / "p.docx", ["序号", "具体措施", "责任单位"], [
        ["1", "细化公开内容。", "办公室"], ["2", "做好政策问答。", None]])
    with pytest.raises(InputError) as raised:
        read(path)
    assert str(raised.value).endswith(": table 1, row 3, column 1: task 2 has no units cell after it (the cell "
                                      "after a task names the units responsible); add it and import again")


def test_a_cell_beyond_the_titled_columns_is_a_warning_that_names_it(tmp_path):
    path = word_table(tmp_path / "p.docx", ["序号", "具体措施", "责任单位"], [
        ["1", "细化公开内容。", "办公室", "多出来的一格"]])
    plan = read(path)
    assert [(str(w.line), w.message) for w in plan.warnings] == [
        ("table 1, row 2, column 4", "ignored a cell after the last column: “多出来的一格”")]


def word_table_without_header(path, rows):
    """A .docx whose one table has no header row (None: a cell left empty)."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
    document.add_paragraph("")
    document.save(path)
    return path


def test_a_table_without_header_is_read_by_position_and_an_empty_units_cell_is_an_error(tmp_path):
    """Issue 20: read in order, 长期 became task 2's unit, silently."""
    path = word_table_without_header(tmp_path / "p.docx", [
        ["一、深化政策解读", "1.细化公开内容。", "办公室", "长期"],
        [None, "2.做好政策问答。", None, "长期"]])
    with pytest.raises(InputError) as raised:
        read(path)
    assert str(raised.value).endswith(": table 1, row 2, column 2: task 2 has no units cell after it (the cell "
                                      "after a task names the units responsible); add it and import again")


def test_a_table_without_header_reads_its_columns_from_its_rows(tmp_path):
    path = word_table_without_header(tmp_path / "p.docx", [
        ["一、深化政策解读", "1", "细化公开内容。", "办公室", "6月底前", "已部署"],
        [None, "2", "做好政策问答。", "法规科配合", None, None],
        ["二、优化平台", "3", "更新栏目。", "信息中心", "长期", None]])
    assert summary(read(path)) == [(1, "深化政策解读", "细化公开内容。", [("办公室", "lead")], "6月底前"),
                                   (2, "深化政策解读", "做好政策问答。", [("法规科", "assist")], ""),
                                   (3, "优化平台", "更新栏目。", [("信息中心", "lead")], "长期")]
    assert read(path).tasks[0].extra == (("column 6", "已部署"),)
