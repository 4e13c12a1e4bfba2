"""Excel .xlsx (SPEC §8) with openpyxl: the sheet named by --sheet, else each sheet in turn until one holds a task
table. A merged range is one cell (openpyxl leaves the rest of it empty); a date cell is a date, whatever its
number format."""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from ..errors import InputError
from ..grid import ABOVE, Grid, Slot, grid_from_rows, problem
from ..messages import say


def read(path: Path, sheet: str | None = None) -> Grid:
    import openpyxl  # imported only here: it costs a fifth of a second

    try:
        workbook = openpyxl.load_workbook(str(path), data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged file
        raise InputError(str(path), say("damaged_document", kind="Excel", reason=problem(exc))) from None
    if sheet is not None and sheet not in workbook.sheetnames:
        raise InputError(str(path), say("no_such_sheet", sheet=sheet, sheets="、".join(workbook.sheetnames)))
    sheets = [workbook[sheet]] if sheet is not None else workbook.worksheets
    tables = []
    for worksheet in sheets:
        covered: dict[tuple[int, int], Slot] = {}  # the slots a merged range covers, besides its first
        for merged in worksheet.merged_cells.ranges:
            if (merged.max_row - merged.min_row + 1) * (merged.max_col - merged.min_col + 1) <= 100_000:
                covered.update(((row, column), ABOVE if column == merged.min_col else None)
                               for row in range(merged.min_row, merged.max_row + 1)
                               for column in range(merged.min_col, merged.max_col + 1))
                del covered[(merged.min_row, merged.min_col)]
        tables.append([[covered[(row_no, column_no)] if (row_no, column_no) in covered else cell_text(value)
                         for column_no, value in enumerate(row, start=1)]
                        for row_no, row in enumerate(worksheet.iter_rows(values_only=True), start=1)])
    # Each sheet is a table of its own: the builder reads the first that holds tasks, and never runs on into another.
    return grid_from_rows(tables, one_table=True)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a 序号 typed as a number
    return str(value)
