"""Excel workbooks: the ledger's sheets written with openpyxl (imported only here: about 200 ms), and a report as
a workbook of one sheet (`report --format xlsx --output FILE`). Headers are Chinese, because the readers are."""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Optional

from rich.cells import cell_len

from ..messages import say_in
from .base import Formatter, carried_not_done, progress_table

COUNT_HEADERS = ("任务数", "牵头", "落实", "配合", "指导", "推进中", "逾期", "临期", "延期", "已完成", "已取消", "已结转",
                 "完成率(%)")
LIGHT_FILLS = {"red": "FFE0E0", "yellow": "FFF2CC", "green": "E2EFDA"}  # light red, amber and green rows
# A sheet for write_xlsx: its title, headers, rows, and each row's warning light (None: not coloured).
Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]], Sequence[Optional[str]]]


PROGRESS_SHEET_TITLES = {"unit": "按单位统计", "section": "按重点任务统计"}


def progress_sheet(rows: list[dict], total: dict, by: str) -> Sheet:
    """A report as one sheet for write_xlsx: its title, headers, rows, and no row highlighted."""
    headers, body = progress_rows(rows, total, by)
    return PROGRESS_SHEET_TITLES[by], headers, body, [None] * len(body)


def progress_footnotes(progress: Mapping[str, tuple[list[dict], dict]]) -> dict[str, str]:
    """The line under each report sheet whose done percentage counts carried tasks as not done (SPEC §12)."""
    return {PROGRESS_SHEET_TITLES[by]: "注：" + carried_not_done(total, _chinese)
            for by, (_rows, total) in progress.items() if total.get("carried")}


def _chinese(key: str, **fields) -> str:
    return say_in("zh", key, **fields)  # the office's 台账 is in Chinese whatever the interface language


def progress_rows(rows: list[dict], total: dict, by: str) -> tuple[list[str], list[list]]:
    headers = ["单位"] if by == "unit" else ["计划", "序号", "重点任务"]
    body = progress_table(rows, total, by, "合计", _chinese)
    for row in body:
        if by == "section" and row[1]:
            row[1] = int(row[1])
    return headers + list(COUNT_HEADERS), body


class Workbook(Formatter):
    """A report as an xlsx workbook of one sheet, for `report --format xlsx --output FILE`."""

    def __init__(self, path: Path):
        super().__init__(io.StringIO())  # nothing is written as text: the workbook goes to `path`
        self.path = path

    def progress(self, rows, total, by):
        write_xlsx(self.path, [progress_sheet(rows, total, by)], footnotes=progress_footnotes({by: (rows, total)}))


def write_xlsx(path: Path, sheets: Sequence[Sheet],
               titles: Mapping[str, str] = {}, footnotes: Mapping[str, str] = {}) -> None:
    """Sheets of (name, headers, rows, each row's light): frozen header, widths for Chinese, wrapped text;
    a row is coloured by its warning light (red overdue, yellow due soon, green on track). A sheet named in
    `titles` gets that title in a bold row above its header; one named in `footnotes`, that line below its rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    if workbook.active is not None:  # the empty sheet a new workbook starts with
        workbook.remove(workbook.active)
    fills = {light: PatternFill("solid", fgColor=colour) for light, colour in LIGHT_FILLS.items()}
    wrap = Alignment(wrap_text=True, vertical="top")
    for title, headers, rows, highlighted in sheets:
        sheet = workbook.create_sheet(title)
        if title in titles:
            sheet.append([titles[title]])
            sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        header_row = sheet.max_row + 1 if title in titles else 1
        sheet.append(list(headers))
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row_number, (row, highlight) in enumerate(zip(rows, highlighted), start=header_row + 1):
            for column_number, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column_number)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # stored as text: no spreadsheet evaluates a plan's "=…"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                cell.alignment = wrap
                if highlight in fills:
                    cell.fill = fills[highlight]
        sheet.freeze_panes = f"A{header_row + 1}"
        # Printed (and turned into PDF) as one page wide, landscape, the header on every page.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.print_title_rows = f"1:{header_row}"
        widths = [_width([header] + [row[column] for row in rows]) for column, header in enumerate(headers)]
        for column_number, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=header_row, column=column_number).column_letter].width = width
        for row_number, row in enumerate(rows, start=header_row + 1):
            # Spreadsheets do not grow a row for wrapped text on their own: give it the lines it needs.
            lines = max((_lines(value, width) for value, width in zip(row, widths)), default=1)
            sheet.row_dimensions[row_number].height = 15 * lines
        if title in footnotes:  # across the whole table, left out of the column widths
            row_number = sheet.max_row + 2
            sheet.cell(row=row_number, column=1).value = footnotes[title]
            sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=len(headers))
            sheet.cell(row=row_number, column=1).alignment = wrap
            sheet.row_dimensions[row_number].height = 15 * max(1, -(-cell_len(footnotes[title])
                                                                     // int(sum(widths) - 1)))
    workbook.save(path)


def _lines(value, width: float) -> int:
    if value is None:
        return 1
    return sum(max(1, -(-cell_len(line) // int(width - 1))) for line in str(value).split("\n"))


def _width(values: Sequence) -> float:
    """Column width in Excel's units: a Chinese character takes two (as a terminal counts it); long text
    wraps at 40."""
    widest = max((cell_len(line) for value in values for line in ("" if value is None else str(value)).split("\n")),
                 default=0)
    return min(max(widest + 2, 8), 40)
