"""Units as documents write them: a units cell read whole (one unit per line, labelled lines, people, a deadline
clause), and units written inside a task's prose, as most 分工方案 published as text write them (issue 20).

`（牵头单位：市发展改革委；责任单位：各县区政府）`, `〔牵头单位:…,责任单位:…〕`, `（市财政局、市税务局负责）`,
`（A、B牵头，C及D按职责分工负责）`: a bracket whose content reads as units is the task's units, with their roles,
and the task's text keeps the rest. Lines at the end of a task cell that carry a label (牵头责任单位：X,
牵头负责领导：某某) are units, or people kept as data.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from .deadlines import may_be_deadline, parse_deadline
from .model import Kind, Role, Unit
from .units import LABEL, PEOPLE_LABEL, parse_units, split_outside_brackets
from .vocabulary import UNIT_ENDINGS, join_lines, normal_form, simplified

# A bracketed group, full- or half-width, without brackets of its own kind inside.
BRACKETED = re.compile(r"[（(]([^（()）]{2,200})[)）]|〔([^〔〕]{2,200})〕|【([^【】]{2,200})】|\[([^\[\]]{2,200})\]")
LONGEST_NAME = 30
MAY_NAME_UNITS = re.compile(r"[\n（(〔【\[]")


class UnitsCell(NamedTuple):
    """A units cell read whole: its units, the text they were read from, and what it holds besides units."""

    units: tuple[Unit, ...]
    raw: str  # the units as written, one line per unit joined by ；
    people: tuple[tuple[str, str], ...] = ()  # 牵头负责领导：某某 -> (label, names): people are data, never units
    deadline: str = ""  # a deadline written among the units (市财政局负责，6月底前完成)


@functools.lru_cache(maxsize=4096)  # units cells repeat a lot within a plan
def read_units_cell(cell: str, default_role: Role = Role.LEAD, with_deadline: bool = True) -> UnitsCell:
    """A units cell as a document writes it: one unit or one labelled line per line (县水务局⏎县住建局 is two
    units), a line naming people (牵头负责领导：某某) kept apart, a deadline clause (`with_deadline`) kept apart.
    A name wrapped over two lines (市城市地理信息⏎中心) is one name."""
    if "\n" not in cell and ":" not in cell and "：" not in cell and not (with_deadline and may_be_deadline(cell)):
        return UnitsCell(parse_units(cell, default_role), cell)  # the usual cell: one line of names and verbs
    people: list[tuple[str, str]] = []
    lines = []
    for line in cell.split("\n"):
        line = line.strip()
        if not line:
            continue
        person = PEOPLE_LABEL.match(simplified(unicodedata.normalize("NFKC", line[:12]))) if ":" in line or "：" in line \
            else None
        if person is not None:
            people.append((line[: person.end() - 1], line[person.end():].strip()))
        else:
            lines.append(line)
    names: list[str] = []  # a line break after a whole unit's name separates; after part of one, it was wrapped
    for line in lines:
        if names and not _ends_a_name(names[-1]):
            names[-1] = join_lines(names[-1] + "\n" + line)
        else:
            names.append(line)
    raw = "；".join(names)
    deadline = ""
    if with_deadline and raw and may_be_deadline(raw):
        kept = []
        for clause in split_outside_brackets(raw, ",;，；"):
            if not deadline and clause.strip() and parse_deadline(clause.strip(), 2000).kind in (Kind.DATE,
                                                                                                Kind.ONGOING):
                deadline = clause.strip()
            else:
                kept.append(clause)
        if deadline:
            raw = "，".join(part.strip() for part in kept if part.strip())
    return UnitsCell(parse_units(raw, default_role) if raw else (), raw, tuple(people), deadline)


def _ends_a_name(text: str) -> bool:
    """Whether a line of a units cell ends where a unit's name or a role verb ends (县水务局, 市财政局牵头, 各乡镇)."""
    units = parse_units(text)
    return bool(units) and (bool(units[-1].verb) or normal_form(units[-1].name).endswith(UNIT_ENDINGS + ("乡镇", "镇")))


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
    if MAY_NAME_UNITS.search(text) is None:
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
