"""`ledger copy FROM TO`: a whole ledger into an empty one, SQLite or PostgreSQL either way."""
from __future__ import annotations

from typing import Annotated

import typer

from ..errors import LedgerError
from ..messages import say
from ..store import Store, location
from ..store.copy import copy_ledger
from .app import Commands
from .common import echo

commands = Commands()


@commands.command(help=say("help_copy"))
def copy(
    source: Annotated[str, typer.Argument(metavar="FROM", help=say("help_copy_from"))],
    target: Annotated[str, typer.Argument(metavar="TO", help=say("help_copy_to"))],
) -> None:
    source_at, target_at = location(source), location(target)
    if source_at == target_at:
        raise LedgerError(say("copy_same", path=target_at))
    store = Store.open(source_at, dry_run=True)  # an older ledger is upgraded for the copy only, never in place
    try:
        copied = copy_ledger(store, target_at)
    finally:
        store.close()
    echo(say("copied", source=source_at, target=target_at))
    for table in copied:
        echo(say("copied_table", **table._asdict()))
