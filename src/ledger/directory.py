"""The unit directory (SPEC §11), pure: which units a name means, and who owes a task.

Aliases point at a unit's own name (局办公室 → 办公室); a group (各职能科(室)) names its member units.
Names are kept normalised (units.normalize_unit_name) and aliases and members are stored already
resolved, so one lookup answers: no chains to follow, and groups do not nest.
"""
from __future__ import annotations

from typing import Iterable, NamedTuple

from .errors import Conflict
from .messages import say


class Entry(NamedTuple):
    """A unit's address and leader, as the directory holds them."""

    name: str
    email: str = ""
    leader: str = ""


class Directory(NamedTuple):
    entries: dict  # unit name -> Entry
    aliases: dict  # alias -> unit name
    groups: dict  # group name -> tuple of member unit names

    def canonical(self, name: str) -> str:
        """The unit a name means: the unit an alias stands for, else the name itself."""
        return self.aliases.get(name, name)

    def email(self, name: str) -> str:
        entry = self.entries.get(name)
        return entry.email if entry else ""

    def aliases_of(self, name: str) -> list[str]:
        return sorted(alias for alias, unit in self.aliases.items() if unit == name)

    def groups_of(self, name: str) -> list[str]:
        return sorted(group for group, members in self.groups.items() if name in members)

    def written_names(self, name: str) -> tuple[str, ...]:
        """Every name a plan may write for work this unit owes: the unit, its aliases, its groups and theirs."""
        unit = self.canonical(name)
        names = [unit, *self.aliases_of(unit)]
        for group in self.groups_of(unit):
            names += [group, *self.aliases_of(group)]
        return tuple(dict.fromkeys(names))

    def owing(self, written: Iterable[str]) -> list[str]:
        """The units that owe a task whose units cell names `written`: a group stands for its members."""
        owing: dict[str, None] = {}
        for name in written:
            unit = self.canonical(name)
            for owner in self.groups.get(unit) or (unit,):
                owing[owner] = None
        return list(owing)


EMPTY = Directory({}, {}, {})


def check_alias(directory: Directory, alias: str, name: str) -> str:
    """The unit `alias` will stand for; an alias may not hide a unit, a group or another alias's target."""
    unit = directory.canonical(name)
    if alias == unit:
        raise Conflict(say("alias_of_itself", alias=alias))
    if (alias in directory.entries or alias in directory.groups or directory.aliases_of(alias)
            or directory.groups_of(alias)):
        raise Conflict(say("alias_is_a_unit", alias=alias))
    return unit


def check_group(directory: Directory, group: str, members: Iterable[str]) -> tuple[str, ...]:
    """The members of `group`, each as its unit's own name; a group cannot hold itself or another group."""
    resolved = tuple(dict.fromkeys(directory.canonical(member) for member in members))
    for member in resolved:
        if member == group:
            raise Conflict(say("group_holds_itself", group=group))
        if member in directory.groups:
            raise Conflict(say("group_in_group", group=group, member=member))
    if group in directory.aliases:
        raise Conflict(say("group_is_alias", group=group, unit=directory.aliases[group]))
    return resolved
