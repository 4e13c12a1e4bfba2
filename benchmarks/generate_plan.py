"""Generate a large plan in the real file format: sections, tasks, units with roles, every deadline kind.

    .venv/bin/python benchmarks/generate_plan.py 100000 > /tmp/plan_2022.txt
"""
from __future__ import annotations

import random
import sys

from ledger.numerals import numeral_for

OFFICES = ["办公室", "法规科", "财务科", "测管科", "机关党委", "不动产中心", "各职能科(室)", "相关科(室)"]
VERBS = ["牵头", "统筹", "负责", "", "具体落实", "负责落实", "配合", "做好配合", "协助", "提供指导"]
ONGOING = ["长期", "持续推进", "常态化", "及时"]
RECURRING = ["每月", "每季度", "每年"]
WORDS = ["加强", "推进", "落实", "政务公开", "信息发布", "政策解读", "平台建设", "栏目维护", "数据开放", "监督检查"]


def unit_pool(size: int) -> list[str]:
    return OFFICES + [f"第{n}业务科" if n % 3 else f"市{n}号信息中心" for n in range(1, size - len(OFFICES) + 1)]


def deadline(rng: random.Random, year: int) -> str:
    roll = rng.random()
    if roll < 0.30:  # dated, in the forms people write
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice([f"{month}月{day}日", f"{year + 1}年 {month}月{day}日", f"{month}月底前", "年底前",
                           "三季度", "上半年", f"次年{month}月底前", f"{year}.{month}.{day}"])
    if roll < 0.85:
        return rng.choice(ONGOING)
    if roll < 0.93:
        return rng.choice(RECURRING)
    if roll < 0.97:
        return ""  # no deadline written
    return "根据上级要求"  # unreadable: kept as written, with a warning


def units_cell(rng: random.Random, pool: list[str]) -> str:
    clauses = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        names = "、".join(rng.sample(pool, rng.choice([1, 1, 2, 3])))
        clauses.append(names + rng.choice(VERBS))
    return ",".join(clauses) + rng.choice(["", "。"])


def generate_plan(tasks: int, units: int = 300, seed: int = 2022, year: int = 2022) -> str:
    rng = random.Random(seed)
    pool = unit_pool(units)
    sections = min(99, max(1, tasks // 10))
    lines = []
    for number in range(1, tasks + 1):
        section = (number - 1) * sections // tasks + 1
        if number == 1 or (number - 2) * sections // tasks + 1 != section:
            lines.append(f"{numeral_for(section)}、第{section}部分工作。 |")
        text = "".join(rng.choices(WORDS, k=rng.randint(3, 12))) + "。"
        lines.append(f"{number}.{text} |")
        lines.append(f"{units_cell(rng, pool)} |")
        lines.append(f"{deadline(rng, year)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate_plan(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
