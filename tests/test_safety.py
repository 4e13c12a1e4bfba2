"""It loses nothing: kill -9 mid-write, many writers at once, a read-only file (SPEC §7)."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap

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


# Killed at chosen points, not by the clock: a driver counts the SQL statements the command runs (each row of
# an executemany is one) with sqlite3's trace callback, and kills its own process (SIGKILL, nothing cleaned up)
# just before statement number K runs. A first run counts them and notes where each write transaction begins
# and commits; the kills then land exactly where chosen, however loaded the machine.
KILLING_DRIVER = textwrap.dedent("""
    import os, signal, sqlite3, sys
    kill_at, log, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    counted = [0]
    marks = open(log, "w") if log != "-" else None
    real_connect = sqlite3.connect

    def trace(statement):
        counted[0] += 1
        if marks and statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            marks.write(f"{counted[0]} {statement.split()[0].upper()}\\n")
            marks.flush()
        if counted[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def connect(*arguments, **options):
        conn = real_connect(*arguments, **options)
        conn.set_trace_callback(trace)
        return conn

    sqlite3.connect = connect
    from ledger.cli import run
    sys.argv = ["ledger", *args]
    run()
""")


def run_killed_at(db, args, kill_at, log="-", stdin=None):
    env = dict(os.environ, LEDGER_DB=str(db), LEDGER_USER="tester")
    return subprocess.run([sys.executable, "-c", KILLING_DRIVER, str(kill_at), str(log), *map(str, args)], env=env,
                          input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=300)


def kill_points(base_db, tmp_path, args, stdin=None, points=9):
    """Run `ledger args` once on a copy of base_db, counting its statements; return the reference ledger (the
    state after) and the statement numbers to kill at: the last write transaction's BEGIN, the statement right
    after it, `points` statements spread evenly through it, its COMMIT, and the statement after the COMMIT."""
    reference = tmp_path / "reference.db"
    shutil.copy(base_db, reference)
    log = tmp_path / "statements.log"
    done = run_killed_at(reference, args, 0, log, stdin)
    assert done.returncode == 0, done.stderr
    marks = [line.split() for line in log.read_text().splitlines()]
    begin = max(int(number) for number, word in marks if word == "BEGIN")
    commit = min(int(number) for number, word in marks if word == "COMMIT" and int(number) > begin)
    inside = sorted({begin + 1 + (commit - begin - 2) * step // (points - 1) for step in range(points)})
    return reference, begin, commit, [begin, *inside, commit, commit + 1]


def kill_at_chosen_points(base_db, tmp_path, args, stdin=None):
    """Each kill point's outcome: ("before" | "after" | "MIXED", killed?), and the statements counted."""
    reference, begin, commit, points = kill_points(base_db, tmp_path, args, stdin)
    before, after = state(base_db), state(reference)
    assert before != after
    outcomes = {}
    for point in points:
        db = tmp_path / f"killed_at_{point}.db"
        shutil.copy(base_db, db)
        done = run_killed_at(db, args, point, stdin=stdin)
        killed = done.returncode == -signal.SIGKILL
        assert killed or done.returncode == 0, done.stderr
        found = state(db)
        outcomes[point] = ("before" if found == before else "after" if found == after else "MIXED", killed)
    return begin, commit, outcomes


def assert_before_or_after(begin, commit, outcomes):
    """Killed up to and at the COMMIT: as before; after it: as after; never a mix."""
    for point, (outcome, killed) in outcomes.items():
        expected = "before" if point <= commit else "after"
        assert outcome == expected, (point, begin, commit, outcome)
        assert killed or point > commit, (point, "the command ended before its chosen kill point")
    assert sum(1 for point in outcomes if begin < point < commit) >= min(5, commit - begin - 1)


@pytest.mark.slow
def test_import_killed_at_chosen_statements_leaves_before_or_after(base, tmp_path):
    big = tmp_path / "big_2022.txt"
    big.write_text(generate_plan(3000, seed=5), encoding="utf-8")
    assert_before_or_after(*kill_at_chosen_points(base, tmp_path, ["import", big]))


def journal_mode(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_a_first_bulk_import_killed_at_chosen_statements_leaves_an_empty_ledger_or_the_whole_plan(tmp_path):
    """A first large import killed anywhere leaves an empty ledger or the whole plan, and a ledger in WAL."""
    empty = tmp_path / "empty.db"
    from ledger.store import Store

    Store.open(empty, create=True).close()
    big = tmp_path / "big_2022.txt"
    big.write_text(generate_plan(3000, seed=9), encoding="utf-8")
    begin, commit, outcomes = kill_at_chosen_points(empty, tmp_path, ["import", big])
    assert_before_or_after(begin, commit, outcomes)
    for db in tmp_path.glob("killed_at_*.db"):  # whatever a kill left, the next import ends in WAL, the plan in
        assert ledger(db, "import", REAL_PLAN).returncode == 0
        assert journal_mode(db) == "wal" and len(state(db)["tasks"]) in (35, 3035)


@pytest.mark.slow
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
def test_reimport_killed_at_chosen_statements_leaves_before_or_after(base, tmp_path):
    v1, v2 = tmp_path / "v1" / "plan_2022.txt", tmp_path / "v2" / "plan_2022.txt"
    for path, seed in ((v1, 1), (v2, 2)):
        path.parent.mkdir()
        path.write_text(generate_plan(3000, seed=seed), encoding="utf-8")
    start = tmp_path / "start.db"
    shutil.copy(base, start)
    assert ledger(start, "import", v1, "--plan", "big").returncode == 0
    assert ledger(start, "done", "5", "--plan", "big", "--note", "完成").returncode == 0
    assert_before_or_after(*kill_at_chosen_points(start, tmp_path, ["import", v2, "--plan", "big"]))


@pytest.mark.slow
def test_done_killed_at_chosen_statements_leaves_before_or_after(base, tmp_path):
    assert_before_or_after(*kill_at_chosen_points(base, tmp_path, ["done", "21", "--note", "-"], stdin="已全部更新\n"))


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
