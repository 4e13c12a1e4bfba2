"""The plan's year (SPEC §3): --year, else the file name's one year, else the title's, else the earliest in the text."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .messages import say

# A year in heading or task text; 〔2020〕 (a document number) has no 年 and so never counts.
TEXT_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[ \t\u3000]*年")
FILE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


def years_in(text: str) -> list[int]:
    """Every `YYYY年` in a piece of heading, task or title text."""
    if "年" not in text:  # most task texts name no year: skip the pattern
        return []
    return [int(year) for year in TEXT_YEAR.findall(text)]


Found = tuple[int, "int | str"]  # a year and where it was written: a line, or a place in a table


def plan_year(file_stem: str, text_years: Sequence[Found], title_years: Sequence[Found] = ()) -> tuple[int, str] | None:
    """The plan's year and why: the file name's one year, else the title's, else the earliest in the text.
    The years come with where they were written (a line number, or a place in a table)."""
    in_name = set(FILE_YEAR.findall(file_stem))
    if len(in_name) == 1:
        return int(in_name.pop()), say("year_from_file_name")
    # A line of a text file, or a place in a document's table (which says its own "table 2, row 1, …").
    for years, at_line, at_place in ((title_years, "year_from_title", "year_from_title_at"),
                                     (text_years, "year_from_text", "year_from_text_at")):
        if years:
            year, where = min(years, key=lambda found: found[0])
            return year, say(at_line if isinstance(where, int) else at_place, year=year, line=where)
    return None
