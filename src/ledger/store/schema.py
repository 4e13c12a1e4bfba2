"""The schema a new ledger starts with: what the migrations in migrations.py add up to, as SQL.

A new ledger is made from these statements in one step, without importing sqlite-utils (about 0.2 s of
every first import); an older ledger is upgraded by the migrations. A test keeps the two identical:
after adding a migration, paste the statements it prints here and raise VERSION.
"""

VERSION = 8

STATEMENTS = (
    """CREATE TABLE "plans" (
   "name" TEXT PRIMARY KEY,
   "year" INTEGER,
   "year_source" TEXT,
   "source" TEXT,
   "imported_at" TEXT
, "archived" INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE "tasks" (
   "plan" TEXT NOT NULL REFERENCES "plans"("name"),
   "number" INTEGER NOT NULL,
   "section_no" INTEGER,
   "section_title" TEXT,
   "subsection_no" INTEGER,
   "subsection_title" TEXT,
   "text" TEXT NOT NULL,
   "units_raw" TEXT,
   "deadline_raw" TEXT,
   "deadline_kind" TEXT,
   "due" TEXT,
   "line" INTEGER,
   "present" INTEGER NOT NULL DEFAULT 1,
   "status" TEXT NOT NULL DEFAULT 'open', "extra" TEXT, "carried_from_plan" TEXT, "carried_from_number" INTEGER, "postponed_to" TEXT,
   PRIMARY KEY ("plan", "number")
)""",
    """CREATE TABLE "task_units" (
   "plan" TEXT,
   "number" INTEGER,
   "position" INTEGER,
   "name" TEXT,
   "role" TEXT,
   "verb" TEXT,
   PRIMARY KEY ("plan", "number", "position")
)""",
    """CREATE TABLE "notes" (
   "id" INTEGER PRIMARY KEY,
   "plan" TEXT NOT NULL,
   "number" INTEGER NOT NULL,
   "at" TEXT NOT NULL,
   "by" TEXT,
   "kind" TEXT NOT NULL,
   "text" TEXT
, "data" TEXT, "period" TEXT)""",
    """CREATE INDEX "idx_tasks_status_due"
    ON "tasks" ("status", "due")""",
    """CREATE INDEX "idx_task_units_name_role"
    ON "task_units" ("name", "role")""",
    """CREATE INDEX "idx_notes_plan_number"
    ON "notes" ("plan", "number")""",
    """CREATE TRIGGER notes_are_never_edited BEFORE UPDATE ON notes
        BEGIN SELECT RAISE(ABORT, 'ledger notes are append-only: add a note instead of editing one'); END""",
    """CREATE TABLE "directory_units" (
   "name" TEXT PRIMARY KEY,
   "email" TEXT,
   "leader" TEXT
)""",
    """CREATE TABLE "directory_aliases" (
   "alias" TEXT PRIMARY KEY,
   "unit" TEXT NOT NULL
)""",
    """CREATE TABLE "directory_groups" (
   "group_name" TEXT,
   "member" TEXT,
   PRIMARY KEY ("group_name", "member")
)""",
    """CREATE TABLE "directory_history" (
   "id" INTEGER PRIMARY KEY,
   "at" TEXT NOT NULL,
   "by" TEXT,
   "name" TEXT NOT NULL,
   "field" TEXT NOT NULL,
   "old" TEXT,
   "new" TEXT
)""",
    """CREATE TRIGGER directory_history_is_never_edited BEFORE UPDATE ON directory_history
        BEGIN SELECT RAISE(ABORT, 'the directory history is append-only'); END""",
    """CREATE TRIGGER directory_history_is_never_deleted BEFORE DELETE ON directory_history
        BEGIN SELECT RAISE(ABORT, 'the directory history is append-only'); END""",
    """CREATE TRIGGER status_follows_the_notes BEFORE UPDATE OF status ON tasks
        WHEN NEW.status IS NOT (
            SELECT CASE kind WHEN 'done' THEN 'done' WHEN 'cancel' THEN 'cancelled' WHEN 'carry' THEN 'carried'
                             ELSE 'open' END
            FROM (SELECT kind FROM notes WHERE plan = NEW.plan AND number = NEW.number
                  AND kind IN ('done', 'cancel', 'reopen', 'carry') ORDER BY id DESC LIMIT 1)
            UNION ALL SELECT 'open' LIMIT 1)
        BEGIN SELECT RAISE(ABORT, 'a task status changes only through a done, cancel, reopen or carry note'); END""",
    """CREATE TRIGGER notes_are_never_deleted BEFORE DELETE ON notes
        WHEN EXISTS (SELECT 1 FROM plans WHERE name = OLD.plan)
        BEGIN SELECT RAISE(ABORT, 'ledger notes are append-only: they cannot be deleted'); END""",
    """CREATE TRIGGER tasks_are_never_deleted BEFORE DELETE ON tasks
        WHEN EXISTS (SELECT 1 FROM plans WHERE name = OLD.plan)
        BEGIN SELECT RAISE(ABORT, 'ledger tasks are never deleted: a task that left the plan is marked removed'); END""",
    """CREATE TABLE "periods" (
   "plan" TEXT NOT NULL,
   "number" INTEGER NOT NULL,
   "key" TEXT NOT NULL,
   "due" TEXT NOT NULL,
   "postponed_to" TEXT,
   "status" TEXT NOT NULL DEFAULT 'open',
   PRIMARY KEY ("plan", "number", "key")
)""",
    """CREATE INDEX "idx_periods_status_due"
    ON "periods" ("status", "due")""",
    """CREATE TRIGGER notes_move_status AFTER INSERT ON notes
        WHEN NEW.kind IN ('done', 'cancel', 'reopen', 'carry') AND (NEW.period IS NULL OR NEW.kind != 'done'
            OR NOT EXISTS (SELECT 1 FROM periods p WHERE p.plan = NEW.plan AND p.number = NEW.number
                           AND p.status = 'open'))
        BEGIN
            UPDATE tasks SET status = CASE NEW.kind WHEN 'done' THEN 'done' WHEN 'cancel' THEN 'cancelled'
                                                    WHEN 'carry' THEN 'carried' ELSE 'open' END
            WHERE plan = NEW.plan AND number = NEW.number;
        END""",
    """CREATE TABLE "evidence" (
   "id" INTEGER PRIMARY KEY,
   "plan" TEXT NOT NULL,
   "number" INTEGER NOT NULL,
   "period" TEXT,
   "note_id" INTEGER,
   "name" TEXT,
   "size" INTEGER,
   "sha256" TEXT,
   "content" BLOB,
   "url" TEXT
)""",
    """CREATE INDEX "idx_evidence_plan_number"
    ON "evidence" ("plan", "number")""",
)
