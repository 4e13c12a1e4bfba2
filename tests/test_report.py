"""report, export and backup, checked against counts made from the plan's expected data, not our parser."""
import csv
import json
import os
import sqlite3
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from conftest import REAL_PLAN, run

EXPECTED = json.loads((Path(__file__).parent / "data" / "plan_2022.expected.json").read_text(encoding="utf-8"))
TODAY = "2023-01-15"
# Due soon (yellow) on TODAY, a Sunday: within 5 working days, 1-16 … 1-20; the next one is 1-28, a Saturday
# made a working day for the Spring Festival (调休), so 1-21 … 1-27 (the holiday) are still yellow.
GREEN_FROM = "2023-01-28"
DONE, CANCELLED = {3, 21, 29}, {35}


@pytest.fixture
def progressed(imported):
    for number in sorted(DONE):
        assert run("done", number, "--note", f"完成{number}").exit_code == 0
    assert run("cancel", "35", "--note", "不再报送").exit_code == 0


def expected_counts(key):
    """Counts per unit or section made from the expected task list, the way a person would count them."""
    counts = defaultdict(lambda: {"tasks": set(), "roles": defaultdict(set), "open": set(), "done": set(),
                                  "cancelled": set(), "overdue": set(), "due_soon": set()})
    for task in EXPECTED["tasks"]:
        number, due = task["id"], task["deadline"]["due"]
        status = "done" if number in DONE else "cancelled" if number in CANCELLED else "open"
        keys = {unit["name"] for unit in task["units"]} if key == "unit" else {task["section"]["no"]}
        for name in keys:
            row = counts[name]
            row["tasks"].add(number)
            row[status].add(number)
            if status == "open" and due and due < TODAY:
                row["overdue"].add(number)
            if status == "open" and due and TODAY <= due < GREEN_FROM:
                row["due_soon"].add(number)
        for unit in task["units"]:
            for name in ([unit["name"]] if key == "unit" else [task["section"]["no"]]):
                counts[name]["roles"][unit["role"]].add(number)
    return {name: {"tasks": len(row["tasks"]), "open": len(row["open"]), "done": len(row["done"]),
                   "cancelled": len(row["cancelled"]), "overdue": len(row["overdue"]),
                   "due_soon": len(row["due_soon"]), "postponed": 0, "carried": 0,
                   "roles": {role: len(row["roles"][role]) for role in ("lead", "implement", "assist", "guide")},
                   "done_pct": round(100 * len(row["done"]) / len(row["tasks"]), 1)} for name, row in counts.items()}


def test_report_by_unit_matches_counts_from_the_expected_plan(progressed):
    result = run("--today", TODAY, "report", "--format", "json")
    rows = json.loads(result.stdout)
    assert {row.pop("plan") for row in rows} == {"plan_2022"}  # each row names its plan
    got = {row.pop("unit"): row for row in rows}
    assert got == expected_counts("unit")
    assert got["办公室"]["roles"] == {"lead": 24, "implement": 0, "assist": 0, "guide": 0}


def test_report_by_section_matches_counts_from_the_expected_plan(progressed):
    result = run("--today", TODAY, "report", "--by", "section", "--format", "json")
    rows = json.loads(result.stdout)
    titles = {task["section"]["no"]: task["section"]["title"] for task in EXPECTED["tasks"]}
    assert [(row["section"]["no"], row["section"]["title"]) for row in rows] == sorted(titles.items())
    assert {row.pop("carried_from") for row in rows} == {None}  # no task here came from another plan
    got = {row["section"]["no"]: {k: v for k, v in row.items() if k not in ("section", "plan")} for row in rows}
    assert got == expected_counts("section")


@pytest.mark.parametrize("fmt", ["json", "plain", "csv", "markdown", "table"])
def test_units_is_the_report_by_unit(progressed, fmt):
    units = run("--today", TODAY, "units", "--format", fmt)
    assert units.exit_code == 0 and units.stdout.strip()
    assert units.stdout == run("--today", TODAY, "report", "--by", "unit", "--format", fmt).stdout


def test_the_total_row_counts_each_task_once(progressed):
    lines = run("--today", TODAY, "report", "--format", "plain").stdout.splitlines()
    total = lines[-1].split("\t")
    assert total[0] == "total"
    # tasks, open, overdue, due soon, postponed, done, cancelled
    assert total[1:2] + total[6:12] == ["35", "31", "3", "0", "0", "3", "1"]
    csv_rows = list(csv.reader(run("--today", TODAY, "report", "--by", "section", "-f", "csv").stdout.splitlines()))
    assert csv_rows[0][:4] == ["plan", "section", "title", "tasks"] and csv_rows[-1][:4] == ["total", "", "", "35"]


def expected_bar(counts, width):
    """done █, open ░, overdue ▓, each in proportion to the tasks that are not cancelled, width cells in all."""
    tasks = counts["tasks"] - counts["cancelled"]
    ends = [round(width * upto / tasks) for upto in (counts["done"], counts["open"] - counts["overdue"]
                                                      + counts["done"], counts["open"] + counts["done"])]
    return "█" * ends[0] + "░" * (ends[1] - ends[0]) + "▓" * (ends[2] - ends[1])


@pytest.mark.parametrize("columns, width", [(100, 10), (160, 20)])
def test_the_terminal_report_draws_each_unit_s_bar_in_proportion(progressed, monkeypatch, columns, width):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run("--today", TODAY, "report", "--format", "table").stdout
    assert "\x1b" not in out
    bars = {}
    for line in out.splitlines():
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        if line.startswith("│") and len(cells) > 2:
            bars[cells[0]] = cells[-1]
    expected = expected_counts("unit")
    assert set(bars) == set(expected) | {"total"}
    for unit, counts in expected.items():
        assert bars[unit] == expected_bar(counts, width), unit
    assert bars["办公室"] == expected_bar({"tasks": 24, "cancelled": 0, "done": 2, "open": 22, "overdue": 3}, width)
    assert bars["total"] == expected_bar({"tasks": 35, "cancelled": 1, "done": 3, "open": 31, "overdue": 3}, width)
    assert out.splitlines()[-1].split() == ["██", "done", "░░", "open", "▓▓", "overdue"]


def test_an_xlsx_report_needs_an_output_file(progressed):
    result = run("report", "--format", "xlsx")
    assert result.exit_code == 1 and "--output" in result.stderr


@pytest.mark.parametrize("command", [("report", "--format", "xlsx"), ("report", "--format", "csv"),
                                     ("report", "--format", "markdown"), ("export", "--format", "xlsx"),
                                     ("export", "--format", "json")])
def test_an_output_file_that_cannot_be_written_is_one_error_line(progressed, tmp_path, command):
    target = tmp_path / "no such folder" / "out"
    result = run(*command, "--output", target)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: cannot write") and str(target) in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not target.parent.exists()


def test_xlsx_export_reads_back_with_header_rows_report_and_text_kept_as_text(progressed, tmp_path):
    import openpyxl  # a dependency of ledger: missing, the test fails rather than skips
    plan = REAL_PLAN.read_text(encoding="utf-8").replace("1.结合权责清单", "1.=HYPERLINK(\"http://x\")结合权责清单")
    formula_plan = tmp_path / "plan_2022.txt"
    formula_plan.write_text(plan, encoding="utf-8")
    assert run("import", formula_plan).exit_code == 0
    output = tmp_path / "台账.xlsx"
    result = run("--today", TODAY, "export", "--format", "xlsx", "--output", output)
    assert result.exit_code == 0 and "Wrote 35 tasks of plan_2022" in result.stdout
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["任务台账", "按单位统计", "按重点任务统计"]
    sheet = book["任务台账"]
    assert sheet["A1"].value == "2022年度任务台账"  # the year the import reads back
    assert [cell.value for cell in sheet[2]] == ["序号", "重点任务", "具体措施", "责任单位", "完成时限", "截止日期",
                                                "延期至", "完成情况", "完成日期", "佐证材料", "最新进展", "进展记录"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 35 and sheet.freeze_panes == "A3" and sheet.print_title_rows == "$1:$2"
    first = sheet["C3"]
    assert first.value.startswith("=HYPERLINK") and first.data_type == "s"
    by_number = {row[0]: row for row in rows}
    assert by_number[1][3] == "法规科(牵头)、相关科(室)(配合)"
    assert by_number[34][5].date() == date(2023, 1, 31) and by_number[34][7] == "推进中"
    assert by_number[30][7] == "逾期16天"
    assert by_number[29][7] == "已完成" and by_number[29][10] == "完成29" and by_number[35][7] == "已取消"
    assert by_number[28][7] == "推进中" and isinstance(by_number[28][0], int)
    fill = {row[0]: sheet.cell(row=index + 3, column=1).fill.fgColor.rgb for index, row in enumerate(rows)}
    assert fill[30].endswith("FFE0E0") and not fill[34].endswith("FFE0E0")
    report = list(book["按单位统计"].iter_rows(values_only=True))
    assert report[0][0] == "单位" and report[-1][0] == "合计" and report[-1][1] == 35


def test_csv_export_is_excel_friendly_and_neutralises_formulas(progressed, tmp_path):
    plan = REAL_PLAN.read_text(encoding="utf-8").replace("1.结合权责清单", "1.=cmd|' /C calc'!A0结合权责清单")
    formula_plan = tmp_path / "plan_2022.txt"
    formula_plan.write_text(plan.replace("|' /C", "' /C"), encoding="utf-8")
    assert run("import", formula_plan).exit_code == 0
    output = tmp_path / "台账.csv"
    assert run("--today", TODAY, "export", "--format", "csv", "--output", output).exit_code == 0
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "序号" and len(rows) == 36
    assert rows[1][2].startswith("'=cmd")
    assert rows[34][0] == "34" and rows[34][5] == "2023-01-31"


def test_json_export_keeps_the_spec_shape(progressed, tmp_path):
    output = tmp_path / "ledger.json"
    assert run("--today", TODAY, "export", "--format", "json", "--output", output).exit_code == 0
    tasks = json.loads(output.read_text(encoding="utf-8"))
    assert len(tasks) == 35 and tasks[33]["id"] == 34 and tasks[33]["deadline"]["due"] == "2023-01-31"
    assert tasks[2]["status"] == "done" and tasks[2]["notes"][0]["text"] == "完成3"


def test_backup_is_a_consistent_copy_and_refuses_to_overwrite(progressed, tmp_path):
    target = tmp_path / "backup.db"
    assert run("backup", target).exit_code == 0
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 4
    again = run("backup", target)
    assert again.exit_code == 1 and "exists already" in again.stderr


NOTE_LOOP = """
import sys
from typer.testing import CliRunner
from ledger.cli.app import app
for n in range(int(sys.argv[1])):
    assert CliRunner().invoke(app, ["note", "1", f"loop {n}"]).exit_code == 0
    print(n, flush=True)
"""


@pytest.mark.slow
def test_backup_while_another_process_writes(progressed, tmp_path, db):
    writer = subprocess.Popen([sys.executable, "-c", NOTE_LOOP, "300"], env=dict(os.environ, LEDGER_DB=str(db)),
                              stdout=subprocess.PIPE, text=True)
    for _ in range(20):  # let it commit some notes first
        writer.stdout.readline()
    committed_before = {text for (text,) in sqlite3.connect(db).execute("SELECT text FROM notes")}
    target = tmp_path / "during.db"
    assert run("backup", target).exit_code == 0
    writer.communicate(timeout=120)
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    in_backup = {text for (text,) in conn.execute("SELECT text FROM notes")}
    assert committed_before <= in_backup and len(in_backup) >= 24


BAR_CHARACTERS = set("█░▓")


def check_table_fits(out: str, width: int) -> None:
    """Every line of a table as wide as the others and no wider than the terminal, closed by its right border,
    and every bar whole (as long as the bar of the total row)."""
    from rich.cells import cell_len

    lines = [line for line in out.splitlines() if line.startswith(("┏", "┃", "┡", "│", "├", "└"))]
    assert lines, out
    widths = {cell_len(line) for line in lines}
    assert len(widths) == 1 and widths.pop() <= width, (width, out)
    assert all(line[-1] in "┓┃┩│┤┘" for line in lines), (width, out)
    bars = {sum(char in BAR_CHARACTERS for char in line) for line in lines if line.startswith("│")}
    assert len(bars - {0}) <= 1, (width, bars, out)


@pytest.mark.slow
@pytest.mark.parametrize("by", ["unit", "section"])
def test_progress_tables_keep_their_border_and_bars_at_every_width(progressed, db, monkeypatch, by):
    import io

    from ledger import query
    from ledger.render import formatter
    from ledger.store import Store

    store = Store.open(db)
    rows, total = query.progress(store, by, None, date.fromisoformat(TODAY))
    for width in range(60, 201):
        monkeypatch.setenv("COLUMNS", str(width))  # what Rich reads when the output is not a terminal
        out = io.StringIO()
        formatter("table", out).progress(rows, total, by)
        check_table_fits(out.getvalue(), width)


@pytest.mark.parametrize("width", [80, 119, 120, 122, 125, 126])
@pytest.mark.parametrize("command", [("units",), ("report", "--by", "unit"), ("report", "--by", "section")])
def test_units_and_report_fit_the_terminal(progressed, monkeypatch, command, width):
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("--today", TODAY, *command, "--format", "table")
    assert result.exit_code == 0
    check_table_fits(result.stdout, width)


@pytest.mark.slow
def test_a_report_of_two_plans_by_section_fits_too(progressed, monkeypatch, tmp_path):
    assert run("import", REAL_PLAN, "--plan", "另一个计划_2022").exit_code == 0
    for width in range(60, 201, 7):
        monkeypatch.setenv("COLUMNS", str(width))
        check_table_fits(run("--today", TODAY, "report", "--by", "section", "--format", "table").stdout, width)


FORMULAS = "一、标题 |\n1.=SUM(A1:A9)核对 |\n办公室 |\n长期 |\n2.+86电话 |\n办公室 |\n长期 |\n3.-1项 |\n办公室 |\n长期 |\n" \
           "4.@某人 |\n办公室 |\n长期 |\n5.正常的任务 |\n=办公室 |\n长期 |\n"


def test_list_and_export_write_csv_with_the_same_neutralised_cells(tmp_path, monkeypatch):
    plan = tmp_path / "formulas_2022.txt"
    plan.write_text(FORMULAS, encoding="utf-8")
    assert run("import", plan).exit_code == 0
    listed = list(csv.reader(run("list", "--format", "csv").stdout.splitlines()))
    column = listed[0].index("text")
    assert [row[column] for row in listed[1:]] == ["'=SUM(A1:A9)核对", "'+86电话", "'-1项", "'@某人", "正常的任务"]
    assert listed[5][listed[0].index("units")] == "'=办公室"
    monkeypatch.chdir(tmp_path)
    exported = run("export", "--format", "csv", "--output", "-")
    assert exported.exit_code == 0 and not (tmp_path / "-").exists()
    rows = list(csv.reader(exported.stdout.splitlines()))
    assert rows[0][0] == "序号" and [row[2] for row in rows[1:]] == [row[column] for row in listed[1:]]


def test_export_to_a_dash_writes_standard_output(progressed, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("--today", TODAY, "export", "--format", "json", "--output", "-")
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 35 and not (tmp_path / "-").exists()
    csv_out = run("--today", TODAY, "export", "--format", "csv", "--output", "-").stdout
    assert not csv_out.startswith("\ufeff") and len(list(csv.reader(csv_out.splitlines()))) == 36
    report = run("--today", TODAY, "report", "--format", "csv", "--output", "-")
    assert report.exit_code == 0 and report.stdout.startswith("unit,tasks,")
    refused = run("export", "--format", "xlsx", "--output", "-")
    assert refused.exit_code == 1 and "needs a file" in refused.stderr and not (tmp_path / "-").exists()


@pytest.mark.parametrize("command, name", [
    (("export", "--format", "xlsx"), "台账.xlsx"), (("export", "--format", "csv"), "台账.csv"),
    (("export", "--format", "json"), "台账.json"), (("report", "--format", "xlsx"), "进展.xlsx"),
    (("report", "--format", "csv"), "进展.csv"), (("report",), "进展.txt"), (("backup",), "副本.db")])
def test_an_existing_file_is_never_overwritten_without_force(progressed, tmp_path, command, name):
    target = tmp_path / name
    target.write_text("别人的文件", encoding="utf-8")
    where = (target,) if command == ("backup",) else ("--output", target)
    refused = run("--today", TODAY, *command, *where)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr == f"Error: {target} exists already; add --force to overwrite it, or choose another file name\n"
    assert target.read_text(encoding="utf-8") == "别人的文件"
    forced = run("--today", TODAY, *command, *where, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes() != "别人的文件".encode() and str(target) in forced.stdout
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(name)] == [name]  # no partial copy


def test_a_forced_backup_is_a_whole_ledger(progressed, tmp_path):
    target = tmp_path / "backup.db"
    target.write_bytes(b"not a database")
    assert run("backup", target, "--force").exit_code == 0
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 35


def test_a_format_that_contradicts_the_file_name_is_refused(progressed, tmp_path):
    for command in (("export", "--format", "xlsx", "--output", tmp_path / "x.csv"),
                    ("report", "--format", "json", "--output", tmp_path / "x.xlsx"),
                    ("export", "--format", "csv", "--output", tmp_path / "x.JSON")):
        result = run(*command)
        assert result.exit_code == 1 and "does not match the file name" in result.stderr, command
    assert [path.name for path in tmp_path.iterdir() if path.suffix != ".db"] == []


def test_the_file_name_decides_the_format_when_none_is_given(progressed, tmp_path):
    import openpyxl
    assert run("--today", TODAY, "export", "--output", tmp_path / "台账.xlsx").exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "台账.xlsx").sheetnames[0] == "任务台账"
    assert run("--today", TODAY, "export", "--output", tmp_path / "台账.csv").exit_code == 0
    assert (tmp_path / "台账.csv").read_bytes().startswith("\ufeff序号".encode())
    assert run("--today", TODAY, "report", "--output", tmp_path / "进展.md").exit_code == 0
    assert (tmp_path / "进展.md").read_text(encoding="utf-8").startswith("| unit | tasks |")
    unknown = run("export", "--output", tmp_path / "台账.txt")
    assert unknown.exit_code == 1 and "add --format" in unknown.stderr and not (tmp_path / "台账.txt").exists()


@pytest.mark.parametrize("cell, written", [
    ("-384", "-384"), ("-3.5", "-3.5"), ("+12", "+12"), (-384, -384), (0, 0), ("12", "12"),
    ("-1项", "'-1项"), ("=1+1", "'=1+1"), ("+86电话", "'+86电话"), ("@某人", "'@某人"), ("-", "'-"),
    ("\t-3", "'\t-3"), ("-3-3", "'-3-3"), ("-1e5", "'-1e5"), ("正常", "正常")])
def test_a_plain_number_is_not_a_formula_but_text_that_starts_one_is(cell, written):
    from ledger.render.csv import neutralised

    assert neutralised(cell) == written


def test_overdue_csv_writes_negative_days_left_as_numbers(progressed):
    result = run("--today", TODAY, "overdue", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(result.stdout.splitlines()))
    days = [row[rows[0].index("days_left")] for row in rows[1:]]
    assert days and all(int(day) < 0 for day in days), days


@pytest.mark.parametrize("command", [("export", "--format", "csv", "--output"), ("export", "--format", "json", "--output"),
                                     ("report", "--format", "csv", "--output"), ("backup",)])
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_no_output_ever_overwrites_the_ledger_database(progressed, db, tmp_path, monkeypatch, command, suffix):
    from conftest import dump

    target = db.with_name(db.name + suffix)  # SQLite's -wal/-shm/-journal: absent between commands
    before, kept = dump(db), target.exists() and target.read_bytes()
    monkeypatch.chdir(tmp_path)
    for written in (target, f"./sub/../{target.name}"):  # the same file, however it is spelt
        (tmp_path / "sub").mkdir(exist_ok=True)
        refused = run("--today", TODAY, *command, written, "--force")
        assert refused.exit_code == 1 and refused.stdout == "", refused.stdout
        assert refused.stderr.startswith("Error: ") and refused.stderr.count("\n") == 1
        assert "ledger database" in refused.stderr
        assert (target.exists() and target.read_bytes()) == kept and dump(db) == before


def test_a_symlink_to_the_database_is_the_database(progressed, db, tmp_path):
    link = tmp_path / "台账.csv"
    link.symlink_to(db)
    refused = run("export", "--output", link, "--force")
    assert refused.exit_code == 1 and "ledger database" in refused.stderr
