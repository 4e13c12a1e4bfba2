"""Grid -> Plan: which tables hold the tasks, sections, tasks, units, deadlines, the year, warnings and errors.

One code path for every file: a reader (readers/) gives the grid, and nothing here knows the format. Two ways of
walking the cells remain because tables come in two kinds: without a header, cells are read in order as heading,
task, units and deadline (§2); with a header row, the header names the columns (§8).
"""
from __future__ import annotations

import itertools
from typing import Callable, Iterable, Iterator, NamedTuple

from .cells import bare_number, bracketed_task, classify, item_text, dropped_terms, excerpt, looks_like_deadline, units_like
from .columns import Columns, default_columns
from .deadlines import parse_deadline
from .errors import InputError
from .grid import Cell, Grid, Place, Table
from .messages import say
from .model import Deadline, Kind, Plan, PlanWarning, Role, Section, Task
from .units import parse_units
from .year import plan_year, years_in

TASK_COLUMNS = {"text", "section"}
UNIT_COLUMNS = {"units", "lead", "assist"}


class _Pending(NamedTuple):
    """A task as the cells give it, before the plan's year is known and its deadline can be read."""

    number: int
    text: str
    line: int
    section: Section | None
    subsection: Section | None
    units_raw: str
    deadline_raw: str
    units: tuple
    extra: tuple


class _Reader:
    """Walks the cells once; the state is which cell it expects next."""

    def __init__(self, shown: str, places: dict[int, Place], columns: Columns):
        self.shown = shown
        self.places = places  # a document cell's place, by its order; empty for a text file
        self.vocabulary = columns
        self.tasks: list[_Pending] = []
        self.open: dict | None = None  # the task being read: its units and deadline may still come
        self.warnings: list[tuple[int, PlanWarning]] = []
        self.section: Section | None = None
        self.subsection: Section | None = None
        self.titles: dict[int, str] = {}
        self.numbers: dict[int, int] = {}
        self.text_years: list[tuple[int, object]] = []
        self.title_years: list[tuple[int, object]] = []
        self.skipped: list[tuple[str, int]] = []  # cells before the table: a title line, a metadata table

    def where(self, line: int):
        """What a person is shown for a cell: its line in a text file, its place in a document."""
        return self.places.get(line, line)

    def title_text(self, text: str, line: int) -> None:
        """A paragraph before the tables (the title, the 发文 line): it counts for the year, nothing more."""
        self.title_years.extend((year, self.where(line)) for year in years_in(text))

    def skip_before_table(self, text: str, line: int) -> None:
        self.skipped.append((text, line))
        self.title_text(text, line)

    def said_skipped(self) -> None:
        if self.skipped:
            count, (first, line) = len(self.skipped), self.skipped[0]
            key = "skipped_one_before_table" if count == 1 else "skipped_before_table"
            self.warn(line, say(key, count=count, excerpt=excerpt(first)))

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
                    raise self._no_units(self.open)
                self.open["units_raw"] = text
                self._check_spaces(text, line)
                expecting = "deadline"
                continue
            if expecting == "deadline":
                expecting = "item"
                # Tried as a deadline first, so that 2023.1.31 is a date and not task 2023.
                if looks_like_deadline(text):
                    self.open["deadline_raw"] = text
                    continue
                item = classify(text)
                if item is None and bare_number(text) is None:
                    self.open["deadline_raw"] = text
                    continue
            else:
                item = classify(text)
            if item is None and (number := bare_number(text)) is not None:
                number_cell, expecting = (number, line), "text"
                continue
            expecting = self._item(text, line, item)
        if expecting == "units":
            raise self._no_units(self.open)
        if expecting == "text":
            self.warn(number_cell[1], say("number_without_text", number=number_cell[0]))
        self.close()

    def _no_units(self, task: dict) -> InputError:
        return self.error(say("no_units", number=task["number"]), task["line"])

    def error(self, message: str, line: int) -> InputError:
        return InputError(self.shown, message, self.where(line))

    def _item(self, text: str, line: int, item: tuple[str, int, str] | None) -> str:
        if item is None:
            if self.vocabulary.is_header(text):
                return "item"
            if not self.tasks and self.open is None and self.section is None:
                self.skip_before_table(text, line)
            else:
                self.warn(line, say("stray_cell", excerpt=excerpt(text)))
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
            self.warn(line, say("section_retitled", number=number, excerpt=excerpt(title)))
            self._check_spaces(text, line)
        else:
            self._check_spaces(text, line)
            self._note_years(line, title)
            if number < max(self.titles, default=0):
                self.warn(line, say("sections_out_of_order", number=number, current=current))
            for other, other_title in self.titles.items():
                if other_title == title:
                    self.warn(line, say("sections_same_title", other=other, number=number, excerpt=excerpt(title)))
            self.titles[number] = title
        self.section = Section(number, title)
        self.subsection = None

    def _task(self, cell_text: str, line: int, number: int, text: str) -> None:
        self.close()
        if number in self.numbers:
            first = self.where(self.numbers[number])
            raise self.error(say("task_twice" if isinstance(first, int) else "task_twice_at", number=number,
                                 first=first), line)
        if self.tasks:
            previous = self.tasks[-1].number
            if number < previous:
                self.warn(line, say("task_out_of_order", number=number, previous=previous))
            elif number > previous + 1:
                self.warn(line, say("numbering_gap", previous=previous, number=number))
        self.numbers[number] = line
        self._check_spaces(cell_text, line)
        self._note_years(line, text)
        self.open = {"number": number, "text": text, "line": line, "section": self.section,
                     "subsection": self.subsection, "units_raw": "", "deadline_raw": "", "units": (), "extra": ()}

    def close(self) -> None:
        """The open task is complete: it joins the tasks."""
        if self.open is not None:
            self.tasks.append(_Pending(**self.open))
            self.open = None

    def _note_years(self, line: int, text: str) -> None:
        self.text_years.extend((year, self.where(line)) for year in years_in(text))

    def _check_spaces(self, text: str, line: int) -> None:
        for context in dropped_terms(text):
            self.warn(line, say("dropped_term", excerpt=excerpt(context)))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append((line, PlanWarning(self.where(line), message)))


class _Row:
    """A task row being assembled in a table with a header: cells by column position."""

    def __init__(self, line: int, number: int | None = None, text: str | None = None, titled: bool = False):
        self.line, self.number, self.text = line, number, text
        self.titled = titled  # the text so far is the task's title, from a title column; its text comes next
        self.cells: dict[int, str] = {}


class _ColumnReader(_Reader):
    """A table whose header row names its columns. The header gives their order. In a document each cell's place
    gives its row and column; in the text export each cell's content confirms its column, because merged and empty
    cells are missing from it."""

    def __init__(self, shown: str, places: dict[int, Place], columns: Columns, titles: list[str],
                 title_columns: list[tuple[int, int]] | None = None):
        super().__init__(shown, places, columns)
        self.columns = titles
        self.roles = [columns.role(title) for title in titles]
        if "text" not in self.roles and "section" in self.roles:  # 工作任务 | 责任单位 | …: the only text column
            self.roles[self.roles.index("section")] = "text"
        self.text_at = self.roles.index("text")
        self.section_at = self.roles.index("section") if "section" in self.roles[:self.text_at] else None
        self.number_at = self.roles.index("number") if "number" in self.roles else None
        self.unit_roles = {"units": Role.IMPLEMENT if "lead" in self.roles else Role.LEAD,
                           "lead": Role.LEAD, "assist": Role.ASSIST}
        # A document's column number -> the header's position for it; a column under a merged title is that title's.
        self.position_of: dict[int, int] = {}
        for at, (column, span) in enumerate(title_columns or []):
            self.position_of.update((covered, at) for covered in range(column, column + span))
        self.row: _Row | None = None
        self.row_key: tuple[int, int] | None = None
        self.position = 0
        self.numbered_in_order = False
        self.numbers_from_column = False

    def read(self, cells: Iterator[tuple[str, int]]) -> None:
        cells = iter(cells)
        upcoming = next(cells, None)
        while upcoming is not None:
            (text, line), upcoming = upcoming, next(cells, None)  # one cell of look-ahead
            place = self.places.get(line)
            if place is not None:
                self._at_place(place)
            if self.vocabulary.is_header(text) and place is None:  # the header row again, on a new page
                self.finish()
                continue
            if self.row and self._expects("deadline") and looks_like_deadline(text):
                self._place(text, line)  # tried as a deadline first: 2023.1.31 is a date, not task 2023
                continue
            item = classify(text)
            if item is None and (numbered := bracketed_task(text)) is not None and self._units_follow(upcoming, place):
                item = ("task", numbered[0], numbered[1])  # （1）… with its own units cell: a task, not a measure
            elif item and item[0] == "subheading" and self._units_follow(upcoming, place):
                item = ("task", None, item_text(text))  # (一)… with its own units cell: a task, numbered in order
            number = bare_number(text) if self._number_may_start_row(place) else None
            if place is not None and self.row is not None and (self._expects("keep") or self._expects("skip")):
                self._place(text, line)  # a document's kept column holds what it holds, numbers and headings too
            elif item and item[0] == "heading":
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
                elif self.row and self.row.titled and place is not None:  # title cell, then the numbered text
                    self.row.number, self.row.text, self.row.titled = item[1], f"{self.row.text}：{item[2]}", False
                else:
                    self.finish()
                    self.row = _Row(line, item[1], item[2])
                self.position = self.text_at + 1
            elif number is not None and (self.row is None or self.row.text is not None):
                self.finish()
                self.row = _Row(line, number)
                self.numbers_from_column = True
                self.position = self.number_at + 1 if self.number_at is not None else (
                    self.section_at if self.section_at is not None else self.text_at)
            else:
                self._free_cell(text, line, upcoming[0] if upcoming else None)
        self.finish()

    def _units_follow(self, upcoming: tuple[str, int] | None, place: Place | None) -> bool:
        """Whether the next cell is this row's units cell (in a document: the next cell of the row, in a units
        column; in the text export: a cell that reads as units)."""
        if upcoming is None:
            return False
        if place is None:  # 3.加落实 ends like a verb: an item cell is never units
            return classify(upcoming[0]) is None and units_like(upcoming[0])
        after = self.places.get(upcoming[1])
        return after is not None and after[:2] == place[:2] and after.column in self.position_of and \
            self.roles[self.position_of[after.column]] in self.unit_roles

    def _number_may_start_row(self, place: Place | None) -> bool:
        """A bare number is a task number under a 序号 title, or in a column without a title (a document), or,
        in the text export, where a row may start."""
        if self.number_at is not None:
            return True
        if place is not None:
            return place.column not in self.position_of
        return self.row is None or (self.row.text is not None and not self._expects_units())

    def use_title_column(self, rows: list[list[Cell]]) -> None:
        """A section column whose every task row has its own, different, unnumbered cell holds the tasks' titles:
        the task's text is `title：text` (SPEC §8)."""
        if self.section_at is None or not self.position_of:
            return
        def cells_in(at: int) -> list[str]:
            return [cell.text for row in rows for cell in row if self.position_of.get(cell.place.column) == at]
        titles, texts = cells_in(self.section_at), cells_in(self.text_at)
        if len(titles) >= 2 and len(titles) == len(texts) and len(set(titles)) == len(titles) and \
                not any(classify(title) for title in titles):
            self.roles[self.section_at], self.section_at = "title", None

    def _at_place(self, place: Place) -> None:
        """In a document the cell's row and column are known: a new row ends the task before it."""
        if (place.table, place.row) != self.row_key:
            self.row_key = (place.table, place.row)
            if self.row is None or self.row.text is not None:  # a lone 序号 cell waits for its text
                self.finish()
        self.position = self.position_of.get(place.column, len(self.roles))

    def _before_row_text(self) -> None:
        """A heading ends the row before it, unless it is this row's own section cell (after its 序号)."""
        if not (self.row and self.row.text is None):
            self.finish()

    def _expects(self, role: str) -> bool:
        return self.position < len(self.roles) and self.roles[self.position] == role

    def _free_cell(self, text: str, line: int, after: str | None) -> None:
        """A cell that is no heading, task or number: the column it falls in, or the start of a row."""
        if line in self.places:
            self._free_cell_in_place(text, line)
            return
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
            if role in self.unit_roles or role in ("keep", "skip") or (
                    role == "deadline" and (looks_like_deadline(text) or "keep" not in self.roles[self.position:])):
                self._place(text, line)
                return
            self.position += 1  # that column is empty (merged) in this row
        self.warn(line, say("cell_after_last_column", excerpt=excerpt(text)))

    def _free_cell_in_place(self, text: str, line: int) -> None:
        """A document's cell: its column says what it is."""
        role = self.roles[self.position] if self.position < len(self.roles) else None
        if role is None:
            self.warn(line, say("cell_after_last_column", excerpt=excerpt(text)))
        elif role == "section":
            self.finish()
            self._plain_section(text, line)
        elif role == "title":
            if self.row is not None and self.row.text is None:  # after its 序号 cell
                self.row.text, self.row.titled = text, True
            else:
                self.finish()
                self.row = _Row(line, None, text, titled=True)
        elif role == "text" and (self.row is None or self.row.text is None):
            if self.row is None:
                self.row = _Row(line, None, text)
            else:
                self.row.text = text
        elif role == "text" and self.row.titled:  # a title column beside a text column: `title：text`
            self.row.text, self.row.titled = f"{self.row.text}：{text}", False
        elif role == "text":
            self.warn(line, say("second_text_cell", excerpt=excerpt(text)))
        elif role == "number":
            self.warn(line, say("stray_cell", excerpt=excerpt(text)))
        elif self.row is None:
            self.warn(line, say("stray_cell", excerpt=excerpt(text)))
        else:
            self._place(text, line)

    def _expects_units(self) -> bool:
        return any(role in self.unit_roles and position not in self.row.cells
                   for position, role in enumerate(self.roles) if position >= self.position)

    def _place(self, text: str, line: int) -> None:
        if self.position in self.row.cells:  # two cells under one title (a merged header): both kept
            self.row.cells[self.position] += "；" + text
        else:
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
        return not (units_like(after) or looks_like_deadline(after) or self.vocabulary.is_header(after))

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
        unit_cells = [(self.columns[p], self.roles[p], cell) for p, cell in sorted(row.cells.items())
                      if self.roles[p] in self.unit_roles]
        if not unit_cells:
            raise self._no_units(self.open)
        for _, _, cell in unit_cells:
            self._check_spaces(cell, row.line)
        self.open["units_raw"] = (unit_cells[0][2] if len(unit_cells) == 1 else
                                  "；".join(f"{title}:{cell}" for title, _, cell in unit_cells))
        self.open["units"] = tuple(unit for _, role, cell in unit_cells
                                   for unit in parse_units(cell, self.unit_roles[role]))
        deadline_raw = next((cell for p, cell in row.cells.items() if self.roles[p] == "deadline"), "")
        extra = tuple((self.columns[p], cell) for p, cell in sorted(row.cells.items()) if self.roles[p] == "keep")
        if "deadline" not in self.roles:
            for title, cell in extra:
                if looks_like_deadline(cell):
                    deadline_raw = cell
                    self.warn(row.line, say("deadline_from_column", number=row.number, excerpt=excerpt(cell),
                                            column=title))
                    break
        self.open["deadline_raw"], self.open["extra"] = deadline_raw, extra
        self.close()


def find_header(cells: Iterator[tuple[str, int]], columns: Columns) -> tuple[list[tuple[str, int]], list[str] | None]:
    """Reads cells up to the first item: (those cells, the header row's titles when one names a task and a
    units column). The caller goes on with the rest of the iterator."""
    seen: list[tuple[str, int]] = []
    start = None
    for text, line in cells:
        seen.append((text, line))
        if columns.title(text):
            start = len(seen) - 1 if start is None else start
            continue
        if start is not None:
            titles = [columns.title(cell) for cell, _ in seen[start:-1]]
            if len(titles) >= 2 and _names_tasks_and_units(titles, columns):
                return seen, titles
            start = None
        if classify(text) is not None:
            break
    return seen, None


def _names_tasks_and_units(titles: list[str], columns: Columns) -> bool:
    roles = {columns.role(title) for title in titles}
    return bool(roles & UNIT_COLUMNS and roles & TASK_COLUMNS)


class _TaskTable(NamedTuple):
    """A document's table that holds tasks: its header row (if any) and the rows after it."""

    number: int
    titles: list[str] | None
    title_columns: list[tuple[int, int]] | None  # (column, columns spanned) of each title
    before: list[Cell]  # rows above the header: a title row
    rows: list[list[Cell]]


def header_row(rows: list[list[Cell]], columns: Columns) -> tuple[int, list[str], list[tuple[int, int]]] | None:
    """The header among a document table's first rows: (its index, titles, column numbers), when it names a task and
    a units column. Titles the ledger does not know are kept columns (截止日期, 最新进展)."""
    for index, row in enumerate(rows[:5]):
        if any(classify(cell.text) or bare_number(cell.text) is not None for cell in row):
            return None
        known = [columns.title(cell.text) for cell in row]
        titles = [title or "".join(cell.text.split()) for title, cell in zip(known, row)]
        if len(row) >= 2 and _names_tasks_and_units([title for title in known if title], columns):
            return index, titles, [(cell.place.column, cell.span) for cell in row]
    return None


def has_tasks(rows: list[list[Cell]]) -> bool:
    """Whether a table without a header still holds task cells (1.… followed by more cells)."""
    return any(item is not None and item[0] == "task" for row in rows for cell in row
               for item in [classify(cell.text)])


def task_tables(grid: Grid, reader_warn: Callable[[int, str], None], columns: Columns) -> list[_TaskTable]:
    """The tables that hold the tasks: the first task table and those continuing it; the others are skipped,
    with a warning each."""
    found: list[_TaskTable] = []
    for table in grid.tables:
        rows = [list(row) for row in table.rows]
        cells = [cell for row in rows for cell in row]
        if not cells:
            continue
        header = header_row(rows, columns)
        if header is not None:
            index, titles, title_columns = header
            if found and found[0].titles is not None and titles != found[0].titles:
                reader_warn(cells[0].line, say("skipped_table", table=table.number, excerpt=excerpt(cells[0].text)))
                continue
            before = [cell for row in rows[:index] for cell in row]
            found.append(_TaskTable(table.number, titles, title_columns, before, rows[index + 1:]))
            if grid.one_table:
                break
        elif has_tasks(rows):  # a table without a header: the first one, or one continuing a table broken in two
            found.append(_TaskTable(table.number, found[0].titles if found else None,
                                    found[0].title_columns if found else None, [], rows))
            if grid.one_table:
                break
        else:
            reader_warn(cells[0].line, say("skipped_table", table=table.number, excerpt=excerpt(cells[0].text)))
    return found


def build(grid: Grid, shown: str, file_stem: str, year: int | None = None, columns: Columns | None = None,
          progress: Callable[[int, int], None] | None = None) -> Plan:
    """A whole plan from a grid. Raises InputError (the first error in the file); warnings ride on the Plan.

    `progress(done, total)` is called now and then, for a progress bar.
    """
    columns = columns or default_columns()
    if grid.rows_known:
        reader = _read_document(grid, shown, columns)
    else:
        reader = _read_stream(grid, shown, columns, progress)
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
    lines = max(grid.lines, 1)
    tasks = []
    for count, pending in enumerate(reader.tasks):
        if progress and count % 4096 == 0:
            progress(lines + min(pending.line, lines), 2 * lines)
        deadline = parse_deadline(pending.deadline_raw, year) if pending.deadline_raw else Deadline("", Kind.NONE)
        if deadline.kind is Kind.UNRECOGNIZED:
            reader.warn(pending.line, say("unreadable_deadline", number=pending.number,
                                          excerpt=excerpt(pending.deadline_raw)))
        units = pending.units or parse_units(pending.units_raw)
        tasks.append(Task(pending.number, pending.text, pending.units_raw, units, deadline, pending.section,
                          pending.subsection, pending.line, pending.extra))
    reader.tasks = []  # a large plan is not held twice
    warnings = [warning for _, warning in sorted(reader.warnings, key=lambda found: found[0])]
    with_header = isinstance(reader, _ColumnReader)
    return Plan(year, year_source, tuple(tasks), tuple(warnings), tuple(reader.columns) if with_header else (),
                with_header and reader.numbered_in_order, with_header and reader.numbers_from_column)


def _read_stream(grid: Grid, shown: str, columns: Columns, progress) -> _Reader:
    """The text export: one stream of cells, whose header (if any) is found among the first cells."""
    cells: Iterable[tuple[str, int]] = ((cell.text, cell.line) for table in grid.tables for row in table.rows
                                        for cell in row)
    if progress:
        cells = _reporting(cells, grid.lines, progress)
    seen, titles = find_header(iter(cells), columns)  # the cells are streamed, not all held: a plan can be large
    if titles is None:
        reader = _Reader(shown, {}, columns)
        reader.read(itertools.chain(seen, cells))
        return reader
    reader = _ColumnReader(shown, {}, columns, titles)
    header_at = len(seen) - 1 - len(titles)  # the last cell seen is the first after the header
    for cell, line in seen[:header_at]:
        reader.skip_before_table(cell, line)
    reader.read(itertools.chain(seen[-1:], cells))
    return reader


def _read_document(grid: Grid, shown: str, columns: Columns) -> _Reader:
    """A document: the paragraphs before its tables count for the year; its task tables are read in order."""
    early_warnings: list[tuple[int, str]] = []
    tables = task_tables(grid, lambda line, message: early_warnings.append((line, message)), columns)
    if not tables:
        raise InputError(shown, say("no_task_table", count=len(grid.tables)))
    places = {cell.line: cell.place for table in grid.tables for row in table.rows for cell in row}
    first = tables[0]
    if first.titles is None:
        reader: _Reader = _Reader(shown, places, columns)
    else:
        reader = _ColumnReader(shown, places, columns, first.titles, first.title_columns)
        reader.use_title_column(first.rows)
    for paragraph in grid.paragraphs:
        reader.title_text(paragraph.text, paragraph.line)
    for line, message in early_warnings:
        reader.warn(line, message)
    for cell in first.before:
        reader.skip_before_table(cell.text, cell.line)
    reader.read((cell.text, cell.line) for table in tables for row in table.rows for cell in row)
    return reader


def _reporting(cells: Iterable[tuple[str, int]], lines: int, progress: Callable[[int, int], None]):
    """Passes the cells on, telling `progress` how far through the lines they are (the first half of the bar)."""
    for count, cell in enumerate(cells):
        if count % 4096 == 0:
            progress(cell[1], 2 * lines)
        yield cell
