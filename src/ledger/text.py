"""Text as people read it, shortened to fit a line: the one rule for every excerpt the ledger shows."""
from __future__ import annotations

ELLIPSIS = "…"


def shortened(text: str, most: int) -> str:
    """`text` in at most `most` characters, an ellipsis marking a cut."""
    return text if len(text) <= most else text[:most - 1] + ELLIPSIS
