"""It loses nothing: kill -9 mid-write, many writers at once, a read-only file (SPEC §7)."""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from conftest import REAL_PLAN
from generate_plan import generate_plan

LEDGER = [sys.executable, "-m", "ledger"]
# What a ledger holds, without the times that differ between two runs of the same import.
STATE = {"plans": "name, year, year_source, source", "tasks": "*", "task_units": "*",
         "notes": "id, plan, number, by, kind, text"}


def ledger(db, *args, **kwargs):
    env = dict(os.environ, LEDGER_DB=str(db), LEDGER_USER="tester")
    return subprocess.run(LEDGER + [str(a) for a in args], env=env, capture_output=True, text=True,
                          encoding="utf-8", **kwargs)


def state(db):
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {table: conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2, 3").fetchall()
                for table, columns in STATE.items()}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A ledger that already holds the real plan, with notes and a done task."""
    db = tmp_path_factory.mktemp("base") / "ledger.db"
    assert ledger(db, "import", REAL_PLAN).returncode == 0
    for args in (("note", "21", "数据集已更新一半"), ("done", "34", "--note", "已发布"), ("note", "1", "进展")):
        assert ledger(db, *args).returncode == 0
    return db


def kill_trials(base_db, tmp_path, args, trials, seed, stdin=None):
    """Run `ledger args` on copies of base_db, kill -9 at seeded moments; return (landed kills, dbs)."""
    reference = tmp_path / "reference.db"
    durations = []
    for _ in range(2):  # the faster of two runs: on a noisy machine one slow run would time every kill too late
        shutil.copy(base_db, reference)
        started = time.monotonic()
        completed = ledger(reference, *args, input=stdin)
        durations.append(time.monotonic() - started)
        assert completed.returncode == 0, completed.stderr
    duration = min(durations)
    rng = random.Random(seed)
    landed, results = 0, []
    for trial in range(trials):
        db = tmp_path / f"trial{trial}.db"
        shutil.copy(base_db, db)
        env = dict(os.environ, LEDGER_DB=str(db), LEDGER_USER="tester")
        process = subprocess.Popen(LEDGER + [str(a) for a in args], env=env, stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if stdin:
            process.stdin.write(stdin.encode())
        process.stdin.close()
        time.sleep(duration * rng.uniform(0.05, 0.85))  # a little slack: a run can be faster than the reference
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            landed += 1
        process.wait()
        results.append(db)
    return landed, reference, results


@pytest.mark.slow
def test_import_killed_at_any_moment_leaves_before_or_after(base, tmp_path):
    big = tmp_path / "big_2022.txt"
    big.write_text(generate_plan(20000, seed=5), encoding="utf-8")
    landed, reference, dbs = kill_trials(base, tmp_path, ["import", big], trials=26, seed=2022)
    before, after = state(base), state(reference)
    assert before != after
    outcomes = [("before" if state(db) == before else "after" if state(db) == after else "MIXED") for db in dbs]
    print(f"import: {landed} of {len(dbs)} kills landed mid-import; {outcomes.count('before')} left the state "
          f"before, {outcomes.count('after')} after, {outcomes.count('MIXED')} a mix")
    assert "MIXED" not in outcomes
    assert landed >= 16, f"only {landed} kills landed during the import"
    assert outcomes.count("before") >= 10, outcomes  # most kills did land mid-import


def journal_mode(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_a_first_bulk_import_killed_at_any_moment_leaves_an_empty_ledger_or_the_whole_plan(tmp_path):
    """A first large import killed at any moment leaves an empty ledger or the whole plan, and a ledger in WAL."""
    empty = tmp_path / "empty.db"
    from ledger.store import Store

    Store.open(empty, create=True).close()
    big = tmp_path / "big_2022.txt"
    big.write_text(generate_plan(20000, seed=9), encoding="utf-8")
    landed, reference, dbs = kill_trials(empty, tmp_path, ["import", big], trials=10, seed=11)
    before, after = state(empty), state(reference)
    outcomes = [("before" if state(db) == before else "after" if state(db) == after else "MIXED") for db in dbs]
    print(f"first bulk import: {landed} of {len(dbs)} kills landed; {outcomes.count('before')} empty, "
          f"{outcomes.count('after')} whole, {outcomes.count('MIXED')} a mix")
    assert "MIXED" not in outcomes and landed >= 6 and outcomes.count("before") >= 4
    assert journal_mode(reference) == "wal"
    # Whatever mode a kill left behind, the next import (even a small one) ends in WAL with the plan in.
    for db in dbs:
        assert ledger(db, "import", REAL_PLAN).returncode == 0
        assert journal_mode(db) == "wal" and len(state(db)["tasks"]) in (35, 20035)


def test_a_first_bulk_import_while_another_process_has_the_ledger_open(tmp_path):
    """A reader holding the ledger open does not stop a large first import, and the ledger stays in WAL."""
    from ledger.store import Store

    db = tmp_path / "ledger.db"
    Store.open(db, create=True).close()
    reader = sqlite3.connect(db)
    try:
        assert reader.execute("SELECT count(*) FROM tasks").fetchone() == (0,)
        big = tmp_path / "big_2022.txt"
        big.write_text(generate_plan(6000, seed=4), encoding="utf-8")
        result = ledger(db, "import", big)
        assert result.returncode == 0, result.stderr
        assert reader.execute("SELECT count(*) FROM tasks").fetchone() == (6000,)
    finally:
        reader.close()
    assert journal_mode(db) == "wal"


@pytest.mark.slow
def test_reimport_killed_at_any_moment_leaves_before_or_after(base, tmp_path):
    v1, v2 = tmp_path / "v1" / "plan_2022.txt", tmp_path / "v2" / "plan_2022.txt"
    for path, seed in ((v1, 1), (v2, 2)):
        path.parent.mkdir()
        path.write_text(generate_plan(15000, seed=seed), encoding="utf-8")
    start = tmp_path / "start.db"
    shutil.copy(base, start)
    assert ledger(start, "import", v1, "--plan", "big").returncode == 0
    assert ledger(start, "done", "5", "--plan", "big", "--note", "完成").returncode == 0
    landed, reference, dbs = kill_trials(start, tmp_path, ["import", v2, "--plan", "big"], trials=10, seed=7)
    before, after = state(start), state(reference)
    print(f"re-import: {landed} of {len(dbs)} kills landed")
    assert all(state(db) in (before, after) for db in dbs)
    assert landed >= 6


@pytest.mark.slow
def test_done_killed_at_any_moment_leaves_before_or_after(base, tmp_path):
    landed, reference, dbs = kill_trials(base, tmp_path, ["done", "21", "--note", "-"], trials=12, seed=3,
                                         stdin="已全部更新\n")
    before, after = state(base), state(reference)
    print(f"done: {landed} of {len(dbs)} kills landed")
    assert all(state(db) in (before, after) for db in dbs)
    assert landed >= 8


WORKER = textwrap.dedent("""
    import sys
    from typer.testing import CliRunner
    from ledger.cli import app
    worker, count = sys.argv[1], int(sys.argv[2])
    for n in range(count):
        result = CliRunner().invoke(app, ["note", "1", f"worker {worker} note {n}", "--plan", "plan_2022"])
        print(result.exit_code, repr(result.stdout + result.stderr), flush=True)
""")
READER = textwrap.dedent("""
    import os, sys
    from typer.testing import CliRunner
    from ledger.cli import app
    while not os.path.exists(sys.argv[1]):
        result = CliRunner().invoke(app, ["--today", "2026-11-26", "overdue", "--format", "json"])
        print(result.exit_code, repr(result.stderr), flush=True)
""")
IMPORTER = textwrap.dedent("""
    import sys
    from typer.testing import CliRunner
    from ledger.cli import app
    for n in range(int(sys.argv[3])):
        result = CliRunner().invoke(app, ["import", sys.argv[1 + n % 2], "--plan", "plan_2022"])
        print(result.exit_code, repr(result.stderr), "No changes" in result.stdout, flush=True)
""")


@pytest.mark.slow
def test_eight_writers_a_reader_and_an_importer_at_once(base, tmp_path):
    db = tmp_path / "ledger.db"
    shutil.copy(base, db)
    changed = tmp_path / "changed" / "plan_2022.txt"
    changed.parent.mkdir()
    changed.write_text(REAL_PLAN.read_text(encoding="utf-8").replace("12月30日", "11月30日"), encoding="utf-8")
    stop = tmp_path / "stop"
    env = dict(os.environ, LEDGER_DB=str(db), LEDGER_USER="tester")

    def start(script, *args):
        return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, encoding="utf-8")

    reader = start(READER, stop)
    importer = start(IMPORTER, changed, REAL_PLAN, 8)  # the base holds REAL_PLAN: each import writes
    writers = [start(WORKER, worker, 25) for worker in range(8)]
    outputs = [process.communicate(timeout=300)[0] for process in writers + [importer]]
    stop.touch()
    outputs.append(reader.communicate(timeout=60)[0])
    lines = [line for output in outputs for line in output.splitlines()]
    assert lines and all(line.startswith("0 ") for line in lines), [line for line in lines if line[:2] != "0 "][:5]
    assert not any("locked" in line or "busy" in line for line in lines)
    assert sum("False" in line for line in outputs[-2].splitlines()) == 8  # every import really wrote
    notes = {text for (text,) in sqlite3.connect(db).execute("SELECT text FROM notes WHERE number = 1")}
    print(f"concurrent: {len(lines)} commands, {len([n for n in notes if n.startswith('worker')])} worker notes found")
    assert {f"worker {w} note {n}" for w in range(8) for n in range(25)} <= notes
    assert len(outputs[-1].splitlines()) > 0


AS_NOBODY = textwrap.dedent("""
    import getpass, json, os, sys
    import ledger.cli, ledger.migrations, rich.console, rich.table, rich.text
    from typer.testing import CliRunner
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
    results = []
    for args in json.loads(sys.argv[1]):
        result = CliRunner().invoke(ledger.cli.app, args)
        results.append([result.exit_code, result.stdout, result.stderr])
    print(json.dumps(results))
""")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="drops root's privileges")
def test_a_database_the_user_cannot_write_still_reads_and_refuses_writes_clearly(base):
    folder = Path(tempfile.mkdtemp(prefix="ledger-ro-"))
    try:
        folder.chmod(0o755)
        db = folder / "ledger.db"
        shutil.copy(base, db)
        db.chmod(0o644)
        before = state(db)
        commands = [["--db", str(db), "--today", "2026-11-26", "overdue", "--format", "json"],
                    ["--db", str(db), "show", "34", "--format", "json"],
                    ["--db", str(db), "done", "21"],
                    ["--db", str(db), "note", "21", "x"]]
        done = subprocess.run([sys.executable, "-c", AS_NOBODY, json.dumps(commands)], capture_output=True,
                              text=True, encoding="utf-8", timeout=60)
        assert done.returncode == 0, done.stderr
        (overdue_code, overdue_out, _), (show_code, show_out, _), *writes = json.loads(done.stdout)
        assert overdue_code == 0 and len(json.loads(overdue_out)) == 6
        assert show_code == 0 and json.loads(show_out)[0]["status"] == "done"
        for code, out, err in writes:
            assert (code, out) == (1, "") and err.startswith("Error:") and "read-only" in err
        assert state(db) == before
    finally:
        shutil.rmtree(folder)
