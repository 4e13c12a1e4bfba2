"""Which language the interface speaks (SPEC §9), decided once, before Typer builds the help.

`choose_language` is pure: the command line, the environment and (on Windows) the user's UI language in,
"zh" or "en" out. `speak_typer_words` makes Typer's and its vendored Click's own words (Usage, Options,
"No such command" …) follow the catalogue too.
"""
from __future__ import annotations

import re
from typing import Mapping, Optional, Sequence

LANGUAGES = ("zh", "en")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
LANG_CHINESE = 0x04  # the primary language of a Windows LANGID (its low 10 bits)


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

        return ctypes.windll.kernel32.GetUserDefaultUILanguage()
    except (ImportError, AttributeError, OSError):
        return None
