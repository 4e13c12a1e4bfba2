"""The ledger's database: opening and upgrading it, transactions, and every SQL statement.

`Store` is the one object callers use (`store.tasks(...)`); each concern lives in its own module:

- connection: open, create, upgrade, write transactions, errors, backup
- schema, migrations: the schema a new ledger starts with, and the steps that bring an older one there
- plans: the plans, importing a plan, carrying tasks into next year's plan, removing a plan
- tasks: filters, tasks with their history, open obligations, progress counts
- notes: notes and what they move (status, periods, postponement), reminders sent
- directory: the unit directory and its history
- evidence: evidence files and links kept with a note
"""
from __future__ import annotations

from .connection import SCHEMA_VERSION
from .directory import DirectoryStore
from .notes import NoteStore
from .plans import FIELDS, PlanStore, SamePlan, StoredPlan, StoredTaskFields, task_fields
from .tasks import TaskFilter

__all__ = ["FIELDS", "SCHEMA_VERSION", "SamePlan", "Store", "StoredPlan", "StoredTaskFields", "TaskFilter", "task_fields"]


class Store(PlanStore, NoteStore, DirectoryStore):
    """An open ledger: `Store.open(path)`, then one method per question or change."""
