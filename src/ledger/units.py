"""One units cell -> [Unit(name, role, verb)] (SPEC §4), and the name normalisation used for matching."""
from __future__ import annotations

import functools
import re
import unicodedata

from .model import Role, Unit

VERBS = {
    Role.LEAD: ("牵头", "统筹", "负责", "主责", "牵头负责", "牵头落实"),
    Role.IMPLEMENT: ("落实", "具体落实", "负责落实", "具体负责", "承办", "按职责分工落实", "按职责分工负责"),
    Role.ASSIST: ("配合", "做好配合", "配合落实", "协助", "参与", "协同"),
    Role.GUIDE: ("指导", "提供指导", "督促指导"),
}
VERB_ROLE = {verb: role for role, verbs in VERBS.items() for verb in verbs}
# Longest first, so that 负责落实 is read before 落实 and 负责.
VERB_LENGTHS = sorted({len(verb) for verb in VERB_ROLE}, reverse=True)
TRADITIONAL = str.maketrans({"牽": "牵", "頭": "头", "統": "统", "籌": "筹", "負": "负", "責": "责",
                             "實": "实", "體": "体", "辦": "办", "職": "职", "與": "与", "協": "协",
                             "導": "导", "督": "督", "促": "促", "供": "供"})
CLAUSE_SEPARATORS = ",;"
OPEN_BRACKETS, CLOSE_BRACKETS = "([{<《〔【", ")]}>》〕】"
BRACKET = re.compile("[" + re.escape(OPEN_BRACKETS + CLOSE_BRACKETS) + "]")
SEPARATOR_SPLITTERS = {separators: re.compile("[" + re.escape(separators) + "]") for separators in (",;", "、")}


def normalize_unit_name(name: str) -> str:
    """The form a unit name is stored and matched in: NFKC, no surrounding spaces, no trailing 。."""
    return unicodedata.normalize("NFKC", name).strip().rstrip("。.").strip()


@functools.lru_cache(maxsize=4096)  # units cells repeat a lot within a plan
def parse_units(cell: str, default_role: Role = Role.LEAD) -> tuple[Unit, ...]:
    """The units of a cell; a clause without a role verb takes `default_role` (its column's, say 配合单位)."""
    units: list[Unit] = []
    for clause in split_outside_brackets(unicodedata.normalize("NFKC", cell), CLAUSE_SEPARATORS):
        clause = clause.strip().rstrip("。.").strip()
        verb, role = _trailing_verb(clause)
        if not verb:
            role = default_role
        names = split_outside_brackets(clause[: len(clause) - len(verb)], "、")
        if names and names[-1].endswith("等") and len(names[-1]) > 1:
            names[-1] = names[-1][:-1]  # a list-ending 等 ("and others") is not part of the name
        # The clause is NFKC already: what is left of normalize_unit_name is the trimming.
        units.extend(Unit(name, role, verb) for name in (n.strip().rstrip("。.").strip() for n in names) if name)
    return tuple(units)


def _trailing_verb(clause: str) -> tuple[str, Role]:
    simplified = clause.translate(TRADITIONAL)
    for length in VERB_LENGTHS:
        role = VERB_ROLE.get(simplified[-length:])
        if role is not None and len(simplified) > length:
            return clause[-length:], role
    return "", Role.LEAD


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split on any of `separators`, except inside brackets: 各县(市、区)政府 stays one name."""
    if not BRACKET.search(text):
        return SEPARATOR_SPLITTERS[separators].split(text)
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
