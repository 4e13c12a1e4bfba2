"""The ledger's database: opening and upgrading it, transactions, and every SQL statement.

`Store` is the one object callers use (`store.tasks(...)`); each concern lives in its own module:

- connection: open, create, upgrade, write transactions, errors, backup
- dialect: every difference between SQLite and PostgreSQL (psycopg is imported only for a postgresql:// URL)
- schema, migrations: the schema a new ledger starts with, and the steps that bring an older one there
- plans: the plans, importing a plan, carrying tasks into next year's plan, removing a plan
- tasks: filters, tasks with their history, open obligations, progress counts
- notes: notes and what they move (status, periods, postponement), reminders sent
- directory: the unit directory and its history
- evidence: evidence files and links kept with a note
- accounts: the web page's accounts, sessions, failed logins and settings
- requests: the units' requests the office decides, and what the web pages list
"""
from __future__ import annotations

from .accounts import Account, AccountStore
from .connection import SCHEMA_VERSION
from .dialect import Location, PostgresURL, location
from .plans import FIELDS, PlanStore, SamePlan, StoredPlan, StoredTaskFields, task_fields
from .requests import EvidenceFile, Request, RequestStore
from .tasks import TaskFilter

__all__ = ["FIELDS", "SCHEMA_VERSION", "Account", "EvidenceFile", "Request", "Location", "PostgresURL", "SamePlan",
           "Store", "StoredPlan", "StoredTaskFields", "TaskFilter", "location", "task_fields"]


class Store(PlanStore, RequestStore, AccountStore):
    """An open ledger: `Store.open(path)`, then one method per question or change."""
