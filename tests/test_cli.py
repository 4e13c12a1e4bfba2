"""The command end to end: stdout, stderr and exit code, with the clock pinned by --today."""
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, dump, no_ledger_at, run, write_plan

pytestmark = pytest.mark.both_databases


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ids(result):
    return [task["id"] for task in as_json(result)]



def test_import_summary_names_plan_year_counts_and_warnings(real_plan):
    result = run("import", real_plan)
    assert result.exit_code == 0 and result.stderr == ""
    out = result.stdout
    assert "plan plan_2022" in out and "35 tasks in 16 sections (7 dated, 28 ongoing)" in out
    assert "Year 2022, from the file name." in out
    assert "line 24: sections 5 and 6 have the same title “加强优化营商环境信息公开”" in out
    assert out.count("dropped term") > 10


def test_year_from_the_text_is_said(tmp_path, real_plan):
    result = run("import", write_plan(tmp_path, real_plan.read_text(encoding="utf-8"), "plan.txt"))
    assert result.exit_code == 0
    assert "Year 2022, from “2022年” in the plan text at line 117." in result.stdout


def test_importing_the_same_file_twice_says_no_changes(imported, real_plan, db):
    before = dump(db)
    result = run("import", real_plan)
    assert result.exit_code == 0
    assert "No changes" in result.stdout
    assert dump(db) == before


def test_reimport_reports_changes_and_keeps_notes(imported, real_plan, tmp_path):
    run("note", "21", "数据集已更新一半")
    changed = real_plan.read_text(encoding="utf-8").replace("2023年 3月1日", "2023年 3月31日")
    changed = changed.replace("28.要严格审核", "36.要严格审核")
    result = run("import", write_plan(tmp_path, changed), "--plan", "plan_2022")
    assert result.exit_code == 0, result.stderr
    assert "Tasks added: 36." in result.stdout and "removed (no longer in the file): 28." in result.stdout
    assert "task 35: deadline: 2023年 3月1日 → 2023年 3月31日" in result.stdout
    shown = as_json(run("show", "21", "--format", "json"))[0]
    assert [n["text"] for n in shown["notes"]] == ["数据集已更新一半"]
    assert ids(run("list", "--status", "removed", "--format", "json")) == [28]


def test_dry_run_lists_changes_and_writes_nothing(imported, real_plan, tmp_path, db):
    before = dump(db)
    changed = real_plan.read_text(encoding="utf-8").replace("12月30日", "11月30日")
    result = run("import", write_plan(tmp_path, changed), "--dry-run")
    assert result.exit_code == 0
    assert "Tasks would be changed: 5." in result.stdout and "Dry run: nothing was written." in result.stdout
    assert dump(db) == before


def test_dry_run_without_a_database_creates_none(real_plan, db):
    result = run("import", real_plan, "--dry-run")
    assert result.exit_code == 0 and "Would import" in result.stdout
    assert no_ledger_at(db)


@pytest.mark.parametrize("content, where, what", [
    ("一、标题 |\n1.只有任务没有责任单位 |\n", ":2:", "no units cell"),
    ("一、甲 |\n1.任务 |\n办公室 |\n长期 |\n1.又一个 |\n办公室 |\n长期 |", ":5:", "appears twice"),
    ("只是一段文字。", ": ", "no task found"),
])
def test_bad_files_give_one_error_line_and_leave_the_database_alone(imported, tmp_path, db, content, where, what):
    before = dump(db)
    bad = write_plan(tmp_path, content, "bad_2022.txt")
    result = run("import", bad, "--plan", "plan_2022")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {bad}{where}") and what in result.stderr
    assert result.stderr.count("\n") == 1
    assert dump(db) == before


def test_missing_and_binary_files(tmp_path):
    result = run("import", tmp_path / "missing.txt")
    assert (result.exit_code, result.stderr.startswith("Error:"), "no such file" in result.stderr) == (1, True, True)
    binary = tmp_path / "scan_2022.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("import", binary)
    assert result.exit_code == 1 and "not a text file" in result.stderr


def test_read_commands_without_a_ledger_say_to_import(db):
    result = run("overdue")
    assert result.exit_code == 1 and "import a plan first" in result.stderr
    assert no_ledger_at(db)


def test_overdue_is_plain_when_piped_most_overdue_first(imported):
    result = run("--today", "2026-11-26", "overdue")
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["21", "29", "30", "32", "33", "34", "35"]
    fields = lines[-2].split("\t")
    assert fields[:4] == ["34", "2023-01-31", "-1395", "办公室"] and fields[-3:] == ["plan_2022", "open", ""]
    assert fields[4].startswith("工作要点落实情况")


def test_overdue_with_nothing_late_prints_nothing_or_an_empty_array(imported):
    assert (run("--today", "2022-06-01", "overdue").stdout, run("--today", "2022-06-01", "overdue").exit_code) == ("", 0)
    assert as_json(run("--today", "2022-06-01", "overdue", "--format", "json")) == []
    assert run("--today", "2022-06-01", "overdue", "--format", "table").stdout == ""


def test_overdue_exit_code(imported):
    assert run("--today", "2026-11-26", "overdue", "--exit-code").exit_code == 3
    assert run("--today", "2022-06-01", "overdue", "--exit-code").exit_code == 0


def test_today_comes_from_the_environment_too(imported, monkeypatch):
    monkeypatch.setenv("LEDGER_TODAY", "2022-06-01")
    assert run("overdue").stdout == ""


def test_a_bad_today_is_a_usage_error(imported):
    result = run("--today", "2022-13-01", "overdue")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_due_for_a_unit_within_days(imported):
    assert ids(run("--today", "2022-12-01", "due", "--unit", "办公室", "--format", "json")) == [29, 30, 32, 33]
    assert ids(run("--today", "2022-12-01", "due", "--unit", "办公室", "--within", "61", "--format", "json")) == [
        29, 30, 32, 33, 34]
    days = [t["days_left"] for t in as_json(run("--today", "2022-12-01", "due", "--within", "91", "-f", "json"))]
    assert days == [29, 29, 29, 29, 29, 61, 90]


def test_due_includes_overdue_and_leaves_out_done_and_cancelled(imported):
    run("done", "29")
    run("cancel", "30", "--note", "不适用")
    assert ids(run("--today", "2023-01-15", "due", "--format", "json")) == [21, 32, 33, 34]


def test_unit_names_are_normalised_and_unknown_ones_suggest(imported):
    assert ids(run("list", "--unit", "相关科（室）", "--format", "json")) == [1]
    result = run("due", "--unit", "办公")
    assert result.exit_code == 1 and result.stderr.startswith("Error:") and "办公室" in result.stderr
    result = run("due", "--unit", "宣传部")
    assert result.exit_code == 1 and "测管科" in result.stderr


def test_list_filters(imported):
    assert ids(run("list", "--unit", "法规科", "--role", "guide", "--format", "json")) == [10, 11, 13]
    assert ids(run("list", "--role", "implement", "--format", "json")) == [7, 10, 11, 13, 14, 15, 26]
    assert ids(run("list", "--section", "16", "--format", "json")) == list(range(29, 36))
    assert len(ids(run("list", "--format", "json"))) == 35


def test_done_note_cancel_reopen_round_trip(imported):
    from datetime import datetime, timedelta

    started = datetime.now().astimezone().replace(microsecond=0)
    result = run("--today", "2023-01-20", "done", "34", "--note", "已于1月20日在门户网站发布")
    assert result.exit_code == 0 and "task 34 of plan_2022" in result.stdout and "status done" in result.stdout
    again = run("done", "34")
    assert again.exit_code == 1 and again.stderr.startswith("Error:") and "already done" in again.stderr
    assert run("note", "34", "补充说明", "--by", "wang").exit_code == 0
    assert run("reopen", "34", "--note", "年报需补充数据").exit_code == 0
    assert run("done", "34", "--note", "-", input="补充后重新发布\n").exit_code == 0
    shown = as_json(run("show", "34", "--format", "json"))[0]
    assert shown["status"] == "done"
    assert [(n["kind"], n["by"], n["text"]) for n in shown["notes"]] == [
        ("done", "tester", "已于1月20日在门户网站发布"), ("note", "wang", "补充说明"),
        ("reopen", "tester", "年报需补充数据"), ("done", "tester", "补充后重新发布")]
    # History keeps the real clock (--today never moves it), with the offset of the local time.
    ended = datetime.now().astimezone() + timedelta(seconds=1)
    assert all(started <= datetime.fromisoformat(n["at"]) <= ended and n["at"][-6] in "+-" for n in shown["notes"])


def test_cancel_needs_a_reason_and_leaves_overdue(imported):
    assert run("cancel", "35").exit_code == 2
    assert run("cancel", "35", "--note", " ").exit_code == 1
    assert run("cancel", "35", "--note", "上级通知本年度不再单独报送").exit_code == 0
    assert 35 not in ids(run("--today", "2026-11-26", "overdue", "--format", "json"))
    assert run("list", "--status", "cancelled").stdout.startswith("35\t")
    assert run("reopen", "35").exit_code == 0
    assert 35 in ids(run("--today", "2026-11-26", "overdue", "--format", "json"))


def test_show_plain_adds_one_indented_line_per_note(imported):
    run("note", "21", "数据集已更新一半")
    lines = run("show", "21", "--format", "plain").stdout.splitlines()
    assert lines[0].startswith("21\t2022-12-30\t")
    assert len(lines) == 2 and lines[1].startswith("    note\t")
    assert lines[1].split("\t")[2:] == ["tester", "note", "", "数据集已更新一半"]  # who, kind, period, text


def test_task_commands_need_a_plan_when_there_are_several(imported, real_plan, tmp_path, monkeypatch):
    run("import", real_plan, "--plan", "other")
    result = run("done", "1")
    assert result.exit_code == 1 and "plan_2022" in result.stderr and "other" in result.stderr
    assert run("done", "1", "--plan", "other").exit_code == 0
    monkeypatch.setenv("LEDGER_PLAN", "plan_2022")
    assert as_json(run("show", "1", "--format", "json"))[0]["status"] == "open"
    result = run("show", "1", "--plan", "nope")
    assert result.exit_code == 1 and "no plan is called 'nope'" in result.stderr


def test_unknown_task_id(imported):
    result = run("done", "99")
    assert result.exit_code == 1 and "no task 99" in result.stderr


def test_units_and_plans_as_json(imported):
    units = as_json(run("units", "--format", "json"))
    office = units[0]
    assert office["unit"] == "办公室" and office["tasks"] == 24 and office["roles"]["lead"] == 24
    assert len(units) == 14
    plans = as_json(run("plans", "--format", "json"))
    assert [(p["plan"], p["year"], p["tasks"]) for p in plans] == [("plan_2022", 2022, 35)]
    assert plans[0]["source"].endswith("plan_2022.txt")


def test_json_shape_of_a_task(imported):
    task = as_json(run("--today", "2026-11-26", "show", "34", "--format", "json"))[0]
    assert task == {
        "plan": "plan_2022", "id": 34, "section": {"no": 16, "title": "强化工作指导监督"}, "subsection": None,
        "text": task["text"], "units": [{"name": "办公室", "role": "lead", "verb": ""}],
        "deadline": {"raw": "2023年 1月31日", "kind": "date", "due": "2023-01-31"},
        "status": "open", "overdue": True, "days_left": -1395, "workdays_left": -953, "light": "red",
        "period": None, "periods": [], "postponed": None, "completed_on": None, "evidence": [],
        "notes": [], "extra": {}, "carried_from": None}
    assert "\\u" not in run("show", "34", "--format", "json").stdout  # Chinese is written as itself


EXPECTED_TASKS = {task["id"]: task for task in json.loads(
    (Path(__file__).parent / "data" / "plan_2022.expected.json").read_text(encoding="utf-8"))["tasks"]}


def days_until(due, today="2022-12-01"):
    return "" if due is None else str((date.fromisoformat(due) - date.fromisoformat(today)).days)


def test_csv_cells_hold_each_task_as_the_expected_plan_has_it(imported):
    assert run("done", "29", "--note", "开过了").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run("--today", "2022-12-01", "list", "--format", "csv").stdout)))
    assert [int(row["id"]) for row in rows] == sorted(EXPECTED_TASKS)
    for row in rows:
        task = EXPECTED_TASKS[int(row["id"])]
        assert row["plan"] == "plan_2022"
        assert (int(row["section_no"]), row["section_title"]) == (task["section"]["no"], task["section"]["title"])
        assert (row["deadline"], row["deadline_kind"]) == (task["deadline"]["raw"], task["deadline"]["kind"])
        assert row["due"] == (task["deadline"]["due"] or "")
        assert row["status"] == ("done" if task["id"] == 29 else "open")
        if row["status"] == "open":
            assert row["days_left"] == days_until(task["deadline"]["due"])
        assert all(unit["name"] in row["units"] for unit in task["units"])


def test_markdown_cells_hold_each_task_as_the_expected_plan_has_it(imported):
    assert run("done", "29", "--note", "开过了").exit_code == 0
    lines = run("--today", "2022-12-01", "list", "--format", "markdown").stdout.splitlines()
    header, rule, *body = lines
    columns = [cell.strip() for cell in header.strip("|").split(" | ")]
    assert rule == "|" + "|".join("---" for _ in columns) + "|"
    rows = [dict(zip(columns, (cell.strip() for cell in line[2:-2].split(" | ")))) for line in body]
    assert [int(row["#"]) for row in rows] == sorted(EXPECTED_TASKS)
    for row in rows:
        task = EXPECTED_TASKS[int(row["#"])]
        assert row["Due"] == (task["deadline"]["due"] or task["deadline"]["raw"])
        assert row["Status"] == ("done" if task["id"] == 29 else "open")
        if row["Status"] == "open":
            assert row["Days left"] == days_until(task["deadline"]["due"])
        assert all(unit["name"] in row["Units"] for unit in task["units"])


def test_table_lines_up_chinese_text(imported):
    out = run("--today", "2022-12-01", "due", "--unit", "办公室", "--format", "table").stdout
    from rich.cells import cell_len

    widths = {cell_len(line) for line in out.splitlines() if line}
    assert len(widths) == 1 and "办公室" in out


def header_of(table: str) -> list[str]:
    return [cell.strip() for cell in table.splitlines()[1].strip("┃").split("┃")]


def test_a_table_leaves_out_status_and_plan_when_every_row_has_the_same(imported):
    # due and overdue list only open tasks: a Status column would say "open" on every row.
    assert header_of(run("--today", "2022-12-01", "due", "--format", "table").stdout) == [
        "#", "Due", "Days left", "Light", "Units", "Task"]
    assert run("done", "29", "--note", "开过了").exit_code == 0
    assert header_of(run("list", "--unit", "办公室", "--format", "table").stdout) == [
        "#", "Due", "Days left", "Light", "Status", "Units", "Task"]


HOSTILE = "1.[bold red]注入[/] \x1b[31m红\x1b[0m\r覆盖\b\u202e反向\u200b零宽 |\n[link=x]办公室[/link] |\n长期 |\n"


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "csv", "markdown"])
def test_plan_text_is_shown_literally_and_escapes_never_reach_the_terminal(tmp_path, fmt):
    assert run("import", write_plan(tmp_path, "一、标题 |\n" + HOSTILE)).exit_code == 0
    out = run("show", "1", "--format", fmt).stdout + run("list", "--format", fmt).stdout
    assert "[bold red]注入[/]" in out
    for char in "\x1b\r\b\u202e\u200b":
        assert char not in out
    assert "\\u001b[31m" in out


def every_command():
    """(path, is_group) of every command the app has, groups and their subcommands too, asked the way Click asks
    a group (list_commands, get_command): a new command is covered by itself."""
    import typer
    import typer.main

    from ledger.cli.app import app

    def walk(group, path):
        context = typer.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            is_group = hasattr(command, "list_commands")  # a group such as `plan`: its subcommands too
            yield (*path, name), is_group
            if is_group:
                yield from walk(command, (*path, name))

    return sorted(walk(typer.main.get_command(app), ()))


def readme_commands():
    """The commands the README's table of commands names, as the words that name them (`("plan", "list")`)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("\n| command | example | does |\n", 1)[1].split("\n\n", 1)[0]
    paths = set()
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        first_cell = row.split(" | ")[0]
        for span in re.findall(r"`([^`]+)`", first_cell):
            words = span.split()
            if words[0].startswith("-"):  # an option of the command before it
                continue
            subcommand = len(words) > 1 and words[1].isalpha() and words[1].islower()  # `plan list`, not `show ID`
            paths.add(tuple(words[:2]) if subcommand else (words[0],))
    return paths


def test_the_readmes_table_of_commands_names_every_command_and_no_other():
    commands = dict(every_command())
    named = readme_commands()
    assert named <= set(commands), named - set(commands)
    assert {path for path, is_group in commands.items() if not is_group} <= named


def command_at(path):
    import typer
    import typer.main

    from ledger.cli.app import app

    command = typer.main.get_command(app)
    for name in path:
        command = command.get_command(typer.Context(command), name)
    return command


@pytest.mark.parametrize("path, is_group", every_command(), ids=[" ".join(path) for path, _ in every_command()])
def test_every_command_has_a_description_and_an_example_of_itself_that_parses(path, is_group):
    import re
    import shlex

    import typer

    command = command_at(path)
    description = command.help.split("\n", 1)[0]
    assert description.strip() and not description.startswith("Example"), path
    shown = run(*path, "--help")
    usage = shown.stdout.splitlines()[1].split()
    assert shown.exit_code == 0 and usage[0] == "Usage:" and tuple(usage[2:2 + len(path)]) == path
    assert description.strip()[:30] in shown.stdout
    examples = re.findall(r"Example: (ledger [^\n]*)", command.help)
    if is_group:  # a group lists its commands, each of which has its own example
        listed = command.list_commands(typer.Context(command))
        assert listed and all(f" {name} " in shown.stdout for name in listed)
        return
    assert examples, f"{' '.join(path)} has no example"
    for example in examples:
        words = shlex.split(example)[1:]
        assert tuple(words[:len(path)]) == path, example  # the example shows this very command
        command.make_context(" ".join(path), words[len(path):])  # and its options and arguments are the command's


def test_version():
    from ledger import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"ledger {__version__}"


def test_default_database_lives_in_the_user_data_folder(tmp_path, monkeypatch, real_plan):
    monkeypatch.delenv("LEDGER_DB")
    assert run("import", real_plan).exit_code == 0
    assert (tmp_path / "xdg" / "ledger" / "ledger.db").exists()


@pytest.mark.sqlite_only
def test_db_option_wins_over_the_environment(tmp_path, real_plan, db):
    other = tmp_path / "other.db"
    assert run("--db", other, "import", real_plan).exit_code == 0
    assert other.exists() and not db.exists()


def test_a_large_import_piped_shows_no_progress_bar(tmp_path):
    rows = "".join(f"{n}.任务{'内容' * 20} |\n办公室 |\n长期 |\n" for n in range(1, 12001))
    plan = write_plan(tmp_path, "一、甲 |\n" + rows)
    assert plan.stat().st_size > 1_000_000
    result = run("import", plan)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("Imported plan plan_2022") and "━" not in result.stdout


def test_the_progress_bar_goes_to_stderr_on_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    rows = "".join(f"{n}.任务{'内容' * 20} |\n办公室 |\n长期 |\n" for n in range(1, 12001))
    plan = write_plan(tmp_path, "一、甲 |\n" + rows)
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "ledger", "--db", str(tmp_path / "l.db"), "import", str(plan)],
                               stdout=subprocess.PIPE, stderr=terminal, env=dict(os.environ, TERM="xterm"))
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the command closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    assert b"Reading the plan" in shown and "━".encode() in shown
    assert stdout.decode().startswith("Imported plan plan_2022") and "━" not in stdout.decode()


def test_import_and_changes_speak_json_for_scripts(real_plan):
    summary = as_json(run("import", real_plan, "--format", "json"))
    assert (summary["plan"], summary["year"], summary["tasks"], summary["deadlines"]) == (
        "plan_2022", 2022, 35, {"ongoing": 28, "date": 7})
    assert summary["first_import"] and len(summary["warnings"]) == 14 and summary["warnings"][0]["line"] == 1
    again = as_json(run("import", real_plan, "--format", "json"))
    assert not again["first_import"] and again["added"] == again["changed"] == again["removed"] == []
    done = as_json(run("--today", "2023-01-20", "done", "34", "--note", "已发布", "--format", "json"))
    assert done[0]["id"] == 34 and done[0]["status"] == "done" and done[0]["notes"][0]["text"] == "已发布"


def test_show_in_a_terminal_gives_the_whole_task_and_its_history(imported):
    run("note", "21", "数据集已更新一半", "--by", "li")
    out = run("--today", "2026-11-26", "show", "21", "--format", "table").stdout
    for expected in ("Section   12 提升政务网站、政务新媒体运维管理水平", "国土信息中心 (lead)、各职能科(室) (assist)",
                     "12月30日 (due 2022-12-30, 1427 days overdue)", "open — overdue", "History", "数据集已更新一半"):
        assert expected in out, expected


def boundary_app():
    """A one-command app behind the ledger's own error boundary, its command failing in a way nobody foresaw."""
    import typer

    from ledger.cli.app import BoundaryGroup

    little = typer.Typer(cls=BoundaryGroup, pretty_exceptions_enable=False)

    @little.command()
    def divide(by: int) -> None:
        print(1 // by)

    @little.command()
    def other() -> None:
        pass

    return little


def test_an_unforeseen_exception_is_one_error_line_and_exit_1(monkeypatch):
    from typer.testing import CliRunner

    result = CliRunner().invoke(boundary_app(), ["divide", "0"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("Error: internal error: ZeroDivisionError: integer division or modulo by zero "
                             "(set LEDGER_DEBUG=1 for the traceback)\n")
    assert CliRunner().invoke(boundary_app(), ["divide", "x"]).exit_code == 2  # usage errors stay Typer's
    monkeypatch.setenv("LEDGER_DEBUG", "1")
    result = CliRunner().invoke(boundary_app(), ["divide", "0"])
    assert isinstance(result.exception, ZeroDivisionError)  # the traceback, for whoever debugs it


def test_a_non_text_encoding_is_one_error_line(real_plan):
    result = run("import", real_plan, "--encoding", "rot13")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1 and "rot13" in result.stderr


def test_errors_begin_with_the_catalogue_prefix():
    from ledger import messages

    assert (messages.ENGLISH["error_prefix"], messages.CHINESE["error_prefix"]) == ("Error: ", "错误：")
    messages.use_language("zh")
    try:
        result = run("show", "1")
    finally:
        messages.use_language("en")
    assert result.exit_code == 1 and result.stderr.startswith("错误：")


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_note_is_refused_and_nothing_is_recorded(imported, db, blank):
    before = dump(db)
    result = run("note", "21", blank)
    assert result.exit_code == 1 and result.stdout == "" and result.stderr.startswith("Error: a note needs some text")
    assert run("note", "21", "-", input=blank).exit_code == 1
    assert dump(db) == before


def test_plain_ends_with_status_and_period_and_a_closed_task_has_no_days_left(imported):
    assert run("done", "34", "--note", "已发布").exit_code == 0
    assert run("cancel", "35", "--note", "不适用").exit_code == 0
    lines = run("--today", "2026-11-26", "list", "--section", "16", "--status", "all", "--format", "plain").stdout
    fields = {line.split("\t")[0]: line.split("\t") for line in lines.splitlines()}
    assert all(len(row) == 8 for row in fields.values())
    assert fields["33"][1:3] == ["2022-12-30", "-1427"] and fields["33"][-2:] == ["open", ""]
    assert fields["34"][1:3] == ["2023-01-31", ""] and fields["34"][-2:] == ["done", ""]
    assert fields["35"][2] == "" and fields["35"][-2:] == ["cancelled", ""]
    shown = {task["id"]: task for task in as_json(run("--today", "2026-11-26", "list", "--section", "16", "-f", "json"))}
    assert (shown[33]["days_left"], shown[34]["days_left"], shown[35]["days_left"]) == (-1427, None, None)
    assert (shown[33]["overdue"], shown[34]["overdue"], shown[35]["overdue"]) == (True, False, False)


@pytest.mark.parametrize("bad", ["20221201", "2022-W48-4", "2022-12-1", "2022/12/01", "2022-12-01T00:00"])
def test_today_must_be_written_yyyy_mm_dd(imported, bad):
    result = run("--today", bad, "overdue")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr and "--today" in result.stderr


def test_a_bad_today_from_the_environment_names_the_variable(imported, monkeypatch):
    monkeypatch.setenv("LEDGER_TODAY", "20221201")
    result = run("overdue")
    assert result.exit_code == 2 and "LEDGER_TODAY" in result.stderr and "'20221201'" in result.stderr


def test_an_unknown_section_is_an_error_that_lists_the_sections(imported):
    result = run("list", "--section", "99")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: no section 99; the sections are: 1 持续推进基层")
    assert "16 强化工作指导监督" in result.stderr and result.stderr.count("\n") == 1
    assert run("due", "--section", "0").exit_code == 1 and run("overdue", "--section", "17").exit_code == 1
    assert len(ids(run("list", "--section", "16", "--format", "json"))) == 7


@pytest.mark.parametrize("typed, suggested", [("局办公室", "办公室"), ("法规", "法规科"), ("财物科", "财务科"),
                                               ("国土信息", "国土信息中心")])
def test_an_unknown_unit_suggests_the_similar_ones(imported, typed, suggested):
    result = run("list", "--unit", typed)
    assert result.exit_code == 1 and "did you mean: " in result.stderr and suggested in result.stderr
    assert "测管科" not in result.stderr  # not the whole list


def test_a_db_in_a_folder_that_does_not_exist_is_an_error(tmp_path, real_plan):
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    result = run("--db", missing, "import", real_plan)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: cannot use {missing}: the folder {missing.parent} does not exist")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "csv", "markdown"])
@pytest.mark.parametrize("args", [("due", "--within", "60"), ("list",), ("overdue",), ("show", "21")])
def test_what_a_command_prints_is_its_formatters_rendering_of_the_query(imported, db, monkeypatch, fmt, args):
    import io

    from ledger import query
    from ledger.render import formatter
    from ledger.rules import view
    from ledger.store import Store, TaskFilter, location
    from ledger.workdays import WorkCalendar

    monkeypatch.setenv("COLUMNS", "150")
    today = date(2023, 1, 15)  # tasks overdue, and others due within 60 days
    printed = run("--today", today.isoformat(), *args, "--format", fmt)
    assert printed.exit_code == 0, printed.stderr
    store = Store.open(location(db))
    try:
        where = query.check_filter(store, TaskFilter())
        items = {"due": lambda: query.due(store, where, today, 60), "list": lambda: query.list_tasks(store, where, today),
                 "overdue": lambda: query.overdue(store, where, today),
                 "show": lambda: [view(store.task("plan_2022", 21), today)]}[args[0]]()
    finally:
        store.close()
    expected = io.StringIO()
    formatter(fmt, expected, lambda: WorkCalendar(5)).tasks(items, with_notes=args[0] == "show")
    assert printed.stdout == expected.getvalue()


@pytest.mark.parametrize("fmt, nothing", [("table", ""), ("plain", ""), ("csv", ""), ("markdown", ""), ("json", "[]\n")])
def test_each_formatter_says_nothing_late_its_own_way(fmt, nothing):
    import io

    from ledger.render import formatter

    out = io.StringIO()
    formatter(fmt, out).no_tasks()
    assert out.getvalue() == nothing


@pytest.mark.sqlite_only
@pytest.mark.parametrize("args", [("done", "34"), ("note", "21", "一半"), ("list",), ("report",), ("units",)])
def test_a_command_closes_the_ledger_it_opened(imported, db, args):
    # A connection left to the garbage collector keeps the -wal file beside the ledger after the command ends.
    import gc

    gc.disable()
    try:
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        assert not db.with_name(db.name + "-wal").exists()
    finally:
        gc.enable()


def test_global_options_after_the_command_are_the_commands_own(imported, tmp_path):
    late_in_2022 = run("--today", "2022-12-01", "due", "-f", "json").stdout
    assert run("due", "--today", "2022-12-01", "-f", "json").stdout == late_in_2022
    assert run("due", "--today=2022-12-01", "-f", "json").stdout == late_in_2022
    other = tmp_path / "other.db"
    assert run("import", ROOT / "data" / "plan_2022.txt", "--db", other).exit_code == 0 and other.exists()
    assert run("plan", "archive", "plan_2022", "--db", other).exit_code == 0
    assert json.loads(run("plan", "list", "-f", "json").stdout)[0]["archived"] == 0  # the default ledger untouched
    assert "未完成" in run("list", "--lang", "zh", "-f", "table").stdout
    assert run("due", "--today", "20221201").exit_code == 2


def test_after_a_double_dash_a_global_option_is_text(imported):
    result = run("note", "21", "--", "--today")
    assert result.exit_code == 0, result.stderr
    assert json.loads(run("show", "21", "-f", "json").stdout)[0]["notes"][-1]["text"] == "--today"


def test_the_installed_command_takes_today_after_the_command(real_plan, tmp_path):
    import subprocess
    import sys

    db = tmp_path / "x.db"
    subprocess.run([sys.executable, "-m", "ledger", "--db", str(db), "import", str(real_plan)], check=True,
                   capture_output=True)
    result = subprocess.run([sys.executable, "-m", "ledger", "overdue", "--today", "2023-01-02", "--db", str(db)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["21", "29", "30", "32", "33"]


def test_a_narrow_terminal_writes_each_task_as_a_card_with_its_text_full_width(imported, monkeypatch):
    """COLUMNS=60: a table left the task text a few characters wide while the date column kept its width, and
    eight tasks ran to 83 lines (list: 818 lines for 35 tasks)."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "60")
    due = run("--today", "2022-12-20", "due", "-f", "table")
    assert due.exit_code == 0, due.stderr
    lines = due.stdout.splitlines()
    count = len(json.loads(run("--today", "2022-12-20", "due", "-f", "json").stdout))
    assert count == 5 and len(lines) <= 5 * count
    assert all(cell_len(line) <= 60 for line in lines)
    text_29 = next(index for index, line in enumerate(lines) if "领导小组要充分发挥" in line)
    assert cell_len(lines[text_29].strip()) >= 50  # the text takes the width, not a sliver of it
    assert "10 days left" in due.stdout
    listed = run("list", "-f", "table").stdout.splitlines()
    assert len(listed) <= 7 * 35 and all(cell_len(line) <= 60 for line in listed)
    monkeypatch.setenv("COLUMNS", "120")
    assert "┃" in run("--today", "2022-12-20", "due", "-f", "table").stdout  # wide enough: still a table
