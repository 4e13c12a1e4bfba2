"""The morning mail is for people (SPEC §9, §11): the cron line the Chinese guide recommends mails a list an office
reads, in the interface language; `plain` stays the machine lines scripts read."""
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REAL_PLAN, ROOT, run
from ledger.messages import use_language

TODAY = "2023-01-05"


@pytest.fixture
def chinese():
    use_language("zh")
    yield
    use_language("en")


def test_text_is_a_list_a_person_wrote_in_the_interface_language(imported, chinese):
    result = run("--today", TODAY, "overdue", "-f", "text")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "\t" not in text
    assert "· 任务 29（plan_2022），截止 2022-12-30（逾期6天）：" in text
    assert "  责任单位：办公室" in text
    assert not re.search(r"\b(open|done|overdue)\b", text)
    assert run("--today", "2022-01-05", "overdue", "-f", "text").stdout == ""  # nothing late: cron sends nothing


def test_text_of_remind_gives_each_unit_its_block_under_its_heading(imported, chinese):
    text = run("--today", TODAY, "remind", "-f", "text").stdout
    assert text.startswith("办公室：逾期 4 项，7 日内到期 0 项\n· 任务 29（plan_2022）")
    assert "\t" not in text


def test_plain_stays_the_machine_lines(imported, chinese):
    line = run("--today", TODAY, "overdue", "-f", "plain").stdout.splitlines()[0]
    assert line.split("\t")[6] == "open"


def test_text_in_english_reads_the_same_way(imported):
    text = run("--today", TODAY, "overdue", "-f", "text").stdout
    assert "- Task 29 (plan_2022), due 2022-12-30 (6 days overdue): " in text and "  Units: 办公室" in text


def crontab_lines(readme: Path) -> list[str]:
    text = readme.read_text(encoding="utf-8")
    blocks = re.findall(r"```crontab\n(.*?)```", text, re.S)
    return [line for block in blocks for line in block.splitlines()]


def test_the_chinese_guides_cron_line_mails_chinese_people_can_read(tmp_path):
    """Run the job line of README.zh-CN.md's crontab as cron would (its environment lines, a bare PATH)."""
    lines = crontab_lines(ROOT / "README.zh-CN.md")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    for line in lines:
        if re.match(r"^[A-Z_]+=", line):
            name, value = line.split("=", 1)
            env[name] = value.strip('"')
    assert env.get("CONTENT_TYPE") == "text/plain; charset=UTF-8" and env.get("CONTENT_TRANSFER_ENCODING") == "8bit"
    job = next(line for line in lines if re.match(r"^[\d*]", line))
    command = shlex.split(job.split(None, 5)[5])
    assignments = [word for word in command if re.match(r"^[A-Z_]+=", word)]
    program = command[len(assignments):]
    for word in assignments:
        name, value = word.split("=", 1)
        env[name] = value
    db = tmp_path / "ledger.db"
    env["LEDGER_DB"] = str(db)
    ledger = [sys.executable, "-m", "ledger"]
    imported = subprocess.run(ledger + ["import", str(REAL_PLAN)], env={**os.environ, "LEDGER_DB": str(db)},
                              capture_output=True)
    assert imported.returncode == 0
    assert Path(program[0]).name == "ledger"
    done = subprocess.run(ledger + ["--today", TODAY, *program[1:]], env=env, capture_output=True, text=True,
                          encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert "\t" not in done.stdout and "逾期" in done.stdout and "责任单位" in done.stdout
    assert not re.search(r"\b(open|overdue)\b", done.stdout)
