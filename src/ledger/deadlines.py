"""One deadline phrase + the plan's year -> Deadline (SPEC §3), and the deadline phrases inside a task's prose.

Pure: no clock, no tasks. Every phrase is compared in `vocabulary.normal_form`, the one normalisation.
"""
from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date

from .model import Deadline, Kind
from .periods import recurrence
from .vocabulary import _PAIRS, DEADLINE_ACTIONS, ONGOING, RECURRING, normal_form

CHINESE_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
TEN_DAYS = {"上旬": 10, "中旬": 20}  # 下旬: the month's last day

FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日前?")
NUMERIC_DATE = re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})")
MONTH_DAY = re.compile(r"(次年|明年)?(\d{1,2})月(\d{1,2})日前?")
MONTH = re.compile(r"(?:(\d{4})年|(次年|明年))?(\d{1,2})月(份)?(底|末|上旬|中旬|下旬)?前?")
YEAR_END = re.compile(r"(?:(\d{4})年?)?(?:年底|年末|年内|全年)前?|(\d{4})年(?:底|末|内)前?")
HALF = re.compile(r"(?:(\d{4})年)?([上下])半年(?:底|末)?前?")
QUARTER = re.compile(r"(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?前?")
BEFORE = re.compile(r"(?:以前|之前)$")
ACTION = re.compile("(?:" + "|".join(sorted(map(re.escape, DEADLINE_ACTIONS), key=len, reverse=True)) + ")$")

# A date phrase inside prose (2022年9月底前，实现…; 9月投入使用; （2022年6月底前完成）), found on the NFKC text.
IN_TEXT = re.compile(
    r"(?<![0-9])(?:(?:19|20)[0-9]{2}年)?(?:次年|明年)?"
    r"(?:[0-9]{1,2}月(?:份)?(?:[0-9]{1,2}日|上旬|中旬|下旬|底|末)?|年底|年末|[上下]半年|第?[一二三四]季度(?:末|底)?)"
    r"(?:前|以前|之前)?")
CLAUSE_START = "(（[【〔，,；;：:。、 "
CLAUSE_END = "，,；;。)）]】〕、 "
ACTION_AFTER = re.compile("(?:前)?(?:" + "|".join(sorted(map(re.escape, DEADLINE_ACTIONS), key=len, reverse=True)) + ")(?!的)")


# Every character a deadline phrase can hold that most units and task cells do not: a cell with none of them is no
# deadline, without normalising it (the traditional forms, which normal_form reads, are here too).
_PHRASE_CHARS = set("".join(ONGOING) + "".join("".join(phrases) for phrases in RECURRING.values()) + "月年季旬日底末")
DEADLINE_CHARS = re.compile("[0-9０-９" + re.escape("".join(sorted(
    _PHRASE_CHARS | {traditional for traditional, simple in zip(_PAIRS[0::2], _PAIRS[1::2]) if simple in _PHRASE_CHARS}
))) + "]")


def may_be_deadline(text: str) -> bool:
    """A quick test before parse_deadline: False only for text that cannot be a deadline phrase."""
    return DEADLINE_CHARS.search(text) is not None


@functools.lru_cache(maxsize=4096)  # a plan repeats the same few phrases (长期, 12月30日) many times
def parse_deadline(raw: str, year: int) -> Deadline:
    """Read a deadline cell. Unreadable or impossible dates come back as UNRECOGNIZED, never raised."""
    phrase = normal_form(raw)
    if not phrase:
        return Deadline(raw, Kind.NONE)
    if phrase in ONGOING:
        return Deadline(raw, Kind.ONGOING)
    if recurrence(phrase):  # 每月, 每季度结束后15日内 …: periods.py gives each period its due date
        return Deadline(raw, Kind.RECURRING)
    phrase = BEFORE.sub("前", phrase)
    due = _due_date(phrase, year)
    if due is None and (action := ACTION.search(phrase)) and action.start() > 0:
        due = _due_date(phrase[: action.start()], year)  # 9月投入使用, 6月底前完成: the date before the action
    if due is None:
        return Deadline(raw, Kind.UNRECOGNIZED)
    return Deadline(raw, Kind.DATE, due)


def deadline_in_text(text: str, year: int) -> Deadline | None:
    """The deadline a task's prose names (2022年9月底前，实现…), as a DATE whose raw is the phrase; the latest
    when it names several (试点6月底前，全面推开12月底前); None when it names none. A date that only tells when
    something happened (根据2020年5月印发的通知) is not a deadline: the phrase must end with 前, be followed by
    an action (投入使用, 完成), end a month (11月中旬, 9月底), or stand as a clause of its own (（上半年）, 第三季度，…)."""
    if "月" not in text and "年" not in text and "季" not in text:  # most texts: no pattern to run
        return None
    normal = unicodedata.normalize("NFKC", text)
    found: list[Deadline] = []
    for match in IN_TEXT.finditer(normal):
        phrase, before, after = match[0], normal[match.start() - 1: match.start()], normal[match.end():]
        standing = (not before or before in CLAUSE_START) and (not after or after[0] in CLAUSE_END)
        if not (phrase.endswith(("前", "旬", "底", "末")) or ACTION_AFTER.match(after) or standing):
            continue
        deadline = parse_deadline(phrase, year)
        if deadline.kind is Kind.DATE:
            found.append(deadline)
    return max(found, key=lambda deadline: deadline.due or date.min) if found else None


def _due_date(phrase: str, year: int) -> date | None:
    if m := FULL_DATE.fullmatch(phrase):
        return _date(int(m[1]), int(m[2]), int(m[3]))
    if m := NUMERIC_DATE.fullmatch(phrase):
        return _date(int(m[1]), int(m[3]), int(m[4]))
    if m := MONTH_DAY.fullmatch(phrase):
        return _date(year + (1 if m[1] else 0), int(m[2]), int(m[3]))
    if m := MONTH.fullmatch(phrase):
        month_year = int(m[1]) if m[1] else year + (1 if m[2] else 0)
        if m[5] in TEN_DAYS:
            return _date(month_year, int(m[3]), TEN_DAYS[m[5]])
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
