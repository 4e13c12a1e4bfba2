"""The `ledger` command line. `app.py` holds the app, its global options and the error boundary; each other
module holds one area's commands (`COMMANDS` in app.py says which), imported only when a command line names
one of them. A new area is a new module with a `commands` registry, named in `COMMANDS`.
"""
from __future__ import annotations

import os
import sys


def run() -> None:
    """The installed `ledger` command: the interface language is chosen first, since help texts are catalogue
    entries said when the app and its options are built (nothing of cli/ is imported before), then the app runs."""
    from ..language import choose_language, speak, windows_ui_language

    forgiving_streams()
    speak(choose_language(sys.argv[1:], os.environ, windows_ui_language() if sys.platform == "win32" else None))
    from .app import app

    app(prog_name="ledger")


def forgiving_streams() -> None:
    """SPEC §9 "Any console": on a console or pipe that cannot encode a character (a GBK console,
    PYTHONIOENCODING=ascii) the character is replaced and the command goes on."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", "strict") == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
