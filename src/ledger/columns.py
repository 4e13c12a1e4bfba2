"""Column titles (SPEC §8): which role a header cell names, after removing spaces and reading traditional
characters as simplified; `--column TITLE=ROLE` adds titles the ledger does not know."""
from __future__ import annotations

import functools
import re

from .vocabulary import COLUMN_TITLES as COLUMN_ROLES, simplified

# The roles a person may name with --column, and the ledger's own name for each ("task" is the text column).
USER_ROLES = {"section": "section", "subsection": "section", "number": "number", "task": "text",
              "units": "units", "lead": "lead", "assist": "assist", "deadline": "deadline", "keep": "keep",
              "skip": "skip"}
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
        self.role_of = {title: role for role, titles in COLUMN_ROLES.items() for title in titles}
        for title, role in (named or {}).items():
            self.role_of[compact_title(title) or title] = USER_ROLES[role]
        self.named = {compact_title(title) or title for title in (named or {})}
        titles = "|".join(sorted(map(re.escape, self.role_of), key=len, reverse=True))
        self.header = re.compile(rf"(?:{titles})(?:[及和与、/]?(?:{titles}))*")

    def title(self, text: str) -> str | None:
        """A header cell's title in simplified characters without spaces (具 体 要 求 -> 具体要求), else None."""
        compact = compact_title(text)
        return compact if compact is not None and self.header.fullmatch(compact) else None

    def is_header(self, text: str) -> bool:
        return self.title(text) is not None

    def role(self, title: str) -> str:
        """What a column holds; a joined title (序号及任务) is read by its last part; an unknown one is kept."""
        if title in self.role_of:
            return self.role_of[title]
        endings = [known for known in self.role_of if title.endswith(known)]
        return self.role_of[max(endings, key=len)] if endings else "keep"


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
