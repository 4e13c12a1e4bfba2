"""Property: any plan written in the grammar, in any layout, encoding and line ending, reads back as written."""
import calendar
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from ledger.numerals import numeral_for
from ledger.build import build_text
from ledger.textio import decode
from ledger.units import VERBS

YEAR = 2022
# Characters for titles and texts: no numeral may start a cell, so texts begin with one of FIRST.
FIRST = "加推落实建完规深强"
BODY = "政务公开信息发布解读平台建设栏目维护数据开放监督检查工作要点台账落实“”《》，。、"
UNIT_NAMES = ["办公室", "法规科", "财务科", "信息中心", "机关党委", "各县(市、区)政府", "相关科(室)", "市城市地理信息中心"]
UNIT_WRITINGS = {"各县(市、区)政府": ["各县(市、区)政府", "各县（市、区）政府"], "相关科(室)": ["相关科(室)", "相关科（室）"]}
DEADLINES = [("长期", "ongoing", None), ("持续推进", "ongoing", None), ("每月", "recurring", None),
             ("12月30日", "date", date(YEAR, 12, 30)), ("2023年 1月31日", "date", date(YEAR + 1, 1, 31)),
             ("6月底前", "date", date(YEAR, 6, 30)), ("年底前", "date", date(YEAR, 12, 31)),
             ("三季度", "date", date(YEAR, 9, 30)), ("次年1月底前", "date", date(YEAR + 1, 1, 31)),
             ("2023.3.1", "date", date(YEAR + 1, 3, 1)), ("上半年", "date", date(YEAR, 6, 30)),
             ("11月前完成", "date", date(YEAR, 11, 30)), ("", "none", None)]


text_st = st.builds(lambda first, body: first + body, st.sampled_from(FIRST), st.text(BODY, min_size=1, max_size=30))
clause_st = st.tuples(st.lists(st.sampled_from(UNIT_NAMES), min_size=1, max_size=3, unique=True),
                      st.sampled_from([(role.value, verb) for role, verbs in VERBS.items() for verb in verbs] + [("lead", "")]))
task_st = st.fixed_dictionaries({
    "text": text_st,
    "clauses": st.lists(clause_st, min_size=1, max_size=3),
    "deadline": st.sampled_from(DEADLINES),
    "split_text_at": st.integers(min_value=0, max_value=40),
    "number_cell": st.booleans(),
})
section_st = st.fixed_dictionaries({
    "title": text_st,
    "subsections": st.lists(st.lists(task_st, min_size=1, max_size=3), min_size=0, max_size=2),
    "tasks": st.lists(task_st, min_size=1, max_size=4),
})
plan_st = st.fixed_dictionaries({
    "sections": st.lists(section_st, min_size=1, max_size=4, unique_by=lambda s: s["title"]),
    "layout": st.sampled_from(["cell per line", "row per line", "pipe on its own line", "empty cells"]),
    "header": st.booleans(),
    "title_line": st.booleans(),
    "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
    "newline": st.sampled_from(["\n", "\r\n", "\r"]),
    "separator": st.sampled_from([",", "，", ";", "；"]),
    "pipe": st.sampled_from(["|", "｜"]),
    "full_width_numbers": st.booleans(),
    "writing_choice": st.integers(min_value=0, max_value=1),
})


def write(plan):
    """The plan as a table exported to text, and the tasks it must read back as."""
    rows, expected, number = [], [], 0
    if plan["title_line"]:
        rows.append([f"某局{YEAR}年政务公开工作要点任务分解表"])
    if plan["header"]:
        rows.append(["工作任务", "具体措施", "责任单位", "完成时限"])
    for section_no, section in enumerate(plan["sections"], start=1):
        rows.append([f"{numeral_for(section_no)}、{section['title']}"])
        groups = [(None, section["tasks"])] + [((no, f"子标题{numeral_for(no)}"), tasks)
                                               for no, tasks in enumerate(section["subsections"], start=1)]
        for subsection, tasks in groups:
            if subsection:
                rows.append([f"（{numeral_for(subsection[0])}）{subsection[1]}"])
            for task in tasks:
                number += 1
                written_number = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９")) \
                    if plan["full_width_numbers"] else str(number)
                at = min(task["split_text_at"], len(task["text"]) - 1)
                text_cell = task["text"][:at] + "\n" + task["text"][at:] if at > 0 else task["text"]
                units, clauses = [], []
                for names, (role, verb) in task["clauses"]:
                    writings = [UNIT_WRITINGS.get(name, [name])[plan["writing_choice"] % len(UNIT_WRITINGS.get(name, [name]))]
                                for name in names]
                    clauses.append("、".join(writings) + verb)
                    units += [(name, role, verb) for name in names]
                raw, kind, due = task["deadline"]
                cells = ([written_number, text_cell] if task["number_cell"] and not plan["header"]
                         else [f"{written_number}.{text_cell}"])
                cells.append(plan["separator"].join(clauses))
                if raw:
                    cells.append(raw)
                rows.append(cells)
                # A heading's title drops its closing 。
                expected.append((number, (section_no, section["title"].rstrip("。")), subsection, task["text"], units,
                                 (raw, kind, due)))
    pipe, newline = plan["pipe"], plan["newline"]
    if plan["layout"] == "cell per line":
        text = "".join(f"{cell} {pipe}\n" for row in rows for cell in row)
    elif plan["layout"] == "row per line":
        text = "".join(" ".join(f"{cell} {pipe}" for cell in row) + "\n" for row in rows)
    elif plan["layout"] == "pipe on its own line":
        text = "".join(f"{cell}\n{pipe}\n" for row in rows for cell in row)
    else:
        text = "".join(f"{pipe} {pipe}{pipe}".join(f"{cell} {pipe}" for cell in row) + f"{pipe}{pipe}\n" for row in rows)
    return text.replace("\n", newline).encode(plan["encoding"]), expected


@settings(deadline=None, derandomize=True, max_examples=300)
@given(plan_st)
@pytest.mark.slow
def test_a_generated_plan_reads_back_as_it_was_written(plan):
    data, expected = write(plan)
    text = decode(data, "plan_2022.txt").replace("\r\n", "\n").replace("\r", "\n")
    parsed = build_text(text, "plan_2022.txt", "plan_2022")
    got = [(task.number, (task.section.no, task.section.title), tuple(task.subsection) if task.subsection else None,
            task.text, [(unit.name, unit.role.value, unit.verb) for unit in task.units],
            (task.deadline.raw, task.deadline.kind.value, task.deadline.due)) for task in parsed.tasks]
    assert got == expected
    assert parsed.year == YEAR


@pytest.mark.slow
def test_the_generated_plans_read_back_with_every_deadline_kind_and_role():
    """The property above means something only if the plans it reads hold every kind and every role."""
    kinds, roles = set(), set()

    @settings(deadline=None, derandomize=True, max_examples=40, database=None)
    @given(plan_st)
    def read_back(plan):
        data, _ = write(plan)
        text = decode(data, "plan_2022.txt").replace("\r\n", "\n").replace("\r", "\n")
        for task in build_text(text, "plan_2022.txt", "plan_2022").tasks:
            kinds.add(task.deadline.kind.value)
            roles.update(unit.role.value for unit in task.units)
    read_back()
    assert kinds == {"ongoing", "recurring", "date", "none"}
    assert roles == {"lead", "implement", "assist", "guide"}
    assert calendar.isleap(YEAR) is False  # 2022: 2月底 is the 28th
