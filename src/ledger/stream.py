"""The text export's cells -> rows read (SPEC §2): cells without positions, each falling in the next column that
can hold it. Without a header the columns are §2's: heading, task, units, deadline.

Empty and merged cells are missing from the text, so a cell's content confirms its column: a deadline column only
takes a cell that reads as a deadline when kept columns follow it, a section column a title that a task follows.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .cells import bare_number, bracketed_task, classify, excerpt, item_text, looks_like_deadline, units_like
from .columns import UNIT_COLUMNS, ColumnRole, Columns
from .grid import Cell
from .layout import Layout
from .messages import say
from .prose import names_units
from .rows import Heading, RowRead, Sink, UnitsRead

# §2's columns, for a text without a header row.
PLAIN_LAYOUT = (["", "", ""], [ColumnRole.TEXT, ColumnRole.UNITS, ColumnRole.DEADLINE])
Item = tuple[str, int | None, str]


class StreamReader:
    """Walks the cells once; the state is the row being read and the column the next cell falls in."""

    def __init__(self, layout: Layout | None, columns: Columns, sink: Sink):
        self.layout = layout or Layout(*PLAIN_LAYOUT, from_header=False)
        self.columns, self.sink = columns, sink
        self.roles = self.layout.roles
        self.text_at = self.roles.index(ColumnRole.TEXT)
        section_at = self.layout.at(ColumnRole.SECTION)
        self.section_at = section_at if section_at is not None and section_at < self.text_at else None
        self.number_at = self.layout.at(ColumnRole.NUMBER)
        self.deadline_at = {at for at, role in enumerate(self.roles) if role is ColumnRole.DEADLINE}
        self.unit_positions = [at for at, role in enumerate(self.roles) if role in UNIT_COLUMNS]
        self.row: RowRead | None = None
        self.position = 0
        self.placed: set[int] = set()  # the columns of the row that have their cell
        # After a header: the row numbering its columns (1 | 2 | … | N) may follow; its cells wait here until it is
        # clear whether they are that row (dropped) or tasks (read).
        self.numbering: list[Cell] | None = [] if layout is not None else None
        self.started = layout is not None  # a header, heading or task has been read: no cell is before the table

    def read(self, cells: Iterable[Cell]) -> None:
        iterator: Iterator[Cell] = iter(cells)
        upcoming = next(iterator, None)
        while upcoming is not None:
            cell, upcoming = upcoming, next(iterator, None)  # one cell of look-ahead
            self.cell(cell, upcoming)
        self.finish()

    def cell(self, cell: Cell, upcoming: Cell | None) -> None:
        text = cell.text
        if self.numbering is not None and self._column_number(cell, upcoming):
            return
        if self.layout.from_header and self.columns.is_header(text):  # the header again, on a new page
            self.finish()
            self.numbering = []
            return
        if self.position in self.deadline_at and self.row is not None and looks_like_deadline(text):
            self._place(cell)  # tried as a deadline first: 2023.1.31 is a date, not task 2023
            return
        item: Item | None = classify(text)
        if item is None and text[:1] in "(（" and (numbered := bracketed_task(text)) is not None and \
                _units_after(upcoming):
            item = ("task", numbered[0], numbered[1])  # （1）… with its own units cell: a task, not a measure
        elif item is not None and item[0] == "subheading" and _units_after(upcoming):
            item = ("task", None, item_text(text))  # (一)… with its own units cell: a task, numbered in order
        if item is not None and item[0] in ("heading", "subheading"):
            self.started = True
            heading = Heading("heading" if item[0] == "heading" else "subheading", item[1], item[2], cell)
            self._heading(heading)
            if item[0] == "heading":
                self.position = self.section_at + 1 if self.section_at is not None else 0
        elif item is not None:
            self.started = True
            self._task_cell(cell, item[1], item[2])
        elif (number := bare_number(text)) is not None and self._number_may_start_row() and \
                (self.row is None or self.row.text is not None):
            self.started = True
            self.finish()
            self.row = RowRead(cell.line, number=number, number_line=cell.line, numbers_from_column=True)
            self.placed = set()
            self.position = self.number_at + 1 if self.number_at is not None else (
                self.section_at if self.section_at is not None else self.text_at)
        else:
            self._free_cell(cell, upcoming)

    def _column_number(self, cell: Cell, upcoming: Cell | None) -> bool:
        """Whether the cell is held as part of a row numbering the columns under the header."""
        numbering = self.numbering
        assert numbering is not None
        if cell.text.strip() == str(len(numbering) + 1):
            numbering.append(cell)
            if len(numbering) == len(self.roles):  # 1 | 2 | … | N: the header's numbering row, not a task
                self.numbering = None
            return True
        self.numbering = None
        for held, after in zip(numbering, numbering[1:] + [cell]):  # not that row: the held cells are read
            self.cell(held, after)
        return False

    def _heading(self, heading: Heading) -> None:
        """A heading ends the row before it, unless it is this row's own section cell (after its 序号)."""
        if self.row is not None and self.row.text is None:
            self.row.headings.append(heading)
        else:
            self.finish()
            self.sink.row(RowRead(heading.cell.line, headings=[heading]))

    def _task_cell(self, cell: Cell, number: int | None, text: str) -> None:
        row = self.row
        if row is not None and row.text is None:  # 序号 cell, then the text with its own number
            row.text, row.text_line, row.written = text, cell.line, cell.text
        else:
            self.finish()
            self.row = RowRead(cell.line, number=number, number_line=cell.line, text=text, text_line=cell.line,
                               written=cell.text)
            self.placed = set()
        self.position = self.text_at + 1
        self._units_in_text(text)

    def _units_in_text(self, text: str) -> None:
        """A text that names its units (in brackets, or labelled lines) has no units cell: the next cell is the
        one after the units columns."""
        if names_units(text):
            self.placed.update(at for at, role in enumerate(self.roles) if role in UNIT_COLUMNS)
            while self.position < len(self.roles) and self.roles[self.position] in UNIT_COLUMNS:
                self.position += 1

    def _number_may_start_row(self) -> bool:
        """A bare number starts a row under a 序号 title, or where a row may start."""
        if self.number_at is not None:
            return True
        return self.row is None or (self.row.text is not None and not self._expects_units())

    def _free_cell(self, cell: Cell, upcoming: Cell | None) -> None:
        """A cell that is no heading, task or number: the column it falls in, or the start of a row."""
        text, after = cell.text, upcoming.text if upcoming else None
        row = self.row
        if row is None and not self.started:
            self.sink.before_table(cell)
            return
        row_done = row is None or self.position >= len(self.roles) or (
            row.text is not None and not self._expects_units() and not looks_like_deadline(text)
            and after is not None and units_like(after))
        if row_done and not self.layout.from_header:  # §2: after a task's cells, only a heading or a task
            self.finish()
            self.sink.warn(cell.line, say("stray_cell", excerpt=excerpt(text)))
            return
        if row_done or row is None:
            self.finish()
            if self.section_at is not None and self._starts_section(after):
                self._plain_section(cell)
                return
            self.row = RowRead(cell.line, text=text, text_line=cell.line)
            self.placed = set()
            self.position = self.text_at + 1
            self._units_in_text(text)
            return
        while self.position < len(self.roles):
            role = self.roles[self.position]
            if role is ColumnRole.SECTION and row.text is None and self._starts_section(after):
                self._plain_section(cell)
                self.position += 1
                return
            if role is ColumnRole.TEXT and row.text is None:
                row.text, row.text_line = text, cell.line
                self.position += 1
                self._units_in_text(text)
                return
            if role in UNIT_COLUMNS and len(text) <= 20 and looks_like_deadline(text) and not units_like(text) \
                    and ColumnRole.DEADLINE in self.roles[self.position:]:
                self.position = self.roles.index(ColumnRole.DEADLINE, self.position)  # 长期 where units were: none
                continue
            if role in UNIT_COLUMNS or role in (ColumnRole.KEEP, ColumnRole.SKIP) or (
                    role is ColumnRole.DEADLINE and (looks_like_deadline(text) or
                                                     ColumnRole.KEEP not in self.roles[self.position:])):
                self._place(cell)
                return
            self.position += 1  # that column is empty (merged) in this row
        self.sink.warn(cell.line, say("cell_after_last_column", excerpt=excerpt(text)))

    def _expects_units(self) -> bool:
        if len(self.unit_positions) == 1:  # the usual table: one units column
            position = self.unit_positions[0]
            return position >= self.position and position not in self.placed
        return any(position >= self.position and position not in self.placed for position in self.unit_positions)

    def _place(self, cell: Cell) -> None:
        row, role, title = self.row, self.roles[self.position], self.layout.titles[self.position]
        assert row is not None
        self.placed.add(self.position)
        if role in UNIT_COLUMNS:
            row.units.append(UnitsRead(cell.text, role, title, cell.line))
        elif role is ColumnRole.DEADLINE:
            row.deadline = (cell.text, cell.line)
        elif role is ColumnRole.KEEP:
            row.kept.append((title, cell.text))
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
        return not (units_like(after) or looks_like_deadline(after) or self.columns.is_header(after))

    def _plain_section(self, cell: Cell) -> None:
        self._heading(Heading("plain", None, cell.text.strip().rstrip("。.").strip(), cell))

    def finish(self) -> None:
        row, self.row = self.row, None
        if row is not None:
            self.sink.row(row)


def _units_after(upcoming: Cell | None) -> bool:
    """Whether the next cell reads as a units cell (3.加落实 ends like a verb: an item cell is never units)."""
    return upcoming is not None and classify(upcoming.text) is None and units_like(upcoming.text)
