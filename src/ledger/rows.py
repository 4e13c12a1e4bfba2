"""A task table's cells -> rows read (what each cell of a row is), for the builder (build.py).

A document's row is read by position: its cell's column says what it is (layout.py), and a cell merged down from
a row above still belongs to the rows it covers. The text export has no positions: its cells come one after the
other, and each falls in the next column that can hold it (StreamReader). Both give the builder the same RowRead.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from .cells import bare_number, bracketed_task, classify, excerpt, item_text
from .columns import UNIT_COLUMNS, ColumnRole, Columns, compact_title
from .grid import Cell, column_of
from .layout import Layout, numbers_the_columns
from .messages import say
from .numerals import numeral_value

HeadingKind = Literal["heading", "subheading", "plain"]


@dataclass(slots=True)
class Heading:
    kind: HeadingKind  # 一、…; (一)…; a title without a numeral (a category row, a merged section cell)
    number: int | None
    title: str
    cell: Cell
    level: int = 1  # a plain heading: 1 in the section column, 2 in a subsection column or below a (一)


@dataclass(slots=True)
class UnitsRead:
    text: str
    role: ColumnRole
    title: str  # the column's title, to tell two units cells apart in units_raw
    line: int


@dataclass(slots=True)
class RowRead:
    """One row of a task table, as its cells say."""

    line: int
    headings: list[Heading] = field(default_factory=list)
    number: int | None = None
    number_line: int = 0
    numbers_from_column: bool = False
    text: str | None = None  # the task's text as written (after its number), line breaks kept
    written: str = ""  # the task's cell as written, its number too
    text_line: int = 0
    title: str | None = None  # a title column's text: the task reads `title：text`
    units: list[UnitsRead] = field(default_factory=list)
    deadline: tuple[str, int] | None = None
    kept: list[tuple[str, str]] = field(default_factory=list)
    # Part of the task above: "merged" when its number or text is merged down from the row above (a task spanning
    # two rows), "wrapped" when a row holds only more text of it (a PDF's row broken across a page).
    continues: Literal["", "merged", "wrapped"] = ""
    opens_table: bool = False  # the first row of a table after the first: a row a page break split starts here


class Sink(Protocol):
    """What the rows are handed to (the builder)."""

    def row(self, read: RowRead) -> None: ...

    def before_table(self, cell: Cell) -> None: ...

    def warn(self, line: int, message: str) -> None: ...


# ---------------------------------------------------------------------------------------------------------------
# Documents: by position


def read_placed(rows: Sequence[Sequence[Cell]], layout: Layout, columns: Columns, sink: Sink) -> None:
    """A document's task table, row by row."""
    covering: dict[int, tuple[Cell, int]] = {}  # position -> (a cell merged down, the last row index it covers)
    for index, row in enumerate(rows):
        if not row:
            continue
        if _repeats_header(row, layout, columns) or numbers_the_columns(row):
            continue  # the header again on a new page, or the row numbering the columns: neither is a task
        read = RowRead(row[0].line, opens_table=index == 0)
        own: set[int] = set()
        lone = len(row) == 1 and row[0].span > 1 and _spans_units(row[0], layout)
        placed = [(cell, layout.role_of_column(column) if (column := column_of(cell)) is not None else None)
                  for cell in row]
        has_units = any(found is not None and found[1] in UNIT_COLUMNS for _, found in placed)
        for cell, found in placed:
            if found is not None:
                own.add(found[0])
                if cell.down > 1:
                    covering[found[0]] = (cell, index + cell.down - 1)
            if lone:
                _heading_cell(read, cell, 2)
            else:
                _place_cell(read, cell, found, layout, sink, has_units)
        above = {position: cell for position, (cell, last) in covering.items() if index <= last and position not in own
                 and cell.line != row[0].line and cell not in row}
        if above:
            _inherit(read, above, layout)
        sink.row(read)


def _repeats_header(row: Sequence[Cell], layout: Layout, columns: Columns) -> bool:
    titles = [columns.worded_title(cell.text) or compact_title(cell.text) for cell in row]
    return len(row) >= 2 and all(title in layout.titles for title in titles)


def _spans_units(cell: Cell, layout: Layout) -> bool:
    """A cell merged across the row, over the units column: a heading row, whatever column it starts in."""
    first = column_of(cell)
    if first is None:
        return False
    covered = {layout.position_of.get(column) for column in range(first, first + cell.span)}
    return any(position is not None and layout.roles[position] in UNIT_COLUMNS for position in covered)


def _heading_cell(read: RowRead, cell: Cell, level: int) -> None:
    item = classify(cell.text)
    if item is not None and item[0] in ("heading", "subheading"):
        read.headings.append(Heading("heading" if item[0] == "heading" else "subheading", item[1], item[2], cell))
    else:
        read.headings.append(Heading("plain", None, _plain_title(cell.text), cell, level))


def _plain_title(text: str) -> str:
    from .vocabulary import join_lines

    return join_lines(text).rstrip("。.").strip()


def _place_cell(read: RowRead, cell: Cell, found: tuple[int, ColumnRole] | None, layout: Layout, sink: Sink,
                has_units: bool) -> None:
    text, item = cell.text, classify(cell.text)
    role = found[1] if found else None
    if role is None:
        if bare_number(text) is not None and not layout.has(ColumnRole.NUMBER) and read.number is None:
            read.number, read.number_line, read.numbers_from_column = bare_number(text), cell.line, True
        else:
            sink.warn(cell.line, say("cell_after_last_column", excerpt=excerpt(text)))
    elif role in (ColumnRole.SECTION, ColumnRole.SUBSECTION, ColumnRole.NUMBER):
        number = bare_number(text)
        if number is not None and (role is ColumnRole.NUMBER or not layout.has(ColumnRole.NUMBER)):
            read.number, read.number_line, read.numbers_from_column = number, cell.line, True
        elif item is not None and item[0] == "task":
            _text_cell(read, cell, item, has_units, sink)
        elif role is ColumnRole.NUMBER and numeral_value(text.strip()) is not None:
            read.headings.append(Heading("heading", numeral_value(text.strip()), "", cell))  # 一 | 完善制度 |
        elif role is ColumnRole.NUMBER and item is None:
            sink.warn(cell.line, say("stray_cell", excerpt=excerpt(text)))
        else:
            _heading_cell(read, cell, 2 if role is ColumnRole.SUBSECTION else 1)
    elif role is ColumnRole.TITLE:
        read.title = text
    elif role is ColumnRole.TEXT:
        _text_cell(read, cell, item, has_units, sink)
    elif role in UNIT_COLUMNS:
        read.units.append(UnitsRead(text, role, layout.titles[found[0]] if found else "", cell.line))
    elif role is ColumnRole.DEADLINE:
        read.deadline = (text, cell.line) if read.deadline is None else (f"{read.deadline[0]}；{text}",
                                                                         read.deadline[1])
    elif role is ColumnRole.KEEP and found is not None:
        read.kept.append((layout.titles[found[0]], text))


def _text_cell(read: RowRead, cell: Cell, item: tuple[str, int, str] | None, has_units: bool, sink: Sink) -> None:
    """The task's text cell; (一)… or (1)… with a units cell in its row is a task of its own, not a sub-heading or
    one measure of several."""
    text = cell.text
    if item is not None and item[0] == "heading":
        read.headings.append(Heading("heading", item[1], item[2], cell))
        return
    if item is not None and item[0] == "subheading":
        if not has_units:
            read.headings.append(Heading("subheading", item[1], item[2], cell))
            return
        text = item_text(text)  # (一)… with its own units cell: a task, numbered in order
    elif item is not None and item[0] == "task":
        text = item[2]
        if read.number is None:
            read.number, read.number_line = item[1], cell.line
    elif (numbered := bracketed_task(text)) is not None and has_units:
        text = numbered[1]
        if read.number is None:
            read.number, read.number_line = numbered[0], cell.line
    if read.text is None:
        read.text, read.text_line, read.written = text, cell.line, cell.text
    else:
        sink.warn(cell.line, say("second_text_cell", excerpt=excerpt(text)))


def _inherit(read: RowRead, above: dict[int, Cell], layout: Layout) -> None:
    """Cells merged down from a row above: a units, deadline or kept cell over several tasks belongs to each;
    the number and text merged down make this row part of the task above (a task spanning two rows)."""
    roles = {position: layout.roles[position] for position in above}
    identity = [position for position, role in roles.items() if role in (ColumnRole.NUMBER, ColumnRole.TEXT)]
    if identity and read.number is None and (read.text is None or ColumnRole.TEXT not in roles.values()):
        read.continues = "merged"
        return
    if read.text is None and read.number is None:
        return  # a heading row under a merged cell: nothing to give it
    for position, cell in above.items():
        role = roles[position]
        if role in UNIT_COLUMNS and not any(units.role is role for units in read.units):
            read.units.append(UnitsRead(cell.text, role, layout.titles[position], cell.line))
        elif role is ColumnRole.DEADLINE and read.deadline is None:
            read.deadline = (cell.text, cell.line)
        elif role is ColumnRole.KEEP and all(title != layout.titles[position] for title, _ in read.kept):
            read.kept.append((layout.titles[position], cell.text))


def iter_cells(rows: Sequence[Sequence[Cell]]) -> Iterator[Cell]:
    return (cell for row in rows for cell in row)
