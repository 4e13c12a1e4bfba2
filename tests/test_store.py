"""The store against real SQLite files in tmp_path."""
import sqlite3

import pytest

from conftest import dump
from ledger.store import migrations
from ledger.errors import Conflict, DatabaseError, NotFound
from ledger.importing import compare
from ledger.model import Status
from ledger.build import build_text
from ledger.store import SCHEMA_VERSION, Store, TaskFilter, location
pytestmark = pytest.mark.both_databases

AT, BY = "2026-11-26T09:00:00+08:00", "tester"
PLAN_V1 = "一、甲 |\n1.任务一 |\n办公室 |\n12月30日 |\n2.任务二 |\n法规科牵头,办公室配合 |\n长期 |\n"


def plan(text=PLAN_V1, year=2022):
    return build_text(text, "p.txt", "p", year)


def import_into(store, name, new_plan, source, at, by, dry_run=False):
    """What `ledger import` does with the store: importing.compare decides, the store writes."""
    def decide(stored, parsed):
        return compare(stored, parsed, name, source)

    if dry_run:
        return decide(store.stored_plan(name), new_plan)
    return store.import_plan(name, new_plan, source, at, by, compare=decide)



@pytest.fixture
def store(db):
    opened = Store.open(location(db), create=True)
    yield opened
    opened.close()


def test_schema_version_matches_the_migrations():
    assert SCHEMA_VERSION == migrations.LATEST


def test_new_database_is_created_with_its_folder_in_wal_mode(tmp_path):
    store = Store.open(tmp_path / "sub" / "ledger.db", create=True)
    assert (tmp_path / "sub" / "ledger.db").exists()
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_reading_a_missing_database_says_to_import_first(tmp_path):
    with pytest.raises(DatabaseError, match="import a plan first"):
        Store.open(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_first_import_stores_tasks_units_and_no_notes(store):
    report = import_into(store, "p", plan(), "p.txt", AT, BY)
    assert report.first_import and report.added == (1, 2)
    tasks = store.tasks(TaskFilter())
    assert [(t.number, t.status, [u.name for u in t.units], t.notes) for t in tasks] == [
        (1, Status.OPEN, ["办公室"], ()), (2, Status.OPEN, ["法规科", "办公室"], ())]
    assert str(tasks[0].deadline.due) == "2022-12-30"


def test_same_plan_twice_changes_nothing(store, db):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    before = dump(db)
    report = import_into(store, "p", plan(), "p.txt", "2027-01-01T00:00:00+08:00", BY)
    assert report.nothing_changed
    assert dump(db) == before


def test_reimport_updates_by_number_keeps_status_and_notes_and_records_changes(store):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    store.add_note("p", 1, "done", "完成", AT, BY)
    changed = PLAN_V1.replace("12月30日", "6月30日").replace("2.任务二 |\n法规科牵头,办公室配合 |\n长期 |\n", "")
    changed += "3.任务三 |\n测管科 |\n长期 |\n"
    report = import_into(store, "p", plan(changed), "p.txt", AT, BY)
    assert (report.added, report.removed, [number for number, _ in report.changed]) == ((3,), (2,), [1])
    task1 = store.task("p", 1)
    assert task1.status is Status.DONE
    assert [n.kind for n in task1.notes] == ["done", "import"]
    assert task1.notes[-1].text == ""  # no sentence in the store: the change is data, worded when shown
    assert task1.notes[-1].data == {"changes": [{"field": "deadline", "old": "12月30日", "new": "6月30日"},
                                                {"field": "due", "old": "2022-12-30", "new": "2022-06-30"}]}
    assert store.task("p", 3).notes[0].data == {"event": "added"}
    assert store.task("p", 2).notes[0].data == {"event": "removed"}
    assert store.task("p", 2).status is Status.REMOVED
    assert [t.number for t in store.tasks(TaskFilter())] == [1, 3]
    assert [t.number for t in store.tasks(TaskFilter(status="all"))] == [1, 2, 3]


def test_a_removed_task_keeps_its_units(store):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    units = store.task("p", 2).units
    assert [unit.name for unit in units] == ["法规科", "办公室"]
    import_into(store, "p", plan(PLAN_V1.split("2.任务二")[0]), "p.txt", AT, BY)
    removed = store.task("p", 2)
    assert removed.status is Status.REMOVED
    assert removed.units == units  # its history and the export still name who had it


def test_a_removed_task_that_comes_back_keeps_its_old_status(store):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    store.add_note("p", 2, "done", "", AT, BY)
    import_into(store, "p", plan(PLAN_V1.split("2.任务二")[0]), "p.txt", AT, BY)
    report = import_into(store, "p", plan(), "p.txt", AT, BY)
    assert report.returned == (2,)
    assert store.task("p", 2).status is Status.DONE


def test_status_follows_the_latest_status_note(store):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    for kind, status in (("done", Status.DONE), ("reopen", Status.OPEN), ("cancel", Status.CANCELLED),
                         ("reopen", Status.OPEN), ("note", Status.OPEN)):
        assert store.add_note("p", 1, kind, "x", AT, BY).status is status
    assert [n.kind for n in store.task("p", 1).notes] == ["done", "reopen", "cancel", "reopen", "note"]


@pytest.mark.parametrize("first, second", [("done", "done"), ("cancel", "cancel"), ("cancel", "done"),
                                           ("done", "cancel")])
def test_impossible_moves_are_refused_and_write_nothing(store, db, first, second):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    store.add_note("p", 1, first, "", AT, BY)
    before = dump(db)
    with pytest.raises(Conflict):
        store.add_note("p", 1, second, "", AT, BY)
    assert dump(db) == before


def test_reopening_an_open_task_is_refused(store):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    with pytest.raises(Conflict, match="already open"):
        store.add_note("p", 1, "reopen", "", AT, BY)


def test_unknown_task(store):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    with pytest.raises(NotFound, match="no task 99"):
        store.add_note("p", 99, "note", "", AT, BY)
    with pytest.raises(NotFound):
        store.task("p", 99)


def test_a_failing_import_leaves_the_database_as_it_was(store, db):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    store.add_note("p", 1, "note", "进展", AT, BY)
    before = dump(db)
    changed = plan(PLAN_V1.replace("任务一", "任务一改"))
    # The second task cannot be written (its text is NOT NULL): the first one's update must not stay either.
    broken = changed._replace(tasks=(changed.tasks[0], changed.tasks[1]._replace(text=None)))
    with pytest.raises(DatabaseError):
        import_into(store, "p", broken, "p.txt", AT, BY)
    assert dump(db) == before


def test_dry_run_writes_nothing(store, db):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    before = dump(db)
    report = import_into(store, "p", plan(PLAN_V1.replace("任务一", "任务一改")), "p.txt", AT, BY, dry_run=True)
    assert [number for number, _ in report.changed] == [1]
    assert dump(db) == before


def test_progress_by_unit_section_and_total(store):
    import_into(store, "p", plan(), "p.txt", AT, BY)
    store.add_note("p", 2, "done", "", AT, BY)
    from datetime import date

    counts = {row["unit"]: row for row in store.progress("unit", "p", date(2023, 1, 1))}
    assert counts["办公室"]["tasks"] == 2
    assert counts["办公室"]["roles"] == {"lead": 1, "implement": 0, "assist": 1, "guide": 0}
    assert (counts["办公室"]["open"], counts["办公室"]["overdue"], counts["办公室"]["done"]) == (1, 1, 1)
    assert counts["办公室"]["done_pct"] == 50.0
    (section,) = store.progress("section", "p", date(2023, 1, 1))
    assert (section["section"], section["tasks"], section["roles"]["lead"]) == ({"no": 1, "title": "甲"}, 2, 2)
    (total,) = store.progress("total", None, date(2023, 1, 1))
    assert (total["tasks"], total["done"], total["overdue"], total["roles"]["assist"]) == (2, 1, 1, 1)


def a_ledger_from_a_newer_version(path):
    Store.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def a_file_that_is_not_sqlite(path):
    path.write_text("这不是数据库" * 200)


@pytest.mark.parametrize("make, message", [(a_ledger_from_a_newer_version, "newer version"),
                                           (a_file_that_is_not_sqlite, "ledger database")])
def test_a_file_this_version_cannot_use_is_refused_untouched(tmp_path, make, message):
    path = tmp_path / "ledger.db"
    make(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match=message):
        Store.open(path, create=True)
    assert path.read_bytes() == before


def test_another_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not a ledger"):
        Store.open(path, create=True)


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="directory"):
        Store.open(tmp_path, create=True)


def test_an_empty_file_is_refused_for_reading_and_left_empty(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(DatabaseError, match="empty file"):
        Store.open(path)
    assert path.read_bytes() == b""


def test_an_import_makes_a_ledger_of_an_empty_file(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    Store.open(path, create=True).close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
