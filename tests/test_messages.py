"""User-facing sentences live in one catalogue (a Chinese interface will follow): none missing, none dead."""
import re
from pathlib import Path

from ledger.messages import ENGLISH
from ledger.model import NOTE_KINDS, Kind, Role, Status
from ledger.render import (COUNT_COLUMNS, CSV_TASK_COLUMNS, DIRECTORY_COLUMNS, DIRECTORY_HISTORY_COLUMNS, PLAN_COLUMNS,
                           REMINDER_CSV_COLUMNS)

SOURCES = "".join(path.read_text(encoding="utf-8") for path in (Path(__file__).parent.parent / "src" / "ledger").rglob("*.py")
                  if path.name != "messages.py")


def test_every_sentence_the_code_says_is_in_the_catalogue():
    used = set(re.findall(r'say\(\s*"(\w+)"', SOURCES))
    assert used and used <= set(ENGLISH), used - set(ENGLISH)


# Said through word(group, value) and header(column): one key per value of the model and column of the output.
WORDS = ({f"status_{status.value}" for status in Status} | {"status_carried"}
         | {f"role_{role.value}" for role in Role} | {f"deadline_kind_{kind.value}" for kind in Kind}
         | {f"note_kind_{kind}" for kind in NOTE_KINDS + ("postpone", "remind", "carry")}
         | {f"head_{column}" for column in CSV_TASK_COLUMNS + COUNT_COLUMNS + PLAN_COLUMNS + DIRECTORY_COLUMNS
            + DIRECTORY_HISTORY_COLUMNS + REMINDER_CSV_COLUMNS + ("unit", "section", "title")}
         # Typer's and Click's own words, looked up by their English text (language.py)
         | {key for key in ENGLISH if key.startswith(("typer_", "click_"))})


def test_every_sentence_in_the_catalogue_is_said_somewhere():
    used = set(re.findall(r'"(\w+)"', SOURCES)) | {f"kind_{kind}" for kind in ("date", "ongoing", "recurring", "none",
                                                                                  "unrecognized")} | \
        {f"said_{kind}" for kind in ("done", "note", "cancel", "reopen", "postpone")} | \
        {f"light_{light}" for light in ("red", "yellow", "green")} | WORDS
    assert set(ENGLISH) <= used, set(ENGLISH) - used
