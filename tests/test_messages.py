"""User-facing sentences live in one catalogue (a Chinese interface will follow): none missing, none dead."""
import re
from pathlib import Path

from ledger.messages import ENGLISH

SOURCES = "".join(path.read_text(encoding="utf-8") for path in (Path(__file__).parent.parent / "src" / "ledger").rglob("*.py")
                  if path.name != "messages.py")


def test_every_sentence_the_code_says_is_in_the_catalogue():
    used = set(re.findall(r'say\(\s*"(\w+)"', SOURCES))
    assert used and used <= set(ENGLISH), used - set(ENGLISH)


def test_every_sentence_in_the_catalogue_is_said_somewhere():
    used = set(re.findall(r'"(\w+)"', SOURCES)) | {f"kind_{kind}" for kind in ("date", "ongoing", "recurring", "none",
                                                                                  "unrecognized")} | \
        {f"said_{kind}" for kind in ("done", "note", "cancel", "reopen", "postpone")} | \
        {f"light_{light}" for light in ("red", "yellow", "green")}
    assert set(ENGLISH) <= used, set(ENGLISH) - used
