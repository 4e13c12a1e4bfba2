"""The ledger on PostgreSQL against the same ledger on SQLite, in one run (SPEC §14, issue 19):

- a 100,000-task import (a fresh ledger each time; median of --runs runs, alternating the two databases);
- `due --unit` at 100,000 tasks (hyperfine, medians);
- the start-up of `overdue --format plain` on SQLite, in instructions (callgrind), with this source and, when
  --before names a git revision, with that revision's source: whatever serves PostgreSQL must not move it.

    .venv/bin/python benchmarks/postgres.py [--tasks 100000] [--runs 3] [--before REV]

It starts its own PostgreSQL server (Debian's binaries; initdb as the postgres user when run as root) on a
Unix socket in a temporary folder, and stops it at the end.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))
from generate_plan import generate_plan  # noqa: E402
from postgres_server import running_server  # noqa: E402
from run import hyperfine, instructions  # noqa: E402

PYTHON = sys.executable
LEDGER = [PYTHON, "-m", "ledger"]
TODAY = "2022-11-26"


def instructions_with(command: str, env: dict) -> int:
    """Instructions one run executes (callgrind), in this environment."""
    import re
    import shlex

    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *shlex.split(command)],
                          capture_output=True, text=True, encoding="utf-8", env=env)
    found = re.search(r"Collected : (\d+)", done.stderr)
    assert found, done.stderr[-2000:]
    return int(found[1])


def ledger(db: str, *args: str, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run([*LEDGER, "--db", db, *args], check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", help="a git revision whose SQLite start-up to count beside this one")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-pg-"))
    env = dict(os.environ, LEDGER_USER="bench", LEDGER_TODAY=TODAY)
    try:
        plan = folder / "plan_2022.txt"
        plan.write_text(generate_plan(options.tasks), encoding="utf-8")
        with running_server() as server:
            sqlite_times, postgres_times = [], []
            for run in range(options.runs):
                sqlite_db = folder / f"import{run}.db"
                sqlite_times.append(ledger(str(sqlite_db), "import", str(plan), env=env))
                postgres_url = server.new_database()
                postgres_times.append(ledger(postgres_url, "import", str(plan), env=env))
            sqlite_import, postgres_import = statistics.median(sqlite_times), statistics.median(postgres_times)
            print(f"import of {options.tasks:,} tasks (median of {options.runs}): SQLite {sqlite_import:.2f} s, "
                  f"PostgreSQL {postgres_import:.2f} s: {postgres_import / sqlite_import:.2f}x (aim: at most 1.5x)")
            unit = "办公室"
            (sqlite_due, _), (postgres_due, _) = hyperfine(
                [f"{' '.join(LEDGER)} --db {sqlite_db} --today {TODAY} due --unit {unit} --format plain",
                 f"{' '.join(LEDGER)} --db {postgres_url} --today {TODAY} due --unit {unit} --format plain"], runs=10)
            print(f"due --unit {unit} at {options.tasks:,} tasks (median of 10): SQLite {sqlite_due * 1000:.0f} ms, "
                  f"PostgreSQL {postgres_due * 1000:.0f} ms: {postgres_due / sqlite_due:.2f}x (aim: within 2x)")
        small = folder / "small.db"
        subprocess.run([*LEDGER, "--db", str(small), "import", str(ROOT / "data" / "plan_2022.txt")], check=True,
                       stdout=subprocess.DEVNULL, env=env)
        overdue = f"{' '.join(LEDGER)} --db {small} --today 2026-11-26 overdue --format plain"
        floor = instructions(f"{PYTHON} -c 'import typer, sqlite3'")
        now = instructions_with(overdue, env)
        if now is None or floor is None:
            print("start-up: valgrind is not installed, no instruction counts")
            return
        print(f"start-up of overdue --format plain on SQLite: {now:,} instructions ({now / floor:.2f}x the floor "
              f"`import typer, sqlite3`, {floor:,})")
        if options.before:
            source = folder / "before"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(source), options.before],
                           check=True, capture_output=True)
            try:
                old_env = dict(env, PYTHONPATH=str(source / "src"))
                old_db = folder / "small_before.db"  # written by that source: a newer schema would be refused
                subprocess.run([*LEDGER, "--db", str(old_db), "import", str(ROOT / "data" / "plan_2022.txt")],
                               check=True, stdout=subprocess.DEVNULL, env=old_env)
                old = instructions_with(overdue.replace(str(small), str(old_db)), old_env)
                print(f"  the same with {options.before}'s source: {old:,} instructions; "
                      f"this source / that: {now / old:.3f}")
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(source)], check=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
