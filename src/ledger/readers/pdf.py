"""PDF with a text layer (SPEC §8) with pdfplumber: the ruled tables of every page, merged cells as one cell, and
the text outside the tables (the title, or the plan itself when it is published as prose).

A PDF has no line breaks of its own, only lines: a line that runs to its cell's right edge was wrapped there, and
goes on in the next line (市城市地理信|息 is one name); a line that stops short ended where its writer ended it
(县水务局⏎县住建局 are two units). A scanned PDF (pages that are only images) has no text to read: an error says
so. pdfplumber (pure Python, on pdfminer.six) read the tables of the test PDFs right where PyMuPDF's find_tables
put 、 and 。 on lines of their own, and imports in a tenth of the time.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..grid import ABOVE, Grid, Slot, grid_from_rows, problem
from ..messages import say

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
NO_LINE_START = set("、，。：；！？）》」』】〕,.:;!?)")  # Chinese typesetting starts no line with these
OPENING, CLOSING = set("(（[【《〔「『"), set(")）]】》〕」』")
Char = dict[str, Any]  # pdfplumber's char: text, x0, x1, top, bottom, size …


def read(path: Path) -> Grid:
    import pdfplumber  # imported only here: the PDF path's own library

    try:
        document = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises several kinds for a damaged file
        raise InputError(str(path), say("damaged_document", kind="PDF", reason=problem(exc))) from None
    tables: list[list[list[Slot]]] = []
    paragraphs: list[str] = []
    prose: list[str] = []
    any_text = False
    with document:
        try:
            for page in document.pages:
                chars = sorted(page.chars, key=lambda char: (round(char["top"]), char["x0"]))
                any_text = any_text or bool(chars)
                found = page.find_tables()
                boxes = [table.bbox for table in found]
                outside = _lines([char for char in chars if not any(_inside(char, box) for box in boxes)])
                prose += [_text(line) for line in outside]
                if not tables:  # the lines above the first table: the title, the date line
                    paragraphs += [_text(line) for line in outside if not boxes or line[0]["bottom"] <= boxes[0][1]]
                tables += [_slots(table, chars) for table in found]
        except Exception as exc:  # a page pdfminer cannot lay out
            raise InputError(str(path), say("damaged_document", kind="PDF", reason=problem(exc))) from None
    if not any_text:
        raise InputError(str(path), say("pdf_without_text"))
    return grid_from_rows(tables, paragraphs, prose=prose)


def _slots(table: Any, chars: Sequence[Char]) -> list[list[Slot]]:
    """A table as rows of slots: each cell's text in its first row and column, ABOVE below it, None beside it."""
    tops = sorted({row.bbox[1] for row in table.rows})
    lefts = sorted({cell[0] for row in table.rows for cell in row.cells if cell is not None})
    slots: list[list[Slot]] = [[None] * len(lefts) for _ in tops]
    owner: dict[tuple[int, int], int] = {}  # each slot -> the cell covering it
    placed = []
    for at, box in enumerate(table.cells):
        row = bisect.bisect_right(tops, box[1] + 0.5) - 1
        column = bisect.bisect_right(lefts, box[0] + 0.5) - 1
        down = max(bisect.bisect_left(tops, box[3] - 0.5) - row, 1)
        across = max(bisect.bisect_left(lefts, box[2] - 0.5) - column, 1)
        owner.update(((row + r, column + c), at) for r in range(down) for c in range(across))
        placed.append((row, column, down))
    inside: list[list[Char]] = [[] for _ in table.cells]
    for char in chars:  # each character to its cell, by the slot its middle falls in
        if _inside(char, table.bbox):
            slot = (bisect.bisect_right(tops, (char["top"] + char["bottom"]) / 2) - 1,
                    bisect.bisect_right(lefts, (char["x0"] + char["x1"]) / 2) - 1)
            if slot in owner:
                inside[owner[slot]].append(char)
    for box, (row, column, down), found in zip(table.cells, placed, inside):
        slots[row][column] = _cell_text(box, found)
        for below in range(row + 1, row + down):
            slots[below][column] = ABOVE
    return slots


def _cell_text(box: Box, chars: Sequence[Char]) -> str:
    """A cell's text: lines wrapped at the cell's edge joined, lines ended short kept as line breaks."""
    lines = _lines(chars)
    if not lines:
        return ""
    left = min(char["x0"] for line in lines for char in line) - box[0]  # the cell's padding
    out = []
    for line, following in zip(lines, lines[1:] + [[]]):
        width = max(char["x1"] - char["x0"] for char in line)
        gap = box[2] - max(char["x1"] for char in line) - left
        wrapped = gap < 1.5 * width or (bool(following) and gap < _unbreakable_width(following) + width / 4)
        out.append(_text(line) + ("" if wrapped else "\n"))
    return "".join(out).strip()


def _unbreakable_width(line: Sequence[Char]) -> float:
    """The width of what starts a line and cannot be split from it: a number or Latin word (159号), a bracketed
    group ((室)), or a character with the punctuation that may not start a line after it (导：). A line above that
    stops short of the cell's edge by less than this was wrapped there."""
    texts = [char["text"] for char in line]
    end = 1
    if texts[0].isascii() and texts[0].isalnum():
        while end < len(texts) and texts[end].isascii() and texts[end].isalnum():
            end += 1
    elif texts[0] in OPENING:
        while end < min(len(texts), 8) and texts[end - 1] not in CLOSING:
            end += 1
    while end < len(texts) and texts[end] in NO_LINE_START:
        end += 1
    return float(line[end - 1]["x1"] - line[0]["x0"])


def _lines(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters grouped into lines by their top, each line left to right."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda char: (char["top"], char["x0"])):
        if lines and abs(lines[-1][0]["top"] - char["top"]) < char["size"] / 2:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda char: char["x0"]) for line in lines if "".join(c["text"] for c in line).strip()]


def _text(line: Sequence[Char]) -> str:
    return "".join(char["text"] for char in line).strip()


def _inside(char: Char, box: Box) -> bool:
    middle_x, middle_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return bool(box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3])
