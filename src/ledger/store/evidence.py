"""Evidence of completion (佐证材料): files kept inside the ledger, so that a backup carries them, and links."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .connection import Connection

# What the commands hand over for each piece of evidence: (name, size, sha256, content, url).
EvidenceRow = tuple[Any, ...]


class EvidenceStore(Connection):
    def evidence_files(self, plan: str, number: int) -> list[tuple[str, bytes]]:
        """The evidence files kept for a task, in the order they were added: (name, content)."""
        with self.reading():
            return self.conn.execute("SELECT name, content FROM evidence WHERE plan = ? AND number = ?"
                                     " AND content IS NOT NULL ORDER BY id", (plan, number)).fetchall()

    def _add_evidence(self, plan: str, number: int, period: str | None, note_id: int | None,
                      evidence: Sequence[EvidenceRow]) -> None:
        """Keep evidence with the note it came with, inside the caller's transaction."""
        self.conn.executemany(
            "INSERT INTO evidence (plan, number, period, note_id, name, size, sha256, content, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((plan, number, period, note_id, *item) for item in evidence))
