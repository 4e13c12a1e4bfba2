"""Plan text is data: control and format characters are shown as visible escapes, never interpreted."""
from __future__ import annotations

# Control and format characters (C1, bidi, zero-width, BOM; and C0 outside JSON): shown as \uXXXX.
BEYOND_C0 = [(0x7F, 0x9F), (0xAD, 0xAD), (0x61C, 0x61C), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
             (0x2060, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB)]
ESCAPE_BEYOND_C0 = {code: f"\\u{code:04x}" for low, high in BEYOND_C0 for code in range(low, high + 1)}
ESCAPE_UNSAFE = {**{code: f"\\u{code:04x}" for code in range(0x20)}, **ESCAPE_BEYOND_C0}


def visible(text: str) -> str:
    """Text safe for a terminal: control and format characters become visible \\uXXXX escapes."""
    # Every character to escape is unprintable; most text has none and needs no per-character pass.
    return text if text.isprintable() else text.translate(ESCAPE_UNSAFE)


def to_json(value) -> str:
    import json

    # json.dumps escapes C0 inside strings already (a raw newline here is layout).
    return json.dumps(value, ensure_ascii=False, indent=2).translate(ESCAPE_BEYOND_C0)
