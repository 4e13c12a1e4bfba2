"""Properties of the one builder, over many generated tables: several header layouts and none, merged section
cells, empty cells, every format.

1. A table reads as the plan it was made from, exactly, from .txt, .docx, .xlsx and .html alike: every non-empty
   cell in its one place (a heading, a task's text, its units, its deadline, a kept column, the header), nothing
   twice, no warning. (The text export leaves empty cells out, so there a kept value after an empty kept cell is
   kept under the first kept column's title: its value, not its column, is what the text can promise.)
2. Nothing is silently lost: cells that fit no column (beyond the last one, a stray number) are each quoted in a
   warning, and every cell's unique mark is found in exactly one place of the plan or its warnings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import LEFT, UP, write_table
from ledger.build import build
from ledger.numerals import numeral_for
from ledger.readers import read_grid

FORMATS = (".txt", ".docx", ".xlsx", ".html")
# Header layouts of real tables, by what each column holds; None: no header (SPEC §2's cells in order).
LAYOUTS = {
    "section column, 序号": [("重点任务", "section"), ("序号", "number"), ("具体措施", "text"), ("责任单位", "units"),
                           ("完成时限", "deadline")],
    "lead and assist columns, remarks": [("序号", "number"), ("工作内容", "text"), ("牵头单位", "lead"),
                                         ("配合单位", "assist"), ("完成时间", "deadline"), ("备注", "keep")],
    "numbers in the text, progress columns": [("工作任务", "text"), ("责任部门", "units"), ("时限要求", "deadline"),
                                              ("进展情况", "keep"), ("第二季度完成情况", "keep")],
    "a title beside the text": [("序号", "number"), ("民生实事", "title"), ("目标任务", "text"), ("牵头单位", "lead"),
                                ("完成时限", "deadline")],
    "no header": None,
}
MARKS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
DEADLINES = ["长期", "6月底前", "12月30日", "2023年1月31日", "年底前", "三季度", "每季度", "9月投入使用"]
VERBS = {"units": ["", "牵头", "负责"], "lead": [""], "assist": [""]}


def marks(draw, count: int) -> list[str]:
    """`count` different marks of three characters: each cell carries its own, to be found in one place only."""
    return draw(st.lists(st.text(MARKS, min_size=3, max_size=3), min_size=count, max_size=count, unique=True))


@dataclass
class Made:
    """A table and the plan it must read as."""

    rows: list[list]
    tasks: list[tuple]
    marks: list[str] = field(default_factory=list)  # every mark written in a cell


@st.composite
def tables(draw) -> Made:
    layout = LAYOUTS[draw(st.sampled_from(sorted(LAYOUTS)))]
    sections = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))  # tasks per section
    count = sum(sections)
    names = marks(draw, 5 * count + len(sections) + 4)
    roles = [role for _, role in layout] if layout else ["text", "units", "deadline"]
    width = len(roles)
    rows: list[list] = [[title for title, _ in layout]] if layout else []
    tasks, used, number = [], [], 0
    lead_column = "lead" in roles
    for section_no, size in enumerate(sections, start=1):
        section_title = names.pop()
        used.append(section_title)
        heading = f"{numeral_for(section_no)}、{section_title}"
        if "section" not in roles:
            rows.append([heading] + [LEFT] * (width - 1))
        for index in range(size):
            number += 1
            text, title = f"落实{names.pop()}事项。", names.pop()
            unit = f"{names.pop()}局"
            used += [text[2:5], unit[:3]] + ([title] if "title" in roles else [])
            deadline = draw(st.sampled_from(DEADLINES + [""]))
            kept = [draw(st.sampled_from(["已部署", "推进中", ""])) for role in roles if role == "keep"]
            row, units, raws, extra = [], [], [], []
            for (column_title, role) in (layout or [("", role) for role in roles]):
                if role == "section":
                    row.append(heading if index == 0 else UP)
                elif role == "number":
                    row.append(str(number))
                elif role == "title":
                    row.append(title)
                elif role == "text":
                    row.append(text if "number" in roles else f"{number}.{text}")
                elif role in ("units", "lead", "assist"):
                    verb = draw(st.sampled_from(VERBS[role]))
                    cell = f"{unit}{verb}" if role != "assist" else f"{names[-1]}科"
                    if role == "assist":
                        used.append(names.pop())
                    row.append(cell)
                    default = {"lead": "lead", "assist": "assist"}.get(role, "implement" if lead_column else "lead")
                    units.append((cell[:-len(verb)] if verb else cell, "lead" if verb else default))
                    raws.append((column_title, cell))
                elif role == "deadline":
                    row.append(deadline or None)
                elif role == "keep":
                    value = kept.pop(0)
                    row.append(value or None)
                    if value:
                        extra.append((column_title, value))
            rows.append(row)
            units_raw = raws[0][1] if len(raws) == 1 else "；".join(f"{title}:{cell}" for title, cell in raws)
            shown_text = f"{title}：{text}" if "title" in roles else text
            tasks.append((number, (section_no, section_title), shown_text, units, units_raw, deadline, tuple(extra)))
    return Made(rows, tasks, used)


def read_back(path):
    return build(read_grid(path), str(path), "plan_2022")


def as_made(plan) -> list[tuple]:
    return [(task.number, tuple(task.section) if task.section else None, task.text,
             [(unit.name, unit.role.value) for unit in task.units], task.units_raw, task.deadline.raw, task.extra)
            for task in plan.tasks]


SETTINGS = settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])


@pytest.mark.slow
@SETTINGS
@given(made=tables())
def test_a_generated_table_reads_as_the_plan_it_was_made_from_in_every_format(tmp_path_factory, made):
    folder = tmp_path_factory.mktemp("formats")
    for suffix in FORMATS:
        plan = read_back(write_table(folder / f"plan_2022{suffix}", made.rows))
        if suffix == ".txt":  # an empty cell is missing from the text: a kept value falls in the first kept column
            assert [task[:-1] + ([value for _, value in task[-1]],) for task in as_made(plan)] == \
                [task[:-1] + ([value for _, value in task[-1]],) for task in made.tasks]
        else:
            assert as_made(plan) == made.tasks, suffix
        assert plan.warnings == (), suffix
        places = places_of(plan)
        for mark in made.marks:
            assert places.count(mark) == 1, (suffix, mark)


def places_of(plan) -> str:
    """Everything a plan says, each place once: headings, tasks' text, units, deadlines, kept data, the header,
    and the warnings (which quote the cells they ignored)."""
    parts = list(plan.columns) + [warning.message for warning in plan.warnings]
    seen_sections = set()
    for task in plan.tasks:
        for section in (task.section, task.subsection):
            if section is not None and section not in seen_sections:
                seen_sections.add(section)
                parts.append(section.title)
        parts += [task.text, task.units_raw, task.deadline.raw] + [value for _, value in task.extra]
    return "\n".join(parts)


@st.composite
def tables_with_strays(draw) -> tuple[Made, list[str]]:
    """A document's table with cells that fit no column: beyond the last one, or a second number."""
    made = draw(tables())
    strays = marks(draw, 3)
    strays = [stray for stray in strays if all(stray not in mark and mark not in stray for mark in made.marks)]
    body = [at for at, row in enumerate(made.rows) if any(isinstance(cell, str) and "局" in cell for cell in row)]
    placed = []
    for stray in strays:
        at = draw(st.sampled_from(body))
        made.rows[at] = made.rows[at] + [stray]
        placed.append(stray)
    return made, placed


@pytest.mark.slow
@SETTINGS
@given(found=tables_with_strays())
def test_a_cell_that_fits_no_column_is_quoted_in_a_warning_never_lost(tmp_path_factory, found):
    made, strays = found
    folder = tmp_path_factory.mktemp("strays")
    for suffix in (".docx", ".xlsx", ".html"):  # the text export has no columns to fall outside of
        plan = read_back(write_table(folder / f"plan_2022{suffix}", made.rows))
        assert [task[:-1] for task in as_made(plan)] == [task[:-1] for task in made.tasks], suffix
        places = places_of(plan)
        for mark in made.marks + strays:
            assert places.count(mark) == 1, (suffix, mark)
        warned = {warning.message for warning in plan.warnings}
        kept = {value for task in plan.tasks for _, value in task.extra}
        for stray in strays:  # beyond a header's last title: a warning; a table without a header keeps it as data
            assert f"ignored a cell after the last column: “{stray}”" in warned or stray in kept, (suffix, stray)
