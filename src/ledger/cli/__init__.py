"""The `ledger` command line: `app.py` holds the app, its global options and the error boundary; each other
module holds one area's commands, registered on the app when it is imported (in the order `--help` lists them).
A new area is a new module here, imported below.

The interface language is chosen first, before any help text is said.
"""

import os
import sys

from ..language import choose_language, speak_typer_words, windows_ui_language
from ..messages import use_language

LANGUAGE = choose_language(sys.argv[1:], os.environ, windows_ui_language() if sys.platform == "win32" else None)
use_language(LANGUAGE)
if LANGUAGE != "en":
    speak_typer_words()

from .app import LedgerGroup, app, global_options_first, run  # noqa: E402
from . import importing, tasks, reports, plans, units, copy, web  # noqa: E402, F401  (each registers its commands)

__all__ = ["LedgerGroup", "app", "global_options_first", "run"]
