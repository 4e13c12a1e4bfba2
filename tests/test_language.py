"""The interface in Chinese and English (SPEC §9): the choice, the catalogue, help, errors, tables, input, and
the machine output that never changes with the language."""
import io
import os
import re
import string
import subprocess
import sys

import pytest

from conftest import REAL_PLAN, run, write_plan
from ledger.language import choose_language, click_sentence, lang_option, windows_ui_language
from ledger.messages import CHINESE, ENGLISH, use_language
from ledger.tablewrap import NO_LINE_END, NO_LINE_START, line_starts


# --- which language -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, expected", [
    (["--lang", "zh", "list"], "zh"),
    (["--lang=zh", "list"], "zh"),
    (["--lang", "en"], "en"),
    (["--lang", "fr"], None),  # not a language we speak: Typer will say so
    (["--lang"], None),
    (["note", "3", "--", "--lang", "zh"], None),  # after -- it is text, not an option
    (["list"], None),
])
def test_lang_option_is_read_from_the_command_line(argv, expected):
    assert lang_option(argv) == expected


@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LEDGER_LANG": "zh"}, "zh"),
    ({"LEDGER_LANG": "zh_CN"}, "zh"),
    ({"LEDGER_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.Big5"}, "zh"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL comes before LANG
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C"}, "zh"),
    ({"LANGUAGE": "zh_CN:en_US", "LANG": "C"}, "zh"),  # the first of the preferences
    ({"LANGUAGE": "en_US:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANGUAGE": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # an empty variable is not set
])
def test_language_from_the_environment(environ, expected):
    assert choose_language([], environ) == expected


def test_the_command_line_wins_over_the_environment():
    assert choose_language(["--lang", "en"], {"LEDGER_LANG": "zh", "LANG": "zh_CN.UTF-8"}) == "en"
    assert choose_language(["--lang", "zh"], {"LANG": "C"}) == "zh"


@pytest.mark.parametrize("langid, expected", [
    (0x0804, "zh"),  # zh-CN
    (0x0404, "zh"),  # zh-TW
    (0x1004, "zh"),  # zh-SG
    (0x0409, "en"),  # en-US
    (0x0411, "en"),  # ja-JP: not ours, English
    (None, "en"),
])
def test_windows_ui_language_counts_only_without_any_setting(langid, expected):
    assert choose_language([], {}, windows_ui=langid) == expected
    assert choose_language([], {"LANG": "C"}, windows_ui=langid) == "en"
    assert choose_language([], {"LEDGER_LANG": "zh"}, windows_ui=langid) == "zh"


def test_windows_ui_language_is_none_where_there_is_no_windows():
    if sys.platform != "win32":
        assert windows_ui_language() is None


# --- the catalogue --------------------------------------------------------------------------------------------

def fields(template: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_sentence_is_in_both_languages():
    assert set(ENGLISH) == set(CHINESE)
    assert all(CHINESE[key].strip() for key in CHINESE)


def test_both_languages_fill_in_the_same_fields():
    differ = {key for key in ENGLISH if fields(ENGLISH[key]) != fields(CHINESE[key])}
    assert differ == {"days_overdue_cell"}  # English shows the signed number, Chinese 逾期N天 with N positive


def test_chinese_sentences_are_chinese():
    han = re.compile(r"[\u4e00-\u9fff]")
    # An entry with no Chinese character holds only fields and punctuation ("{path}：{reason}").
    english = {key for key, text in CHINESE.items()
               if not han.search(text) and re.search("[A-Za-z]", re.sub(r"\{[^}]*\}", "", text))}
    assert english == set()


# --- help in Chinese, for every command ---------------------------------------------------------------------

def ledger(*args, lang="zh", env=None, **kwargs):
    environ = dict(os.environ, COLUMNS="200", LEDGER_LANG=lang, **(env or {}))
    return subprocess.run([sys.executable, "-m", "ledger", *args], capture_output=True, text=True,
                          encoding="utf-8", env=environ, timeout=60, **kwargs)


def command_paths(group=None, path=()):
    """Every command of the app as the words that name it (`("unit", "set")`), derived from the app itself."""
    import typer
    import typer.main

    from ledger.cli.app import app

    group = group or typer.main.get_command(app)
    context = typer.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield path + (name,)
        if hasattr(command, "list_commands"):
            yield from command_paths(command, path + (name,))


# What may stay English in Chinese help: examples, option names, metavars in [] or <>, env vars, file names.
ALLOWED = [r"示例：.*", r"ledger [\w\-. /|&\"'“”:]+", r"-{1,2}[a-z][\w-]*", r"\[[^\]]*\]", r"<[^>]*>",
           r"\{[^}]*\}", r"\b[A-Z][A-Z0-9_-]+\b", r"[\w./-]+\.(?:txt|db|xlsx|csv|json|docx|html)\b"]


def english_sentences(text: str) -> list[str]:
    """Runs of three or more English words: a sentence someone forgot to translate."""
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text)
    return re.findall(r"[A-Za-z]{2,}(?:[ ,;:.'’()]+[A-Za-z]{2,}){2,}", text)


def test_the_english_sentence_finder_finds_one():
    assert english_sentences("│ --within  INTEGER  Days ahead to look. │") == ["Days ahead to look"]
    assert english_sentences("│ --within  INTEGER  向后看多少天。 [默认：30] │") == []


@pytest.mark.slow
def test_every_commands_help_in_chinese_has_no_english_sentence():
    for command in [()] + list(command_paths()):
        result = ledger(*command, "--help")
        assert result.returncode == 0, result.stderr
        assert "用法：" in result.stdout and "选项" in result.stdout and "显示本帮助后退出" in result.stdout
        assert english_sentences(result.stdout) == [], (command, english_sentences(result.stdout))


def test_every_commands_and_options_help_is_a_catalogue_entry():
    import typer
    import typer.main

    from ledger.cli.app import app

    sentences = set(ENGLISH.values())
    group = typer.main.get_command(app)
    for path in command_paths():
        command = group
        for name in path:
            command = command.get_command(typer.Context(command), name)
        assert command.help in sentences, path
        for param in command.params:
            assert param.help in sentences, (path, param.name)
    assert all(param.help in sentences for param in group.params)


def test_help_in_english_with_lang_c():
    result = ledger("--help", lang="", env={"LANG": "C", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "Usage:" in result.stdout and "Import a plan file" in result.stdout
    assert ledger("--lang", "en", "due", "--help").stdout.count("Days ahead to look.") == 1


# --- errors --------------------------------------------------------------------------------------------------

def test_a_mistyped_command_in_both_languages(tmp_path):
    db = str(tmp_path / "l.db")
    chinese = ledger("--db", db, "overdu")
    assert chinese.returncode == 2 and chinese.stdout == ""
    assert "没有 'overdu' 这个命令。您要输入的是不是 'overdue'？" in chinese.stderr
    assert "用法：ledger" in chinese.stderr and "查看帮助" in chinese.stderr
    english = ledger("--db", db, "overdu", lang="en")
    assert english.returncode == 2 and "No such command 'overdu'. Did you mean 'overdue'?" in english.stderr


def test_an_unknown_unit_in_both_languages(tmp_path):
    db = str(tmp_path / "l.db")
    assert ledger("--db", db, "import", str(REAL_PLAN)).returncode == 0
    chinese = ledger("--db", db, "due", "--unit", "办公")
    assert chinese.returncode == 1 and chinese.stdout == ""
    assert chinese.stderr == "错误：没有名为 '办公' 的单位；您要找的是不是：办公室？\n"
    english = ledger("--db", db, "due", "--unit", "办公", lang="en")
    assert english.returncode == 1 and english.stderr.startswith("Error: no unit is called '办公'")


@pytest.mark.parametrize("english, chinese", [
    ("Missing argument 'ID'.", "缺少参数 'ID'。"),
    ("Missing option '--note'.", "缺少选项 '--note'。"),
    ("No such option: --zz", "没有 --zz 这个选项"),
    ("No such option: --statu (Possible options: --status)", "没有 --statu 这个选项（可用的选项：--status）"),
    ("No such option: --statsu Did you mean --status?", "没有 --statsu 这个选项。您要输入的是不是 --status？"),
    ("Invalid value for '--within': 'x' is not a valid int range.", "'--within' 的值无效：'x' 不是整数"),
    ("Invalid value for '--within': -1 is not in the range x>=0.", "'--within' 的值无效：-1 超出范围 x>=0"),
    ("Invalid value for '--role': 'x' is not one of 'lead', 'guide'.",
     "'--role' 的值无效：'x' 不在可选值 'lead', 'guide' 之中"),
    ("Got unexpected extra argument(s) (4)", "多出了参数（4）"),
    ("Option '--unit' requires an argument.", "选项 '--unit' 需要一个值。"),
    ("Something Click may say one day.", "Something Click may say one day."),  # unknown: kept, not garbled
])
def test_clicks_sentences_in_chinese(english, chinese, in_chinese):
    assert click_sentence(english) == chinese


@pytest.fixture
def in_chinese():
    use_language("zh")
    yield
    use_language("en")


def test_usage_errors_in_chinese_end_to_end(tmp_path):
    db = str(tmp_path / "l.db")
    assert "缺少参数 'ID'。" in ledger("--db", db, "show").stderr
    assert "'--within' 的值无效：'x' 不是整数" in ledger("--db", db, "due", "--within", "x").stderr
    assert "值无效：'2022' 不是日期" in ledger("--db", db, "--today", "2022", "list").stderr


# --- Chinese input -----------------------------------------------------------------------------------------

def listed(*args):
    result = run("--today", "2022-12-20", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("chinese, english", [("牵头", "lead"), ("落实", "implement"), ("配合", "assist"),
                                              ("指导", "guide")])
def test_roles_in_chinese_are_the_english_values(imported, chinese, english):
    assert listed("list", "--role", chinese) == listed("list", "--role", english) != "[]\n"
    assert listed("list", "--unit", "法规科", "--role", chinese) == listed("list", "--unit", "法规科", "--role", english)


def five_tasks(tmp_path, year, numbers):
    rows = "".join(f"{number}.任务{number} |\n办公室 |\n12月30日 |\n" for number in numbers)
    return write_plan(tmp_path, f"一、甲 |\n{rows}", name=f"plan_{year}.txt")


@pytest.fixture
def every_status(tmp_path):
    """Tasks in each status: 2022's 1 done, 2 cancelled, 3 removed (left out of the file), 4 and 5 carried into
    2023, where they are open beside 2023's own 1 and 2."""
    assert run("import", five_tasks(tmp_path, 2022, range(1, 6))).exit_code == 0
    assert run("done", "1", "--plan", "plan_2022").exit_code == 0
    assert run("cancel", "2", "--note", "不再报送", "--plan", "plan_2022").exit_code == 0
    assert run("import", five_tasks(tmp_path, 2022, (1, 2, 4, 5))).exit_code == 0
    assert run("import", five_tasks(tmp_path, 2023, (1, 2))).exit_code == 0
    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0


EVERY_STATUS = {"open": {("plan_2023", 1), ("plan_2023", 2), ("plan_2023", 1001), ("plan_2023", 1002)},
                "done": {("plan_2022", 1)}, "cancelled": {("plan_2022", 2)}, "removed": {("plan_2022", 3)},
                "carried": {("plan_2022", 4), ("plan_2022", 5)}}


@pytest.mark.parametrize("chinese, english", [("未完成", "open"), ("已完成", "done"), ("已取消", "cancelled"),
                                              ("已移除", "removed"), ("已结转", "carried"), ("全部", "all")])
def test_statuses_in_chinese_are_the_english_values(every_status, chinese, english):
    import json

    in_chinese = listed("list", "--plan", "all", "--status", chinese)
    assert in_chinese == listed("list", "--plan", "all", "--status", english)
    expected = set().union(*EVERY_STATUS.values()) if english == "all" else EVERY_STATUS[english]
    assert {(task["plan"], task["id"]) for task in json.loads(in_chinese)} == expected


def test_the_help_lists_the_chinese_input(imported):
    result = ledger("list", "--help")
    assert "牵头" in result.stdout and "全部" in result.stdout


# --- what people read follows the language; what scripts read does not ---------------------------------------

@pytest.mark.slow
def test_json_and_plain_are_the_same_in_both_languages(tmp_path):
    db = str(tmp_path / "l.db")
    assert ledger("--db", db, "import", str(REAL_PLAN)).returncode == 0
    assert ledger("--db", db, "done", "34", "--note", "已发布").returncode == 0
    listings = [["list"], ["list", "--status", "all"], ["due", "--within", "60"], ["overdue"], ["show", "34"],
                ["units"], ["plans"], ["report", "--by", "section"]]
    for listing in listings:
        for fmt in ("json", "plain"):
            args = ["--db", db, "--today", "2023-01-10", *listing, "--format", fmt]
            chinese, english = ledger("--lang", "zh", *args), ledger("--lang", "en", *args, lang="zh")
            assert chinese.returncode == english.returncode == 0, (listing, chinese.stderr)
            assert chinese.stdout == english.stdout and chinese.stdout, (listing, fmt)


def test_tables_speak_chinese(imported, in_chinese):
    run("done", "34", "--note", "已于1月20日发布", "--by", "li")
    due = run("--today", "2022-12-20", "due", "--within", "60", "--format", "table").stdout
    assert "截止日期" in due and "剩余天数" in due and "剩10天" in due
    late = run("--today", "2023-01-10", "overdue", "--format", "table").stdout
    assert "逾期11天" in late
    today = run("--today", "2022-12-30", "due", "--format", "table").stdout
    assert "今天到期" in today
    shown = run("--today", "2022-12-20", "show", "34", "--format", "table").stdout
    assert "办公室 (牵头)" in shown and "已完成" in shown and "办理记录" in shown and "办结" in shown
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d ", shown)  # the note's time, local, to the minute
    ongoing = run("show", "2", "--format", "table").stdout
    assert "（长期）" in ongoing or "(长期)" in ongoing
    listed_all = run("list", "--status", "all", "--format", "table").stdout
    assert "已完成" in listed_all and "未完成" in listed_all


def test_markdown_and_csv_headers_follow_the_language_export_keeps_its_own(imported, tmp_path, in_chinese):
    markdown = run("list", "--format", "markdown").stdout
    assert markdown.startswith("| 序号 | 截止日期 | 剩余天数 | 预警 | 状态 |")
    csv_out = run("list", "--format", "csv").stdout
    assert csv_out.startswith("计划,序号,部分序号,部分标题")
    units = run("units", "--format", "csv").stdout
    assert units.startswith("单位,任务数,牵头,落实") and "\n合计," in units
    use_language("en")
    assert run("list", "--format", "csv").stdout.startswith("plan,id,section_no")
    exported = tmp_path / "台账.csv"
    assert run("export", "--format", "csv", "--output", exported).exit_code == 0
    assert exported.read_text(encoding="utf-8-sig").startswith("序号")


def test_messages_in_chinese(imported, in_chinese):
    result = run("done", "34", "--note", "已发布")
    assert result.stdout.startswith("已办结：plan_2022 的任务 34") and "状态：已完成。" in result.stdout
    again = run("done", "34")
    assert again.exit_code == 1 and again.stderr.startswith("错误：计划 plan_2022 的任务 34 已经是“已完成”")


def test_a_gbk_console_shows_a_chinese_table_with_an_emoji(tmp_path):
    plan = write_plan(tmp_path, "一、标题 |\n1.发布🙂年报，接受监督。 |\n办公室 |\n长期 |\n")
    db = str(tmp_path / "l.db")
    assert ledger("--db", db, "import", str(plan)).returncode == 0
    result = subprocess.run([sys.executable, "-m", "ledger", "--db", db, "list", "-f", "table"], capture_output=True,
                            env=dict(os.environ, LEDGER_LANG="zh", PYTHONIOENCODING="gbk", COLUMNS="80"), timeout=60)
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    shown = result.stdout.decode("gbk")
    assert "发布?年报" in shown and "责任单位" in shown


# --- wrapping Chinese in a table ---------------------------------------------------------------------------

TEXTS = ["规范使用全省政府信息依申请公开系统，实现登记、审核、办理、答复、归档等全流程电子化管理。",
         "加强工作经验总结,积极向国务院办公厅《工作交流》刊物投稿。对上一年度工作开展“回头看”。",
         "按照规定于1月31日前发布本单位上年度的《政府信息公开工作年度报告》。",
         "hello world, a few English words and a verylongwordthatmustbefolded."]


def lines_of(text, width):
    starts = [0] + line_starts(text, width) + [len(text)]
    return [text[start:end] for start, end in zip(starts, starts[1:])]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", range(6, 31))  # narrower than 看”。 (6 cells), a mark must be cut off
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(text, width):
    from rich.cells import cell_len

    lines = lines_of(text, width)
    assert "".join(lines) == text
    assert all(line for line in lines)
    assert not any(line[0] in NO_LINE_START for line in lines[1:])
    assert not any(line.rstrip()[-1] in NO_LINE_END for line in lines[:-1])
    assert all(cell_len(line.rstrip()) <= width for line in lines)


def test_chinese_breaks_between_characters_and_english_at_spaces():
    assert lines_of("规范使用全省政府信息", 8) == ["规范使用", "全省政府", "信息"]
    assert lines_of("系统，实现登记", 6) == ["系统，", "实现登", "记"]
    assert lines_of("使用系统，实现", 8) == ["使用系", "统，实现"]  # 统 goes down with its comma
    assert lines_of("hello world again", 11) == ["hello world ", "again"]


def test_a_table_cell_keeps_the_comma_with_its_character():
    from rich.console import Console
    from rich.table import Table

    from ledger.tablewrap import WrappedText

    out = io.StringIO()
    table = Table()
    table.add_column("任务", width=8)
    table.add_row(WrappedText("使用系统，实现登记、审核"))
    Console(file=out, width=40).print(table)
    cells = [line.strip("│ ") for line in out.getvalue().splitlines()[3:-1]]
    assert cells == ["使用系", "统，实现", "登记、审", "核"]


def test_no_key_is_written_twice_in_a_catalogue():
    """A dict literal keeps the last of two equal keys silently, and so does merging the rooms' dicts: two areas
    naming a sentence alike would lose one."""
    import ast
    from pathlib import Path

    import ledger.messages

    rooms: dict[str, list[str]] = {}
    for room in ledger.messages.ROOMS:
        tree = ast.parse(Path(room.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
                keys = [key.value for key in node.value.keys]
                assert sorted({key for key in keys if keys.count(key) > 1}) == [], room.__name__
        for key in room.ENGLISH:
            rooms.setdefault(key, []).append(room.__name__)
    assert {key: names for key, names in rooms.items() if len(names) > 1} == {}
    assert sum(len(room.ENGLISH) for room in ledger.messages.ROOMS) == len(ledger.messages.ENGLISH)
