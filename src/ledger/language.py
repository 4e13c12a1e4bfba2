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


def typer_word(msgid: str) -> str:
    """gettext for Typer: its English msgid, looked up among the catalogue's `typer_` entries."""
    from .messages import ENGLISH, say

    for key, english in ENGLISH.items():
        if key.startswith("typer_") and english == msgid:
            return say(key) if "{" not in english else _template(key)
    return msgid


def _template(key: str) -> str:
    from .messages import CHINESE, ENGLISH, language

    return (CHINESE if language() == "zh" else ENGLISH)[key]


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


def speak_typer_words() -> None:
    """Typer's and its vendored Click's own words from the catalogue, for a language other than English.

    Typer asks gettext for its words: typer.core at each call, typer.rich_utils once, when it is first imported
    (lazily, for help and errors), so both see the catalogue. The vendored Click writes its few words as
    English literals: the usage prefix, the help option and the usage errors are reworded where they are made.
    """
    import gettext

    import typer.core
    from typer import _click

    gettext.gettext = typer.core._ = typer_word

    write_usage = _click.formatting.HelpFormatter.write_usage

    def write_usage_in_language(self, prog: str, args: str = "", prefix: Optional[str] = None) -> None:
        from .messages import say

        write_usage(self, prog, args, say("click_usage") if prefix is None else prefix)

    _click.formatting.HelpFormatter.write_usage = write_usage_in_language

    get_help_option = _click.core.Command.get_help_option

    def help_option_in_language(self, ctx):
        from .messages import say

        option = get_help_option(self, ctx)
        if option is not None:
            option.help = say("click_help_option")
        return option

    _click.core.Command.get_help_option = help_option_in_language

    # Each error class that composes its own message ("Missing argument 'ID'.") is reworded as a whole.
    for error in (_click.exceptions.ClickException, _click.exceptions.BadParameter,
                  _click.exceptions.MissingParameter, _click.exceptions.NoSuchOption):
        _reword_messages_of(error)


def _reword_messages_of(error: type) -> None:
    format_message = error.format_message  # its own, or the one it inherits
    error.format_message = lambda self: click_sentence(format_message(self))
