"""Write Typer's own words in Chinese as gettext reads them (src/ledger/locale/zh/LC_MESSAGES/ledger.mo), from
the catalogue's `typer_` entries: the English entry is Typer's msgid, the Chinese one its translation.

Run it after changing a `typer_` entry: .venv/bin/python .ci/typer_words.py (tests/test_language.py fails
while the file and the catalogue differ).
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MO_FILE = ROOT / "src" / "ledger" / "locale" / "zh" / "LC_MESSAGES" / "ledger.mo"


def mo_bytes(translations: dict[str, str]) -> bytes:
    """A GNU .mo file (little-endian, no hash table) holding `translations` and a UTF-8 header."""
    entries = {"": "Content-Type: text/plain; charset=UTF-8\n", **translations}
    keys = sorted(entries, key=lambda key: key.encode("utf-8"))
    ids, strs, index = b"", b"", []
    for key in keys:
        msgid, msgstr = key.encode("utf-8"), entries[key].encode("utf-8")
        index.append((len(msgid), len(ids), len(msgstr), len(strs)))
        ids += msgid + b"\0"
        strs += msgstr + b"\0"
    count = len(keys)
    ids_start = 7 * 4 + 16 * count
    strs_start = ids_start + len(ids)
    header = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, ids_start)
    originals = b"".join(struct.pack("<2I", length, ids_start + offset) for length, offset, _, _ in index)
    translated = b"".join(struct.pack("<2I", length, strs_start + offset) for _, _, length, offset in index)
    return header + originals + translated + ids + strs


def typer_words() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from ledger.messages import CHINESE, ENGLISH

    return {ENGLISH[key]: CHINESE[key] for key in ENGLISH if key.startswith("typer_")}


if __name__ == "__main__":
    MO_FILE.parent.mkdir(parents=True, exist_ok=True)
    MO_FILE.write_bytes(mo_bytes(typer_words()))
    print(f"wrote {MO_FILE.relative_to(ROOT)}: {len(typer_words())} words")
