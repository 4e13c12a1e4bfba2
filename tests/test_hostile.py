"""A hostile plan: markup, escape sequences and invisible characters reach the terminal only as visible text."""
import pytest

from conftest import run, write_plan

HOSTILE = [
    "[bold red]标记[/]", "[link=https://evil.example]链接[/link]", "\x1b[31m红色\x1b[0m", "\x1b[2J清屏",
    "\x1b]8;;https://evil.example\x1b\\超链接\x1b]8;;\x1b\\", "\x1b]0;窗口标题\x07", "回车\r覆盖", "退格\b\b",
    "\u202e反向文字", "\u2066隔离\u2069", "零宽\u200b空格\u200d", "\ufeff字节序", "\x9b31m八位CSI", "响铃\x07",
    "\x7f删除", "制表\t符", "反斜杠\\转义",
]
FORBIDDEN = ({chr(c) for c in range(0x20)} - {"\n", "\t"}) | {chr(c) for c in range(0x7F, 0xA0)} | set(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
FORMATS = ["table", "plain", "json", "csv", "markdown"]


@pytest.fixture
def hostile_ledger(tmp_path):
    cells = []
    for number, text in enumerate(HOSTILE, start=1):
        cells += [f"{number}.任务{text} |", f"办公室{text}牵头,法规科配合 |", f"12月{number}日 |" if number % 2 else
                  f"{text}完成 |"]
    plan = write_plan(tmp_path, f"一、标题{HOSTILE[0]}{HOSTILE[2]} |\n" + "\n".join(cells) + "\n")
    imported = run("import", plan)
    assert imported.exit_code == 0, imported.stderr
    assert run("note", "3", f"进展{HOSTILE[2]}{HOSTILE[8]}", "--by", f"李{HOSTILE[4]}").exit_code == 0
    return imported


def assert_visible(*outputs):
    for output in outputs:
        leaked = sorted({f"U+{ord(char):04X}" for char in output if char in FORBIDDEN})
        assert not leaked, f"{leaked} reached the terminal in {output[:200]!r}"


def test_the_import_summary_shows_hostile_text_literally(hostile_ledger):
    assert_visible(hostile_ledger.stdout, hostile_ledger.stderr)
    assert "\\u001b[2J清屏" in hostile_ledger.stdout  # an unreadable deadline, quoted in a warning


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", [["list", "--status", "all"], ["--today", "2022-06-01", "due", "--within", "365"],
                                     ["--today", "2026-11-26", "overdue"], ["show", "3"], ["units"], ["plans"]])
def test_every_command_and_format_shows_hostile_text_literally(hostile_ledger, command, fmt):
    result = run(*command, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout
    assert_visible(result.stdout, result.stderr)
    if command[0] == "list" and fmt != "table":  # a table may wrap the words
        assert "[bold red]标记[/]" in result.stdout


def test_changes_and_errors_show_hostile_text_literally(hostile_ledger):
    outputs = []
    for args in (["done", "3"], ["note", "4", "\x1b[5m闪烁"], ["cancel", "5", "--note", "\u202e理由"], ["reopen", "5"],
                 ["list", "--unit", "\x1b[31m办公室"], ["show", "3", "--plan", "\x1b[31mplan"]):
        result = run(*args)
        outputs += [result.stdout, result.stderr]
    assert_visible(*outputs)
    assert "\\x1b[31m办公室" in "".join(outputs)


def test_hostile_strings_are_stored_as_written(hostile_ledger):
    import json

    tasks = json.loads(run("list", "--format", "json").stdout)
    texts = [task["text"] for task in tasks]
    # JSON escapes them, and decoding gives back what the plan said (a carriage return is a line break there).
    assert texts == [f"任务{text}".replace("\r", "") for text in HOSTILE]


def ledger_process(*args, env):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "ledger", *map(str, args)], env=env, capture_output=True, timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_a_console_that_cannot_encode_a_character_gets_it_replaced(tmp_path, encoding):
    import os

    # ✅ and 𠀀 exist in neither ASCII nor GBK; the command must still print every task, all formats.
    plan = write_plan(tmp_path, "一、标题 |\n1.核对✅𠀀数据 |\n办公室✅牵头 |\n2022年12月1日 |\n")
    env = dict(os.environ, LEDGER_DB=str(tmp_path / "l.db"), PYTHONIOENCODING=encoding, COLUMNS="100")
    assert ledger_process("import", plan, env=env).returncode == 0
    for fmt in FORMATS:
        for command in (["overdue"], ["list"], ["show", "1"], ["units"]):
            result = ledger_process("--today", "2026-11-26", *command, "--format", fmt, env=env)
            assert result.returncode == 0 and result.stderr == b"", (command, fmt, result.stderr.decode(errors="replace"))
            assert b"2022" in result.stdout or command == ["units"], (command, fmt)
            result.stdout.decode(encoding)  # what was written is the console's own encoding
    failed = ledger_process("list", "--unit", "局✅", env=env)
    stderr = failed.stderr.decode(encoding)
    assert failed.returncode == 1 and stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr
