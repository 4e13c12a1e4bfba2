"""One units cell -> [Unit(name, role, verb)] (SPEC §4), and the name normalisation used for matching.

The words (verbs, labels, people's titles) come from vocabulary.py; they are compared in simplified characters,
while the names keep what was written.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .model import Role, Unit
from .vocabulary import PEOPLE_LABELS, ROLE_VERBS, UNIT_ENDINGS, UNIT_LABELS, simplified

VERBS = ROLE_VERBS
VERB_ROLE = {verb: role for role, verbs in ROLE_VERBS.items() for verb in verbs}
# Longest first, so that 负责落实 is read before 落实 and 负责.
VERB_LENGTHS = sorted({len(verb) for verb in VERB_ROLE}, reverse=True)
CLAUSE_SEPARATORS = ",;"
OPEN_BRACKETS, CLOSE_BRACKETS = "([{<《〔【", ")]}>》〕】"
BRACKET = re.compile("[" + re.escape(OPEN_BRACKETS + CLOSE_BRACKETS) + "]")
CLAUSE_SPLITTER = re.compile("[" + re.escape(CLAUSE_SEPARATORS) + "]")
# A label before the names (责任单位：A、B), compared in simplified characters; the longest label wins.
LABEL = re.compile("(" + "|".join(sorted(UNIT_LABELS, key=len, reverse=True)) + ")[:]")
LABEL_ANYWHERE = re.compile("(" + "|".join(sorted(UNIT_LABELS, key=len, reverse=True)) + ")(?=:)")
PEOPLE_LABEL = re.compile("(" + "|".join(sorted(PEOPLE_LABELS, key=len, reverse=True)) + ")[:]")
# The ledger's own export writes each unit with its role in brackets: 法规科(牵头)、相关科(室)(配合).
WRITTEN_ROLES = {"(牵头)": Role.LEAD, "(落实)": Role.IMPLEMENT, "(配合)": Role.ASSIST, "(指导)": Role.GUIDE}
# 及, 和 and 与 join two names only when both read as names of units (各县(市、区)及市直各部门).
AND_WORDS = "及和与"
AND = re.compile(f"[{AND_WORDS}]")



def normalize_unit_name(name: str) -> str:
    """The form a unit name is stored and matched in: NFKC, no surrounding spaces, no trailing 。."""
    return unicodedata.normalize("NFKC", name).strip().rstrip("。.").strip()


@functools.lru_cache(maxsize=4096)  # units cells repeat a lot within a plan
def parse_units(cell: str, default_role: Role = Role.LEAD) -> tuple[Unit, ...]:
    """The units of a cell; a clause without a role verb takes `default_role` (its column's, say 配合单位)."""
    units: list[Unit] = []
    cell = unicodedata.normalize("NFKC", cell).strip()
    if cell.startswith("(") and cell.endswith(")") and ":" in cell and LABEL.match(simplified(cell), 1):
        cell = cell[1:-1]  # （责任单位：A、B）: the outer brackets belong to the label
    bracketed = BRACKET.search(cell) is not None  # most cells have no brackets: plain splits will do
    # 牵头单位：A；责任单位：B: beside a lead, the units named as responsible implement (as a 责任单位 column does
    # beside a 牵头单位 column).
    responsible = Role.IMPLEMENT if ":" in cell and _names_a_lead(cell) else default_role
    for clause in (split_outside_brackets(cell, CLAUSE_SEPARATORS) if bracketed else CLAUSE_SPLITTER.split(cell)):
        clause = clause.strip().rstrip("。.").strip()
        clause_role = default_role
        if (":" in clause) and (label := LABEL.match(simplified(clause))) is not None:
            clause, clause_role = clause[label.end():].strip(), UNIT_LABELS[label[1]] or responsible
        verb, role = _trailing_verb(clause)
        if "分别" in clause:  # A、B分别牵头落实: "each of them", part of neither the names nor the verb
            verb, role = _trailing_verb(clause := clause.replace("分别", ""))
        if not verb:
            role = clause_role
        named = clause[: len(clause) - len(verb)]
        names = split_outside_brackets(named, "、") if bracketed else named.split("、")
        if names[-1].endswith("等") and len(names[-1]) > 1:
            names[-1] = names[-1][:-1]  # a list-ending 等 ("and others") is not part of the name
        for name in names:
            # The clause is NFKC already: what is left of normalize_unit_name is the trimming.
            name = name.strip().rstrip("。.").strip()
            if bracketed and name[-4:] in WRITTEN_ROLES and len(name) > 4 and not verb:
                units.append(Unit(name[:-4].strip(), WRITTEN_ROLES[name[-4:]], name[-3:-1]))
            elif name and AND.search(name) is None:
                units.append(Unit(name, role, verb))
            elif name:
                units.extend(Unit(part, role, verb) for part in _joined_names(name, bracketed))
    return tuple(units)


def _names_a_lead(cell: str) -> bool:
    simple = simplified(cell)
    return any(UNIT_LABELS.get(label) is Role.LEAD for label in LABEL_ANYWHERE.findall(simple))


def _joined_names(name: str, bracketed: bool) -> list[str]:
    """A、B及C: 及 (和, 与) joins two names when every part reads as a unit's name."""
    parts = [part.strip() for part in (split_outside_brackets(name, AND_WORDS) if bracketed else
                                       re.split(f"[{AND_WORDS}]", name))]
    if len(parts) > 1 and all(len(part) >= 2 and simplified(part).endswith(UNIT_ENDINGS) for part in parts):
        return parts
    return [name]


def _trailing_verb(clause: str) -> tuple[str, Role]:
    found = _verb_at_end(clause, clause)
    if found[0] or clause == (simple := simplified(clause)):
        return found
    return _verb_at_end(clause, simple)  # 牽頭: the verb in traditional characters


def _verb_at_end(clause: str, compared: str) -> tuple[str, Role]:
    for length in VERB_LENGTHS:
        role = VERB_ROLE.get(compared[-length:])
        if role is not None and len(clause) > length:
            return clause[-length:], role
    return "", Role.LEAD


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split on any of `separators`, except inside brackets: 各县(市、区)政府 stays one name."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in OPEN_BRACKETS or char in "（":
            depth += 1
        elif (char in CLOSE_BRACKETS or char == "）") and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
