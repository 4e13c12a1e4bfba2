"""Rows -> table / plain / json / csv / markdown / text / mail, a format per module. Plan text is data: escaped, never
interpreted. Render only renders: the rules it shows (completion, postponement) come from `ledger.rules`.

A command chooses its formatter once (`formatter("table", sys.stdout)`); only that format's module is imported,
so plain output never loads Rich.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import IO, Any

from .base import Formatter
from .escape import visible

FORMATS = ("table", "plain", "json", "csv", "markdown", "text")
# The module and class of each format.
FORMATTERS = {"table": ("table", "Table"), "plain": ("plain", "Plain"), "json": ("json", "Json"),
              "csv": ("csv", "Csv"), "markdown": ("markdown", "Markdown"), "text": ("text", "Text")}


def formatter(fmt: str, out: IO[str], make_calendar: Callable[[], Any] | None = None) -> Formatter:
    """The formatter of `fmt` (table, plain, json, csv or markdown) writing to `out`; `make_calendar` makes
    the working-day calendar of the warning lights, if a format shows them."""
    module, name = FORMATTERS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)(out, make_calendar)


__all__ = ["FORMATS", "Formatter", "formatter", "visible"]
