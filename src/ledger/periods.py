"""A recurring deadline phrase + the plan's year -> its periods, each with a key and a due date (SPEC §10).

Pure: values in, values out. Recognising a phrase is a regular expression (cheap, used by every import);
the dates come from python-dateutil's `rrule`, imported only when periods are really computed.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from .vocabulary import RECURRING, normal_form


class Period(NamedTuple):
    key: str  # 2022-03, 2022-Q1, 2022-H1, 2022
    due: date


class Recurrence(NamedTuple):
    every: str  # month | quarter | half | year
    day: int | None = None  # 每月N日前: day N of the month
    after: int = 0  # 每季度结束后N日内: N days after the period's last day


MONTH_DAY = re.compile(r"每月(\d{1,2})日(?:前|之前)?")
QUARTER_AFTER = re.compile(r"(?:每季度结束后|每季度首月|季后|每季度后)(\d{1,3})日(?:内|前|之内|之前)?")


def recurrence(phrase: str) -> Recurrence | None:
    """How a normalised deadline phrase (vocabulary.normal_form) recurs, or None when it is not a recurring one."""
    for every, phrases in RECURRING.items():
        if phrase in phrases:
            return Recurrence(every)
    if (match := MONTH_DAY.fullmatch(phrase)) and 1 <= int(match[1]) <= 31:
        return Recurrence("month", day=int(match[1]))
    if match := QUARTER_AFTER.fullmatch(phrase):
        return Recurrence("quarter", after=int(match[1]))
    return None


def periods_of(raw: str, year: int) -> list[Period]:
    """The periods of a deadline cell as written, or [] when it does not recur. The cell is normalised as
    parse_deadline normalises it (vocabulary.normal_form), so that both agree on what recurs."""
    rule = recurrence(normal_form(raw))
    return periods(rule, year) if rule else []


def periods(rule: Recurrence, year: int) -> list[Period]:
    """Every period of `year`, in order, with its due date."""
    from dateutil.rrule import MONTHLY as EVERY_MONTH, rrule  # 24 ms: only when periods are computed

    start = date(year, 1, 1)
    if rule.every == "month":
        # Day N, or the month's last day when the month is shorter: the first of (N, -1) in each month.
        days = (rule.day, -1) if rule.day else (-1,)
        dues = rrule(EVERY_MONTH, dtstart=start, count=12, bymonthday=days, bysetpos=1)
        return [Period(f"{year}-{due.month:02d}", due.date()) for due in dues]
    step = {"quarter": 3, "half": 6, "year": 12}[rule.every]
    ends = rrule(EVERY_MONTH, interval=step, dtstart=date(year, step, 1), count=12 // step, bymonthday=-1)
    keys = {"quarter": lambda n: f"{year}-Q{n}", "half": lambda n: f"{year}-H{n}", "year": lambda n: str(year)}
    return [Period(keys[rule.every](n), end.date() + timedelta(days=rule.after)) for n, end in enumerate(ends, 1)]
