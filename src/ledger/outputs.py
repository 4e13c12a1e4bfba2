"""Where a command writes: standard output, or a file that is never overwritten without --force and whose
name agrees with its format. The one rule for report, export and backup."""
from __future__ import annotations

import contextlib
import sys
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple
from collections.abc import Iterator

from .errors import LedgerError
from .messages import say

if TYPE_CHECKING:
    from .store import Location

# A file name that says its format: the format may be left out, and a --format that contradicts it is refused.
EXTENSIONS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown"}
STANDARD_OUTPUT = "-"


class Output(NamedTuple):
    """A format, and the file to write it to (None: standard output)."""

    format: str
    path: Path | None = None


def choose(path: Path | None, chosen: str | None, on_screen: str | None, in_file: str | None,
           force: bool, database: Location) -> Output:
    """The output of a command that can write a file (`-` is standard output), checked before anything is
    written. The format is the one chosen, else the one the file name says, else the default for the screen
    or for a file; none of them (export) is an error."""
    if path is None or str(path) == STANDARD_OUTPUT:
        fmt = chosen or on_screen
        if fmt == "xlsx":
            raise LedgerError(say("xlsx_needs_file"))
        if fmt is None:
            raise LedgerError(say("format_needed", path=STANDARD_OUTPUT))
        return Output(fmt)
    named = EXTENSIONS.get(path.suffix.lower())
    if chosen and named and chosen != named:
        raise LedgerError(say("format_mismatch", format=chosen, path=path, named=named))
    fmt = chosen or named or in_file
    if fmt is None:
        raise LedgerError(say("format_needed", path=path))
    check_new_file(path, force, database)
    return Output(fmt, path)


def backup_before_removing(database: Location, plan: str, when: datetime, data_folder: Path) -> Path:
    """Where `plan remove` keeps the ledger as it was, named for the plan and the time: beside a SQLite ledger;
    for a PostgreSQL one, a SQLite file in the user's `data_folder`."""
    stamp = f"{when:%Y%m%d-%H%M%S}"
    # A plan an older version let in with / or \ in its name still gets a file of its own, not a path.
    plan = "".join("_" if char in "/\\" or not char.isprintable() else char for char in plan)
    if isinstance(database, Path):
        return database.with_name(f"{database.stem}-before-removing-{plan}-{stamp}{database.suffix}")
    data_folder.mkdir(parents=True, exist_ok=True)  # on a server, the data folder may not exist yet
    return data_folder / f"{database.database}-before-removing-{plan}-{stamp}.db"


def check_new_file(path: Path, force: bool, database: Location) -> None:
    check_not_database(path, database)
    if path.exists() and not force:
        raise LedgerError(say("file_exists", path=path))


# The database and the files SQLite keeps beside it while it writes.
DATABASE_FILES = ("", "-wal", "-shm", "-journal")


def check_not_database(path: Path, database: Location) -> None:
    """Writing over the ledger database (or its journal) would lose the whole ledger: refused, --force or not.
    Paths are compared resolved (symlinks, ..), and as the same file where both exist (hard links, case).
    A PostgreSQL ledger (not a Path) has no file to write over."""
    if not isinstance(database, Path):
        return
    target = path.resolve()
    ledger = database.resolve()
    for suffix in DATABASE_FILES:
        kept = ledger.with_name(ledger.name + suffix)
        if target == kept or (target.exists() and kept.exists() and target.samefile(kept)):
            raise LedgerError(say("output_is_database", path=path, database=database))


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Whatever writes `path` (text, csv, xlsx, json): a failure is one Error line that names the file."""
    try:
        yield
    except OSError as exc:
        raise LedgerError(say("cannot_write", path=path, reason=exc.strerror)) from None


@contextlib.contextmanager
def opened(output: Output) -> Iterator[IO[str]]:
    """A text stream for `output`: standard output, or the file (UTF-8; csv with a BOM, so that Excel on
    Chinese Windows reads it as UTF-8)."""
    if output.path is None:
        yield sys.stdout
        return
    encoding = "utf-8-sig" if output.format == "csv" else "utf-8"
    with writing(output.path), output.path.open("w", encoding=encoding, newline="") as stream:
        yield stream


@contextlib.contextmanager
def formatter_for(output: Output):
    """The formatter that writes `output`: render's formats, or (xlsx) a workbook."""
    if output.format == "xlsx":
        from .render.xlsx import Workbook  # openpyxl: only for a workbook

        assert output.path is not None  # choose(): a workbook is never written to standard output
        with writing(output.path):
            yield Workbook(output.path)
        return
    from .render import formatter

    with opened(output) as stream:
        yield formatter(output.format, stream)
