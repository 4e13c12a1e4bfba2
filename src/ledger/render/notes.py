"""The words of the history: a note as a person reads it, the fields an import changed, local times."""
from __future__ import annotations

from ..messages import say, word
from ..model import FieldChange, Note


def local_time(at: str) -> str:
    """An ISO 8601 timestamp of the history as the reader's local time, to the minute."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:  # written by hand or by an older version: shown as it is
        return at


# The catalogue's words for what import notes hold as data: the fields of store.FIELDS, and the events.
FIELD_WORDS = {"text": "field_text", "units": "field_units", "deadline": "field_deadline", "due": "field_due",
               "section": "field_section", "section_title": "field_section_title", "subsection": "field_subsection",
               "subsection_title": "field_subsection_title", "extra": "field_extra"}
EVENT_WORDS = {"added": "note_event_added", "returned": "note_event_returned", "removed": "note_event_removed"}


def change_text(change: FieldChange, say=say) -> str:
    """One field an import changed, in the interface language: `deadline: 12月30日 → 6月30日`."""
    return say("field_changed", field=say(FIELD_WORDS[change.field]), old=change.old or "—", new=change.new or "—")


def note_kind_words(note: Note) -> str:
    """What a note records, in the interface language, with the period it is about: 完成（2022-Q2）."""
    kind = word("note_kind", note.kind)
    return say("note_kind_of_period", kind=kind, period=note.period) if note.period else kind


def note_text(note: Note, say=say) -> str:
    """A note as a person reads it: its text, or what its data says (an import's changes, where a carry went)
    worded in the interface language (`say_english` for JSON and plain). Import notes of older versions are
    English sentences, shown as they are."""
    data = note.data
    if not data:
        return note.text
    if "changes" in data:
        return "; ".join(change_text(FieldChange(**change), say) for change in data["changes"])
    if data.get("event") == "carry_undone":
        return say("note_carry_undone", plan=data["plan"], number=data["id"])
    if "event" in data:
        return say(EVENT_WORDS[data["event"]])
    if note.kind == "carry" and "to" in data:
        return say("note_carried_to", plan=data["to"]["plan"], number=data["to"]["id"])
    return note.text
