"""The Excel ledger (任务台账) and file exports: xlsx, csv and json, for the bureau's staff and leaders.

Column headers are Chinese, because the readers are. Imported only by `export` and `report --format xlsx`;
openpyxl costs about 200 ms to import.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from .deadlines import parse_deadline
from .model import Kind, TaskView
from .numerals import numeral_for
from .outputs import Output, opened, writing
from .messages import say_in
from .render.base import Formatter, carried_not_done, progress_table
from .render.csv import write_csv
from .render.escape import to_json
from .render.json import task_json
from .render.notes import note_text
from .rules import completed_on

ROLE_NAMES = {"lead": "牵头", "implement": "落实", "assist": "配合", "guide": "指导"}
LEDGER_HEADERS = ("序号", "重点任务", "具体措施", "责任单位", "完成时限", "截止日期", "完成情况", "完成日期", "最新进展",
                  "进展记录")
COUNT_HEADERS = ("任务数", "牵头", "落实", "配合", "指导", "推进中", "逾期", "临期", "延期", "已完成", "已取消", "已结转",
                 "完成率(%)")
NOTE_KINDS = {"note": "进展", "done": "完成", "cancel": "取消", "reopen": "重新打开", "import": "导入", "remind": "催办",
              "carry": "结转", "postpone": "延期"}
# The row above the ledger's header. It names the plan's year as the importer reads a title (SPEC §3), so that
# the export imports back as the plan of that year, whatever years carried tasks mention. Chinese, as the headers.
LEDGER_TITLE = "{plans} 任务台账（{year}年）"
LEDGER_TITLE_NO_YEAR = "{plans} 任务台账"
LIGHT_FILLS = {"red": "FFE0E0", "yellow": "FFF2CC", "green": "E2EFDA"}  # light red, amber and green rows


def units_as_written(item: TaskView) -> str:
    """法规科(牵头)、相关科(室)(配合): as a person would write them; the plan's own words when the units were not
    kept (a task a re-import removed, in a ledger of before they were), so the export still imports back."""
    return ("、".join(f"{unit.name}({ROLE_NAMES[unit.role.value]})" for unit in item.task.units)
            or item.task.units_raw)


def progress_word(item: TaskView) -> str:
    status = item.task.status.value
    if status == "done":
        return "已完成"
    if status == "cancelled":
        return "已取消"
    if status == "removed":
        return "已移除"
    if status == "carried":
        return "已结转"
    return f"逾期{-item.days_left}天" if item.overdue else "推进中"


def deadline_as_written(task, plan_year: int | None) -> str:
    """The 完成时限 as the plan wrote it; with its year put in front when it falls in another year than the plan's
    (a task carried from last year's plan, 12月30日 of 2022), so that the export imports back with the same date."""
    raw, due = task.deadline.raw, task.plan_due or task.deadline.due
    if plan_year is None or due is None or due.year == plan_year or "年" in raw or task.deadline.kind is not Kind.DATE:
        return raw
    dated = f"{due.year}年{raw}"
    return dated if parse_deadline(dated, plan_year).due == due else raw


def ledger_row(item: TaskView, with_plan: bool, plan_year: int | None = None) -> list:
    """One task as a row of the Excel ledger; dates stay dates and numbers stay numbers."""
    task = item.task
    section = f"{numeral_for(task.section.no)}、{task.section.title}" if task.section else ""
    notes = [note for note in task.notes if note.kind not in ("import", "remind")]  # not the unit's progress
    finished_on = completed_on(item)  # the day given with done --on, else the day it was recorded
    finished = date.fromisoformat(finished_on) if finished_on else None
    latest = next((note.text for note in reversed(notes) if note.text), "")
    history = "\n".join(f"{note.at[:16].replace('T', ' ')} {note.by} {NOTE_KINDS.get(note.kind, note.kind)}"
                        + (f": {note_text(note)}" if note_text(note) else "") for note in task.notes)
    row = [task.number, section, task.text, units_as_written(item), deadline_as_written(task, plan_year), task.deadline.due,
           progress_word(item), finished, latest, history]
    return [task.plan] + row if with_plan else row


PROGRESS_SHEET_TITLES = {"unit": "按单位统计", "section": "按重点任务统计"}


def progress_sheet(rows: list[dict], total: dict, by: str) -> tuple[str, list[str], list[list], list[bool]]:
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


def ledger_title(plan_years: Mapping[str, int]) -> str:
    """The ledger sheet's title row: the plans and, when they share one, their year."""
    plans = "、".join(sorted(plan_years))
    years = set(plan_years.values())
    return LEDGER_TITLE.format(plans=plans, year=years.pop()) if len(years) == 1 else \
        LEDGER_TITLE_NO_YEAR.format(plans=plans).strip()


def write_ledger(output: Output, items: Sequence[TaskView], progress: dict[str, tuple[list[dict], dict]],
                 calendar, plan_years: Mapping[str, int]) -> None:
    """The whole ledger as the office's 台账: an xlsx workbook (the ledger, its rows coloured by their warning
    light from `calendar`, under a title row naming the plans and their year from `plan_years`, then a report
    sheet per unit and per section from `progress`), a csv file with the same columns, or the tasks as JSON."""
    plans = {item.task.plan for item in items}
    headers = (("计划",) if len(plans) > 1 else ()) + LEDGER_HEADERS
    rows = [ledger_row(item, len(plans) > 1, plan_years.get(item.task.plan)) for item in items]
    if output.format == "xlsx":
        with writing(output.path):
            lights = [calendar.light(item.today, item.due, item.days_left is not None)[1] for item in items]
            write_xlsx(output.path, [("任务台账", headers, rows, lights)]
                       + [progress_sheet(*progress[by], by) for by in ("unit", "section")],
                       titles={"任务台账": ledger_title(plan_years)}, footnotes=progress_footnotes(progress))
        return
    with opened(output) as stream:
        if output.format == "csv":
            write_csv(stream, headers, rows, lineterminator="\r\n")
        else:
            stream.write(to_json([task_json(item) for item in items]) + "\n")


class Workbook(Formatter):
    """A report as an xlsx workbook of one sheet, for `report --format xlsx --output FILE`."""

    def __init__(self, path: Path):
        super().__init__(None)
        self.path = path

    def progress(self, rows, total, by):
        write_xlsx(self.path, [progress_sheet(rows, total, by)], footnotes=progress_footnotes({by: (rows, total)}))


def write_xlsx(path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence], Sequence[str | None]]],
               titles: Mapping[str, str] = {}, footnotes: Mapping[str, str] = {}) -> None:
    """Sheets of (name, headers, rows, each row's light): frozen header, widths for Chinese, wrapped text;
    a row is coloured by its warning light (red overdue, yellow due soon, green on track). A sheet named in
    `titles` gets that title in a bold row above its header; one named in `footnotes`, that line below its rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
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
            sheet.row_dimensions[row_number].height = 15 * max(1, -(-_text_width(footnotes[title])
                                                                     // int(sum(widths) - 1)))
    workbook.save(path)


def _lines(value, width: float) -> int:
    if value is None:
        return 1
    return sum(max(1, -(-_text_width(line) // int(width - 1))) for line in str(value).split("\n"))


def _text_width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _width(values: Sequence) -> float:
    """Column width in Excel's units: a Chinese character takes two; long text wraps at 40."""
    widest = max((_text_width(line) for value in values for line in ("" if value is None else str(value)).split("\n")),
                 default=0)
    return min(max(widest + 2, 8), 40)
