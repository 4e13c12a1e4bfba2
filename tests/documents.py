"""Build plan documents the way bureaus receive them — Word, Excel, a saved web page, the text export — from one
description: a header and rows of cells, with the section column merged over its tasks."""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from ledger.numerals import numeral_for

HEADER = ["重点任务", "具体措施", "责任单位", "完成时限"]


class Row:
    """One task row: the section it is under (merged down its tasks), then its other cells."""

    def __init__(self, section: str, cells: list):
        self.section, self.cells = section, cells


def rows_of_plan(plan, numbered_text: bool = True) -> list[Row]:
    """A parsed Plan as table rows: 一、title | 1.text | units | deadline."""
    rows = []
    for task in plan.tasks:
        section = f"{numeral_for(task.section.no)}、{task.section.title}" if task.section else ""
        text = f"{task.number}.{task.text}" if numbered_text else task.text
        rows.append(Row(section, [text, task.units_raw, task.deadline.raw]))
    return rows


def section_runs(rows: list[Row]) -> list[tuple[int, int]]:
    """(first, last) row index of each run of rows under the same section cell."""
    runs, start = [], 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].section != rows[start].section:
            runs.append((start, index - 1))
            start = index
    return runs


def write_docx(path: Path, rows: list[Row], header=HEADER, title: str | None = None, split_at: int | None = None,
               metadata_first: bool = False, no_table: bool = False) -> Path:
    """A Word document: a title paragraph, the task table with vertically merged section cells; optionally a
    metadata table first, or the table broken in two at row `split_at` with its header repeated."""
    import docx
    from docx.table import _Cell

    document = docx.Document()
    if title:
        document.add_paragraph(title)
    if metadata_first:
        meta = document.add_table(rows=2, cols=2)
        for (r, c), text in {(0, 0): "发文单位", (0, 1): "某局办公室", (1, 0): "印发日期", (1, 1): "2022年3月1日"}.items():
            meta.cell(r, c).text = text
        document.add_paragraph("")
    if no_table:
        document.add_paragraph("这份文件只有文字，没有表格。")
        document.save(path)
        return path
    parts = [rows] if split_at is None else [rows[:split_at], rows[split_at:]]
    for number, part in enumerate(parts):
        if number:
            document.add_paragraph("（续表）")
        table = document.add_table(rows=1 + len(part), cols=1 + len(part[0].cells))
        table.style = "Table Grid"  # ruled, as published tables are (a PDF made from it has its lines)
        # Cells reached through each row's own <w:tc> elements: table.cell() walks the whole table every time.
        rows = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
        for column, text in enumerate(header):
            rows[0][column].text = text
        for index, row in enumerate(part, start=1):
            for column, text in enumerate(row.cells, start=1):
                rows[index][column].text = str(text)
        for first, last in section_runs(part):
            rows[first + 1][0].text = part[first].section
            if last > first:  # the section cell merged down its tasks, as Word writes it (vMerge)
                rows[first + 1][0]._tc.vMerge = "restart"
                for index in range(first + 2, last + 2):
                    rows[index][0]._tc.vMerge = "continue"
    document.add_paragraph("")  # Word always ends a document with a paragraph; LibreOffice drops a table that ends it
    document.save(path)
    return path


def write_xlsx(path: Path, rows: list[Row], header=HEADER, title: str | None = None, dates: bool = True) -> Path:
    """An Excel sheet: a title row merged across the table, merged section cells, and deadlines that are dates
    written as real date cells."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分解"
    first_row = 1
    if title:
        sheet.cell(1, 1, title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        first_row = 2
    for column, text in enumerate(header, start=1):
        sheet.cell(first_row, column, text)
    for index, row in enumerate(rows, start=first_row + 1):
        for column, value in enumerate(row.cells, start=2):
            cell = sheet.cell(index, column, value)
            if isinstance(value, date):
                cell.number_format = "yyyy\"年\"m\"月\"d\"日\""
    for start, last in section_runs(rows):
        sheet.cell(first_row + 1 + start, 1, rows[start].section)
        if last > start:
            sheet.merge_cells(start_row=first_row + 1 + start, start_column=1, end_row=first_row + 1 + last,
                              end_column=1)
    workbook.save(path)
    return path


def write_html(path: Path, rows: list[Row], header=HEADER, title: str | None = None, encoding: str = "utf-8") -> Path:
    """A saved web page: the title as a heading, the section cell with rowspan, line breaks as <br> and <p>."""
    out = [f'<html><head><meta charset="{encoding}"><title>政务公开</title></head><body>']
    if title:
        out.append(f"<h2>{html.escape(title)}</h2>")
    out.append('<table border="1"><tr>' + "".join(f"<th>{html.escape(t)}</th>" for t in header) + "</tr>")
    starts = {first: last - first + 1 for first, last in section_runs(rows)}
    for index, row in enumerate(rows):
        cells = []
        if index in starts:
            cells.append(f'<td rowspan="{starts[index]}"><p>{html.escape(row.section)}</p></td>')
        cells += [f"<td>{html.escape(str(text))}</td>" for text in row.cells]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    path.write_bytes("\n".join(out).encode(encoding))
    return path


def write_text(path: Path, rows: list[Row], header=HEADER) -> Path:
    """The text export: each cell ends with |, merged section cells written once."""
    out = [" | ".join(header) + " |"]
    previous = None
    for row in rows:
        if row.section != previous:
            out.append(f"{row.section} |")
            previous = row.section
        out += [f"{text} |" for text in row.cells if str(text)]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------------------------
# Any table, with merged cells, in every format: the shapes of published plans (tests/test_published_shapes.py).

UP = "<merged with the cell above>"
LEFT = "<merged with the cell to the left>"


def regions(rows: list[list]) -> list[tuple[int, int, int, int, str]]:
    """(row, column, rows down, columns across, text) of every cell written: a text followed by LEFT slots to its
    right and UP slots below it is one merged cell."""
    found = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text in (UP, LEFT) or text is None:
                continue
            across = 1
            while c + across < len(row) and row[c + across] == LEFT:
                across += 1
            down = 1
            while r + down < len(rows) and c < len(rows[r + down]) and rows[r + down][c] == UP:
                down += 1
            found.append((r, c, down, across, str(text)))
    return found


def write_table(path: Path, rows: list[list], title: str | None = None, lines_before: tuple[str, ...] = ()) -> Path:
    """`rows` (None: an empty cell; UP/LEFT: merged) written as the file `path` names: .docx, .xlsx, .html or
    .txt; `title` a paragraph (a merged row in Excel), `lines_before` more paragraphs before the table."""
    writer = {".docx": _table_docx, ".xlsx": _table_xlsx, ".html": _table_html, ".txt": _table_text}[path.suffix]
    writer(path, rows, ([title] if title else []) + list(lines_before))
    return path


def _table_docx(path: Path, rows: list[list], before: list[str]) -> None:
    import docx

    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"  # ruled, as published tables are (a PDF made from it has its lines)
    for r, c, down, across, text in regions(rows):
        cell = table.cell(r, c)
        if down > 1 or across > 1:
            cell = cell.merge(table.cell(r + down - 1, c + across - 1))
        cell.text = text
    document.add_paragraph("")  # as Word ends every document
    document.save(path)


def _table_xlsx(path: Path, rows: list[list], before: list[str]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    width = max(len(row) for row in rows)
    for r, line in enumerate(before, start=1):
        sheet.cell(r, 1, line)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    offset = len(before)
    for r, c, down, across, text in regions(rows):
        sheet.cell(offset + r + 1, c + 1, text)
        if down > 1 or across > 1:
            sheet.merge_cells(start_row=offset + r + 1, start_column=c + 1, end_row=offset + r + down,
                              end_column=c + across)
    workbook.save(path)


def _table_html(path: Path, rows: list[list], before: list[str]) -> None:
    out = ['<html><head><meta charset="utf-8"><title>政务公开</title></head><body>']
    out += [f"<p>{html.escape(line)}</p>" for line in before]
    out.append('<table border="1">')
    starts = {(r, c): (down, across, text) for r, c, down, across, text in regions(rows)}
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in starts:
                down, across, text = starts[(r, c)]
                spans = (f' rowspan="{down}"' if down > 1 else "") + (f' colspan="{across}"' if across > 1 else "")
                cells.append(f"<td{spans}>" + "<br>".join(html.escape(part) for part in text.split("\n")) + "</td>")
            elif text is None:
                cells.append("<td></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def _table_text(path: Path, rows: list[list], before: list[str]) -> None:
    """The text export: each row on a line, a merged cell written once, empty cells left out."""
    out = [f"{line} |" for line in before]
    for row in rows:
        cells = [str(text) for text in row if text not in (UP, LEFT, None)]
        if cells:
            out.append(" | ".join(cells) + " |")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def write_paragraphs(path: Path, paragraphs: list[str]) -> Path:
    """A document of paragraphs only (a plan published as prose): .docx, .html or .txt (one per line)."""
    if path.suffix == ".docx":
        import docx

        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        document.save(path)
    elif path.suffix == ".html":
        body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
        path.write_text(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>', encoding="utf-8")
    else:
        path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def libreoffice_copy(source: Path, target_format: str, folder: Path, soffice: str) -> Path:
    """`source` saved by LibreOffice as `target_format` (doc, xls, pdf) in `folder`, as a person would save it."""
    import subprocess

    folder.mkdir(exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                    target_format, "--outdir", str(folder), str(source)], check=True, capture_output=True,
                   timeout=180)
    return folder / f"{source.stem}.{target_format}"
