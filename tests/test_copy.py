"""`ledger copy FROM TO`: a whole ledger between SQLite and PostgreSQL, either way, and `backup` of a
PostgreSQL ledger (a SQLite file, what copy makes)."""
import os
import signal
import subprocess
import sys

import pytest

from conftest import ROOT, dump, run

pytestmark = pytest.mark.both_databases

AS_SEEN = [("list", "--status", "all", "--format", "json"), ("list", "--status", "all", "--format", "plain"),
           ("show", "34", "--format", "json"), ("show", "1", "--format", "plain"), ("show", "21", "--format", "json"),
           ("unit", "list", "--format", "json"), ("unit", "history", "--format", "plain"),
           ("report", "--format", "json"), ("plan", "list", "--format", "json"), ("user", "list", "--format", "json"),
           ("review", "--format", "json")]


def seen(ledger):
    """What a person sees of a ledger, command by command, and its evidence files byte for byte."""
    shown = {args: run("--db", ledger, "--today", "2022-11-26", *args) for args in AS_SEEN}
    assert all(result.exit_code == 0 for result in shown.values()), [r.stderr for r in shown.values()]
    return {args: result.stdout for args, result in shown.items()}


@pytest.fixture
def full_ledger(tmp_path, real_plan, monkeypatch):
    """A SQLite ledger with notes by several people, evidence (a binary file and a link), a postponement and the
    unit directory."""
    source = tmp_path / "source.db"
    monkeypatch.setenv("LEDGER_DB", str(source))
    proof = tmp_path / "证明.bin"
    proof.write_bytes(bytes(range(256)) * 40 + "佐证".encode())
    steps = [("import", real_plan), ("done", "34", "--note", "已公开", "--by", "李四"),
             ("done", "1", "--note", "附件", "--evidence", proof, "--evidence", "https://www.example.gov.cn/1.html"),
             ("note", "21", "进展顺利", "--by", "王五"), ("cancel", "35", "--note", "不再适用"),
             ("--today", "2022-11-01", "postpone", "33", "--to", "2023-03-31", "--note", "等待", "--approved-by", "王局"),
             ("unit", "set", "办公室", "--email", "office@example.cn", "--leader", "张三"),
             ("unit", "alias", "局办公室", "办公室"), ("unit", "group", "甲组", "测管科", "法规科")]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)
    # The web page's tables: an account, and a unit's request waiting for the office.
    added = run("user", "add", "li", "--unit", "办公室", "--password-stdin", input="Li-Secret-2022\n")
    assert added.exit_code == 0, added.stderr
    from ledger.store import Store

    store = Store.open(source)
    try:
        store.add_request("plan_2022", 21, None, "done", "done-request", "已完成，请审核", "li", "办公室",
                          "2022-11-20T09:00:00+08:00", "2022-11-20", "2022-11-20", None, {"on": "2022-11-20"})
    finally:
        store.close()
    return source


def evidence_bytes(ledger, tmp_path, name):
    folder = tmp_path / name
    assert run("--db", ledger, "evidence", "1", "--save", folder).exit_code == 0
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_a_ledger_copied_there_and_back_reads_the_same(full_ledger, db, tmp_path):
    """SQLite → TO (a new file, or an empty PostgreSQL database) → SQLite: the same list, show and unit list,
    the same evidence bytes, and each table's rows and checksum printed equal on both sides."""
    there = run("copy", full_ledger, db)
    assert there.exit_code == 0, there.stderr
    lines = there.stdout.splitlines()[1:]
    from ledger.store.schema import TABLES

    assert [line.split(":")[0] for line in lines] == [table.name for table in TABLES]  # every table, web's too
    for line in lines:  # "notes: 6 rows, checksum X; in the copy 6 rows, checksum X"
        source_side, copy_side = line.split("; in the copy ")
        assert source_side.split(": ", 1)[1] == copy_side
    back = tmp_path / "back.db"
    assert run("copy", db, back).exit_code == 0
    shown = seen(full_ledger)
    assert "已完成，请审核" in shown[("review", "--format", "json")] and '"li"' in shown[("user", "list", "--format", "json")]
    assert seen(db) == shown == seen(back)
    kept = evidence_bytes(full_ledger, tmp_path, "a")
    assert kept == evidence_bytes(db, tmp_path, "b") == evidence_bytes(back, tmp_path, "c")
    assert kept["证明.bin"][:256] == bytes(range(256))


def test_notes_keep_their_author_and_time(full_ledger, db):
    assert run("copy", full_ledger, db).exit_code == 0
    import json

    notes = [json.loads(run("--db", ledger, "show", "21", "-f", "json").stdout)[0]["notes"]
             for ledger in (full_ledger, db)]
    progress = next(note for note in notes[1] if note["text"] == "进展顺利")
    assert notes[0] == notes[1] and progress["by"] == "王五" and progress["at"]


def test_a_copy_into_a_ledger_that_holds_data_is_refused_and_writes_nothing(full_ledger, db, real_plan):
    assert run("--db", db, "import", real_plan).exit_code == 0
    before = dump(db)
    result = run("copy", full_ledger, db)
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "already holds data" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before


def test_a_ledger_copied_onto_itself_is_refused(full_ledger):
    result = run("copy", full_ledger, full_ledger)
    assert result.exit_code == 1 and "same ledger" in result.stderr


def test_an_interrupted_copy_leaves_the_target_as_it_was(full_ledger, db, monkeypatch):
    """A failure after some tables were written: nothing stays (no table on PostgreSQL, no file for SQLite)."""
    from ledger.store import copy as copying

    written = []
    real_rows = copying._rows

    def fail_at_the_notes(conn, table):
        if table.name == "notes":
            raise KeyboardInterrupt
        if table.name not in written:
            written.append(table.name)
        return real_rows(conn, table)

    monkeypatch.setattr(copying, "_rows", fail_at_the_notes)
    before = dump(db) if isinstance(db, str) else None
    result = run("copy", full_ledger, db)
    assert result.exit_code != 0 and written == ["plans", "tasks", "task_units"]
    if isinstance(db, str):
        assert dump(db) == before == []
    else:
        assert not db.exists() and list(db.parent.glob("*.part*")) == []


def test_an_older_ledger_is_copied_without_being_upgraded_in_place(tmp_path, db):
    import shutil
    import sqlite3

    old = tmp_path / "v4.db"
    shutil.copy(ROOT / "tests" / "fixtures" / "schema_v4.db", old)
    before = dump(old)
    assert run("copy", old, db).exit_code == 0
    assert dump(old) == before and sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == 4
    assert run("--db", db, "unit", "list", "-f", "json").exit_code == 0


def test_the_backup_of_a_ledger_is_a_sqlite_file_of_the_whole_ledger(full_ledger, db, tmp_path):
    assert run("copy", full_ledger, db).exit_code == 0
    saved = tmp_path / "saved.db"
    result = run("--db", db, "backup", saved)
    assert result.exit_code == 0, result.stderr
    assert seen(saved) == seen(db)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [5, 40, 120])
def test_a_copy_killed_midway_leaves_the_target_as_it_was(full_ledger, db, kill_after):
    """kill -9 after the copy has written `kill_after` rows: the target stays empty (a PostgreSQL server ends
    the dead client's transaction; a SQLite copy is written beside its name)."""
    driver = (
        "import os, signal, sys\n"
        "from ledger.store import copy as copying\n"
        "real, count = copying._Tally.passing, [0]\n"
        "def passing(self, rows):\n"
        "    for row in real(self, rows):\n"
        "        count[0] += 1\n"
        f"        if count[0] == {kill_after}: os.kill(os.getpid(), signal.SIGKILL)\n"
        "        yield row\n"
        "copying._Tally.passing = passing\n"
        "from ledger.cli import run\n"
        "sys.argv = ['ledger', 'copy', sys.argv[1], sys.argv[2]]\n"
        "run()\n")
    before = dump(db) if isinstance(db, str) else None
    done = subprocess.run([sys.executable, "-c", driver, str(full_ledger), str(db)], capture_output=True, timeout=120,
                          env=os.environ.copy())
    assert done.returncode == -signal.SIGKILL, done.stderr
    if isinstance(db, str):
        assert dump(db) == before == []
    else:
        assert not db.exists()
