"""ledger: a task ledger for Chinese government work plans (政务公开工作要点), kept in SQLite."""

__version__ = "0.1.0"
