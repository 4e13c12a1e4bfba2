"""Every sentence the ledger says to a person, in one place, so that a Chinese interface can follow.

One module per room that says them (reading, importing, store, commands, help_texts, words, typer_click, supervise,
directory, years, web), each with an ENGLISH and a CHINESE dict; here they are merged into one catalogue per
language (a key lives in one room only, and in both languages: tests/test_language.py).

Templates use str.format fields. `say(key, **fields)` fills one in from the catalogue of the interface language.
The interface language is a context variable: a command sets it once (`use_language`), a web server per request
(each thread or task starts from English). Help texts are catalogue entries too (`help=say("help_…")`), so the
language is chosen before the command-line app is built.
The Chinese headers of the Excel ledger live in export.py: the office's 台账 keeps them in both languages.
A catalogue in Python rather than gettext: nothing to compile or load at start-up, both languages side by
side for whoever edits a sentence, and one test can check that every key has both.
"""
from __future__ import annotations

from contextvars import ContextVar, Token

from . import commands, directory, help_texts, importing, reading, store, supervise, typer_click, web, words, years

ROOMS = (reading, importing, store, commands, help_texts, words, typer_click, supervise, directory, years, web)
ENGLISH: dict[str, str] = {}
CHINESE: dict[str, str] = {}
for _room in ROOMS:
    ENGLISH.update(_room.ENGLISH)
    CHINESE.update(_room.CHINESE)
CATALOGUES = {"en": ENGLISH, "zh": CHINESE}

_language: ContextVar[str] = ContextVar("ledger_language", default="en")


def use_language(language: str) -> Token[str]:
    """Make `language` ("zh" or "en") the interface language of this context (a command, a web request); the
    token gives the one before back (`restore_language`)."""
    return _language.set("zh" if language == "zh" else "en")


def restore_language(token: Token[str]) -> None:
    """The interface language as it was before `use_language` gave `token`."""
    _language.reset(token)


def language() -> str:
    """The interface language of this context: "zh" or "en"."""
    return _language.get()


def say_in(language: str, key: str, **fields) -> str:
    """The sentence `key` in `language`, whatever the interface language (a reminder mail is read in Chinese)."""
    return (CHINESE if language == "zh" else ENGLISH).get(key, ENGLISH[key]).format(**fields)


def say(key: str, **fields) -> str:
    """The sentence `key` in the interface language, filled in (English where a Chinese entry is still missing)."""
    return CATALOGUES[_language.get()].get(key, ENGLISH[key]).format(**fields)


def word(group: str, value: str) -> str:
    """A status, role, deadline kind or note kind (`word("status", "done")`) in the interface language; a value
    the catalogue does not know (a note kind of a newer version) is shown as it is."""
    key = f"{group}_{value}"
    return say(key) if key in ENGLISH else value


def say_english(key: str, **fields) -> str:
    """The sentence `key` in English whatever the interface language: for JSON and `plain`, which never change."""
    return ENGLISH[key].format(**fields)
