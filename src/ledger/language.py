"""Which language the interface speaks (SPEC §9), decided once, before Typer builds the help.

`choose_language` is pure: the command line, the environment and (on Windows) the user's UI language in,
"zh" or "en" out. `speak` makes it the language of this process: the catalogue's sentences, and Typer's own
words (Options, [required] …), which Typer asks gettext for. Click's few English literals are said in the
catalogue's words where the app shows them: the usage line and the help option by the app's command classes,
usage errors at its error boundary (`click_sentence`).
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Optional

LANGUAGES = ("zh", "en")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
LANG_CHINESE = 0x04  # the primary language of a Windows LANGID (its low 10 bits)
# Typer's words in Chinese, as gettext reads them: compiled from the catalogue's `typer_` entries by
# .ci/typer_words.py (tests/test_language.py keeps the file and the catalogue the same).
LOCALE_DIR = Path(__file__).parent / "locale"
TEXT_DOMAIN = "ledger"


def lang_option(argv: Sequence[str]) -> Optional[str]:
    """The value of `--lang` on the command line (`--lang zh` or `--lang=zh`), if it names a language."""
    for position, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and position + 1 < len(argv):
            value = argv[position + 1]
        elif arg.startswith("--lang="):
            value = arg[len("--lang="):]
        else:
            continue
        return value if value in LANGUAGES else None
    return None


def choose_language(argv: Sequence[str], environ: Mapping[str, str], windows_ui: Optional[int] = None) -> str:
    """`--lang`, else LEDGER_LANG, else the first locale variable set, else the Windows UI language, else English."""
    chosen = lang_option(argv)
    if chosen:
        return chosen
    if environ.get("LEDGER_LANG"):
        return "zh" if environ["LEDGER_LANG"].lower().startswith("zh") else "en"
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if name == "LANGUAGE":
            value = value.split(":")[0]  # a list of preferences, the first one counts
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    if windows_ui is not None and windows_ui & 0x3FF == LANG_CHINESE:
        return "zh"
    return "en"


def windows_ui_language() -> Optional[int]:
    """The LANGID of the Windows user's display language; None where there is none to ask."""
    try:
        import ctypes

        language: int = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
        return language
    except (ImportError, AttributeError, OSError):
        return None


def _pattern(english: str) -> re.Pattern:
    """A Click sentence template ("Missing argument {name}.") as a pattern that captures its fields."""
    parts = re.split(r"\{(\w+)\}", english)
    return re.compile("".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
                              for index, part in enumerate(parts)), re.DOTALL)


def click_sentence(text: str) -> str:
    """A message Click wrote in English, reworded from the catalogue's `click_` entries (a message inside
    a message, like the reason after "Invalid value for '--within':", is reworded too); unknown text stays."""
    from .messages import ENGLISH, say

    for key, english in ENGLISH.items():
        if key.startswith("click_") and "{" in english:
            found = _pattern(english).fullmatch(text)
            if found:
                fields = found.groupdict()
                if "message" in fields:
                    inner = fields["message"]
                    reworded = click_sentence(inner)
                    if reworded == inner:  # Typer cuts the full stop before "Did you mean"
                        reworded = click_sentence(inner + ".")
                    fields["message"] = reworded.rstrip("。.") if reworded != inner + "." else inner
                return say(key, **fields)
    return text


def speak(language: str) -> None:
    """Make `language` the interface language of this process: the catalogue's (messages.use_language), and
    Typer's own words, installed the way gettext documents: our domain bound to our locale folder
    (bindtextdomain), made the domain of gettext.gettext, which Typer calls (textdomain), and the language
    chosen with LANGUAGE, the variable gettext reads first."""
    from .messages import use_language

    use_language(language)
    if language == "en":
        return  # Typer's own words are English
    import gettext

    gettext.bindtextdomain(TEXT_DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(TEXT_DOMAIN)
    os.environ["LANGUAGE"] = language
