"""The floor of an import: the least Python that stores the rows `ledger import` stores.

    .venv/bin/python benchmarks/import_floor.py prepare LEDGER.db ROWS.marshal   # once, from a ledger's import
    .venv/bin/python benchmarks/import_floor.py store PLAN.txt ROWS.marshal NEW.db

`prepare` takes, from a ledger that has just imported one plan, the schema and every row the import wrote
(plans, tasks, task_units, periods) and keeps them with `marshal`. `store` is the floor: start Python, read
and decode the plan file (every import must), load those rows, and write them into an empty database with
the same schema, WAL journal and one transaction, with `executemany` — what any program storing the same
rows must do at least. `benchmarks/run.py` and `tests/test_speed.py` compare `ledger import` with it.
"""
from __future__ import annotations

import marshal
import sqlite3
import sys

TABLES = ("plans", "tasks", "task_units", "periods")


def prepare(ledger_db: str, rows_file: str) -> None:
    conn = sqlite3.connect(ledger_db)
    schema = [sql for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    rows = {table: [tuple(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")] for table in TABLES}
    conn.close()
    with open(rows_file, "wb") as handle:
        marshal.dump((schema, rows), handle)


def store(plan_file: str, rows_file: str, new_db: str) -> None:
    with open(plan_file, "rb") as handle:
        handle.read().decode("utf-8")
    with open(rows_file, "rb") as handle:
        schema, rows = marshal.loads(handle.read())  # marshal.load reads a file in small pieces: seconds
    conn = sqlite3.connect(new_db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    for statement in schema:
        conn.execute(statement)
    for table in TABLES:
        if rows[table]:
            marks = ", ".join("?" * len(rows[table][0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
    conn.execute("COMMIT")
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "store":
        store(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(__doc__)
