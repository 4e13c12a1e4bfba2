"""Word .docx (SPEC §8) with python-docx: every table of the document, and the paragraphs before the first one.

A vertically merged cell (the section column spanning its tasks) is one cell, in the first row it spans, and the
rows below say ABOVE; a horizontally merged one is one cell, in the first column it spans. The cells are read from the document's XML
(`row.cells` repeats a merged cell in every row and column it covers, and is slow on long tables).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..grid import ABOVE, Grid, Slot, grid_from_rows, problem
from ..messages import say


def read(path: Path) -> Grid:
    import docx  # imported only here: it costs a third of a second
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged file
        raise InputError(str(path), say("damaged_document", kind="Word", reason=problem(exc))) from None
    tags = {name: qn(f"w:{name}") for name in ("p", "tbl", "tr", "tc", "t", "br", "cr", "tab", "tcPr", "gridSpan",
                                               "vMerge", "trPr", "gridBefore", "val", "sdt", "sdtContent")}

    def text_of(paragraph: Any) -> str:  # lxml elements (lxml ships no types)
        return "".join(node.text or "" if node.tag == tags["t"] else "\n" if node.tag != tags["tab"] else " "
                       for node in paragraph.iter(tags["t"], tags["br"], tags["cr"], tags["tab"]))

    def cell_text(cell: Any) -> str:
        return "\n".join(text_of(paragraph) for paragraph in cell.iter(tags["p"]))

    def rows_of(table: Any) -> list[list[Slot]]:
        rows = []
        for row in table.iter(tags["tr"]):
            if row.getparent() is not table and row.getparent().getparent() is not table:
                continue  # a row of a table nested in a cell: its text is that cell's
            properties = row.find(tags["trPr"])
            before = properties.find(tags["gridBefore"]) if properties is not None else None
            cells: list[Slot] = [""] * (int(before.get(tags["val"], "0")) if before is not None else 0)
            for cell in row.iter(tags["tc"]):
                if cell.getparent() is not row and cell.getparent().getparent() is not row:
                    continue
                properties = cell.find(tags["tcPr"])
                span, merged = 1, False
                if properties is not None:
                    grid_span = properties.find(tags["gridSpan"])
                    span = int(grid_span.get(tags["val"], "1")) if grid_span is not None else 1
                    vertical = properties.find(tags["vMerge"])
                    merged = vertical is not None and vertical.get(tags["val"], "continue") == "continue"
                cells.append(ABOVE if merged else cell_text(cell))
                cells.extend([None] * (span - 1))  # covered by this cell
            rows.append(cells)
        return rows

    tables: list[list[list[Slot]]] = []
    paragraphs: list[str] = []
    prose: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == tags["tbl"]:
            tables.append(rows_of(block))
        elif block.tag == tags["p"]:
            prose.append(text_of(block))
            if not tables:
                paragraphs.append(prose[-1])
    return grid_from_rows(tables, paragraphs, prose=prose)
