"""The ledger's schema, defined once for both databases: tables, indexes and the guards that keep history
append-only. The dialect (dialect.py) writes it out as SQLite's or PostgreSQL's SQL.

A new ledger, on either database, is made from this in one step. An older SQLite ledger reaches the same
schema through the migrations (migrations.py); a test keeps the two identical. A change to the schema is a
new migration, written once for both databases, and the same change here, with VERSION raised.
"""
from __future__ import annotations

VERSION = 10


# Plain classes, not NamedTuples: every command imports this module (for VERSION), and four NamedTuple classes
# cost it about 4 million instructions at start-up.


class Column:
    __slots__ = ("name", "type", "not_null", "default", "references")

    def __init__(self, name: str, type: str, not_null: bool = False, default: str | None = None,
                 references: tuple[str, str] | None = None):
        self.name = name
        self.type = type  # TEXT, INTEGER or BLOB
        self.not_null = not_null
        self.default = default  # SQL text
        self.references = references  # (table, column)


class Table:
    __slots__ = ("name", "columns", "primary_key")

    def __init__(self, name: str, columns: tuple[Column, ...], primary_key: tuple[str, ...]):
        self.name = name
        self.columns = columns
        self.primary_key = primary_key  # ("id",) with an INTEGER id: numbered by the database, in order

    @property
    def numbered(self) -> bool:
        """Whether the database numbers the rows (an INTEGER primary key named id)."""
        return self.primary_key == ("id",)

    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


class Index:
    __slots__ = ("name", "table", "columns")

    def __init__(self, name: str, table: str, columns: tuple[str, ...]):
        self.name = name
        self.table = table
        self.columns = columns


class Guard:
    """A trigger that refuses an UPDATE or DELETE of a table's rows (when `when`, an SQL condition on OLD, holds)."""

    __slots__ = ("name", "table", "event", "message", "when")

    def __init__(self, name: str, table: str, event: str, message: str, when: str | None = None):
        self.name = name
        self.table = table
        self.event = event  # UPDATE or DELETE
        self.message = message
        self.when = when


def _text(name: str, not_null: bool = False, default: str | None = None) -> Column:
    return Column(name, "TEXT", not_null, default)


def _integer(name: str, not_null: bool = False, default: str | None = None) -> Column:
    return Column(name, "INTEGER", not_null, default)


TABLES = (
    Table("plans", (
        _text("name"), _integer("year"), _text("year_source"), _text("source"), _text("imported_at"),
        _integer("archived", not_null=True, default="0"),
        _integer("ordinal"),  # the order plans were first imported in: the last tie-break of the newest plan
    ), ("name",)),
    Table("tasks", (
        Column("plan", "TEXT", not_null=True, references=("plans", "name")), _integer("number", not_null=True),
        _integer("section_no"), _text("section_title"), _integer("subsection_no"), _text("subsection_title"),
        _text("text", not_null=True), _text("units_raw"), _text("deadline_raw"), _text("deadline_kind"), _text("due"),
        _integer("line"), _integer("present", not_null=True, default="1"),
        _text("status", not_null=True, default="'open'"), _text("extra"), _text("carried_from_plan"),
        _integer("carried_from_number"), _text("postponed_to"),
    ), ("plan", "number")),
    Table("task_units", (
        _text("plan"), _integer("number"), _integer("position"), _text("name"), _text("role"), _text("verb"),
    ), ("plan", "number", "position")),
    Table("notes", (
        _integer("id"), _text("plan", not_null=True), _integer("number", not_null=True), _text("at", not_null=True),
        _text("by"), _text("kind", not_null=True), _text("text"), _text("data"), _text("period"),
    ), ("id",)),
    Table("directory_units", (_text("name"), _text("email"), _text("leader")), ("name",)),
    Table("directory_aliases", (_text("alias"), _text("unit", not_null=True)), ("alias",)),
    Table("directory_groups", (_text("group_name"), _text("member"), _integer("position")), ("group_name", "member")),
    Table("directory_history", (
        _integer("id"), _text("at", not_null=True), _text("by"), _text("name", not_null=True),
        _text("field", not_null=True), _text("old"), _text("new"),
    ), ("id",)),
    Table("periods", (
        _text("plan", not_null=True), _integer("number", not_null=True), _text("key", not_null=True),
        _text("due", not_null=True), _text("postponed_to"), _text("status", not_null=True, default="'open'"),
    ), ("plan", "number", "key")),
    Table("evidence", (
        _integer("id"), _text("plan", not_null=True), _integer("number", not_null=True), _text("period"),
        _integer("note_id"), _text("name"), _integer("size"), _text("sha256"), Column("content", "BLOB"), _text("url"),
    ), ("id",)),
    # The web page (SPEC §13): accounts (a salted slow hash, never the password), their sessions (a hash of the
    # cookie's token), failed logins (the lock), the units' requests the office decides, the server's settings.
    Table("accounts", (
        _text("name"), _text("unit"), _text("role", not_null=True), _text("password_hash", not_null=True),
        _integer("disabled", not_null=True, default="0"), _text("created_at", not_null=True),
    ), ("name",)),
    Table("sessions", (
        _text("token_hash"), _text("account", not_null=True), _text("created_at", not_null=True),
        _text("seen_at", not_null=True),
    ), ("token_hash",)),
    Table("login_failures", (
        _integer("id"), _text("account", not_null=True), _text("at", not_null=True), _text("address"),
    ), ("id",)),
    Table("requests", (
        _integer("id"), _text("plan", not_null=True), _integer("number", not_null=True), _text("period"),
        _text("kind", not_null=True), _integer("note_id", not_null=True), _text("requested_by", not_null=True),
        _text("unit"), _text("at", not_null=True), _text("asked_on", not_null=True), _text("text"),
        _text("on_date"), _text("to_date"), _text("status", not_null=True, default="'pending'"), _text("decided_by"), _text("decided_at"),
        _integer("decision_note_id"),
    ), ("id",)),
    Table("web_settings", (_text("key"), _text("value", not_null=True)), ("key",)),
)

INDEXES = (
    Index("idx_tasks_status_due", "tasks", ("status", "due")),
    Index("idx_task_units_name_role", "task_units", ("name", "role")),
    Index("idx_notes_plan_number", "notes", ("plan", "number")),
    Index("idx_periods_status_due", "periods", ("status", "due")),
    Index("idx_evidence_plan_number", "evidence", ("plan", "number")),
    Index("idx_sessions_account", "sessions", ("account",)),
    Index("idx_login_failures_account_at", "login_failures", ("account", "at")),
    Index("idx_requests_status", "requests", ("status", "id")),
    Index("idx_requests_plan_number", "requests", ("plan", "number")),
)

# History is a record: the database itself refuses to edit or delete it. A plan's tasks and notes may go only
# once the plan's row has (`ledger plan remove --yes`, after a backup).
PLAN_IS_KEPT = "EXISTS (SELECT 1 FROM plans WHERE name = OLD.plan)"
GUARDS = (
    Guard("notes_are_never_edited", "notes", "UPDATE",
          "ledger notes are append-only: add a note instead of editing one"),
    Guard("notes_are_never_deleted", "notes", "DELETE", "ledger notes are append-only: they cannot be deleted",
          PLAN_IS_KEPT),
    Guard("tasks_are_never_deleted", "tasks", "DELETE",
          "ledger tasks are never deleted: a task that left the plan is marked removed", PLAN_IS_KEPT),
    Guard("directory_history_is_never_edited", "directory_history", "UPDATE", "the directory history is append-only"),
    Guard("directory_history_is_never_deleted", "directory_history", "DELETE", "the directory history is append-only"),
)

TABLE_NAMES = tuple(table.name for table in TABLES)


def table(name: str) -> Table:
    return next(found for found in TABLES if found.name == name)
