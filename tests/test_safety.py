"""It loses nothing: kill -9 mid-write, many writers at once, a read-only file (SPEC §7)."""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import REAL_PLAN, run
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


# SQLite's own write locks (unix VFS, fcntl byte ranges), held from BEGIN IMMEDIATE until the COMMIT is done:
# in WAL mode the WAL index's write lock; in rollback mode the database's RESERVED byte (which closing a WAL
# database also takes, after the commit, so it counts only in rollback mode).
WAL_WRITE_LOCK = 120
RESERVED_BYTE = 0x40000001


def locked(path, offset):
    """Whether some process holds a lock on this byte of the file; asks the kernel (F_GETLK), takes none."""
    import fcntl
    import struct

    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, offset, 1, 0)
        return struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, query))[0] != fcntl.F_UNLCK
    finally:
        os.close(fd)


def in_write_transaction(db):
    with open(db, "rb") as file:
        in_wal_mode = file.read(20)[18:20] == b"\x02\x02"  # the header's read and write format versions
    return locked(f"{db}-shm", WAL_WRITE_LOCK) if in_wal_mode else locked(db, RESERVED_BYTE)


def start_ledger(db, args, stdin):
    env = dict(os.environ, LEDGER_DB=str(db), LEDGER_USER="tester")
    process = subprocess.Popen(LEDGER + [str(a) for a in args], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if stdin:
        process.stdin.write(stdin.encode())
    process.stdin.close()
    return process


def wait_for_write_transaction(process, db):
    """Poll until the process holds the write lock (True) or has ended without being seen to (False)."""
    while process.poll() is None:
        if in_write_transaction(db):
            return True
        time.sleep(0.0002)
    return False


def kill_trials(base_db, tmp_path, args, trials, seed, stdin=None):
    """Run `ledger args` on copies of base_db and kill -9 each at a seeded moment inside its write transaction
    (seen by its lock, so no kill counts that lands during Python's start-up or after the commit);
    return (kills that landed inside the transaction, the reference ledger, the trial ledgers)."""
    reference = tmp_path / "reference.db"
    windows = []
    for _ in range(2):  # the shorter of two runs: on a noisy machine one slow run would time every kill too late
        shutil.copy(base_db, reference)
        process = start_ledger(reference, args, stdin)
        assert wait_for_write_transaction(process, reference), "the write lock was never seen"
        began = time.monotonic()
        while in_write_transaction(reference):
            time.sleep(0.0002)
        windows.append(time.monotonic() - began)
        assert process.wait() == 0
    window = min(windows)
    rng = random.Random(seed)
    landed, results = 0, []
    for trial in range(trials):
        db = tmp_path / f"trial{trial}.db"
        shutil.copy(base_db, db)
        process = start_ledger(db, args, stdin)
        if wait_for_write_transaction(process, db):
            time.sleep(window * rng.uniform(0.0, 0.6))  # early enough that a faster run is still writing
            if process.poll() is None and in_write_transaction(db):
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
    assert landed >= 16, f"only {landed} kills landed during the import's write transaction"
    # A kill inside the transaction rolls it back; only one between the commit and the lock's release cannot.
    assert outcomes.count("before") >= landed - 2, outcomes


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
    assert "MIXED" not in outcomes and landed >= 6 and outcomes.count("before") >= landed - 2
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
    outcomes = [state(db) for db in dbs]
    print(f"re-import: {landed} of {len(dbs)} kills landed, {outcomes.count(before)} left the state before")
    assert all(outcome in (before, after) for outcome in outcomes)
    assert landed >= 6 and outcomes.count(before) >= landed - 2


@pytest.mark.slow
def test_done_killed_at_any_moment_leaves_before_or_after(base, tmp_path):
    landed, reference, dbs = kill_trials(base, tmp_path, ["done", "21", "--note", "-"], trials=16, seed=3,
                                         stdin="已全部更新\n")
    before, after = state(base), state(reference)
    outcomes = [state(db) for db in dbs]
    print(f"done: {landed} of {len(dbs)} kills landed, {outcomes.count(before)} left the state before")
    assert all(outcome in (before, after) for outcome in outcomes)
    assert landed >= 8 and outcomes.count(before) >= landed - 2


WORKER = textwrap.dedent("""
    import sys
    from typer.testing import CliRunner
    from ledger.cli.app import app
    worker, count = sys.argv[1], int(sys.argv[2])
    for n in range(count):
        result = CliRunner().invoke(app, ["note", "1", f"worker {worker} note {n}", "--plan", "plan_2022"])
        print(result.exit_code, repr(result.stdout + result.stderr), flush=True)
""")
READER = textwrap.dedent("""
    import os, sys
    from typer.testing import CliRunner
    from ledger.cli.app import app
    while not os.path.exists(sys.argv[1]):
        result = CliRunner().invoke(app, ["--today", "2026-11-26", "overdue", "--format", "json"])
        print(result.exit_code, repr(result.stderr), flush=True)
""")
IMPORTER = textwrap.dedent("""
    import sys
    from typer.testing import CliRunner
    from ledger.cli.app import app
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


def make_read_only(folder, db):
    """Make the folder and the ledger in it unwritable for this very process; return what undoes it. For a
    user, mode bits do it; root ignores those, so for root the immutable flag (chattr +i) refuses every write."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", db, folder], check=True)
        return lambda: subprocess.run(["chattr", "-i", db, folder], check=True)
    db.chmod(0o444)
    folder.chmod(0o555)
    return lambda: (folder.chmod(0o755), db.chmod(0o644))


def test_a_database_the_user_cannot_write_still_reads_and_refuses_writes_clearly(base, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    db = folder / "ledger.db"
    shutil.copy(base, db)
    before = state(db)
    undo = make_read_only(folder, db)
    try:
        with pytest.raises(OSError):  # the premise: this process really cannot write there
            (folder / "probe").touch()
        overdue = run("--db", db, "--today", "2026-11-26", "overdue", "--format", "json")
        assert overdue.exit_code == 0, overdue.stderr
        assert len(json.loads(overdue.stdout)) == 6
        shown = run("--db", db, "show", "34", "--format", "json")
        assert shown.exit_code == 0 and json.loads(shown.stdout)[0]["status"] == "done"
        for command in (["done", "21"], ["note", "21", "x"]):
            result = run("--db", db, *command)
            assert (result.exit_code, result.stdout) == (1, ""), command
            assert result.stderr.startswith("Error:") and "read-only" in result.stderr, result.stderr
            assert len(result.stderr.splitlines()) == 1
    finally:
        undo()
    assert state(db) == before
