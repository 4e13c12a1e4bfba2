"""Failures a user can act on. The CLI turns each into one `Error:` line and its exit code."""
from __future__ import annotations


class LedgerError(Exception):
    """An expected failure: bad input, unknown task or unit, database trouble."""

    exit_code = 1


class InputError(LedgerError):
    """A plan file that cannot be imported. `line` is None where no line applies."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class NotFound(LedgerError):
    """An unknown plan, task or unit."""


class Conflict(LedgerError):
    """A change that does not fit the task's state (done twice, reopening an open task)."""


class DatabaseError(LedgerError):
    """The database file cannot be opened, read or written."""
