"""The shapes of plans as bureaus publish them (issue 20), each read end to end from a real file of every format:
the same table gives the same tasks from .txt, .docx, .xlsx and .html (and, slow, from .doc and PDF that
LibreOffice saves from the .docx). Each shape is a family (full- and half-width, simplified and traditional), not
one file.
"""
import json

import pytest

from conftest import needs, run
from documents import LEFT, UP, libreoffice_copy, write_paragraphs, write_table
from ledger.build import build
from ledger.errors import InputError
from ledger.readers import read_grid

FORMATS = [".txt", ".docx", ".xlsx", ".html"]


def read(path, **options):
    return build(read_grid(path), str(path), "plan_2022", **options)


def tasks_of(plan):
    return [(task.number, task.section.title if task.section else None,
             task.subsection.title if task.subsection else None, task.text,
             [(unit.name, unit.role.value) for unit in task.units], task.deadline.raw, dict(task.extra))
            for task in plan.tasks]


# Units in brackets at the end of the task, with their roles; the table has no units column.
BRACKETS = [
    ["序号", "重点任务", "完成时限"],
    ["1", "加强政策解读。（牵头单位：市发展改革委；责任单位：各县区政府）", "6月底前"],
    ["2", "推进数据开放〔牵头单位:市大数据局,责任单位:市直各部门〕", "长期"],
    ["3", "公开财政预决算（市财政局、市税务局负责）。", "年底前"],
    ["4", "优化营商环境（市发展改革委、市商务局牵头，各县区政府及市直有关部门按职责分工负责）", "12月底前"],
    ["5", "規範政務公開（牽頭單位：市政府辦公室）", "長期"],
    ["6", "做好年报工作(市政府办公室负责)", "1月31日前"],
    ["7", "修订公开指南（试行）。（市司法局负责）", "3月底前"],
]
BRACKETS_READ = [
    (1, None, None, "加强政策解读。", [("市发展改革委", "lead"), ("各县区政府", "implement")], "6月底前", {}),
    (2, None, None, "推进数据开放", [("市大数据局", "lead"), ("市直各部门", "implement")], "长期", {}),
    (3, None, None, "公开财政预决算。", [("市财政局", "lead"), ("市税务局", "lead")], "年底前", {}),
    (4, None, None, "优化营商环境", [("市发展改革委", "lead"), ("市商务局", "lead"), ("各县区政府", "implement"),
                                  ("市直有关部门", "implement")], "12月底前", {}),
    (5, None, None, "規範政務公開", [("市政府辦公室", "lead")], "長期", {}),
    (6, None, None, "做好年报工作", [("市政府办公室", "lead")], "1月31日前", {}),
    (7, None, None, "修订公开指南（试行）。", [("市司法局", "lead")], "3月底前", {}),
]

# Labelled lines in one cell, a column of leaders (people, kept as data), units one per line.
LABELLED = [
    ["序号", "工作任务", "责任单位", "责任领导", "完成时限"],
    ["1", "推进政务公开标准化。", "牵头负责领导：张三\n牵头责任单位：市政府办公室\n协同责任单位：市司法局、市大数据局", "李四",
     "年底前"],
    ["2", "加强水利建设。", "县水务局\n县住建局", "王五", "长期"],
    ["3", "建设城市地理信息平台。", "市城市地理信息\n中心", "赵六", "9月底前"],
    ["4", "做好政策解读。\n牵头责任单位：市发展改革委", None, "孙七", "长期"],
]
LABELLED_READ = [
    (1, None, None, "推进政务公开标准化。", [("市政府办公室", "lead"), ("市司法局", "assist"), ("市大数据局", "assist")],
     "年底前", {"牵头负责领导": "张三", "责任领导": "李四"}),
    (2, None, None, "加强水利建设。", [("县水务局", "lead"), ("县住建局", "lead")], "长期", {"责任领导": "王五"}),
    (3, None, None, "建设城市地理信息平台。", [("市城市地理信息中心", "lead")], "9月底前", {"责任领导": "赵六"}),
    (4, None, None, "做好政策解读。", [("市发展改革委", "lead")], "长期", {"责任领导": "孙七"}),
]

# Three levels of headings: 一、 rows, (一) rows and category rows without a numeral, each merged across the row.
LEVELS = [
    ["序号", "工作任务", "责任单位", "完成时限"],
    ["一、深化重点领域信息公开", LEFT, LEFT, LEFT],
    ["（一）财政信息", LEFT, LEFT, LEFT],
    ["预算公开", LEFT, LEFT, LEFT],
    ["1", "公开部门预算。", "财务科", "3月底前"],
    ["2", "公开部门决算。", "财务科", "8月底前"],
    ["（二）规划信息", LEFT, LEFT, LEFT],
    ["3", "公开规划。", "办公室", "长期"],
    ["二、加强平台建设", LEFT, LEFT, LEFT],
    ["平台整合", LEFT, LEFT, LEFT],
    ["4", "整合栏目。", "信息中心", "长期"],
]
LEVELS_READ = [
    (1, "深化重点领域信息公开", "财政信息／预算公开", "公开部门预算。", [("财务科", "lead")], "3月底前", {}),
    (2, "深化重点领域信息公开", "财政信息／预算公开", "公开部门决算。", [("财务科", "lead")], "8月底前", {}),
    (3, "深化重点领域信息公开", "规划信息", "公开规划。", [("办公室", "lead")], "长期", {}),
    (4, "加强平台建设", "平台整合", "整合栏目。", [("信息中心", "lead")], "长期", {}),
]

# Title and date lines above the table; the header words of real tables; a row numbering the columns; progress
# and remarks columns kept as data; the project's name beside its text.
VOCABULARY = [
    ["序号", "民生实事", "目标任务", "牵头单位", "配合单位", "责任领导", "完成时限", "第二季度完成情况", "备注"],
    ["1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ["1", "城乡供水一体化", "新建水厂1座。", "县水务局", "县住建局", "张三", "年底前", "已开工", "无"],
    ["2", "老旧小区改造", "改造小区12个。", "县住建局", "各乡镇", "李四", "10月底前", "完成设计", "需资金"],
]
VOCABULARY_READ = [
    (1, None, None, "城乡供水一体化：新建水厂1座。", [("县水务局", "lead"), ("县住建局", "assist")], "年底前",
     {"责任领导": "张三", "第二季度完成情况": "已开工", "备注": "无"}),
    (2, None, None, "老旧小区改造：改造小区12个。", [("县住建局", "lead"), ("各乡镇", "assist")], "10月底前",
     {"责任领导": "李四", "第二季度完成情况": "完成设计", "备注": "需资金"}),
]

SHAPES = {"units in brackets": (BRACKETS, BRACKETS_READ), "labelled lines and people": (LABELLED, LABELLED_READ),
          "three levels of headings": (LEVELS, LEVELS_READ), "header words of real tables": (VOCABULARY, VOCABULARY_READ)}
TITLE, DATE = "某县2022年政务公开工作要点任务分解表", "2022年3月1日"


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_published_shape_reads_the_same_from_every_format(tmp_path, shape, suffix):
    rows, expected = SHAPES[shape]
    plan = read(write_table(tmp_path / f"plan{suffix}", rows, title=TITLE, lines_before=(DATE,)))
    assert tasks_of(plan) == expected
    assert plan.year == 2022


# Merged cells exist only in documents: the text export writes a merged cell once, and cannot say which rows it
# spans, so these shapes are read from Word, Excel and web pages.
MERGES = [
    ["序号", "工作任务", "责任单位", "完成时限"],
    ["一、完善制度", LEFT, LEFT, LEFT],
    ["1", "推进政务公开标准化规范化。", "县政府办牵头", "6月底前"],
    [UP, UP, "各乡镇配合", UP],
    ["2", "公开财政预算。", "县财政局", "长期"],
    ["3", "公开财政决算。", UP, "8月底前"],
    ["二、优化平台", LEFT, LEFT, LEFT],
    ["4", "整合网站栏目。", "信息中心", "长期"],
]
MERGES_READ = [
    (1, "完善制度", None, "推进政务公开标准化规范化。", [("县政府办", "lead"), ("各乡镇", "assist")], "6月底前", {}),
    (2, "完善制度", None, "公开财政预算。", [("县财政局", "lead")], "长期", {}),
    (3, "完善制度", None, "公开财政决算。", [("县财政局", "lead")], "8月底前", {}),
    (4, "优化平台", None, "整合网站栏目。", [("信息中心", "lead")], "长期", {}),
]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".html"])
def test_a_task_spanning_two_rows_and_a_units_cell_merged_over_two_tasks(tmp_path, suffix):
    assert tasks_of(read(write_table(tmp_path / f"plan{suffix}", MERGES, title=TITLE))) == MERGES_READ


PROSE = [
    "某市2022年政务公开工作要点分工方案",
    "一、深化重点领域信息公开",
    "1.2022年9月底前，实现政务服务事项全覆盖。（牵头单位：市政务服务数据管理局；责任单位：各县区政府）",
    "2.建成统一平台（2022年6月底前完成）。（市大数据局负责）",
    "二、加强平台建设",
    "3.新馆9月投入使用（市文化广电旅游局牵头，市财政局配合）。",
    "4.上半年完成试点。（市政府办公室负责）",
    "5.做好信息发布工作。",
]
PROSE_READ = [
    (1, "深化重点领域信息公开", None, "2022年9月底前，实现政务服务事项全覆盖。",
     [("市政务服务数据管理局", "lead"), ("各县区政府", "implement")], "2022年9月底前", {}),
    (2, "深化重点领域信息公开", None, "建成统一平台（2022年6月底前完成）。", [("市大数据局", "lead")], "2022年6月底前", {}),
    (3, "加强平台建设", None, "新馆9月投入使用。", [("市文化广电旅游局", "lead"), ("市财政局", "assist")], "9月", {}),
    (4, "加强平台建设", None, "上半年完成试点。", [("市政府办公室", "lead")], "上半年", {}),
    (5, "加强平台建设", None, "做好信息发布工作。", [], "", {}),
]


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".html"])
def test_a_plan_published_as_prose_reads_units_and_deadlines_from_the_text(tmp_path, suffix):
    plan = read(write_paragraphs(tmp_path / f"plan{suffix}", PROSE))
    assert tasks_of(plan) == PROSE_READ
    warnings = [warning.message for warning in plan.warnings]
    assert "task 5 names no units (no units cell, and none in brackets in its text); add them to the file, or " \
           "import as it is and add them later" in warnings
    assert "the deadlines of 4 tasks were read from their text (they have no deadline cell): 1, 2, 3, 4" in warnings


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_title_line_above_the_table_never_swallows_the_first_heading(tmp_path, suffix):
    rows = [["一、深化政策解读", LEFT, LEFT], ["1.细化公开内容。", "办公室", "长期"]]
    path = write_table(tmp_path / f"plan{suffix}", rows, title=TITLE)
    if suffix == ".txt":  # the title written without its own |, as a person types it above the table
        path.write_text(path.read_text(encoding="utf-8").replace(f"{TITLE} |", TITLE), encoding="utf-8")
    plan = read(path)
    assert tasks_of(plan) == [(1, "深化政策解读", None, "细化公开内容。", [("办公室", "lead")], "长期", {})]
    assert plan.year == 2022


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_header_repeated_on_a_new_page_is_never_a_task(tmp_path, suffix):
    """The header (and its column numbers) again halfway: not "task 1 appears twice"."""
    rows = [["序号", "工作任务", "责任单位", "完成时限"], ["1", "2", "3", "4"],
            ["1", "细化公开内容。", "办公室", "长期"],
            ["序号", "工作任务", "责任单位", "完成时限"], ["1", "2", "3", "4"],
            ["2", "做好政策问答。", "法规科", "年底前"]]
    plan = read(write_table(tmp_path / f"plan{suffix}", rows, title=TITLE))
    assert [(task.number, task.text) for task in plan.tasks] == [(1, "细化公开内容。"), (2, "做好政策问答。")]
    assert [warning.message for warning in plan.warnings if "before the table" not in warning.message] == []


def test_leaders_are_shown_and_exported_as_data_never_as_units(tmp_path, db):
    path = write_table(tmp_path / "plan_2022.docx", LABELLED, title=TITLE)
    assert run("import", path).exit_code == 0
    task = json.loads(run("show", "1", "--format", "json").stdout)[0]
    assert task["extra"] == {"牵头负责领导": "张三", "责任领导": "李四"}
    assert "张三" not in run("units", "--format", "json").stdout
    exported = json.loads(run("export", "--format", "json", "--output", "-").stdout)
    assert exported[0]["extra"] == {"牵头负责领导": "张三", "责任领导": "李四"}
    assert "李四" in run("show", "1", "--format", "table").stdout


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES) + ["merges"])
@pytest.mark.parametrize("target", ["doc", "pdf"])
def test_each_shape_reads_the_same_from_a_doc_and_a_pdf_that_libreoffice_saves(tmp_path, shape, target):
    soffice = needs("soffice", "libreoffice-writer-nogui")
    rows, expected = SHAPES.get(shape, (MERGES, MERGES_READ))
    source = write_table(tmp_path / "plan.docx", rows, title=TITLE, lines_before=(DATE,))
    copy = libreoffice_copy(source, target, tmp_path / "out", soffice)
    assert tasks_of(read(copy)) == expected


def test_a_scanned_pdf_without_text_says_so(tmp_path):
    soffice = needs("soffice", "libreoffice-writer-nogui")
    import docx

    document = docx.Document()
    document.add_paragraph("")
    document.save(tmp_path / "scan.docx")
    pdf = libreoffice_copy(tmp_path / "scan.docx", "pdf", tmp_path / "out", soffice)
    with pytest.raises(InputError) as raised:
        read(pdf)
    assert str(raised.value).endswith("scan.pdf: a PDF without text (a scan: its pages are images); open the original "
                                      "Word or Excel file, or have the scan recognised (OCR) and saved as .docx")


def test_a_dry_run_shows_the_table_as_it_was_read(tmp_path, db):
    """So that a person sees a wrong column before anything is written, and can fix the file or use --column."""
    path = write_table(tmp_path / "plan_2022.docx", LEVELS, title=TITLE)
    result = run("import", path, "--dry-run")
    assert result.exit_code == 0, result.stderr
    shown = result.stdout[result.stdout.index("As read"):result.stdout.index("Tasks would be added")]
    assert shown.splitlines()[1:] == [
        "  一、深化重点领域信息公开",
        "   (一) 财政信息／预算公开",
        "    1. 公开部门预算。 | 财务科 (lead) | 3月底前 → 2022-03-31",
        "    2. 公开部门决算。 | 财务科 (lead) | 8月底前 → 2022-08-31",
        "   (二) 规划信息",
        "    3. 公开规划。 | 办公室 (lead) | 长期",
        "  二、加强平台建设",
        "   (一) 平台整合",
        "    4. 整合栏目。 | 信息中心 (lead) | 长期"]
    assert "Tasks would be added: 1, 2, 3, 4.\n" in result.stdout and "  task 1:" not in result.stdout
    assert not db.exists()


@pytest.mark.slow
def test_a_long_plan_as_pdf_reads_as_its_text_across_page_breaks(tmp_path):
    """Rows that a page break splits (the text on one page, the rest of its units on the next) are one task,
    names wrapped at a cell's edge are one name: 200 generated tasks over some thirty pages read as the text."""
    from documents import rows_of_plan, write_docx
    from generate_plan import generate_plan
    from ledger.build import build_text

    soffice = needs("soffice", "libreoffice-writer-nogui")
    text = build_text(generate_plan(200, seed=7), "plan_2022.txt", "plan_2022")
    source = write_docx(tmp_path / "plan_2022.docx", rows_of_plan(text), title=TITLE)
    pdf = read(libreoffice_copy(source, "pdf", tmp_path / "out", soffice))

    def key(task):
        return task.number, task.section, task.text, task.units, task.deadline.raw
    assert [key(task) for task in pdf.tasks] == [key(task) for task in text.tasks]


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_row_read_as_a_heading_that_no_task_follows_is_quoted_in_a_warning(tmp_path, suffix):
    """A short row without a number or units is a category heading; one that heads nothing may be a task that
    lost its number and units: never silently."""
    rows = [["序号", "工作任务", "责任单位", "完成时限"], ["1", "细化公开内容。", "办公室", "长期"], [None, "建立认定机制", None, None]]
    plan = read(write_table(tmp_path / f"plan_2022{suffix}", rows))
    assert [task.number for task in plan.tasks] == [1]
    assert [warning.message for warning in plan.warnings] == [
        "no task follows the heading “建立认定机制”; if it is a task, give it its number and units"]
