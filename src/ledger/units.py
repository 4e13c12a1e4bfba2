"""One units cell -> [Unit(name, role, verb)] (SPEC §4), and the name normalisation used for matching."""
from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from .model import Role, Unit

VERBS = {
    Role.LEAD: ("牵头", "统筹", "负责", "主责", "牵头负责", "牵头落实"),
    Role.IMPLEMENT: ("落实", "具体落实", "负责落实", "具体负责", "承办", "按职责分工落实", "按职责分工负责"),
    Role.ASSIST: ("配合", "做好配合", "配合落实", "协助", "参与", "协同"),
    Role.GUIDE: ("指导", "提供指导", "督促指导"),
}
# Traditional characters of the verbs, as a plan from Hong Kong, Macao or Taiwan (or half-converted) writes them.
TRADITIONAL = {"牵": "牽", "头": "頭", "统": "統", "筹": "籌", "负": "負", "责": "責", "实": "實", "体": "體",
               "办": "辦", "职": "職", "与": "與", "协": "協", "导": "導", "参": "參"}
# Every spelling of every verb, simplified, traditional or mixed: a lookup instead of a translation per clause.
VERB_ROLE = {"".join(spelling): role for role, verbs in VERBS.items() for verb in verbs
             for spelling in itertools.product(*((char, TRADITIONAL[char]) if char in TRADITIONAL else (char,)
                                                 for char in verb))}
# Longest first, so that 负责落实 is read before 落实 and 负责.
VERB_LENGTHS = sorted({len(verb) for verb in VERB_ROLE}, reverse=True)
CLAUSE_SEPARATORS = ",;"
OPEN_BRACKETS, CLOSE_BRACKETS = "([{<《〔【", ")]}>》〕】"
BRACKET = re.compile("[" + re.escape(OPEN_BRACKETS + CLOSE_BRACKETS) + "]")
CLAUSE_SPLITTER = re.compile("[" + re.escape(CLAUSE_SEPARATORS) + "]")


def normalize_unit_name(name: str) -> str:
    """The form a unit name is stored and matched in: NFKC, no surrounding spaces, no trailing 。."""
    return unicodedata.normalize("NFKC", name).strip().rstrip("。.").strip()


@functools.lru_cache(maxsize=4096)  # units cells repeat a lot within a plan
def parse_units(cell: str, default_role: Role = Role.LEAD) -> tuple[Unit, ...]:
    """The units of a cell; a clause without a role verb takes `default_role` (its column's, say 配合单位)."""
    units: list[Unit] = []
    cell = unicodedata.normalize("NFKC", cell)
    bracketed = BRACKET.search(cell) is not None  # most cells have no brackets: plain splits will do
    for clause in (split_outside_brackets(cell, CLAUSE_SEPARATORS) if bracketed else CLAUSE_SPLITTER.split(cell)):
        clause = clause.strip().rstrip("。.").strip()
        verb, role = _trailing_verb(clause)
        if not verb:
            role = default_role
        named = clause[: len(clause) - len(verb)]
        names = split_outside_brackets(named, "、") if bracketed else named.split("、")
        if names[-1].endswith("等") and len(names[-1]) > 1:
            names[-1] = names[-1][:-1]  # a list-ending 等 ("and others") is not part of the name
        for name in names:
            # The clause is NFKC already: what is left of normalize_unit_name is the trimming.
            name = name.strip().rstrip("。.").strip()
            if name:
                units.append(Unit(name, role, verb))
    return tuple(units)


def _trailing_verb(clause: str) -> tuple[str, Role]:
    for length in VERB_LENGTHS:
        role = VERB_ROLE.get(clause[-length:])
        if role is not None and len(clause) > length:
            return clause[-length:], role
    return "", Role.LEAD


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split on any of `separators`, except inside brackets: 各县(市、区)政府 stays one name."""
    parts, current, depth = [], [], 0
    for char in text:
        if char in OPEN_BRACKETS:
            depth += 1
        elif char in CLOSE_BRACKETS and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
