"""Plan text -> cells -> Plan (SPEC §2), with line numbers, errors and warnings. Never touches the database."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterator

from .deadlines import parse_deadline
from .errors import InputError
from .model import Deadline, Kind, Plan, Section, Task, PlanWarning
from .units import parse_units

CELL_END = re.compile(r"[|｜]")
NUMERAL = "一二三四五六七八九十"
# One pattern for the three kinds of item cell: a heading 一、, a sub-heading (一), a task 1. (or 1、 1．).
ITEM = re.compile(rf"\s*(?:(?P<heading>[{NUMERAL}]{{1,3}})\s*[、､]|[(（]\s*(?P<subheading>[{NUMERAL}]{{1,3}})\s*[)）]"
                  r"|(?P<task>[0-9０-９]{1,6})[ \t\u3000]*[.．、､][ \t\u3000]*(?=\S))\s*(?P<rest>.*)", re.S)
# Column titles, alone or joined (序号及任务); traditional forms too.
TITLES = ("序号|编号|工作任务|重点任务|主要任务|目标任务|任务|具体措施|工作措施|措施|具体要求|工作要求|工作内容|任务内容|"
          "细化分工|责任单位|责任科室|责任部门|责任处室|牵头单位|配合单位|协办单位|完成时限|时限要求|完成时间|时限|"
          "备注|完成情况|責任單位|責任科室|完成時限|時限要求|完成時間|具體措施|備註")
HEADER = re.compile(rf"(?:{TITLES})(?:[及和与、/]?(?:{TITLES}))*")
# A year in heading or task text; 〔2020〕 (a document number) has no 年 and so never counts.
TEXT_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[ \t\u3000]*年")
FILE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\u2018-\u201f"
DROPPED_TERM = re.compile(rf"[{CJK}][ \t\u3000]+[{CJK}]")
ALNUM = re.compile(r"[A-Za-z0-9]")


def split_cells(text: str) -> Iterator[tuple[str, int]]:
    """(cell text, line it starts on): cells end with | or ｜, line breaks inside are removed, empty ones skipped."""
    line = 1
    for chunk in CELL_END.split(text):
        stripped = chunk.lstrip()
        if stripped:
            yield join_lines(stripped), line + chunk.count("\n", 0, len(chunk) - len(stripped))
        line += chunk.count("\n")


def join_lines(chunk: str) -> str:
    """Trim a cell and drop its line breaks; two Latin letters or digits keep a space between them."""
    chunk = chunk.strip()
    if "\n" not in chunk:
        return chunk
    pieces = [piece.strip() for piece in chunk.split("\n")]
    joined = pieces[0]
    for piece in pieces[1:]:
        if not piece:
            continue
        if joined and ALNUM.match(joined[-1]) and ALNUM.match(piece[0]):
            joined += " "
        joined += piece
    return joined


def chinese_numeral(numeral: str) -> int | None:
    """一 … 九十九 -> 1 … 99; None for anything that is not a well-formed numeral."""
    digits = {c: i + 1 for i, c in enumerate(NUMERAL[:9])}
    if numeral in digits:
        return digits[numeral]
    match = re.fullmatch(rf"([{NUMERAL[:9]}])?十([{NUMERAL[:9]}])?", numeral)
    if not match:
        return None
    tens = digits[match[1]] if match[1] else 1
    if match[1] == "一":
        return None
    return tens * 10 + (digits[match[2]] if match[2] else 0)


def classify(text: str) -> tuple[str, int, str] | None:
    """("heading" | "subheading" | "task", number, title or text) for an item cell, else None."""
    match = ITEM.fullmatch(text)
    if match is None:
        return None
    if match["task"]:
        return "task", int(match["task"]), match["rest"].strip()  # int() reads full-width digits too
    number = chinese_numeral(match["heading"] or match["subheading"])
    if number is None:
        return None
    title = match["rest"].strip().rstrip("。.").strip()
    return ("heading" if match["heading"] else "subheading"), number, title


def is_header(text: str) -> bool:
    return HEADER.fullmatch("".join(text.split())) is not None


def looks_like_deadline(text: str) -> bool:
    # A leap year, so that 2月29日 counts as a deadline cell before the plan's year is known.
    return parse_deadline(text, 2000).kind not in (Kind.UNRECOGNIZED, Kind.NONE)


@dataclass
class _Pending:
    number: int
    text: str
    line: int
    section: Section | None
    subsection: Section | None
    units_raw: str = ""
    deadline_raw: str = ""


class _Reader:
    """Walks the cells once; the state is which cell it expects next."""

    def __init__(self, shown: str):
        self.shown = shown
        self.tasks: list[_Pending] = []
        self.warnings: list[PlanWarning] = []
        self.section: Section | None = None
        self.subsection: Section | None = None
        self.titles: dict[int, str] = {}
        self.numbers: dict[int, int] = {}
        self.text_years: list[tuple[int, int]] = []

    def read(self, cells: Iterator[tuple[str, int]]) -> None:
        expecting = "item"
        for text, line in cells:
            if expecting == "units":
                if classify(text) is not None:
                    raise self._no_units(self.tasks[-1])
                self.tasks[-1].units_raw = text
                self._check_spaces(text, line)
                expecting = "deadline"
                continue
            if expecting == "deadline":
                expecting = "item"
                # Tried as a deadline first, so that 2023.1.31 is a date and not task 2023.
                if looks_like_deadline(text):
                    self.tasks[-1].deadline_raw = text
                    continue
                item = classify(text)
                if item is None:
                    self.tasks[-1].deadline_raw = text
                    continue
            else:
                item = classify(text)
            expecting = self._item(text, line, item)
        if expecting == "units":
            raise self._no_units(self.tasks[-1])

    def _no_units(self, task: _Pending) -> InputError:
        return InputError(self.shown, f"task {task.number} has no units cell after it "
                          "(the cell after a task names the units responsible); add it and import again", task.line)

    def _item(self, text: str, line: int, item: tuple[str, int, str] | None) -> str:
        if item is None:
            if not is_header(text):
                self.warn(line, f"ignored a cell that is neither a section heading nor a task: {_excerpt(text)}")
            return "item"
        kind, number, rest = item
        if kind == "task":
            self._task(text, line, number, rest)
            return "units"
        if kind == "heading":
            self._section(text, line, number, rest)
        else:
            self.subsection = Section(number, rest)
            self._check_spaces(text, line)
            self._note_years(line, rest)
        return "item"

    def _section(self, text: str, line: int, number: int, title: str) -> None:
        current = self.section.no if self.section else 0
        if self.titles.get(number) == title:
            # The same heading again is the table continued on a new page: the same section.
            if number != current:
                self.warn(line, f"section {number} comes again after section {current}")
        elif number in self.titles:
            self.warn(line, f"section {number} appears again with another title: {_excerpt(title)}")
            self._check_spaces(text, line)
        else:
            self._check_spaces(text, line)
            self._note_years(line, title)
            if number < max(self.titles, default=0):
                self.warn(line, f"sections out of order: section {number} comes after section {current}")
            for other, other_title in self.titles.items():
                if other_title == title:
                    self.warn(line, f"sections {other} and {number} have the same title {_excerpt(title)}")
            self.titles[number] = title
        self.section = Section(number, title)
        self.subsection = None

    def _task(self, cell_text: str, line: int, number: int, text: str) -> None:
        if number in self.numbers:
            raise InputError(self.shown, f"task {number} appears twice (first at line {self.numbers[number]}); "
                             "give each task its own number", line)
        if self.tasks:
            previous = self.tasks[-1].number
            if number < previous:
                self.warn(line, f"task {number} comes after task {previous}")
            elif number > previous + 1:
                self.warn(line, f"task numbering jumps from {previous} to {number}")
        self.numbers[number] = line
        self._check_spaces(cell_text, line)
        self._note_years(line, text)
        self.tasks.append(_Pending(number, text, line, self.section, self.subsection))

    def _note_years(self, line: int, text: str) -> None:
        self.text_years.extend((int(year), line) for year in TEXT_YEAR.findall(text))

    def _check_spaces(self, text: str, line: int) -> None:
        for match in DROPPED_TERM.finditer(text):
            context = text[max(0, match.start() - 6): match.end() + 6]
            self.warn(line, f"a space inside Chinese text may mark a dropped term: {_excerpt(context)}")

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(PlanWarning(line, message))


def _excerpt(text: str, width: int = 30) -> str:
    return "“" + (text if len(text) <= width else text[: width - 1] + "…") + "”"


def _reporting(cells: Iterator[tuple[str, int]], lines: int, progress: Callable[[int, int], None]):
    for count, cell in enumerate(cells):
        if count % 4096 == 0:
            progress(cell[1], 2 * lines)
        yield cell


def plan_year(file_stem: str, text_years: list[tuple[int, int]]) -> tuple[int, str] | None:
    """The plan's year and why: the file name's one year, else the earliest year in the text."""
    in_name = set(FILE_YEAR.findall(file_stem))
    if len(in_name) == 1:
        return int(in_name.pop()), "from the file name"
    if text_years:
        year, line = min(text_years)
        return year, f"from “{year}年” in the plan text at line {line}"
    return None


def parse_plan(text: str, shown: str, file_stem: str, year: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> Plan:
    """Read a whole plan. Raises InputError (the first error in the file); warnings ride on the Plan.

    `progress(line, lines)` is called now and then while the cells are read, for a progress bar.
    """
    reader = _Reader(shown)
    cells = split_cells(text)
    lines = text.count("\n") + 1
    # Two passes, each half of the bar: the cells, then each task's units and deadline.
    reader.read(_reporting(cells, lines, progress) if progress else cells)
    if not reader.tasks:
        raise InputError(shown, "no task found: a task cell starts with its number, like “1.…”, and every "
                         "cell ends with |; check that this is the plan table exported as text")
    if year is not None:
        year_source = "from --year"
    else:
        decided = plan_year(file_stem, reader.text_years)
        if decided is None:
            raise InputError(shown, "cannot tell the plan's year from the file name or the text; "
                             "name it with --year, e.g. --year 2022")
        year, year_source = decided
    tasks = []
    for count, pending in enumerate(reader.tasks):
        if progress and count % 4096 == 0:
            progress(lines + pending.line, 2 * lines)
        deadline = parse_deadline(pending.deadline_raw, year) if pending.deadline_raw else Deadline("", Kind.NONE)
        if deadline.kind is Kind.UNRECOGNIZED:
            reader.warn(pending.line, f"task {pending.number}: cannot read the deadline "
                        f"{_excerpt(pending.deadline_raw)}; it is kept as written, with no due date")
        tasks.append(Task(pending.number, pending.text, pending.units_raw, tuple(parse_units(pending.units_raw)),
                          deadline, pending.section, pending.subsection, pending.line))
    warnings = sorted(reader.warnings, key=lambda w: w.line)
    return Plan(year, year_source, tuple(tasks), tuple(warnings))
