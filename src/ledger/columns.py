"""Column titles (SPEC §8): which role a header cell names, after removing spaces and reading traditional
characters as simplified; `--column TITLE=ROLE` adds titles the ledger does not know. The words are in
vocabulary.py."""
from __future__ import annotations

import enum
import functools
import re

from .vocabulary import COLUMN_TITLES, TITLE_WORDS, simplified


class ColumnRole(str, enum.Enum):
    """What a table's column holds."""

    SECTION = "section"
    SUBSECTION = "subsection"
    NUMBER = "number"
    TITLE = "title"  # the task's title, beside its text: the task reads `title：text`
    TEXT = "text"
    UNITS = "units"
    LEAD = "lead"
    ASSIST = "assist"
    DEADLINE = "deadline"
    KEEP = "keep"  # data kept as written (备注, 完成情况, 责任领导): shown and exported, never read
    SKIP = "skip"


UNIT_COLUMNS = frozenset({ColumnRole.UNITS, ColumnRole.LEAD, ColumnRole.ASSIST})
TASK_COLUMNS = frozenset({ColumnRole.TEXT, ColumnRole.SECTION})
# The roles a person may name with --column; "task" is the text column.
USER_ROLES = {"section": ColumnRole.SECTION, "subsection": ColumnRole.SUBSECTION, "number": ColumnRole.NUMBER,
              "task": ColumnRole.TEXT, "units": ColumnRole.UNITS, "lead": ColumnRole.LEAD,
              "assist": ColumnRole.ASSIST, "deadline": ColumnRole.DEADLINE, "keep": ColumnRole.KEEP,
              "skip": ColumnRole.SKIP}
# A header cell is short; a longer cell is text, whatever words it holds (and is not translated at all).
LONGEST_TITLE = 40


def compact_title(text: str) -> str | None:
    """A cell as a title would be compared: no spaces, simplified characters; None when too long to be one."""
    if len(text) > 4 * LONGEST_TITLE:  # checked before any copy: a 10 MB cell costs nothing here
        return None
    compact = "".join(text.split())
    return simplified(compact) if len(compact) <= LONGEST_TITLE else None


class Columns:
    """The header vocabulary, the ledger's own titles plus those named with --column."""

    def __init__(self, named: dict[str, str] | None = None):
        self.role_of = {title: ColumnRole(role) for role, titles in COLUMN_TITLES.items() for title in titles}
        for title, role in (named or {}).items():
            self.role_of[compact_title(title) or title] = USER_ROLES[role]
        self.named = {compact_title(title) or title for title in (named or {})}
        titles = "|".join(sorted(map(re.escape, self.role_of), key=len, reverse=True))
        self.header = re.compile(rf"(?:{titles})(?:[及和与、/]?(?:{titles}))*")
        self.endings = sorted(self.role_of, key=len, reverse=True)

    def title(self, text: str) -> str | None:
        """A header cell's title in simplified characters without spaces (具 体 要 求 -> 具体要求) when it is one
        of the known titles or several joined (序号及任务), else None."""
        compact = compact_title(text)
        return compact if compact is not None and self.header.fullmatch(compact) else None

    def is_header(self, text: str) -> bool:
        return self.title(text) is not None

    def worded_title(self, text: str) -> str | None:
        """A cell that a header row may hold beside known titles: a known title, or a short one whose words say
        what it holds (第二季度完成情况, 牵头责任部门, 截止日期)."""
        known = self.title(text)
        if known is not None:
            return known
        compact = compact_title(text)
        if compact is None or len(compact) > 12 or not compact or compact[0].isdigit():
            return None
        return compact if any(word in compact for words, _ in TITLE_WORDS for word in words) else None

    def role(self, title: str) -> ColumnRole:
        """What a column holds: a known title's role; a joined title (序号及任务) by its last part; an unknown one
        by its words (进展, 领导: kept; 牵头: lead; 单位: units …); else kept."""
        if title in self.role_of:
            return self.role_of[title]
        for words, role in TITLE_WORDS:
            if any(word in title for word in words):
                return ColumnRole(role)
        ending = next((known for known in self.endings if title.endswith(known)), None)
        return self.role_of[ending] if ending else ColumnRole.KEEP


@functools.lru_cache(maxsize=1)
def default_columns() -> Columns:
    return Columns()


def parse_column_option(value: str) -> tuple[str, str] | None:
    """`TITLE=ROLE` as given to --column: (title, role), or None when it is not of that form."""
    title, equals, role = value.rpartition("=")
    role = role.strip().lower()
    if not equals or not title.strip() or role not in USER_ROLES:
        return None
    return title.strip(), role
