"""Units written inside a task's prose, as most 分工方案 published as text write them (SPEC §8, issue 20).

`（牵头单位：市发展改革委；责任单位：各县区政府）`, `〔牵头单位:…,责任单位:…〕`, `（市财政局、市税务局负责）`,
`（A、B牵头，C及D按职责分工负责）`: a bracket whose content reads as units is the task's units, with their roles,
and the task's text keeps the rest. Lines at the end of a task cell that carry a label (牵头责任单位：X,
牵头负责领导：某某) are units, or people kept as data.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .model import Role, Unit
from .units import LABEL, PEOPLE_LABEL, UnitsCell, parse_units, read_units_cell
from .vocabulary import UNIT_ENDINGS, simplified

# A bracketed group, full- or half-width, without brackets of its own kind inside.
BRACKETED = re.compile(r"[（(]([^（()）]{2,200})[)）]|〔([^〔〕]{2,200})〕|【([^【】]{2,200})】|\[([^\[\]]{2,200})\]")
LONGEST_NAME = 30


class ProseUnits(NamedTuple):
    text: str  # the task's text without the brackets or lines that named its units
    found: UnitsCell


def units_in_text(text: str, default_role: Role = Role.LEAD) -> ProseUnits | None:
    """The units a task's text names in brackets or labelled lines, or None when it names none."""
    lines = text.split("\n")
    labelled: list[str] = []
    while len(lines) > 1 and _labelled(lines[-1]):  # 牵头责任单位：X on the cell's last lines
        labelled.insert(0, lines.pop())
    body = "\n".join(lines)
    brackets = [match for match in BRACKETED.finditer(body) if _reads_as_units(_inner(match))]
    if not brackets and not labelled:
        return None
    pieces = [_inner(match) for match in brackets] + labelled
    found = read_units_cell("\n".join(pieces), default_role, with_deadline=False)
    kept = body
    for match in reversed(brackets):
        kept = kept[: match.start()] + kept[match.end():]
    return ProseUnits(_tidy(kept), found)


def names_units(text: str) -> bool:
    """Whether a task's text names its units (a quick test first: most texts have no bracket nor line break)."""
    if "\n" not in text and not any(bracket in text for bracket in "（(〔【["):
        return False
    found = units_in_text(text)
    return found is not None and bool(found.found.units)


def _inner(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None).strip()


def _labelled(line: str) -> bool:
    head = simplified(unicodedata.normalize("NFKC", line.strip()[:12]))
    return LABEL.match(head) is not None or PEOPLE_LABEL.match(head) is not None


def _reads_as_units(inner: str) -> bool:
    """A bracket names units when it starts with a label, or when every clause's names end like units' names
    and at least one clause ends with a role verb (（市财政局、市税务局负责）, not （试行）or （2022年版））."""
    head = simplified(unicodedata.normalize("NFKC", inner[:12]))
    if LABEL.match(head) or PEOPLE_LABEL.match(head):
        return True
    units: tuple[Unit, ...] = parse_units(inner)
    if not units or not any(unit.verb for unit in units):
        return False
    return all(len(unit.name) <= LONGEST_NAME and simplified(unit.name).endswith(UNIT_ENDINGS + ("各县区", "各地"))
               for unit in units)


def _tidy(text: str) -> str:
    """The text after a bracket left it: no doubled or dangling punctuation where the bracket was."""
    text = re.sub(r"\s*([，,；;。])\s*\1+", r"\1", text.strip())
    text = re.sub(r"[，,；;]\s*([。.])", r"\1", text)
    return text.strip()
