"""What one cell says, whatever file it came from: a heading, a task, a bare number, units, a deadline."""
from __future__ import annotations

import re
import unicodedata

from .deadlines import may_be_deadline, parse_deadline
from .model import Kind, Role
from .numerals import NUMERAL_CHARS, numeral_value
from .units import parse_units
from .vocabulary import UNIT_ENDINGS
from .text import shortened

# One pattern for the three kinds of item cell: a heading 一、, a sub-heading (一), a task 1. (or 1、 1．).
ITEM = re.compile(rf"\s*(?:(?P<heading>[{NUMERAL_CHARS}]{{1,3}})\s*[、､]|[(（]\s*(?P<subheading>[{NUMERAL_CHARS}]{{1,3}})\s*[)）]"
                  r"|(?P<task>[0-9０-９]{1,6})[ \t\u3000]*[.．、､][ \t\u3000]*(?=\S))\s*(?P<rest>.*)", re.S)
# A task numbered (1) or （１）, as some tables number the measures under a heading.
BRACKETED_TASK = re.compile(r"\s*[(（]\s*(?P<task>[0-9０-９]{1,6})\s*[)）]\s*(?P<rest>\S.*)", re.S)
CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\u2018-\u201f"
DROPPED_TERM = re.compile(rf"[{CJK}][ \t\u3000]+[{CJK}]")


def classify(text: str) -> tuple[str, int, str] | None:
    """("heading" | "subheading" | "task", number, title or text) for an item cell, else None."""
    match = ITEM.fullmatch(text)
    if match is None:
        return None
    if match["task"]:
        return "task", int(match["task"]), match["rest"].strip()  # int() reads full-width digits too
    number = numeral_value(match["heading"] or match["subheading"])
    if number is None:
        return None
    title = match["rest"].strip().rstrip("。.").strip()
    return ("heading" if match["heading"] else "subheading"), number, title


def item_text(text: str) -> str:
    """An item cell's text after its number, as written (a heading's title drops its closing 。, this does not)."""
    match = ITEM.fullmatch(text)
    return match["rest"].strip() if match else text.strip()


def bracketed_task(text: str) -> tuple[int, str] | None:
    """(number, text) of a task numbered (1) or （１）, else None; only a task when a units cell follows it."""
    match = BRACKETED_TASK.fullmatch(text)
    return (int(match["task"]), match["rest"].strip()) if match else None


def bare_number(text: str) -> int | None:
    """A cell holding only a task number (3, ３, 3.), as a 序号 column has it."""
    if len(text) > 12:
        return None
    compact = unicodedata.normalize("NFKC", text).strip().rstrip(".、")
    return int(compact) if compact.isdigit() and len(compact) <= 6 else None


def units_like(text: str) -> bool:
    """Whether a cell reads as a units cell: unit names with a role verb or a unit's ending (科, 室, 中心 …)."""
    if len(text) > 80:
        return False
    units = parse_units(text, Role.LEAD)  # the key the builder's own call uses: one cache entry
    return bool(units) and all(len(unit.name) <= 25 and (unit.verb or unit.name.endswith(UNIT_ENDINGS))
                               for unit in units)


def looks_like_deadline(text: str) -> bool:
    # A leap year, so that 2月29日 counts as a deadline cell before the plan's year is known.
    return len(text) <= 40 and may_be_deadline(text) and \
        parse_deadline(text, 2000).kind not in (Kind.UNRECOGNIZED, Kind.NONE)


def dropped_terms(text: str) -> list[str]:
    """A few characters around each space between two Chinese characters: in these documents, a dropped term."""
    if DROPPED_TERM.search(text) is None:  # the usual case, without an iterator per cell
        return []
    return [text[max(0, match.start() - 6): match.end() + 6] for match in DROPPED_TERM.finditer(text)]


def excerpt(text: str, width: int = 30) -> str:
    return "“" + shortened(text, width) + "”"
