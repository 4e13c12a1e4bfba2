"""Excel .xlsx (SPEC §8) with openpyxl: the sheet named by --sheet, else each sheet in turn until one holds a task
table. A merged range is one cell (openpyxl leaves the rest of it empty); a date cell is a date, whatever its
number format."""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from ..errors import InputError
from ..grid import Grid, grid_from_rows
from ..messages import say


def read(path: Path, sheet: str | None = None) -> Grid:
    import openpyxl  # imported only here: it costs a fifth of a second

    try:
        workbook = openpyxl.load_workbook(str(path), data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged file
        raise InputError(str(path), say("damaged_document", kind="Excel", reason=type(exc).__name__)) from None
    if sheet is not None and sheet not in workbook.sheetnames:
        raise InputError(str(path), say("no_such_sheet", sheet=sheet, sheets="、".join(workbook.sheetnames)))
    sheets = [workbook[sheet]] if sheet is not None else workbook.worksheets
    tables = [[[cell_text(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
              for worksheet in sheets]
    # Each sheet is a table of its own: the builder reads the first that holds tasks, and never runs on into another.
    return grid_from_rows(tables, one_table=True)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a 序号 typed as a number
    return str(value)
