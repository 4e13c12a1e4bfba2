"""What every reader gives the builder: the document's tables as rows of cells, each cell with its position.

A text export (SPEC §2) does not know its rows: its one table is a stream of cells, one per row, placed by line.
A document (Word, Excel, a web page, a PDF) knows them: each cell is placed at `table 2, row 14, column 3`, and a
merged cell says how many columns (`span`) and rows (`down`) it covers. A cell keeps its line breaks: the builder
removes them from text and reads them as separators in a units cell (SPEC §2).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from .messages import say
from .text import shortened


class Place(NamedTuple):
    """Where a cell of a document sits, counted from 1 as a person counts."""

    table: int
    row: int
    column: int

    def __str__(self) -> str:
        return say("place_in_table", table=self.table, row=self.row, column=self.column)


class Paragraph(NamedTuple):
    """Where a paragraph of a document sits (a plan published as prose, without a table)."""

    number: int

    def __str__(self) -> str:
        return say("place_paragraph", paragraph=self.number)


class Cell(NamedTuple):
    text: str  # trimmed, line breaks kept
    line: int  # the line it starts on (text); in a document, the cell's order in the whole document
    place: Place | Paragraph | None = None  # a document's cell: table, row, column; or its paragraph
    span: int = 1  # the columns a merged cell covers
    down: int = 1  # the rows a merged cell covers


def column_of(cell: Cell) -> int | None:
    """The column of a table's cell; None for a text export's cell or a paragraph."""
    return cell.place.column if isinstance(cell.place, Place) else None


class Table(NamedTuple):
    rows: Iterable[Sequence[Cell]]
    number: int = 1


class Grid(NamedTuple):
    tables: Sequence[Table]
    paragraphs: Sequence[Cell] = ()  # text before the first table (the title, the 发文 line): it counts for the year
    rows_known: bool = True  # False for the text export: its cells come as a stream, one per row
    lines: int = 0  # the text's line count, for a progress bar
    one_table: bool = False  # a workbook: each sheet is a table of its own, and only the first with tasks is read
    prose: Sequence[Cell] = ()  # every paragraph outside the tables: the plan, when no table holds its tasks


class _Above:
    """The slot of a cell merged down from the row above (a vertical merge), as a reader writes it."""

    def __repr__(self) -> str:
        return "ABOVE"


ABOVE: Final = _Above()
# A reader's slot: a cell's own text ("" when empty), None for a slot a cell to its left covers (or none at all),
# ABOVE for one a cell above covers.
Slot = str | None | _Above


def grid_from_rows(tables: Sequence[Sequence[Sequence[Slot]]], paragraphs: Sequence[str] = (),
                   one_table: bool = False, prose: Sequence[str] = ()) -> Grid:
    """A document's tables as a Grid with positions. Empty cells are left out, as the text export leaves them out;
    a merged cell is one cell, in its first row and column, with the columns and rows it covers. `paragraphs` are
    those before the first table, `prose` all those outside the tables."""
    order = 0
    placed_paragraphs = []
    for text in paragraphs:
        order += 1
        if text.strip():
            placed_paragraphs.append(Cell(text.strip(), order))
    placed_prose = []
    for number, text in enumerate((text.strip() for text in prose if text.strip()), start=1):
        order += 1
        placed_prose.append(Cell(_trim_lines(text), order, Paragraph(number)))
    placed_tables = []
    for table_no, rows in enumerate(tables, start=1):
        placed_rows = []
        for row_no, row in enumerate(rows, start=1):
            cells = []
            for column_no, slot in enumerate(row, start=1):
                order += 1
                text = slot.strip() if isinstance(slot, str) else ""
                if text:
                    cells.append(Cell(_trim_lines(text) if "\n" in text else text, order,
                                      Place(table_no, row_no, column_no), _span(row, column_no - 1),
                                      _down(rows, row_no - 1, column_no - 1)))
            placed_rows.append(cells)
        placed_tables.append(Table(placed_rows, table_no))
    return Grid(placed_tables, placed_paragraphs, one_table=one_table, prose=placed_prose)


def _span(row: Sequence[Slot], at: int) -> int:
    span = 1
    while at + span < len(row) and row[at + span] is None:
        span += 1
    return span


def _down(rows: Sequence[Sequence[Slot]], row_at: int, column_at: int) -> int:
    down = 1
    while row_at + down < len(rows) and column_at < len(rows[row_at + down]) and \
            rows[row_at + down][column_at] is ABOVE:
        down += 1
    return down


def _trim_lines(text: str) -> str:
    """Each line trimmed, empty lines dropped: what a line break means is the builder's to say."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def problem(error: Exception) -> str:
    """What a library said was wrong with a document, short enough for one Error line."""
    said = " ".join(str(error).split()) or type(error).__name__
    return shortened(said, 100)
