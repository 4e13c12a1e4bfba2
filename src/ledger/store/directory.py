"""The unit directory (SPEC §11): addresses and leaders, aliases, groups, and the history of every change."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..directory import Directory, Entry, check_alias, check_group
from .connection import Connection

# One change to the directory: (field, old, new).
Change = tuple[str, str, str]


class DirectoryStore(Connection):
    def directory(self) -> Directory:
        with self.reading():
            entries = {name: Entry(name, email or "", leader or "")
                       for name, email, leader in self.conn.execute("SELECT name, email, leader FROM directory_units")}
            aliases = dict(self.conn.execute("SELECT alias, unit FROM directory_aliases"))
            groups: dict[str, tuple[str, ...]] = {}
            for group, member in self.conn.execute("SELECT group_name, member FROM directory_groups ORDER BY group_name, position"):
                groups[group] = groups.get(group, ()) + (member,)
        return Directory(entries, aliases, groups)

    def set_unit(self, name: str, email: str | None, leader: str | None, at: str, by: str) -> list[Change]:
        """Record a unit's address and leader (None leaves one as it is); returns the changes (field, old, new)."""
        with self.write() as conn:
            row = conn.execute("SELECT email, leader FROM directory_units WHERE name = ?", (name,)).fetchone()
            old = {"email": row[0] or "", "leader": row[1] or ""} if row else {"email": "", "leader": ""}
            new = {"email": old["email"] if email is None else email, "leader": old["leader"] if leader is None else leader}
            conn.execute("INSERT INTO directory_units (name, email, leader) VALUES (?, ?, ?) ON CONFLICT (name)"
                         " DO UPDATE SET email = excluded.email, leader = excluded.leader",
                         (name, new["email"], new["leader"]))
            changes = [(field, old[field], new[field]) for field in ("email", "leader") if old[field] != new[field]]
            self._directory_history(name, changes, at, by)
        return changes

    def set_alias(self, alias: str, name: str, at: str, by: str) -> list[Change]:
        """Make `alias` stand for the unit `name` means; returns the change, if any."""
        with self.write() as conn:
            unit = check_alias(self.directory(), alias, name)
            row = conn.execute("SELECT unit FROM directory_aliases WHERE alias = ?", (alias,)).fetchone()
            conn.execute("INSERT INTO directory_aliases (alias, unit) VALUES (?, ?) ON CONFLICT (alias)"
                         " DO UPDATE SET unit = excluded.unit", (alias, unit))
            changes = [("alias", row[0] if row else "", unit)] if not row or row[0] != unit else []
            self._directory_history(alias, changes, at, by)
        return changes

    def set_group(self, group: str, members: Sequence[str], at: str, by: str) -> tuple[tuple[str, ...], list[Change]]:
        """Make `members` the whole membership of `group`; returns the members as stored and the change."""
        with self.write() as conn:
            directory = self.directory()
            resolved = check_group(directory, group, members)
            before = directory.groups.get(group, ())
            conn.execute("DELETE FROM directory_groups WHERE group_name = ?", (group,))
            conn.executemany("INSERT INTO directory_groups (group_name, member, position) VALUES (?, ?, ?)",
                             ((group, member, position) for position, member in enumerate(resolved)))
            changes = [("members", "、".join(before), "、".join(resolved))] if before != resolved else []
            self._directory_history(group, changes, at, by)
        return resolved, changes

    def _directory_history(self, name: str, changes: list[Change], at: str, by: str) -> None:
        self.conn.executemany("INSERT INTO directory_history (at, by, name, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
                              ((at, by, name, field, old, new) for field, old, new in changes))

    def directory_history(self) -> list[dict[str, Any]]:
        with self.reading():
            rows = self.conn.execute("SELECT at, by, name, field, old, new FROM directory_history ORDER BY id")
            return [dict(zip(("at", "by", "name", "field", "old", "new"), row)) for row in rows]
