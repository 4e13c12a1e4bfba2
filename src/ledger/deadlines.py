"""One deadline phrase + the plan's year -> Deadline (SPEC §3). Pure: no clock, no tasks."""
from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date

from .model import Deadline, Kind
from .periods import recurrence

ONGOING = {"长期", "长期坚持", "长期推进", "持续推进", "持续开展", "常态化", "及时", "随时"}
# Traditional forms a bureau in Hong Kong, Macao or Taiwan style may use; read like the simplified.
TRADITIONAL = str.maketrans({"長": "长", "續": "续", "態": "态", "隨": "随", "時": "时", "後": "后",
                             "內": "内", "終": "终", "開": "开", "進": "进", "堅": "坚", "際": "际"})
CHINESE_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日前?")
NUMERIC_DATE = re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})")
MONTH_DAY = re.compile(r"(次年|明年)?(\d{1,2})月(\d{1,2})日前?")
MONTH = re.compile(r"(?:(\d{4})年|(次年|明年))?(\d{1,2})月(?:底|末)?前?")
YEAR_END = re.compile(r"(?:(\d{4})年?)?(?:年底|年末|年内|全年)前?|(\d{4})年(?:底|末|内)前?")
HALF = re.compile(r"(?:(\d{4})年)?([上下])半年(?:底|末)?前?")
QUARTER = re.compile(r"(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?前?")


@functools.lru_cache(maxsize=4096)  # a plan repeats the same few phrases (长期, 12月30日) many times
def parse_deadline(raw: str, year: int) -> Deadline:
    """Read a deadline cell. Unreadable or impossible dates come back as UNRECOGNIZED, never raised."""
    phrase = "".join(unicodedata.normalize("NFKC", raw).split()).translate(TRADITIONAL)
    phrase = phrase.rstrip("。.")
    if not phrase:
        return Deadline(raw, Kind.NONE)
    if phrase in ONGOING:
        return Deadline(raw, Kind.ONGOING)
    if recurrence(phrase):  # 每月, 每季度结束后15日内 …: periods.py gives each period its due date
        return Deadline(raw, Kind.RECURRING)
    if phrase.endswith("完成") and len(phrase) > 2:
        phrase = phrase[: -len("完成")]
    due = _due_date(phrase, year)
    if due is None:
        return Deadline(raw, Kind.UNRECOGNIZED)
    return Deadline(raw, Kind.DATE, due)


def _due_date(phrase: str, year: int) -> date | None:
    if m := FULL_DATE.fullmatch(phrase):
        return _date(int(m[1]), int(m[2]), int(m[3]))
    if m := NUMERIC_DATE.fullmatch(phrase):
        return _date(int(m[1]), int(m[3]), int(m[4]))
    if m := MONTH_DAY.fullmatch(phrase):
        return _date(year + (1 if m[1] else 0), int(m[2]), int(m[3]))
    if m := MONTH.fullmatch(phrase):
        month_year = int(m[1]) if m[1] else year + (1 if m[2] else 0)
        return _month_end(month_year, int(m[3]))
    if m := YEAR_END.fullmatch(phrase):
        return date(int(m[1] or m[2] or year), 12, 31)
    if m := HALF.fullmatch(phrase):
        return _month_end(int(m[1] or year), 6 if m[2] == "上" else 12)
    if m := QUARTER.fullmatch(phrase):
        return _month_end(int(m[1] or year), 3 * CHINESE_QUARTER[m[2]])
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])
