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
# A label before the names (责任单位：A、B); 牵头单位 and 配合单位 give the role of a clause without a verb.
LABEL_ROLES = {**{label: None for label in ("责任单位", "责任科室", "责任部门", "责任处室", "负责单位", "负责科室",
                                                 "承办单位")},
               **{label: Role.LEAD for label in ("牵头单位", "牵头部门", "牵头科室")},
               **{label: Role.ASSIST for label in ("配合单位", "配合部门", "配合科室", "协办单位", "参与单位")}}
LABEL = re.compile("(" + "|".join(LABEL_ROLES) + ")[:]")
# The ledger's own export writes each unit with its role in brackets: 法规科(牵头)、相关科(室)(配合).
WRITTEN_ROLES = {"(牵头)": Role.LEAD, "(落实)": Role.IMPLEMENT, "(配合)": Role.ASSIST, "(指导)": Role.GUIDE}


def normalize_unit_name(name: str) -> str:
    """The form a unit name is stored and matched in: NFKC, no surrounding spaces, no trailing 。."""
    return unicodedata.normalize("NFKC", name).strip().rstrip("。.").strip()


@functools.lru_cache(maxsize=4096)  # units cells repeat a lot within a plan
def parse_units(cell: str, default_role: Role = Role.LEAD) -> tuple[Unit, ...]:
    """The units of a cell; a clause without a role verb takes `default_role` (its column's, say 配合单位)."""
    units: list[Unit] = []
    cell = unicodedata.normalize("NFKC", cell).strip()
    if cell.startswith("(") and cell.endswith(")") and LABEL.match(cell, 1):
        cell = cell[1:-1]  # （责任单位：A、B）: the outer brackets belong to the label
    bracketed = BRACKET.search(cell) is not None  # most cells have no brackets: plain splits will do
    for clause in (split_outside_brackets(cell, CLAUSE_SEPARATORS) if bracketed else CLAUSE_SPLITTER.split(cell)):
        clause = clause.strip().rstrip("。.").strip()
        clause_role = default_role
        if (label := LABEL.match(clause)) is not None:
            clause, clause_role = clause[label.end():].strip(), LABEL_ROLES[label[1]] or default_role
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
            elif name:
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
