"""Table cells that wrap Chinese text the way it is typeset: between any two characters, but no line starts
with ，、。 or ends with “（. (Rich breaks only at spaces, then cuts a long run wherever the width ends.)

Imported only where a Rich table is drawn.
"""
from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Lines, Text

NO_LINE_START = set("，、。；：？！）》」』〉】”’…—,.;:?!)]}%")
NO_LINE_END = set("（《「『〈【“‘([{")


# One piece that never breaks: a Chinese character or full-width mark alone, a run of other characters (a
# word, a number), or a run of spaces (which stays at the end of the line it follows).
PIECE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff"
                   r"\ufe30-\ufe4f\uff00-\uffef]+|\s+")


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces a line may break between, marks kept with the character they belong to."""
    pieces: list[list[int]] = []
    for found in PIECE.finditer(text):
        start, end = found.span()
        glued = pieces and (text[start] in NO_LINE_START or text[start].isspace()
                            or text[pieces[-1][1] - 1] in NO_LINE_END)
        if glued:
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    return [(start, end) for start, end in pieces]


def line_starts(text: str, width: int) -> list[int]:
    """Where each line after the first starts, `width` cells wide: breaks fall between Chinese characters or
    at spaces, never before ，、。 or after “（; a piece wider than a line is cut where it must."""
    starts: list[int] = []
    used = 0
    for start, end in _pieces(text):
        piece = text[start:end]
        visible_width = cell_len(piece.rstrip())
        if used and used + visible_width > width:
            starts.append(start)
            used = 0
        while visible_width > width:  # longer than a line on its own: fold it
            taken, cut = 0, start
            while cut < end and taken + cell_len(text[cut]) <= width:
                taken += cell_len(text[cut])
                cut += 1
            while cut - 1 > start and cut < end and text[cut] in NO_LINE_START:
                cut -= 1  # the mark's character goes down with it
            cut = max(cut, start + 1)
            starts.append(cut)
            start, piece = cut, text[cut:end]
            visible_width = cell_len(piece.rstrip())
        used += cell_len(piece)
    return [start for start in starts if 0 < start < len(text)]


class WrappedText(Text):
    """rich.text.Text whose word wrap follows `line_starts` (justify and overflow as Rich does them)."""

    def wrap(self, console, width, *, justify=None, overflow=None, tab_size=8, no_wrap=None) -> Lines:
        if no_wrap or self.no_wrap or overflow == "ignore":
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                                no_wrap=no_wrap)
        wrap_justify = justify or self.justify or "default"
        wrap_overflow = overflow or self.overflow or "fold"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            new_lines = line.divide(line_starts(line.plain, width))
            for new_line in new_lines:
                new_line.rstrip_end(width)
            new_lines.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
            for new_line in new_lines:
                new_line.truncate(width, overflow=wrap_overflow)
            lines.extend(new_lines)
        return lines
