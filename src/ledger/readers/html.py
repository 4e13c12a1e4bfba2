"""A saved web page (SPEC §8) with lxml: every innermost <table>, rowspan and colspan expanded (a spanning cell is
one cell, in the first row and column it spans); <p> and <br> inside a cell are line breaks. The page's headings
and paragraphs before the first table count for the year."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..grid import ABOVE, Grid, Slot, grid_from_rows
from ..messages import say

BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
TITLES = {"title", "h1", "h2", "h3", "h4", "p"}
PROSE = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6")


def read(path: Path, encoding: str | None = None) -> Grid:
    from lxml import html  # imported only here

    data = path.read_bytes()
    try:
        if encoding:
            document = html.document_fromstring(data.decode(encoding, errors="replace"))
        else:
            document = html.document_fromstring(data)
    except Exception as exc:  # lxml's ParserError for an empty or broken page
        raise InputError(str(path), say("damaged_document", kind="HTML", reason=type(exc).__name__)) from None
    tables = [table for table in document.iter("table") if not table.xpath(".//table")]  # not a layout table
    paragraphs = []
    for element in document.iter(*TITLES, "table"):
        if element.tag == "table":
            break
        paragraphs.append(text_of(element))
    # The page's paragraphs outside tables, innermost blocks only: the plan when it is published as prose.
    prose = [text_of(element) for element in document.iter(*PROSE) if element.tag != "title"
             and not any(child.tag in PROSE for child in element.iterdescendants())
             and not any(parent.tag == "table" for parent in element.iterancestors())]
    return grid_from_rows([rows_of(table) for table in tables], paragraphs, prose=prose)


def text_of(element: Any) -> str:  # lxml elements (lxml ships no types)
    """A cell's text, with a line break for each <br> and between paragraphs."""
    pieces = []

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str):  # a comment or processing instruction
            pieces.append(node.tail or "")
            return
        if node.tag == "br" or node.tag in BLOCKS:
            pieces.append("\n")
        if node.tag not in ("script", "style"):
            pieces.append(node.text or "")
            for child in node:
                walk(child)
        if node.tag in BLOCKS:
            pieces.append("\n")
        if node is not element:
            pieces.append(node.tail or "")
    walk(element)
    return "".join(pieces).strip()


def rows_of(table: Any) -> list[list[Slot]]:
    """The table's rows as a full grid: a cell spanning rows or columns is written in its first slot only; the
    slots below it are ABOVE, the others it covers None."""
    taken: dict[tuple[int, int], bool] = {}
    widths: dict[int, int] = {}
    covered: dict[tuple[int, int], Slot] = {}
    rows: list[list[Slot]] = []
    for row_no, row in enumerate(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")):
        cells: dict[int, str] = {}
        column = 0
        for cell in row.xpath("./td|./th"):
            while taken.get((row_no, column)):
                column += 1
            rows_spanned, columns_spanned = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            cells[column] = text_of(cell)
            for down in range(rows_spanned):
                for across in range(columns_spanned):
                    taken[(row_no + down, column + across)] = True
                    if down or across:  # a slot the spanning cell covers
                        covered[(row_no + down, column + across)] = ABOVE if down and not across else None
                widths[row_no + down] = max(widths.get(row_no + down, 0), column + columns_spanned)
            column += columns_spanned
        rows.append([covered[(row_no, column)] if (row_no, column) in covered else cells.get(column, "")
                     for column in range(widths.get(row_no, 0))])
    return rows


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 100)  # a hostile page's rowspan="99999999" is not a million rows
    except ValueError:
        return 1
