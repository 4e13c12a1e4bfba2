"""LEDGER_CMD for the acceptance check against PostgreSQL: the check gives each ledger as `--db PATH` (or
LEDGER_DB=PATH); this runs the real command with each path mapped to a PostgreSQL database of its own, made
empty the first time the path is seen, on the server whose socket folder LEDGER_PG_SOCKET names.

    LEDGER_CMD="python .ci/ledger_on_postgres.py" LEDGER_PG_SOCKET=/tmp/pg/socket LEDGER_PG_LEDGER=.venv/bin/ledger \
        python ../shared/check/acceptance.py
"""
import hashlib
import os
import sys

import psycopg

SOCKET = os.environ["LEDGER_PG_SOCKET"]
LEDGER = os.environ["LEDGER_PG_LEDGER"]


def url(database: str) -> str:
    return f"postgresql://postgres@/{database}?host={SOCKET}"


def database_for(path: str) -> str:
    """The URL of the database that stands for the file `path` (made, empty, the first time)."""
    name = "acceptance_" + hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:20]
    with psycopg.connect(url("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return url(name)


def main() -> None:
    args = sys.argv[1:]
    for index, arg in enumerate(args[:-1]):
        if arg == "--db":
            args[index + 1] = database_for(args[index + 1])
    env = dict(os.environ)
    if env.get("LEDGER_DB") and not env["LEDGER_DB"].startswith("postgresql://"):
        env["LEDGER_DB"] = database_for(env["LEDGER_DB"])
    os.execve(LEDGER, [LEDGER, *args], env)


if __name__ == "__main__":
    main()
