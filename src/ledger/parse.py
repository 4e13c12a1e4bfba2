"""Plan text -> Plan (SPEC §2): the text reader's grid, built like any other. Kept for callers that hold text."""
from __future__ import annotations

from typing import Callable

from .build import build
from .columns import Columns
from .model import Plan
from .readers.text import grid_from_text


def parse_plan(text: str, shown: str, file_stem: str, year: int | None = None,
               progress: Callable[[int, int], None] | None = None, columns: Columns | None = None) -> Plan:
    """Read a whole plan given as text. Raises InputError (the first error in the file); warnings ride on the Plan."""
    return build(grid_from_text(text), shown, file_stem, year, columns, progress)
