"""Grid -> Plan: one builder for every file. Sections, tasks, units, deadlines, the year, warnings and errors.

A reader (readers/) gives the grid; layout.py finds the task tables and what their columns hold; rows.py (a
document, by position) and stream.py (the text export, in order) say what each cell of a row is; this module
turns those rows into the plan. Nothing here knows the format, so a fix for one shape is a fix for every file.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .cells import classify, dropped_terms, excerpt, looks_like_deadline
from .columns import ColumnRole, Columns, default_columns
from .deadlines import deadline_in_text, parse_deadline
from .errors import InputError
from .grid import Cell, Grid, Paragraph, Place
from .layout import Layout, find_header, task_tables
from .messages import say
from .model import Deadline, Kind, Plan, PlanWarning, Section, Task, Unit
from .prose import names_units, read_units_cell, units_in_text
from .headings import Headings
from .rows import Heading, RowRead, UnitsRead, read_placed
from .stream import StreamReader
from .vocabulary import join_lines
from .year import plan_year, years_in

Progress = Callable[[int, int], None]
# The longest cell that reads as a heading without a numeral (a category row); a longer one is a task's text.
LONGEST_PLAIN_HEADING = 40


@dataclass(slots=True)
class Pending:
    """A task as its row gives it, before the plan's year is known and its deadline can be read."""

    number: int
    text: str
    line: int
    section: Section | None
    subsection: Section | None
    units_raw: str
    units: tuple[Unit, ...]
    deadline_raw: str = ""
    deadline_in_text: bool = False  # no deadline cell: look for one in the text once the year is known
    column_title: str = ""  # a section column's cell without a numeral, under a 一、 heading: a title or a group
    extra: list[tuple[str, str]] = field(default_factory=list)  # the kept columns
    people: list[tuple[str, str]] = field(default_factory=list)  # 牵头负责领导：某某 in a units cell or the text
    unit_cells: list[UnitsRead] = field(default_factory=list)  # the units cells read, to join a row's rest to


class Builder:
    """Takes the rows of the task tables in order (rows.Sink) and keeps what the plan is so far."""

    def __init__(self, shown: str, columns: Columns, places: dict[int, Place | Paragraph] | None = None):
        self.shown, self.columns = shown, columns
        self.places: dict[int, Place | Paragraph] = places or {}  # a document cell's place, by its order
        self.layout: Layout | None = None
        self.tasks: list[Pending] = []
        self.numbers: dict[int, int] = {}
        self.warnings: list[tuple[int, PlanWarning]] = []
        self.headings = Headings(self)
        self.text_years: list[tuple[int, int | str]] = []
        self.title_years: list[tuple[int, int | str]] = []
        self.skipped: list[Cell] = []  # cells before the table: a title line, a metadata table
        self.numbered_in_order = False
        self.numbers_from_column = False
        self.units_from_text = 0
        self.deadlines_from_text: list[int] = []

    # -- what rows.Sink asks for --------------------------------------------------------------------------------

    def where(self, line: int) -> int | str:
        """What a person is shown for a cell: its line in a text file, its place in a document."""
        place = self.places.get(line)
        return str(place) if place is not None else line

    def warn(self, line: int, message: str) -> None:
        # PlanWarning.line is typed int, and holds a document's place as InputError's line does (model.py's to fix)
        self.warnings.append((line, PlanWarning(self.places.get(line, line), message)))  # type: ignore[arg-type]

    def error(self, message: str, line: int) -> InputError:
        return InputError(self.shown, message, self.places.get(line, line))

    def before_table(self, cell: Cell) -> None:
        self.skipped.append(cell)
        self.title_text(cell.text, cell.line)

    def title_text(self, text: str, line: int) -> None:
        """A paragraph before the tables (the title, the 发文 line): it counts for the year, nothing more."""
        self.title_years.extend((year, self.where(line)) for year in years_in(text))

    def row(self, read: RowRead) -> None:
        for heading in read.headings:
            if heading.kind == "heading" and not heading.title and read.text is not None and not read.units:
                heading.title, read.text = join_lines(read.text).rstrip("。.").strip(), None  # 一 | 完善制度 |
            self.headings.add(heading)
        if read.text is not None and read.number is None and self._is_category(read):
            self.headings.add(Heading("plain", None, join_lines(read.text).rstrip("。.").strip(),
                                 Cell(read.text, read.text_line), 2))
        elif read.continues or (self.places and self._wraps(read)):
            self._continue_task(read)
        elif read.text is not None:
            self.task(read)
        else:
            if read.number is not None:
                self.warn(read.number_line, say("number_without_text", number=read.number))
            for units in read.units:
                self.warn(units.line, say("stray_cell", excerpt=excerpt(units.text)))
            if read.deadline is not None:
                self.warn(read.deadline[1], say("stray_cell", excerpt=excerpt(read.deadline[0])))
            for _, kept in read.kept:
                self.warn(read.line, say("stray_cell", excerpt=excerpt(kept)))

    # -- tasks --------------------------------------------------------------------------------------------------

    def task(self, read: RowRead) -> None:
        layout = self.layout
        assert layout is not None and read.text is not None
        line = read.number_line if read.number is not None else read.text_line
        number = read.number
        if number is None:
            self.numbered_in_order = True
            number = (self.tasks[-1].number if self.tasks else 0) + 1
        self.numbers_from_column = self.numbers_from_column or read.numbers_from_column
        self._number(number, line)
        self.check_spaces(read.written or read.text, read.text_line)
        headings = self.headings
        headings.task_follows()
        pending = Pending(number, "", line, headings.section, headings.subsection, "", (),
                          column_title=headings.column_heading)
        text = self._units(read, pending, layout)
        pending.text = join_lines(f"{join_lines(read.title)}：{text}" if read.title else text)
        self.note_years(read.text_line, pending.text)
        self._deadline(read, pending, layout)
        self.tasks.append(pending)

    def _number(self, number: int, line: int) -> None:
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

    def _units(self, read: RowRead, pending: Pending, layout: Layout) -> str:
        """The task's units, from its units cells or, without them, from its text; returns the text left."""
        text = read.text or ""
        raws: list[tuple[str, str]] = []
        units: list[Unit] = []
        for cell in read.units:
            self.check_spaces(cell.text, cell.line)
            found = read_units_cell(cell.text, layout.unit_role(cell.role), with_deadline=read.deadline is None)
            pending.people.extend(found.people)
            if found.deadline and not pending.deadline_raw:
                pending.deadline_raw = found.deadline
            if found.raw:
                raws.append((cell.title, found.raw))
                units.extend(found.units)
        pending.unit_cells = list(read.units)
        prose = units_in_text(text) if "\n" in text or not units else None
        if prose is not None and (not units or not prose.found.units):
            text = prose.text
            pending.people.extend(prose.found.people)
            if not units and prose.found.units:
                raws, units = [("", prose.found.raw)], list(prose.found.units)
                self.units_from_text += 1
        if not units:
            if not self.units_from_text and (layout.has_units or not layout.from_header):
                raise self.error(say("no_units", number=pending.number), read.line)
            self.warn(pending.line, say("task_without_units", number=pending.number))
        pending.units_raw = raws[0][1] if len(raws) == 1 else "；".join(f"{title}:{raw}" for title, raw in raws)
        pending.units = tuple(units)
        return text

    def _deadline(self, read: RowRead, pending: Pending, layout: Layout) -> None:
        pending.extra.extend(read.kept)
        if read.deadline is not None:
            pending.deadline_raw = read.deadline[0]
        elif not pending.deadline_raw and (not layout.has(ColumnRole.DEADLINE) or not layout.from_header):
            for title, cell in read.kept:
                if looks_like_deadline(cell):
                    pending.deadline_raw = cell
                    self.warn(pending.line, say("deadline_from_column", number=pending.number,
                                                excerpt=excerpt(cell), column=title))
                    break
            else:
                pending.deadline_in_text = True

    def _is_category(self, read: RowRead) -> bool:
        """A row holding only a short text without a number, in a table whose tasks have units cells: a category
        heading without a numeral (三级 headings, 民生实事 groups), not a task without units."""
        text = read.text or ""
        return bool(self.layout is not None and self.layout.has_units and not read.continues and read.number is None
                    and not read.units and read.deadline is None and not read.kept
                    and len(text) <= LONGEST_PLAIN_HEADING and not any(mark in text for mark in "。；;\n")
                    and classify(text) is None and not names_units(text))

    def _wraps(self, read: RowRead) -> bool:
        """The rest of the task above, in a table whose tasks carry numbers: a row without a number that opens a
        table after the first (a PDF's row split by a page break), or that holds only more text."""
        if not (self.places and read.number is None and not read.headings and self.tasks
                and not self.numbered_in_order):
            return False
        if read.opens_table and (read.text is not None or read.units or read.deadline is not None or read.kept):
            read.continues = "wrapped"
            return True
        return read.text is not None and not (read.units or read.deadline is not None or read.kept)

    def _continue_task(self, read: RowRead) -> None:
        """A row that goes on the task above. Its number and text merged down from above (a task spanning two
        rows): its units join the task's, its deadline is the task's when it has none. The rest of a row a page
        break split: each cell goes on the text of the same cell above (市273号信息中|心 is one name)."""
        if not self.tasks:
            if read.text is not None:
                self.warn(read.text_line, say("stray_cell", excerpt=excerpt(read.text)))
            return
        task, wrapped = self.tasks[-1], read.continues != "merged"
        if read.text is not None:
            joiner = "" if wrapped or task.text.endswith(("。", "；", ";")) else "；"
            task.text = join_lines(task.text + joiner + read.text)
        for cell in read.units:
            above = next((at for at in range(len(task.unit_cells) - 1, -1, -1)
                          if task.unit_cells[at].role is cell.role), None) if wrapped else None
            if above is None:
                task.unit_cells.append(cell)
            else:
                last = task.unit_cells[above]
                task.unit_cells[above] = UnitsRead(last.text + cell.text, last.role, last.title, last.line)
        if read.units:
            self._reread_units(task)
        if read.deadline is not None:
            task.deadline_raw = ("" if wrapped else "；").join(part for part in (task.deadline_raw, read.deadline[0])
                                                             if part)
            task.deadline_in_text = False
        for title, text in read.kept:
            at = next((at for at, (kept, _) in enumerate(task.extra) if kept == title), None) if wrapped else None
            if at is None:
                task.extra.append((title, text))
            else:
                task.extra[at] = (title, task.extra[at][1] + text)

    def _reread_units(self, task: Pending) -> None:
        """The task's units again, from its units cells as they now are."""
        layout = self.layout
        assert layout is not None
        found = [(cell.title, read_units_cell(cell.text, layout.unit_role(cell.role), with_deadline=False))
                 for cell in task.unit_cells]
        raws = [(title, cell.raw) for title, cell in found if cell.raw]
        task.units = tuple(unit for _, cell in found for unit in cell.units)
        task.units_raw = raws[0][1] if len(raws) == 1 else "；".join(f"{title}:{raw}" for title, raw in raws)
        task.people = [person for _, cell in found for person in cell.people]

    # -- checks -------------------------------------------------------------------------------------------------

    def note_years(self, line: int, text: str) -> None:
        if "年" in text:  # most texts name no year
            self.text_years.extend((year, self.where(line)) for year in years_in(text))

    def check_spaces(self, text: str, line: int) -> None:
        if " " not in text and "\u3000" not in text and "\t" not in text:  # the usual cell: no space to look at
            return
        for context in dropped_terms(join_lines(text) if "\n" in text else text):
            self.warn(line, say("dropped_term", excerpt=excerpt(context)))

    def said_skipped(self) -> None:
        if self.skipped:
            count, first = len(self.skipped), self.skipped[0]
            key = "skipped_one_before_table" if count == 1 else "skipped_before_table"
            self.warn(first.line, say(key, count=count, excerpt=excerpt(join_lines(first.text))))

    # -- the plan -----------------------------------------------------------------------------------------------

    def titles_from_column(self) -> None:
        """A section column whose every task has its own cell, different from the others' and without a numeral,
        holds the tasks' titles, not sections: the task's text is `title：text` (SPEC §8: 民生实事 | 目标任务)."""
        if self.headings.numbered_sections:  # under 一、 rows, the column's cells are titles or groups of tasks
            titled = [task.column_title for task in self.tasks if task.column_title]
            own = len(set(titled)) == len(titled)
            groups: dict[tuple[int, str], Section] = {}
            for task in self.tasks:
                if task.column_title and own:
                    task.text = f"{task.column_title}：{task.text}"
                elif task.column_title:
                    key = (task.section.no if task.section else 0, task.column_title)
                    number = sum(1 for section, _ in groups if section == key[0]) + 1
                    task.subsection = groups.setdefault(key, Section(number, task.column_title))
            return
        sections = [task.section.no if task.section else None for task in self.tasks]
        if len(sections) < 2 or len(set(sections)) != len(sections) or \
                not set(sections) <= self.headings.column_sections:
            return
        for task in self.tasks:
            assert task.section is not None
            task.text, task.section, task.subsection = f"{task.section.title}：{task.text}", None, None

    def plan(self, file_stem: str, year: int | None, lines: int, progress: Progress | None) -> Plan:
        self.said_skipped()
        self.headings.said_unused()
        self.titles_from_column()
        if not self.tasks:
            raise InputError(self.shown, say("no_task"))
        if year is not None:
            year_source = say("year_from_option")
        else:
            decided = plan_year(file_stem, self.text_years, self.title_years)
            if decided is None:
                raise InputError(self.shown, say("no_year"))
            year, year_source = decided
        tasks = []
        for count, pending in enumerate(self.tasks):
            if progress and count % 4096 == 0:
                progress(lines + min(pending.line, lines), 2 * lines)
            tasks.append(Task(pending.number, pending.text, pending.units_raw, pending.units,
                              self._read_deadline(pending, year), pending.section, pending.subsection, pending.line,
                              tuple(pending.extra + pending.people)))
        if self.deadlines_from_text:
            numbers = self.deadlines_from_text
            self.warn(self.numbers[numbers[0]], say("deadlines_from_text", count=len(numbers),
                                                    numbers=", ".join(map(str, numbers))))
        self.tasks = []  # a large plan is not held twice
        warnings = [warning for _, warning in sorted(self.warnings, key=lambda found: found[0])]
        layout = self.layout
        with_header = layout is not None and layout.from_header
        return Plan(year, year_source, tuple(tasks), tuple(warnings),
                    tuple(layout.titles) if layout is not None and with_header else (),
                    with_header and self.numbered_in_order, with_header and self.numbers_from_column)

    def _read_deadline(self, pending: Pending, year: int) -> Deadline:
        if pending.deadline_in_text:
            found = deadline_in_text(pending.text, year)
            if found is not None:
                self.deadlines_from_text.append(pending.number)
                return found
        if not pending.deadline_raw:
            return Deadline("", Kind.NONE)
        deadline = parse_deadline(pending.deadline_raw, year)
        if deadline.kind is Kind.UNRECOGNIZED and "；" in pending.deadline_raw:  # two rows, two dates: the later
            parts = [parse_deadline(part, year) for part in pending.deadline_raw.split("；")]
            dated = [part for part in parts if part.kind is Kind.DATE and part.due is not None]
            if len(dated) == len(parts):
                return Deadline(pending.deadline_raw, Kind.DATE, max(part.due for part in dated if part.due))
        if deadline.kind is Kind.UNRECOGNIZED:
            self.warn(pending.line, say("unreadable_deadline", number=pending.number,
                                        excerpt=excerpt(pending.deadline_raw)))
        return deadline


def build(grid: Grid, shown: str, file_stem: str, year: int | None = None, columns: Columns | None = None,
          progress: Progress | None = None) -> Plan:
    """A whole plan from a grid. Raises InputError (the first error in the file); warnings ride on the Plan.

    `progress(done, total)` is called now and then, for a progress bar.
    """
    columns = columns or default_columns()
    if grid.rows_known:
        builder = _read_document(grid, shown, columns)
    else:
        builder = _read_stream(grid, shown, columns, progress)
    return builder.plan(file_stem, year, max(grid.lines, 1), progress)


def build_text(text: str, shown: str, file_stem: str, year: int | None = None, columns: Columns | None = None,
               progress: Progress | None = None) -> Plan:
    """A plan held as text (SPEC §2), as the text reader would read it from a file: for tests, benchmarks and
    programs that hold a plan in memory."""
    from .readers.text import grid_from_text

    return build(grid_from_text(text), shown, file_stem, year, columns, progress)


def _read_document(grid: Grid, shown: str, columns: Columns) -> Builder:
    """A document: the paragraphs before its tables count for the year; its task tables are read in order."""
    places: dict[int, Place | Paragraph] = {cell.line: cell.place for table in grid.tables for row in table.rows
                                             for cell in row if cell.place is not None}
    places.update((cell.line, cell.place) for cell in grid.prose if cell.place is not None)
    builder = Builder(shown, columns, places)
    tables = task_tables(grid, columns, builder.warn)
    if not tables and any(classify(cell.text) for cell in grid.prose):  # a plan published as prose, in paragraphs
        reader = StreamReader(None, columns, builder)
        builder.layout = reader.layout
        reader.read(grid.prose)
        return builder
    if not tables:
        raise InputError(shown, say("no_task_table", count=len(grid.tables)))
    for paragraph in grid.paragraphs:
        builder.title_text(paragraph.text, paragraph.line)
    for cell in tables[0].before:
        builder.before_table(cell)
    for table in tables:
        builder.layout = table.layout
        read_placed(table.rows, table.layout, columns, builder)
    builder.layout = tables[0].layout
    return builder


def _read_stream(grid: Grid, shown: str, columns: Columns, progress: Progress | None) -> Builder:
    """The text export: one stream of cells, whose header (if any) is found among the first cells."""
    cells: Iterable[Cell] = (cell for table in grid.tables for row in table.rows for cell in row)
    if progress:
        cells = _reporting(cells, grid.lines, progress)
    builder = Builder(shown, columns)
    cells = iter(cells)
    cells = itertools.chain(_titles_apart(cells, columns), cells)
    seen, layout = find_header(cells, columns)  # the cells are streamed, not all held: a plan can be large
    if layout is None:
        reader = StreamReader(None, columns, builder)
        builder.layout = reader.layout
        reader.read(itertools.chain(seen, cells))
        return builder
    builder.layout = layout
    header_at = len(seen) - 1 - len(layout.titles)  # the last cell seen is the first after the header
    for cell in seen[:header_at]:
        builder.before_table(cell)
    StreamReader(layout, columns, builder).read(itertools.chain(seen[-1:], cells))
    return builder


def _titles_apart(cells: Iterator[Cell], columns: Columns) -> list[Cell]:
    """The cells up to the table's first: a title or date line written without its own `|` joins the first cell
    (某局2022年工作要点⏎一、… |), and is made a cell of its own, so that it never swallows the first heading. The
    caller goes on with the rest of the iterator."""
    first: list[Cell] = []
    for cell in cells:
        lines = cell.text.split("\n")
        starts = next((at for at, line in enumerate(lines) if at and (classify(line) or columns.is_header(line))),
                      None)
        if starts is not None and not any(classify(line) or columns.is_header(line) for line in lines[:starts]):
            first += [Cell("\n".join(lines[:starts]), cell.line), Cell("\n".join(lines[starts:]), cell.line + starts)]
        else:
            first.append(cell)
        if classify(cell.text) is not None or columns.is_header(cell.text) or starts is not None:
            break
    return first


def _reporting(cells: Iterable[Cell], lines: int, progress: Progress) -> Iterator[Cell]:
    """Passes the cells on, telling `progress` how far through the lines they are (the first half of the bar)."""
    for count, cell in enumerate(cells):
        if count % 4096 == 0:
            progress(cell.line, 2 * lines)
        yield cell
