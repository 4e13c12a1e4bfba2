"""Failures a user can act on. The CLI turns each into one `Error:` line and its exit code."""
from __future__ import annotations


class LedgerError(Exception):
    """An expected failure: bad input, unknown task or unit, database trouble."""

    exit_code = 1


class InputError(LedgerError):
    """A plan file that cannot be imported. `line` is a text file's line, a document's place in a table
    (`table 2, row 14, column 3`), or None where neither applies."""

    def __init__(self, path: str, message: str, line: int | object | None = None):
        self.path = path
        self.line = line
        self.message = message
        where = path if line is None else f"{path}:{line}" if isinstance(line, int) else f"{path}: {line}"
        super().__init__(f"{where}: {message}")


class NotFound(LedgerError):
    """An unknown plan, task or unit."""


class Conflict(LedgerError):
    """A change that does not fit the task's state (done twice, reopening an open task)."""


class DatabaseError(LedgerError):
    """The database file cannot be opened, read or written."""
