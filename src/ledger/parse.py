"""Plan text -> cells -> Plan (SPEC §2), with line numbers, errors and warnings. Never touches the database."""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .deadlines import parse_deadline
from .errors import InputError
from .messages import say
from .model import Deadline, Kind, Plan, PlanWarning, Role, Section, Task
from .numerals import NUMERAL_CHARS, numeral_value
from .units import parse_units

# One pattern for the three kinds of item cell: a heading 一、, a sub-heading (一), a task 1. (or 1、 1．).
ITEM = re.compile(rf"\s*(?:(?P<heading>[{NUMERAL_CHARS}]{{1,3}})\s*[、､]|[(（]\s*(?P<subheading>[{NUMERAL_CHARS}]{{1,3}})\s*[)）]"
                  r"|(?P<task>[0-9０-９]{1,6})[ \t\u3000]*[.．、､][ \t\u3000]*(?=\S))\s*(?P<rest>.*)", re.S)
# Column titles and what each column holds. Titles may be spaced out (具 体 要 求) or traditional (責任單位).
COLUMN_ROLES = {
    "section": ("工作任务", "重点任务", "主要任务", "目标任务", "任务"),
    "text": ("具体措施", "工作措施", "措施", "具体要求", "工作要求", "工作内容", "任务内容", "主要内容", "细化分工"),
    "number": ("序号", "编号"),
    "units": ("责任单位", "责任科室", "责任部门", "责任处室"),
    "lead": ("牵头单位", "牵头部门", "牵头科室"),
    "assist": ("配合单位", "配合部门", "配合科室", "协办单位"),
    "deadline": ("完成时限", "时限要求", "完成时间", "时限"),
    "keep": ("备注", "完成情况", "进展情况"),
}
ROLE_OF_TITLE = {title: role for role, titles in COLUMN_ROLES.items() for title in titles}
TITLES = "|".join(sorted(ROLE_OF_TITLE, key=len, reverse=True))
HEADER = re.compile(rf"(?:{TITLES})(?:[及和与、/]?(?:{TITLES}))*")
SIMPLIFIED = str.maketrans("務點體內細責單處牽頭時間況註號備題門務導辦", "务点体内细责单处牵头时间况注号备题门务导办")
UNIT_SUFFIXES = ("科", "室", "处", "局", "中心", "办", "委", "组", "会", "队", "站", "所", "院", "部", "厅", "政府", "单位",
                 "部门", ")", "）", "党委", "公司", "馆")
# A year in heading or task text; 〔2020〕 (a document number) has no 年 and so never counts.
TEXT_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[ \t\u3000]*年")
FILE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\u2018-\u201f"
DROPPED_TERM = re.compile(rf"[{CJK}][ \t\u3000]+[{CJK}]")
ALNUM = re.compile(r"[A-Za-z0-9]")


def split_cells(text: str) -> Iterator[tuple[str, int]]:
    """(cell text, line it starts on): cells end with | or ｜, line breaks inside are removed, empty ones skipped."""
    line = 1
    if "｜" in text:  # the full-width form; str.split is five times faster than a pattern of both
        text = text.replace("｜", "|")
    for chunk in text.split("|"):
        newlines = chunk.count("\n")
        cell = chunk.strip()
        if cell:
            if newlines:  # the line the cell starts on, and its own line breaks removed
                yield (join_lines(cell) if "\n" in cell else cell), line + chunk.count("\n", 0, chunk.index(cell[0]))
            else:
                yield cell, line
        line += newlines


def join_lines(chunk: str) -> str:
    """A trimmed cell without its line breaks; two Latin letters or digits keep a space between them."""
    pieces = [piece.strip() for piece in chunk.split("\n")]
    joined = pieces[0]
    for piece in pieces[1:]:
        if not piece:
            continue
        if joined and ALNUM.match(joined[-1]) and ALNUM.match(piece[0]):
            joined += " "
        joined += piece
    return joined


def classify(text: str) -> tuple[str, int, str] | None:
    """("heading" | "subheading" | "task", number, title or text) for an item cell, else None."""
    match = ITEM.fullmatch(text)
    if match is None:
        return None
    if match["task"]:
        return "task", int(match["task"]), match["rest"].strip()  # int() reads full-width digits too
    number = numeral_value(match["heading"] or match["subheading"])
    if number is None:
        return None
    title = match["rest"].strip().rstrip("。.").strip()
    return ("heading" if match["heading"] else "subheading"), number, title


def column_title(text: str) -> str | None:
    """A header cell's title in simplified characters without spaces (具 体 要 求 -> 具体要求), else None."""
    compact = "".join(text.split()).translate(SIMPLIFIED)
    return compact if len(compact) <= 40 and HEADER.fullmatch(compact) else None


def is_header(text: str) -> bool:
    return column_title(text) is not None


def column_role(title: str) -> str:
    """What a column holds; a joined title (序号及任务) is read by its last part."""
    last = max((t for t in ROLE_OF_TITLE if title.endswith(t)), key=len)
    return ROLE_OF_TITLE[last]


def bare_number(text: str) -> int | None:
    """A cell holding only a task number (3, ３, 3.), as a 序号 column has it."""
    compact = unicodedata.normalize("NFKC", text).strip().rstrip(".、")
    return int(compact) if compact.isdigit() and len(compact) <= 6 else None


def units_like(text: str) -> bool:
    """Whether a cell reads as a units cell: unit names with a role verb or a unit's ending (科, 室, 中心 …)."""
    units = parse_units(text)
    return bool(units) and len(text) <= 80 and all(
        len(unit.name) <= 25 and (unit.verb or unit.name.endswith(UNIT_SUFFIXES)) for unit in units)


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
    units: tuple = ()
    extra: tuple = ()


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
        self.title_years: list[tuple[int, int]] = []
        self.skipped: list[tuple[str, int]] = []  # cells before the table: a title line, a metadata table

    def skip_before_table(self, text: str, line: int) -> None:
        self.skipped.append((text, line))
        self.title_years.extend((int(year), line) for year in TEXT_YEAR.findall(text))

    def said_skipped(self) -> None:
        if self.skipped:
            count, (first, line) = len(self.skipped), self.skipped[0]
            key = "skipped_one_before_table" if count == 1 else "skipped_before_table"
            self.warn(line, say(key, count=count, excerpt=_excerpt(first)))

    def read(self, cells: Iterator[tuple[str, int]]) -> None:
        expecting = "item"
        number_cell: tuple[int, int] | None = None  # (number, line) of a task number in a cell of its own
        for text, line in cells:
            if expecting == "text":
                expecting = "item"
                if classify(text) is None and bare_number(text) is None:
                    self._task(text, number_cell[1], number_cell[0], text)
                    expecting = "units"
                    continue
                self.warn(number_cell[1], say("number_without_text", number=number_cell[0]))
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
                if item is None and bare_number(text) is None:
                    self.tasks[-1].deadline_raw = text
                    continue
            else:
                item = classify(text)
            if item is None and (number := bare_number(text)) is not None:
                number_cell, expecting = (number, line), "text"
                continue
            expecting = self._item(text, line, item)
        if expecting == "units":
            raise self._no_units(self.tasks[-1])
        if expecting == "text":
            self.warn(number_cell[1], say("number_without_text", number=number_cell[0]))

    def _no_units(self, task: _Pending) -> InputError:
        return InputError(self.shown, say("no_units", number=task.number), task.line)

    def _item(self, text: str, line: int, item: tuple[str, int, str] | None) -> str:
        if item is None:
            if is_header(text):
                return "item"
            if not self.tasks and self.section is None:
                self.skip_before_table(text, line)
            else:
                self.warn(line, say("stray_cell", excerpt=_excerpt(text)))
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
                self.warn(line, say("section_again", number=number, current=current))
        elif number in self.titles:
            self.warn(line, say("section_retitled", number=number, excerpt=_excerpt(title)))
            self._check_spaces(text, line)
        else:
            self._check_spaces(text, line)
            self._note_years(line, title)
            if number < max(self.titles, default=0):
                self.warn(line, say("sections_out_of_order", number=number, current=current))
            for other, other_title in self.titles.items():
                if other_title == title:
                    self.warn(line, say("sections_same_title", other=other, number=number, excerpt=_excerpt(title)))
            self.titles[number] = title
        self.section = Section(number, title)
        self.subsection = None

    def _task(self, cell_text: str, line: int, number: int, text: str) -> None:
        if number in self.numbers:
            raise InputError(self.shown, say("task_twice", number=number, first=self.numbers[number]), line)
        if self.tasks:
            previous = self.tasks[-1].number
            if number < previous:
                self.warn(line, say("task_out_of_order", number=number, previous=previous))
            elif number > previous + 1:
                self.warn(line, say("numbering_gap", previous=previous, number=number))
        self.numbers[number] = line
        self._check_spaces(cell_text, line)
        self._note_years(line, text)
        self.tasks.append(_Pending(number, text, line, self.section, self.subsection))

    def _note_years(self, line: int, text: str) -> None:
        if "年" in text:  # most task texts name no year: skip the pattern
            self.text_years.extend((int(year), line) for year in TEXT_YEAR.findall(text))

    def _check_spaces(self, text: str, line: int) -> None:
        if DROPPED_TERM.search(text) is None:  # the usual case, without an iterator per cell
            return
        for match in DROPPED_TERM.finditer(text):
            context = text[max(0, match.start() - 6): match.end() + 6]
            self.warn(line, say("dropped_term", excerpt=_excerpt(context)))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(PlanWarning(line, message))


class _Row:
    """A task row being assembled in a table with a header: cells by column position."""

    def __init__(self, line: int, number: int | None = None, text: str | None = None):
        self.line, self.number, self.text = line, number, text
        self.cells: dict[int, str] = {}


class _ColumnReader(_Reader):
    """A table whose header row names its columns. The header gives their order; each cell's content
    confirms its column, because merged and empty cells are missing from the exported text."""

    def __init__(self, shown: str, columns: list[str]):
        super().__init__(shown)
        self.columns = columns
        self.roles = [column_role(title) for title in columns]
        if "text" not in self.roles:  # 工作任务 | 责任单位 | …: the task column is the only text column
            self.roles[self.roles.index("section")] = "text"
        self.text_at = self.roles.index("text")
        self.section_at = self.roles.index("section") if "section" in self.roles[:self.text_at] else None
        self.number_at = self.roles.index("number") if "number" in self.roles else None
        self.unit_roles = {"units": Role.IMPLEMENT if "lead" in self.roles else Role.LEAD,
                           "lead": Role.LEAD, "assist": Role.ASSIST}
        self.row: _Row | None = None
        self.position = 0
        self.numbered_in_order = False
        self.numbers_from_column = False

    def read(self, cells: Iterator[tuple[str, int]]) -> None:
        cells = iter(cells)
        upcoming = next(cells, None)
        while upcoming is not None:
            (text, line), upcoming = upcoming, next(cells, None)  # one cell of look-ahead
            if is_header(text):  # the header row again, on a new page
                self.finish()
                continue
            if self.row and self._expects("deadline") and looks_like_deadline(text):
                self._place(text, line)  # tried as a deadline first: 2023.1.31 is a date, not task 2023
                continue
            item = classify(text)
            number = bare_number(text) if self.number_at is not None else None
            if item and item[0] == "heading":
                self._before_row_text()
                self._section(text, line, item[1], item[2])
                self.position = self.section_at + 1 if self.section_at is not None else 0
            elif item and item[0] == "subheading":
                self._before_row_text()
                self.subsection = Section(item[1], item[2])
                self._check_spaces(text, line)
            elif item and item[0] == "task":
                if self.row and self.row.text is None:  # 序号 cell, then the text with its own number
                    self.row.text = item[2]
                else:
                    self.finish()
                    self.row = _Row(line, item[1], item[2])
                self.position = self.text_at + 1
            elif number is not None and (self.row is None or self.row.text is not None):
                self.finish()
                self.row = _Row(line, number)
                self.numbers_from_column = True
                self.position = self.number_at + 1
            else:
                self._free_cell(text, line, upcoming[0] if upcoming else None)
        self.finish()

    def _before_row_text(self) -> None:
        """A heading ends the row before it, unless it is this row's own section cell (after its 序号)."""
        if not (self.row and self.row.text is None):
            self.finish()

    def _expects(self, role: str) -> bool:
        return self.position < len(self.roles) and self.roles[self.position] == role

    def _free_cell(self, text: str, line: int, after: str | None) -> None:
        """A cell that is no heading, task or number: the column it falls in, or the start of a row."""
        row_done = self.row is None or self.position >= len(self.roles) or (
            self.row.text is not None and not self._expects_units() and not looks_like_deadline(text)
            and after is not None and units_like(after))
        if row_done:
            if self.section_at is not None and self._starts_section(after):
                self.finish()
                self._plain_section(text, line)
                return
            self.finish()
            self.row = _Row(line, None, text)
            self.position = self.text_at + 1
            return
        while self.position < len(self.roles):
            role = self.roles[self.position]
            if role == "section" and self.row.text is None and self._starts_section(after):
                self._plain_section(text, line)
                self.position += 1
                return
            if role == "text" and self.row.text is None:
                self.row.text = text
                self.position += 1
                return
            if role in self.unit_roles or role == "keep" or (
                    role == "deadline" and (looks_like_deadline(text) or "keep" not in self.roles[self.position:])):
                self._place(text, line)
                return
            self.position += 1  # that column is empty (merged) in this row
        self.warn(line, say("cell_after_last_column", excerpt=_excerpt(text)))

    def _expects_units(self) -> bool:
        return any(role in self.unit_roles and position not in self.row.cells
                   for position, role in enumerate(self.roles) if position >= self.position)

    def _place(self, text: str, line: int) -> None:
        self.row.cells[self.position] = text
        self.position += 1

    def _starts_section(self, after: str | None) -> bool:
        """A cell without a numeral is a section title when a task (not its units) comes after it."""
        if after is None:
            return False
        item = classify(after)
        if item is not None:
            return item[0] == "task"
        if bare_number(after) is not None and self.number_at is not None:
            return True
        return not (units_like(after) or looks_like_deadline(after) or is_header(after))

    def _plain_section(self, text: str, line: int) -> None:
        title = text.strip().rstrip("。.").strip()
        if self.section is not None and self.section.title == title:
            number = self.section.no
        else:
            known = [no for no, known_title in self.titles.items() if known_title == title]
            number = known[0] if known else max(self.titles, default=0) + 1
        self._section(text, line, number, title)

    def finish(self) -> None:
        row, self.row = self.row, None
        if row is None:
            return
        if row.text is None:
            self.warn(row.line, say("number_without_text", number=row.number))
            return
        if row.number is None:
            self.numbered_in_order = True
            row.number = (self.tasks[-1].number if self.tasks else 0) + 1
        self._task(row.text, row.line, row.number, row.text)
        pending = self.tasks[-1]
        unit_cells = [(self.columns[p], self.roles[p], cell) for p, cell in sorted(row.cells.items())
                      if self.roles[p] in self.unit_roles]
        if not unit_cells:
            raise self._no_units(pending)
        for _, _, cell in unit_cells:
            self._check_spaces(cell, row.line)
        pending.units_raw = (unit_cells[0][2] if len(unit_cells) == 1 else
                             "；".join(f"{title}:{cell}" for title, _, cell in unit_cells))
        pending.units = tuple(unit for _, role, cell in unit_cells for unit in parse_units(cell, self.unit_roles[role]))
        pending.deadline_raw = next((cell for p, cell in row.cells.items() if self.roles[p] == "deadline"), "")
        pending.extra = tuple((self.columns[p], cell) for p, cell in sorted(row.cells.items())
                              if self.roles[p] == "keep")
        if "deadline" not in self.roles:
            for title, cell in pending.extra:
                if looks_like_deadline(cell):
                    pending.deadline_raw = cell
                    self.warn(row.line, say("deadline_from_column", number=row.number, excerpt=_excerpt(cell),
                                            column=title))
                    break


def find_header(cells: Iterator[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[str] | None]:
    """Reads cells up to the first item: (those cells, the header row's titles when one names a task and a
    units column). The caller goes on with the rest of the iterator."""
    seen: list[tuple[str, int]] = []
    start = None
    for text, line in cells:
        seen.append((text, line))
        if column_title(text):
            start = len(seen) - 1 if start is None else start
            continue
        if start is not None:
            titles = [column_title(cell) for cell, _ in seen[start:-1]]
            roles = {column_role(title) for title in titles}
            if len(titles) >= 2 and roles & {"units", "lead", "assist"} and roles & {"text", "section"}:
                return seen, titles
            start = None
        if classify(text) is not None:
            break
    return seen, None


def _excerpt(text: str, width: int = 30) -> str:
    return "“" + (text if len(text) <= width else text[: width - 1] + "…") + "”"


def _reporting(cells: Iterator[tuple[str, int]], lines: int, progress: Callable[[int, int], None]):
    """Passes the cells on, telling `progress` how far through the lines they are (the first half of the bar)."""
    for count, cell in enumerate(cells):
        if count % 4096 == 0:
            progress(cell[1], 2 * lines)
        yield cell


def plan_year(file_stem: str, text_years: list[tuple[int, int]],
              title_years: list[tuple[int, int]] = ()) -> tuple[int, str] | None:
    """The plan's year and why: the file name's one year, else the title's, else the earliest in the text."""
    in_name = set(FILE_YEAR.findall(file_stem))
    if len(in_name) == 1:
        return int(in_name.pop()), say("year_from_file_name")
    for years, source in ((title_years, "year_from_title"), (text_years, "year_from_text")):
        if years:
            year, line = min(years)
            return year, say(source, year=year, line=line)
    return None


def parse_plan(text: str, shown: str, file_stem: str, year: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> Plan:
    """Read a whole plan. Raises InputError (the first error in the file); warnings ride on the Plan.

    `progress(done, total)` is called now and then, for a progress bar.
    """
    lines = text.count("\n") + 1
    cells = _reporting(split_cells(text), lines, progress) if progress else split_cells(text)
    seen, columns = find_header(cells)  # the cells are streamed, not all held: a plan can be large
    if columns is None:
        reader = _Reader(shown)
        reader.read(itertools.chain(seen, cells))
        columns = []
    else:
        reader = _ColumnReader(shown, columns)
        header_at = len(seen) - 1 - len(columns)  # the last cell seen is the first after the header
        for cell, line in seen[:header_at]:
            reader.skip_before_table(cell, line)
        reader.read(itertools.chain(seen[-1:], cells))
    reader.said_skipped()
    if not reader.tasks:
        raise InputError(shown, say("no_task"))
    if year is not None:
        year_source = say("year_from_option")
    else:
        decided = plan_year(file_stem, reader.text_years, reader.title_years)
        if decided is None:
            raise InputError(shown, say("no_year"))
        year, year_source = decided
    tasks = reader.tasks  # each pending task is replaced by its Task in place: a large plan is not held twice
    for count, pending in enumerate(reader.tasks):
        if progress and count % 4096 == 0:
            progress(lines + pending.line, 2 * lines)
        deadline = parse_deadline(pending.deadline_raw, year) if pending.deadline_raw else Deadline("", Kind.NONE)
        if deadline.kind is Kind.UNRECOGNIZED:
            reader.warn(pending.line, say("unreadable_deadline", number=pending.number,
                                          excerpt=_excerpt(pending.deadline_raw)))
        units = pending.units or parse_units(pending.units_raw)
        tasks[count] = Task(pending.number, pending.text, pending.units_raw, units, deadline, pending.section,
                            pending.subsection, pending.line, pending.extra)
    warnings = sorted(reader.warnings, key=lambda w: w.line)
    in_order = isinstance(reader, _ColumnReader) and reader.numbered_in_order
    from_column = isinstance(reader, _ColumnReader) and reader.numbers_from_column
    return Plan(year, year_source, tuple(tasks), tuple(warnings), tuple(columns), in_order, from_column)
