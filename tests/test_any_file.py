"""Any file either imports or stops with one Error line, quickly, and leaves the ledger as it was."""
import json
import random
import sys
import zlib

import pytest

from conftest import REAL_PLAN, dump, run
from ledger.errors import InputError
from ledger.build import build_text
from ledger.textio import decode

PLANS = sorted((REAL_PLAN.parent.parent / "tests" / "plans").glob("*.txt")) + [REAL_PLAN]



HOSTILE_FILES = {
    "empty": b"",
    "whitespace": b" \n\t\r\n   \n",
    "prose": "这是一份说明文字，没有表格，也没有竖线分隔的单元格。\n第二段。\n".encode(),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "zip": b"PK\x03\x04" + zlib.compress(b"x" * 5000),
    "nul in the middle": "一、标题 |\n1.任务 |\n".encode() + b"\x00" + "办公室 |".encode(),
    "undecodable": "一、标题 |\n1.任务。任务。 |\n办公室 |\n".encode() + b"\xff\xfe\xfa\xfb |\n",
    "10 MB single cell": ("任务" * 5_000_000).encode(),
    "100,000 empty cells": b"|" * 100_000,
    "100,000 empty cells then a task": b"| " * 100_000 + "1.任务 | 办公室 | 长期 |".encode(),
    "20,000 nested brackets in units": ("一、甲 |\n1.任务 |\n" + "(" * 20_000 + "办公室" + ")" * 20_000
                                       + "牵头 |\n长期 |\n").encode(),
    "20,000 nested brackets in text": ("一、甲 |\n1." + "（" * 20_000 + "任务 |\n办公室 |\n长期 |\n").encode(),
    "a very long number": "一、甲 |\n123456789012345678901234567890.任务 |\n办公室 |\n长期 |\n".encode(),
    "only headings": "一、甲 |\n二、乙 |\n三、丙 |\n".encode(),
    "header only": "序号 | 具体措施 | 责任单位 | 完成时限 |\n".encode(),
    "lone pipes": b"|\n|\n|\n" * 1000,
}


# The hostile files that are a plan after all: the one task each holds, as (section, text, unit names).
HOSTILE_PLANS = {
    "100,000 empty cells then a task": (None, "任务", ["办公室"]),
    "20,000 nested brackets in units": ({"no": 1, "title": "甲"}, "任务", ["(" * 20_000 + "办公室" + ")" * 20_000]),
    "20,000 nested brackets in text": ({"no": 1, "title": "甲"}, "（" * 20_000 + "任务", ["办公室"]),
}


class TooMuchWork(Exception):
    pass


def lines_run(action, budget):
    """(what `action()` returned, how many lines of Python it ran), stopped once it runs more than `budget`: a
    measure of work that no busy machine moves."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        if count > budget:
            raise TooMuchWork
        return tracer
    sys.settrace(tracer)
    try:
        return action(), count
    except TooMuchWork:
        return None, count
    finally:
        sys.settrace(None)


# The work an import may do on a hostile file: a fixed part (the command, the ledger) and a part that grows with
# the file's size, never faster. A quadratic walk over 20,000 brackets or 100,000 cells runs billions of lines.
FIXED_LINES, LINES_PER_BYTE = 100_000, 20


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_any_file_imports_or_fails_cleanly_and_in_linear_work(imported, db, tmp_path, name):
    before = dump(db)
    path = tmp_path / "input_2022.txt"
    path.write_bytes(HOSTILE_FILES[name])
    budget = FIXED_LINES + LINES_PER_BYTE * len(HOSTILE_FILES[name])
    result, lines = lines_run(lambda: run("import", path, "--plan", "plan_2022"), budget)
    assert lines <= budget and result is not None, f"more than {budget} lines of Python"
    assert "Traceback" not in result.stderr
    if name in HOSTILE_PLANS:
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("Imported plan plan_2022") and "1 tasks" in result.stdout
        tasks = json.loads(run("list", "--plan", "plan_2022", "--status", "all", "--format", "json").stdout)
        section, text, units = HOSTILE_PLANS[name]
        first, *others = tasks
        assert (first["id"], first["section"], first["text"], first["status"]) == (1, section, text, "open")
        assert [unit["name"] for unit in first["units"]] == units
        assert first["deadline"] == {"raw": "长期", "kind": "ongoing", "due": None}
        assert [task["id"] for task in others] == list(range(2, 36))
        assert {task["status"] for task in others} == {"removed"}  # the real plan's other tasks left the file
        return
    assert result.exit_code == 1 and result.stdout == "", result.stderr
    assert result.stderr.startswith(f"Error: {path}") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert dump(db) == before


def mutate(rng: random.Random, text: str) -> str:
    """One to five random edits that break tables the way bad exports do."""
    pieces = ["|", "｜", "\n", "一、", "1.", "１２．", "（一）", "序号", "责任单位", "长期", "12月30日", "2月30日",
              "牵头", "、", ",", "(", ")", "（", "）", " ", "\u3000", "\x1b[31m", "[bold]", "年", "2022年", "\r"]
    for _ in range(rng.randint(1, 5)):
        position = rng.randrange(len(text) + 1)
        action = rng.random()
        if action < 0.35:
            text = text[:position] + rng.choice(pieces) + text[position:]
        elif action < 0.6:
            text = text[:position] + text[position + rng.randint(1, 40):]
        elif action < 0.75:
            lines = text.split("\n")
            rng.shuffle(lines)
            text = "\n".join(lines)
        elif action < 0.85:
            text = text[:position]
        else:
            other = rng.randrange(len(text) + 1)
            text = text[:position] + text[other:other + rng.randint(1, 200)] + text[position:]
    return text


def random_bytes(rng: random.Random) -> bytes:
    alphabet = "|｜\n一二三十、.．1234５长期月日年牵头配合办公室法规科()（）,，;；等 \t"
    if rng.random() < 0.5:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 600)))
    return text.encode(rng.choice(["utf-8", "utf-16", "gb18030", "utf-8-sig"]))


FUZZ_INPUTS = 3000


@pytest.mark.slow
def test_fuzz_the_parser_only_ever_parses_or_says_where_the_input_is_wrong():
    """Each mangled plan either reads as a plan that keeps its promises, or is refused with an error naming the
    file and a line within it; any other exception fails the test on its own."""
    rng = random.Random(20221230)
    sources = [path.read_text(encoding="utf-16" if "variant" in path.name else "utf-8") for path in PLANS]
    parsed = refused = 0
    for case in range(FUZZ_INPUTS):
        data = (mutate(rng, rng.choice(sources)).encode(rng.choice(["utf-8", "gb18030", "utf-16"]), "surrogatepass")
                if case % 3 else random_bytes(rng))
        try:
            text = decode(data, "fuzz.txt")
            plan = build_text(text.replace("\r\n", "\n").replace("\r", "\n"), "fuzz.txt", "fuzz_2022")
        except InputError as error:
            refused += 1
            assert str(error).startswith("fuzz.txt"), str(error)
            if error.line is not None:
                assert 1 <= error.line <= data.count(b"\n") + data.count(b"\r") + 2
            continue
        parsed += 1
        assert_keeps_its_promises(plan)
    assert parsed > 500 and refused > 500, (parsed, refused)  # both paths were really exercised


def assert_keeps_its_promises(plan):
    """What a plan read from any text promises: tasks, each numbered once; a task without units, or with a deadline
    it could not read, is named in a warning; every section a task is under has a title."""
    numbers = [task.number for task in plan.tasks]
    warned = " ".join(warning.message for warning in plan.warnings)
    assert plan.tasks and len(set(numbers)) == len(numbers)
    for task in plan.tasks:
        if not task.units:
            assert f"task {task.number} names no units" in warned
        if task.deadline.kind.value == "unrecognized":
            assert f"task {task.number}: cannot read the deadline" in warned, task
        assert task.section is None or task.section.title is not None
