"""Word, Excel, web pages and the text export: the real plan imports as the same tasks from each (SPEC §8)."""
import json
from datetime import date

import pytest

from conftest import REAL_PLAN, dump, needs, run
from documents import Row, rows_of_plan, write_docx, write_html, write_text, write_xlsx
from ledger.build import build
from ledger.errors import InputError
from ledger.build import build_text
from ledger.readers import read_grid
from ledger.textio import read_plan_text

TITLE = "某局2022年政务公开工作要点任务分解表"


@pytest.fixture(scope="module")
def real_plan():
    return build_text(read_plan_text(REAL_PLAN), str(REAL_PLAN), "plan_2022")


def tasks_of(plan, raw_deadlines=True):
    return [(task.number, task.section, task.subsection, task.text, task.units,
             task.deadline if raw_deadlines else task.deadline[1:]) for task in plan.tasks]


def imported(path, **options):
    return build(read_grid(path, sheet=options.pop("sheet", None)), str(path), options.pop("stem", path.stem),
                 **options)


# The text export lost words (基层 标准化): the documents are built from the text as parsed, spaces and all.
@pytest.mark.parametrize("writer", [write_docx, write_xlsx, write_html, write_text])
def test_the_real_plan_reads_the_same_from_every_kind_of_file(tmp_path, real_plan, writer):
    suffix = {write_docx: "docx", write_xlsx: "xlsx", write_html: "html", write_text: "txt"}[writer]
    path = writer(tmp_path / f"plan_2022.{suffix}", rows_of_plan(real_plan),
                  **({"title": TITLE} if writer is not write_text else {}))
    plan = imported(path)
    assert tasks_of(plan) == tasks_of(real_plan)
    assert len(plan.sections) == 16 and plan.year == 2022


def test_the_word_table_really_has_merged_section_cells(tmp_path, real_plan):
    import docx

    path = write_docx(tmp_path / "plan_2022.docx", rows_of_plan(real_plan), title=TITLE)
    table = docx.Document(str(path)).tables[0]
    # python-docx repeats a vertically merged cell in every row it spans: rows 5 and 6 hold section 五's tasks 5, 6.
    assert table.cell(5, 0)._tc is table.cell(6, 0)._tc
    assert table.cell(5, 0).text.startswith("五、") and table.cell(7, 0).text.startswith("六、")


def test_the_title_paragraph_gives_the_year_when_the_name_does_not(tmp_path, real_plan):
    path = write_docx(tmp_path / "plan.docx", rows_of_plan(real_plan), title=TITLE)
    plan = imported(path)
    assert plan.year == 2022 and "title" in plan.year_source


def test_excel_dates_are_dates_whatever_their_format(tmp_path, real_plan):
    rows = rows_of_plan(real_plan)
    for row in rows:  # 12月30日 and 2023年 1月31日 written as real date cells, shown as 2022年12月30日
        deadline = row.cells[2]
        if deadline == "12月30日":
            row.cells[2] = date(2022, 12, 30)
        elif deadline.replace(" ", "") == "2023年1月31日":
            row.cells[2] = date(2023, 1, 31)
    assert any(isinstance(row.cells[2], date) for row in rows)
    plan = imported(write_xlsx(tmp_path / "plan_2022.xlsx", rows, title=TITLE))
    assert tasks_of(plan, raw_deadlines=False) == tasks_of(real_plan, raw_deadlines=False)
    assert {task.deadline.raw for task in plan.tasks} >= {"2022-12-30", "2023-01-31"}


def test_a_table_broken_in_two_with_its_header_repeated_is_one_table(tmp_path, real_plan):
    path = write_docx(tmp_path / "plan_2022.docx", rows_of_plan(real_plan), title=TITLE, split_at=20)
    plan = imported(path)
    assert tasks_of(plan) == tasks_of(real_plan)
    assert not [w for w in plan.warnings if "skipped" in w.message]


def test_a_metadata_table_first_is_skipped_with_a_warning(tmp_path, real_plan):
    path = write_docx(tmp_path / "plan_2022.docx", rows_of_plan(real_plan), metadata_first=True)
    plan = imported(path)
    assert tasks_of(plan) == tasks_of(real_plan)
    skipped = [w for w in plan.warnings if "skipped table 1" in w.message]
    assert len(skipped) == 1 and str(skipped[0].line) == "table 1, row 1, column 1"


def test_a_document_without_a_table_is_one_error(tmp_path):
    path = write_docx(tmp_path / "plan_2022.docx", [], no_table=True)
    with pytest.raises(InputError) as raised:
        imported(path)
    assert str(raised.value) == f"{path}: no task table found (0 tables, none with a task and a units column)"


def test_a_document_whose_tables_hold_no_tasks_says_how_many_it_read(tmp_path):
    path = write_docx(tmp_path / "plan_2022.docx", [Row("一、甲", ["没有编号的说明", "办公室", "长期"])],
                      header=["甲", "乙", "丙", "丁"], metadata_first=True)
    with pytest.raises(InputError) as raised:
        imported(path)
    assert "no task table found (2 tables" in str(raised.value)


def test_an_error_in_a_document_names_the_table_row_and_column(tmp_path):
    rows = [Row("一、甲", ["1.任务一", "办公室", "长期"]), Row("一、甲", ["1.任务二", "法规科", "长期"])]
    with pytest.raises(InputError) as raised:
        imported(write_docx(tmp_path / "plan_2022.docx", rows))
    assert str(raised.value) == (f"{tmp_path / 'plan_2022.docx'}: table 1, row 3, column 2: task 1 appears twice "
                                 "(first at table 1, row 2, column 2); give each task its own number")


def test_a_saved_page_in_gb18030_with_line_breaks_in_cells(tmp_path):
    rows = [Row("一、深化政策解读", ["1.细化公开内容。", "办公室牵头,法规科配合", "6月底前"])]
    path = write_html(tmp_path / "plan_2022.htm", rows, encoding="gb18030")
    path.write_bytes(path.read_bytes().replace("细化公开".encode("gb18030"), "细化<br>公开".encode("gb18030")))
    plan = imported(path)
    assert [(t.text, [u.name for u in t.units], t.deadline.raw) for t in plan.tasks] == [
        ("细化公开内容。", ["办公室", "法规科"], "6月底前")]


def test_a_workbook_is_read_from_the_sheet_named_with_sheet(tmp_path, real_plan):
    import openpyxl

    path = write_xlsx(tmp_path / "plan_2022.xlsx", rows_of_plan(real_plan))
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("说明", 0).append(["本表由办公室汇总"])
    workbook.save(path)
    assert tasks_of(imported(path)) == tasks_of(real_plan)  # the first sheet holding a task table
    assert tasks_of(imported(path, sheet="任务分解")) == tasks_of(real_plan)
    with pytest.raises(InputError, match="has no sheet named '台账'; its sheets: 说明、任务分解"):
        imported(path, sheet="台账")


@pytest.mark.parametrize("suffix, saying, package", [
    (".doc", "a Word 97-2003/WPS file; save it as .docx (另存为 → Word 文档)", "libreoffice-writer-nogui"),
    (".wps", "a Word 97-2003/WPS file; save it as .docx", "libreoffice-writer-nogui"),
    (".xls", "an Excel 97-2003/WPS spreadsheet; save it as .xlsx", "libreoffice-calc-nogui"),
    (".et", "an Excel 97-2003/WPS spreadsheet; save it as .xlsx", "libreoffice-calc-nogui")])
def test_an_old_office_file_without_libreoffice_says_how_to_save_it(tmp_path, db, monkeypatch, suffix, saying,
                                                                     package):
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))  # LibreOffice out of reach, installed or not
    path = tmp_path / f"plan_2022{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le"))
    result = run("import", path)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: {saying}") and result.stderr.count("\n") == 1
    assert f"install LibreOffice (Debian/Ubuntu package {package})" in result.stderr and not db.exists()


def libreoffice_convert(source, target_format, folder):
    """`source` converted by LibreOffice into `folder`, as a person would save it in another format."""
    import subprocess

    soffice = needs("soffice", "libreoffice-writer-nogui")
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                    target_format, "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return folder / f"{source.stem}.{target_format.split(':')[0]}"


@pytest.mark.slow
@pytest.mark.parametrize("old, named", [("doc", "plan_2022.doc"), ("doc", "plan_2022.wps"), ("xls", "plan_2022.xls"),
                                        ("xls", "plan_2022.et")])
def test_an_old_office_file_is_converted_by_libreoffice(tmp_path, real_plan, old, named):
    """A real .doc/.xls that LibreOffice saves from the test's own .docx/.xlsx (a WPS file is such a file under
    another name) imports as the same tasks."""
    writer = write_docx if old == "doc" else write_xlsx
    source = writer(tmp_path / f"source.{'docx' if old == 'doc' else 'xlsx'}", rows_of_plan(real_plan), title=TITLE)
    converted = libreoffice_convert(source, old, tmp_path / "out").rename(tmp_path / named)
    assert converted.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real OLE2 file, not a renamed .docx
    assert tasks_of(imported(converted)) == tasks_of(real_plan)


@pytest.mark.parametrize("content, saying", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a damaged PDF file: No /Root object! - Is this really a PDF?; open it in Word "
                                     "or WPS and save it again"),
    (b"PK\x03\x04broken", "a damaged Word file: its zip archive is broken (File is not a zip file); open it in Word or "
                          "WPS and save it again"),
])
def test_a_pdf_or_a_broken_document_is_one_error_line(tmp_path, db, content, saying):
    path = tmp_path / "plan_2022.docx"
    path.write_bytes(content)
    result = run("import", path)
    assert result.exit_code == 1 and result.stderr == f"Error: {path}: {saying}\n"


@pytest.mark.parametrize("suffix, kind, wrong", [
    (".docx", "Word .docx", "every Word .docx file is a zip archive, and this one is not"),
    (".xlsx", "Excel .xlsx", "every Excel .xlsx file is a zip archive, and this one is not"),
    (".doc", "Word .doc", "every Word .doc file starts with the OLE2 signature, and this one does not"),
    (".xls", "Excel .xls", "every Excel .xls file starts with the OLE2 signature, and this one does not"),
])
def test_random_bytes_named_like_a_document_say_which_format_and_what_is_wrong(tmp_path, db, suffix, kind, wrong):
    """Issue 21: a damaged .docx was called "not a text file (NUL bytes)"."""
    import random

    path = tmp_path / f"plan_2022{suffix}"
    path.write_bytes(bytes(random.Random(7).randrange(256) for _ in range(5000)))
    result = run("import", path)
    assert result.exit_code == 1 and result.stdout == "" and not db.exists()
    assert result.stderr == (f"Error: {path}: is named {suffix} but is not a {kind} file: {wrong}; it may be damaged "
                             "or another kind of file renamed; open it in Word or WPS and save it again\n")


def test_a_web_page_saved_under_an_excel_name_is_read_as_the_web_page(tmp_path, real_plan):
    """Many systems "export to Excel" as an HTML table named .xls."""
    page = write_html(tmp_path / "plan_2022.html", rows_of_plan(real_plan), title=TITLE)
    assert tasks_of(imported(page.rename(tmp_path / "plan_2022.xls"))) == tasks_of(real_plan)


def test_a_zip_that_is_no_office_file_says_so(tmp_path):
    import zipfile

    path = tmp_path / "plan_2022.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    result = run("import", path)
    assert result.exit_code == 1 and "neither a Word (.docx) nor an Excel (.xlsx) file" in result.stderr


def test_the_ledgers_own_excel_export_imports_as_the_same_plan(tmp_path, db):
    """Round trip: sections 五 and 六 share a title and stay two sections; the export's 法规科(牵头) notation reads
    back as that unit in that role."""
    assert run("import", REAL_PLAN).exit_code == 0
    exported = tmp_path / "台账_2022.xlsx"
    assert run("export", "--format", "xlsx", "--output", exported).exit_code == 0
    before = json.loads(run("list", "--format", "json").stdout)
    other = tmp_path / "other.db"
    result = run("--db", other, "import", exported, "--plan", "plan_2022")
    assert result.exit_code == 0, result.stderr
    after = json.loads(run("--db", other, "list", "--format", "json").stdout)

    def key(task):
        return (task["id"], task["section"], task["text"], [(u["name"], u["role"]) for u in task["units"]],
                task["deadline"])
    assert [key(task) for task in after] == [key(task) for task in before]
    assert [task["section"]["no"] for task in after if task["section"]["title"] == "加强优化营商环境信息公开"] == \
        [5, 5, 6]
    assert {"assist", "lead", "implement", "guide"} <= {u["role"] for task in after for u in task["units"]}


def test_the_import_command_reads_a_word_file_end_to_end(tmp_path, db, real_plan):
    path = write_docx(tmp_path / "plan_2022.docx", rows_of_plan(real_plan), title=TITLE)
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Imported plan plan_2022 from {path}: 35 tasks in 16 sections")
    assert "  table 1, row 8, column 1: sections 5 and 6 have the same title" in result.stdout
    shown = json.loads(run("show", "25", "--format", "json").stdout)[0]
    assert [(u["name"], u["role"]) for u in shown["units"]] == [
        ("办公室", "lead"), ("机关党委", "assist"), ("法规科", "assist"), ("市城市地理信息中心", "assist")]


def test_an_unreadable_document_leaves_the_ledger_as_it_was(tmp_path, db):
    assert run("import", REAL_PLAN).exit_code == 0
    before = dump(db)
    path = write_docx(tmp_path / "plan_2022.docx", [], no_table=True)
    result = run("import", path, "--plan", "plan_2022")
    assert result.exit_code == 1 and dump(db) == before


@pytest.mark.parametrize("value", ["落实部门", "落实部门=owner", "=units"])
def test_a_column_option_not_of_the_form_title_role_is_one_error(tmp_path, value):
    result = run("import", REAL_PLAN, "--column", value)
    assert result.exit_code == 1 and result.stderr.startswith("Error: --column") and "TITLE=ROLE" in result.stderr


def test_a_column_the_ledger_does_not_know_is_named_with_column(tmp_path, db):
    rows = [Row("一、深化政策解读", ["细化公开内容。", "办公室", "6月底前"])]
    path = write_docx(tmp_path / "plan_2022.docx", rows, header=["工作任务", "具体措施", "承担方", "何时"])
    refused = run("import", path)
    assert refused.exit_code == 1 and "no task table found (1 tables" in refused.stderr
    result = run("import", path, "--column", "承担方=units", "--column", "何时=deadline")
    assert result.exit_code == 0, result.stderr
    task = json.loads(run("show", "1", "--format", "json").stdout)[0]
    assert (task["units"][0]["name"], task["deadline"]["due"]) == ("办公室", "2022-06-30")


def test_a_title_the_ledger_does_not_list_is_read_by_its_words(tmp_path):
    """落实部门 holds units, 牵头责任部门 the lead, 第二季度完成情况 and 截止日期 are data kept as written."""
    rows = [Row("一、深化政策解读", ["细化公开内容。", "办公室", "法规科", "6月底前", "已部署", "2022-07-31"])]
    path = write_docx(tmp_path / "plan_2022.docx", rows,
                      header=["工作任务", "具体措施", "牵头责任部门", "落实部门", "完成时限", "第二季度完成情况", "截止日期"])
    task = imported(path).tasks[0]
    assert [(unit.name, unit.role.value) for unit in task.units] == [("办公室", "lead"), ("法规科", "implement")]
    assert (task.deadline.raw, dict(task.extra)) == ("6月底前", {"第二季度完成情况": "已部署", "截止日期": "2022-07-31"})


def test_an_excel_export_holding_a_removed_task_imports_back_with_its_units_and_deadline(tmp_path, db):
    """A re-import removed task 7: the export still lists it (已移除), with its units, so it imports back."""
    assert run("import", REAL_PLAN).exit_code == 0
    first = {task["id"]: task for task in json.loads(run("list", "--format", "json").stdout)}
    lines = REAL_PLAN.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(index for index, line in enumerate(lines) if line.startswith("7."))
    (tmp_path / "again").mkdir()
    shorter = tmp_path / "again" / "plan_2022.txt"
    shorter.write_text("".join(lines[:start] + lines[start + 3:]), encoding="utf-8")  # task 7, units, deadline
    assert run("import", shorter).exit_code == 0
    assert json.loads(run("list", "--status", "all", "--format", "json").stdout)[6]["status"] == "removed"
    exported = tmp_path / "out.xlsx"
    assert run("export", "--format", "xlsx", "--output", exported).exit_code == 0
    other = tmp_path / "other.db"
    result = run("--db", other, "import", exported, "--plan", "plan_2022")
    assert result.exit_code == 0, result.stderr
    after = {task["id"]: task for task in json.loads(run("--db", other, "list", "--format", "json").stdout)}
    assert sorted(after) == sorted(first)

    def key(task):
        return task["text"], [(u["name"], u["role"]) for u in task["units"]], task["deadline"]
    assert key(after[7]) == key(first[7])
    assert after[7]["extra"].get("完成情况") == "已移除"
