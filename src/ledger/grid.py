"""What every reader gives the builder: the document's tables as rows of cells, each cell with its position.

A text export (SPEC §2) does not know its rows: its one table is a stream of cells, one per row, placed by line.
A document (Word, Excel, a web page) knows them: each cell is placed at `table 2, row 14, column 3`.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .messages import say
from .vocabulary import join_lines

class Place(NamedTuple):
    """Where a cell of a document sits, counted from 1 as a person counts."""

    table: int
    row: int
    column: int

    def __str__(self) -> str:
        return say("place_in_table", table=self.table, row=self.row, column=self.column)


class Cell(NamedTuple):
    text: str
    line: int  # the line it starts on (text); in a document, the cell's order in the whole document
    place: Place | None = None  # a document's cell: table, row, column
    span: int = 1  # the columns a merged cell covers


class Table(NamedTuple):
    rows: Iterable[Sequence[Cell]]
    number: int = 1


class Grid(NamedTuple):
    tables: Sequence[Table]
    paragraphs: Sequence[Cell] = ()  # text before the first table (the title, the 发文 line): it counts for the year
    rows_known: bool = True  # False for the text export: its cells come as a stream, one per row
    lines: int = 0  # the text's line count, for a progress bar
    one_table: bool = False  # a workbook: each sheet is a table of its own, and only the first with tasks is read


def grid_from_rows(tables: Sequence[Sequence[Sequence[str | None]]], paragraphs: Sequence[str] = (),
                   one_table: bool = False) -> Grid:
    """A document's tables as a Grid with positions: rows of cell texts, where None is a slot covered by a merged
    cell (written once, in its first row and column) and "" an empty cell. Empty cells are left out, as the text
    export leaves them out."""
    order = 0
    placed_paragraphs = []
    for text in paragraphs:
        order += 1
        if text.strip():
            placed_paragraphs.append(Cell(text.strip(), order))
    placed_tables = []
    for table_no, rows in enumerate(tables, start=1):
        placed_rows = []
        for row_no, row in enumerate(rows, start=1):
            cells = []
            for column_no, text in enumerate(row, start=1):
                order += 1
                text = join_lines(text.strip()) if text and "\n" in text else (text or "").strip()
                if text:
                    span = 1
                    while column_no - 1 + span < len(row) and row[column_no - 1 + span] is None:
                        span += 1
                    cells.append(Cell(text, order, Place(table_no, row_no, column_no), span))
            placed_rows.append(cells)
        placed_tables.append(Table(placed_rows, table_no))
    return Grid(placed_tables, placed_paragraphs, one_table=one_table)


def problem(error: Exception) -> str:
    """What a library said was wrong with a document, short enough for one Error line."""
    said = " ".join(str(error).split()) or type(error).__name__
    return said if len(said) <= 100 else said[:99] + "…"
