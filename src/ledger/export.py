"""The Excel ledger (任务台账) and file exports: xlsx, csv and json, for the bureau's staff and leaders.

Column headers are Chinese, because the readers are. The workbook itself is written by render.xlsx (openpyxl,
about 200 ms to import: only for a workbook).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from .deadlines import parse_deadline
from .model import Kind, TaskView
from .numerals import numeral_for
from .outputs import Output, opened, writing
from .render.csv import write_csv
from .render.escape import to_json
from .render.json import task_json
from .render.notes import local_time, note_text
from .query import list_tasks, progress
from .render.xlsx import Sheet, progress_footnotes, progress_sheet, write_xlsx
from .rules import completed_on, postponed
from .store import TaskFilter

if TYPE_CHECKING:
    from .store import Store
    from .workdays import WorkCalendar

ROLE_NAMES = {"lead": "牵头", "implement": "落实", "assist": "配合", "guide": "指导"}
LEDGER_HEADERS = ("序号", "重点任务", "具体措施", "责任单位", "完成时限", "截止日期", "延期至", "完成情况", "完成日期",
                  "佐证材料", "最新进展", "进展记录")
NOTE_KINDS = {"note": "进展", "done": "完成", "cancel": "取消", "reopen": "重新打开", "import": "导入", "remind": "催办",
              "carry": "结转", "postpone": "延期"}
# The row above the ledger's header. It names the plan's year as the importer reads a title (SPEC §3), so that
# the export imports back as the plan of that year, whatever years carried tasks mention. Chinese, as the headers.
LEDGER_TITLE = "{year}年度任务台账"
LEDGER_TITLE_NO_YEAR = "{years}年度任务台账"


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
    return f"逾期{-(item.days_left or 0)}天" if item.overdue else "推进中"


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
    history = "\n".join(f"{local_time(note.at)} {note.by} {NOTE_KINDS.get(note.kind, note.kind)}"
                        + (f": {note_text(note)}" if note_text(note) else "") for note in task.notes)
    moved = postponed(item)
    postponed_to = date.fromisoformat(moved["to"]) if moved and moved.get("to") else None
    evidence = "\n".join(kept.url or kept.name or "" for kept in task.evidence)
    row = [task.number, section, task.text, units_as_written(item), deadline_as_written(task, plan_year),
           task.plan_due or task.deadline.due, postponed_to, progress_word(item), finished, evidence, latest, history]
    return [task.plan] + row if with_plan else row


def ledger_title(plan_years: Mapping[str, int]) -> str:
    """The ledger sheet's title row, naming the plans as the office does, by their year (2022年度任务台账), never
    by the ledger's own key for them; with several years, each (2022、2023年度任务台账)."""
    years = sorted(set(plan_years.values()))
    if not years:
        return "任务台账"
    if len(years) == 1:
        return LEDGER_TITLE.format(year=years[0])
    return LEDGER_TITLE_NO_YEAR.format(years="、".join(map(str, years)))


def write_ledger(output: Output, items: Sequence[TaskView], progress: dict[str, tuple[list[dict], dict]],
                 calendar: WorkCalendar, plan_years: Mapping[str, int]) -> None:
    """The whole ledger as the office's 台账: an xlsx workbook (the ledger, its rows coloured by their warning
    light from `calendar`, under a title row naming the plans and their year from `plan_years`, then a report
    sheet per unit and per section from `progress`), a csv file with the same columns, or the tasks as JSON."""
    plans = {item.task.plan for item in items}
    headers = (("计划",) if len(plans) > 1 else ()) + LEDGER_HEADERS
    rows = [ledger_row(item, len(plans) > 1, plan_years.get(item.task.plan)) for item in items]
    if output.format == "xlsx":
        assert output.path is not None  # outputs.choose: a workbook is never written to standard output
        with writing(output.path):
            lights = [calendar.light(item.today, item.due, item.days_left is not None)[1] for item in items]
            sheets: list[Sheet] = [("任务台账", headers, rows, lights)]
            write_xlsx(output.path, sheets + [progress_sheet(*progress[by], by) for by in ("unit", "section")],
                       titles={"任务台账": ledger_title(plan_years)}, footnotes=progress_footnotes(progress))
        return
    with opened(output) as stream:
        if output.format == "csv":
            write_csv(stream, headers, rows, lineterminator="\r\n")
        else:
            stream.write(to_json([task_json(item) for item in items]) + "\n")


def export_ledger(store: Store, output: Output, plan: str | None, today: date, warn_workdays: int) -> list[TaskView]:
    """The ledger of `plan` (of every plan when None, archived ones too) written to `output` as of `today`,
    rows coloured by the warning lights of `warn_workdays`; the tasks it holds."""
    from .workdays import WorkCalendar

    items = list_tasks(store, TaskFilter(plan, status="all", archived=True), today)
    counts = {by: progress(store, by, plan, today, warn_workdays) for by in ("unit", "section")}
    years = {row["plan"]: row["year"] for row in store.plans()}
    write_ledger(output, items, counts, WorkCalendar(warn_workdays), {item.task.plan: years[item.task.plan]
                                                                     for item in items})
    return items
