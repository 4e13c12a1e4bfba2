"""Plans across years (SPEC §12): one plan per year, never merged; archive, remove, carry."""
import json
import sqlite3
from pathlib import Path
from datetime import date

import pytest

from conftest import REAL_PLAN, dump, ledger_rows, run
from ledger.errors import Conflict, InputError
from ledger.importing import compare, default_plan_name
from ledger.messages import use_language
from ledger.model import FieldChange, Note, Status
from ledger.build import build_text
from ledger.render.notes import change_text, note_text
from ledger.store import Store, StoredPlan, StoredTaskFields, TaskFilter, task_fields

pytestmark = pytest.mark.both_databases

AT, BY = "2026-11-26T09:00:00+08:00", "tester"
SMALL = "一、甲 |\n1.任务一 |\n办公室 |\n12月30日 |\n2.任务二 |\n法规科牵头,办公室配合 |\n长期 |\n"


def small(year=2022, text=SMALL):
    return build_text(text, "p.txt", "p", year)


def plan_of(year: int) -> str:
    """The real plan's text as the plan of `year` (its years all moved by the same amount)."""
    text = REAL_PLAN.read_text(encoding="utf-8")
    for old in (2023, 2022):
        text = text.replace(f"{old}年", f"{old + year - 2022}年")
    return text


@pytest.fixture
def two_years(tmp_path, db):
    """plan.txt of 2022 imported, task 34 done; then plan.txt of 2023 under the same file name."""
    (tmp_path / "2022").mkdir()
    (tmp_path / "2023").mkdir()
    for year in (2022, 2023):
        (tmp_path / str(year) / "plan.txt").write_text(plan_of(year), encoding="utf-8")
    assert run("import", tmp_path / "2022" / "plan.txt").exit_code == 0
    assert run("done", "34", "--note", "已发布").exit_code == 0
    result = run("import", tmp_path / "2023" / "plan.txt")
    assert result.exit_code == 0, result.stderr
    return tmp_path


# -- pure: names, the comparison, the wording of history ---------------------------------------------------


@pytest.mark.parametrize("stem, year, name", [
    ("plan", 2023, "plan_2023"), ("工作要点", 2022, "工作要点_2022"), ("plan_2022", 2022, "plan_2022"),
    ("2023年政务公开工作要点", 2023, "2023年政务公开工作要点"), ("plan_v12345", 2022, "plan_v12345_2022"),
    ("plan_2022", 2023, "plan_2022"),  # a year in the name is the user's choice; the import then checks it
])
def test_the_default_plan_name_gets_the_year_when_the_file_name_has_none(stem, year, name):
    assert default_plan_name(stem, year) == name


def stored(plan, year=None, carried=()):
    return StoredPlan(year or plan.year, {task.number: StoredTaskFields(True, False, task_fields(task))
                                          for task in plan.tasks}
                      | {number: StoredTaskFields(True, True, ("x",) * 9) for number in carried})


def test_comparing_a_file_of_another_year_with_a_plan_is_an_error():
    with pytest.raises(Conflict, match=r"^plan p holds 2022; f.txt is a 2023 plan — import it with --plan "
                                       r"ANOTHER_NAME$"):
        compare(stored(small(2022)), small(2023), "p", "f.txt")


def test_a_first_import_adds_every_task_and_a_same_file_changes_nothing():
    assert compare(None, small(), "p", "f.txt").added == (1, 2)
    assert compare(stored(small()), small(), "p", "f.txt").nothing_changed


def test_changes_are_data_field_old_new():
    changes = compare(stored(small()), small(text=SMALL.replace("12月30日", "6月30日")), "p", "f.txt")
    assert changes.changed == ((1, (FieldChange("deadline", "12月30日", "6月30日"),
                                    FieldChange("due", "2022-12-30", "2022-06-30"))),)


def test_carried_tasks_are_neither_matched_nor_removed():
    changes = compare(stored(small(), carried=(1001, 1002)), small(), "p", "f.txt")
    assert changes.nothing_changed


def test_a_file_task_with_a_carried_tasks_number_is_an_error():
    with pytest.raises(InputError, match="1001"):
        compare(stored(small(), carried=(1001,)), small(text=SMALL + "1001.任务三 |\n办公室 |\n长期 |\n"), "p", "f.txt")


@pytest.fixture
def chinese():
    use_language("zh")
    yield
    use_language("en")


def test_an_import_change_is_worded_in_the_readers_language(chinese):
    note = Note(AT, BY, "import", "", {"changes": [{"field": "deadline", "old": "12月30日", "new": "6月30日"}]})
    assert note_text(note) == "完成时限：12月30日 → 6月30日"
    use_language("en")
    assert note_text(note) == "deadline: 12月30日 → 6月30日"
    assert change_text(FieldChange("subsection", None, 2)) == "subsection: — → 2"


def test_old_english_import_notes_and_plain_notes_are_shown_as_they_are(chinese):
    assert note_text(Note(AT, BY, "import", "deadline: 2023年 3月1日 → 2023年 3月15日")) == (
        "deadline: 2023年 3月1日 → 2023年 3月15日")
    assert note_text(Note(AT, BY, "carry", "", {"to": {"plan": "plan_2023", "id": 1001}})) == (
        "已结转到计划 plan_2023，任务 1001")


# -- the store against real SQLite files ----------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "ledger.db", create=True)
    yield opened
    opened.close()


def import_into(store, name, plan):
    return store.import_plan(name, plan, "p.txt", AT, BY, compare=lambda old, new: compare(old, new, name, "p.txt"))


def test_a_file_of_another_year_changes_nothing_in_the_ledger(store):
    import_into(store, "p", small(2022))
    store.add_note("p", 1, "done", "完成", AT, BY)
    before = dump(store.location)
    with pytest.raises(Conflict):
        import_into(store, "p", small(2023))
    assert dump(store.location) == before


def test_carry_numbers_from_the_first_thousand_above_the_highest(store):
    import_into(store, "old", small(2022))
    import_into(store, "new", small(2023, SMALL.replace("2.任务二", "35.任务二")))
    store.add_note("old", 2, "done", "", AT, BY)
    assert [(task.old, task.new) for task in store.carry("old", "new", AT, BY)] == [(1, 1001)]
    carried = store.task("new", 1001)
    assert (carried.text, carried.deadline.due, carried.status) == ("任务一", date(2022, 12, 30), Status.OPEN)
    assert (carried.carried_from.plan, carried.carried_from.number) == ("old", 1)
    assert [unit.name for unit in carried.units] == ["办公室"]
    source = store.task("old", 1)
    assert source.status is Status.CARRIED
    assert [(note.kind, note.data) for note in source.notes] == [("carry", {"to": {"plan": "new", "id": 1001}})]
    store.add_note("old", 2, "reopen", "", AT, BY)
    assert [(task.old, task.new) for task in store.carry("old", "new", AT, BY)] == [(2, 2001)]  # 1001 is the highest


def test_a_carried_task_takes_no_more_status_changes_in_its_old_plan(store):
    import_into(store, "old", small(2022))
    import_into(store, "new", small(2023))
    store.carry("old", "new", AT, BY)
    with pytest.raises(Conflict, match="carried"):
        store.add_note("old", 1, "done", "", AT, BY)
    assert store.add_note("old", 1, "note", "仍可记录", AT, BY).status is Status.CARRIED


def test_a_reimport_of_the_target_keeps_its_carried_tasks(store):
    import_into(store, "old", small(2022))
    import_into(store, "new", small(2023))
    store.carry("old", "new", AT, BY)
    changes = import_into(store, "new", small(2023, SMALL.replace("任务二", "任务二改")))
    assert changes.removed == () and [number for number, _ in changes.changed] == [2]
    assert [task.number for task in store.tasks(TaskFilter(plan="new"))] == [1, 2, 1001, 1002]
    assert [unit.name for unit in store.task("new", 1002).units] == ["法规科", "办公室"]


def test_an_archived_plan_leaves_the_default_listings(store):
    import_into(store, "old", small(2022))
    import_into(store, "new", small(2023))
    store.archive_plan("old")
    assert {task.plan for task in store.tasks(TaskFilter())} == {"new"}
    assert {task.plan for task in store.tasks(TaskFilter(archived=True))} == {"old", "new"}
    assert len(store.tasks(TaskFilter(plan="old"))) == 2
    assert store.newest_plan() == "new"
    store.archive_plan("new")
    assert store.newest_plan() is None


def test_the_newest_plan_is_by_year_then_the_last_imported(store):
    import_into(store, "b", small(2023))
    import_into(store, "a", small(2022))
    assert store.newest_plan() == "b"
    store.import_plan("c", small(2023), "p.txt", "2026-11-27T09:00:00+08:00", BY,
                      compare=lambda old, new: compare(old, new, "c", "p.txt"))
    assert store.newest_plan() == "c"


def test_removing_a_plan_writes_a_backup_first_and_deletes_only_that_plan(store, tmp_path):
    import_into(store, "old", small(2022))
    import_into(store, "new", small(2023))
    store.add_note("old", 1, "done", "完成", AT, BY)
    before = dump(store.location)
    assert store.remove_plan("old", tmp_path / "backup.db", AT, BY) == (2, [])
    assert dump(tmp_path / "backup.db") == before
    assert store.plan_names() == ["new"]
    conn = sqlite3.connect(store.location)
    assert conn.execute("SELECT count(*) FROM notes WHERE plan = 'old'").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM task_units WHERE plan = 'old'").fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError):  # the history of a plan still there stays undeletable
        conn.execute("DELETE FROM tasks WHERE plan = 'new'")
    conn.close()


def test_a_ledger_left_in_rollback_mode_is_back_in_wal_after_any_open(tmp_path):
    path = tmp_path / "ledger.db"
    store = Store.open(path, create=True)
    import_into(store, "p", small())
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # as an interrupted bulk import of an older version left it
    conn.close()
    Store.open(path).close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- the commands, end to end --------------------------------------------------------------------------------


def test_importing_plan_txt_of_2022_then_of_2023_gives_two_plans(two_years):
    plans = json.loads(run("plans", "-f", "json").stdout)
    assert [(row["plan"], row["year"], row["tasks"]) for row in plans] == [("plan_2022", 2022, 35),
                                                                          ("plan_2023", 2023, 35)]
    assert json.loads(run("show", "34", "--plan", "plan_2022", "-f", "json").stdout)[0]["status"] == "done"
    assert json.loads(run("show", "34", "--plan", "2023", "-f", "json").stdout)[0]["status"] == "open"


def test_a_file_of_another_year_into_an_existing_plan_is_one_error_and_changes_nothing(two_years, db):
    before = dump(db)
    file = two_years / "2023" / "plan.txt"
    result = run("import", file, "--plan", "plan_2022")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (f"Error: plan plan_2022 holds 2022; {file} is a 2023 plan — import it with --plan "
                             f"ANOTHER_NAME\n")
    assert run("import", file, "--plan", "2022").stderr == result.stderr  # a year names the plan too
    assert dump(db) == before


def test_plan_accepts_a_year_only_when_one_plan_has_it(two_years, tmp_path):
    assert run("list", "--plan", "2022", "-f", "json").exit_code == 0
    assert run("import", tmp_path / "2022" / "plan.txt", "--plan", "again").exit_code == 0
    result = run("list", "--plan", "2022")
    assert result.exit_code == 1 and "several plans hold 2022: again, plan_2022" in result.stderr
    assert run("list", "--plan", "1999").exit_code == 1


def test_units_report_and_export_cover_the_newest_plan_and_say_so(two_years, tmp_path):
    for command in (("units",), ("report",), ("export", "-f", "json", "--output", tmp_path / "out.json")):
        result = run(*command, "-f", "json") if command[0] != "export" else run(*command)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith("Plan plan_2023 (the newest)"), command
    assert {row["plan"] for row in json.loads(run("report", "-f", "json").stdout)} == {"plan_2023"}
    assert {task["plan"] for task in json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))} == {
        "plan_2023"}
    every = run("report", "--plan", "all", "-f", "json")
    assert every.stderr == "" and {row["plan"] for row in json.loads(every.stdout)} == {"plan_2022", "plan_2023"}
    assert run("units", "--plan", "2022", "-f", "json").stderr == ""


def test_archive_hides_a_plan_from_list_and_due_but_plan_still_reaches_it(two_years):
    result = run("plan", "archive", "2022")
    assert result.exit_code == 0 and "Archived plan plan_2022" in result.stdout
    assert {task["plan"] for task in json.loads(run("list", "-f", "json").stdout)} == {"plan_2023"}
    assert {task["plan"] for task in json.loads(run("--today", "2024-06-01", "due", "-f", "json").stdout)} == {
        "plan_2023"}
    assert json.loads(run("show", "34", "--plan", "plan_2022", "-f", "json").stdout)[0]["status"] == "done"
    assert run("show", "34", "-f", "json").exit_code == 0  # the only plan not archived is the one meant
    assert [row["plan"] for row in json.loads(run("plan", "list", "-f", "json").stdout)] == ["plan_2023"]
    assert [row["archived"] for row in json.loads(run("plans", "--all", "-f", "json").stdout)] == [True, False]


def test_remove_needs_yes_then_writes_a_backup_and_prints_its_path(two_years, db):
    before, rows = dump(db), ledger_rows(db)
    refused = run("plan", "remove", "plan_2022")
    assert refused.exit_code == 1 and "--yes" in refused.stderr and dump(db) == before
    removed = run("plan", "remove", "plan_2022", "--yes")
    assert removed.exit_code == 0, removed.stderr
    backup = removed.stdout.strip().rsplit(": ", 1)[1]
    assert ledger_rows(Path(backup)) == rows  # a SQLite file, whichever database the ledger is in
    assert [row["plan"] for row in json.loads(run("plans", "-f", "json").stdout)] == ["plan_2023"]


def test_carry_moves_the_open_tasks_on_and_a_reimport_keeps_them(two_years):
    run("cancel", "35", "--plan", "plan_2022", "--note", "不再报送")
    result = run("carry", "2022", "--to", "plan_2023")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Carried 33 open tasks of plan_2022 into plan_2023 as tasks 1001–1033.\n"
    carried = json.loads(run("--today", "2023-01-05", "show", "1033", "--plan", "2023", "-f", "json").stdout)[0]
    assert carried["carried_from"] == {"plan": "plan_2022", "id": 33}
    assert carried["deadline"]["due"] == "2022-12-30" and carried["overdue"] is True  # overdue from the start
    old = json.loads(run("show", "33", "--plan", "2022", "-f", "json").stdout)[0]
    assert old["status"] == "carried" and old["notes"][-1]["kind"] == "carry"
    assert old["notes"][-1]["text"] == "carried to plan plan_2023 as task 1033"
    again = run("import", two_years / "2023" / "plan.txt")
    assert again.exit_code == 0 and "No changes" in again.stdout
    assert len(json.loads(run("list", "--plan", "2023", "-f", "json").stdout)) == 68


def test_a_file_task_numbered_like_a_carried_task_is_an_error(two_years, tmp_path, db):
    run("carry", "plan_2022", "--to", "plan_2023")
    before = dump(db)
    bigger = tmp_path / "2023" / "plan.txt"
    bigger.write_text(plan_of(2023) + "1001.新增任务 |\n办公室 |\n长期 |\n", encoding="utf-8")
    result = run("import", bigger)
    assert result.exit_code == 1 and result.stderr.startswith("Error:") and "1001" in result.stderr
    assert dump(db) == before


def test_a_changed_deadline_shows_in_the_history_as_data(two_years, tmp_path):
    changed = tmp_path / "2023" / "plan.txt"
    changed.write_text(plan_of(2023).replace("2024年 3月1日", "2024年 3月15日"), encoding="utf-8")
    assert run("import", changed).exit_code == 0
    note = json.loads(run("show", "35", "--plan", "2023", "-f", "json").stdout)[0]["notes"][-1]
    assert note["kind"] == "import" and note["text"] == (
        "deadline: 2024年 3月1日 → 2024年 3月15日; due date: 2024-03-01 → 2024-03-15")
    assert note["data"]["changes"][0] == {"field": "deadline", "old": "2024年 3月1日", "new": "2024年 3月15日"}


def test_plans_and_plan_list_are_the_same_listing(two_years):
    assert run("plans", "-f", "json").stdout == run("plan", "list", "-f", "json").stdout


def test_with_one_plan_the_plan_covered_goes_unsaid(imported):
    result = run("units", "-f", "json")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("version", [3, 4])
def test_old_english_import_notes_read_as_written_after_an_upgrade(tmp_path, monkeypatch, version):
    import shutil

    from conftest import ROOT

    path = tmp_path / "old.db"
    shutil.copy(ROOT / "tests" / "fixtures" / f"schema_v{version}.db", path)
    monkeypatch.setenv("LEDGER_DB", str(path))
    shown = json.loads(run("show", "35", "--plan", "plan_2022", "-f", "json").stdout)[0]
    assert [(note["kind"], note["text"], note["data"]) for note in shown["notes"] if note["kind"] == "import"] == [
        ("import", "deadline: 2023年 3月1日 → 2023年 3月15日; due date: 2023-03-01 → 2023-03-15", None)]
    assert [row["plan"] for row in json.loads(run("plans", "-f", "json").stdout)] == ["header_columns_2022",
                                                                                      "plan_2022"]


def test_carried_tasks_are_listed_by_their_status_and_read_as_such_in_the_excel_ledger(two_years, tmp_path):
    import openpyxl
    run("carry", "plan_2022", "--to", "plan_2023")
    carried = json.loads(run("list", "--plan", "2022", "--status", "carried", "-f", "json").stdout)
    assert len(carried) == 34 and {task["status"] for task in carried} == {"carried"}
    output = tmp_path / "台账.xlsx"
    assert run("export", "-f", "xlsx", "--output", output, "--plan", "2022").exit_code == 0
    sheet = openpyxl.load_workbook(output).worksheets[0]
    assert "已结转" in {cell.value for row in sheet.iter_rows() for cell in row}


def test_in_chinese_a_refused_postpone_or_done_names_the_status_in_chinese(two_years):
    run("carry", "plan_2022", "--to", "plan_2023")
    use_language("zh")
    try:
        postponed = run("postpone", "33", "--plan", "2022", "--to", "2024-01-01", "--note", "r")
        done = run("done", "34", "--plan", "2022")
    finally:
        use_language("en")
    assert postponed.exit_code == 1 and "状态为 已结转" in postponed.stderr and "carried" not in postponed.stderr
    assert done.exit_code == 1 and "“已完成”" in done.stderr
    english = run("postpone", "34", "--plan", "2022", "--to", "2024-01-01", "--note", "r")
    assert english.exit_code == 1 and "is done;" in english.stderr


@pytest.mark.parametrize("plan_years, title", [
    ({"plan_2023": 2023}, "2023年度任务台账"),
    ({"b": 2022, "a": 2022}, "2022年度任务台账"),
    ({"plan_2022": 2022, "plan_2023": 2023}, "2022、2023年度任务台账"),  # each year, never the ledger's keys
    ({}, "任务台账"),
])
def test_the_ledger_sheets_title_names_the_plans_by_their_year(plan_years, title):
    from ledger.export import ledger_title

    assert ledger_title(plan_years) == title


def test_an_excel_export_with_carried_tasks_imports_back_as_the_plan_of_its_own_year(two_years, tmp_path):
    """Carried tasks (1001 …) mention 2022年: the export's title row names 2023, so 12月30日 stays 2023-12-30."""
    assert run("carry", "plan_2022", "--to", "plan_2023").exit_code == 0
    exported = tmp_path / "out.xlsx"
    assert run("export", "-f", "xlsx", "--plan", "plan_2023", "--output", exported).exit_code == 0
    before = json.loads(run("list", "--plan", "plan_2023", "-f", "json").stdout)
    assert any(task["id"] > 1000 and "2022年" in task["text"] for task in before)
    other = tmp_path / "other.db"
    for options, name in (((), "out_2023"), (("--plan", "rt23"), "rt23")):
        result = run("--db", other, "import", exported, *options)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith(f"Imported plan {name} from {exported}: 69 tasks")
        assert "Year 2023, from “2023年” in the title before the table, at table 1, row 1" in result.stdout
        after = json.loads(run("--db", other, "list", "--plan", name, "-f", "json").stdout)
        assert [(task["id"], task["deadline"]["due"]) for task in after] == [
            (task["id"], task["deadline"]["due"]) for task in before]
        own = {task["deadline"]["due"] for task in after if task["id"] < 1000 and task["deadline"]["raw"] == "12月30日"}
        assert own == {"2023-12-30"}
        carried = {task["deadline"]["raw"] for task in after if task["deadline"]["due"] == "2022-12-30"}
        assert carried == {"2022年12月30日"}  # a carried task's date of last year, its year written out


def test_removing_the_plan_carried_tasks_came_from_leaves_them_where_their_work_goes_on(two_years, db):
    run("carry", "plan_2022", "--to", "plan_2023")
    unconfirmed = run("plan", "remove", "plan_2023")
    assert unconfirmed.exit_code == 1 and "the 34 tasks carried into it from plan_2022 go back there, open" in (
        unconfirmed.stderr)
    assert run("plan", "remove", "plan_2022", "--yes").exit_code == 0
    carried = json.loads(run("show", "1001", "--plan", "plan_2023", "-f", "json").stdout)[0]
    assert carried["carried_from"] == {"plan": "plan_2022", "id": 1} and carried["status"] == "open"
    removed = run("plan", "remove", "plan_2023", "--yes")  # nothing left to give back
    assert removed.exit_code == 0 and removed.stdout.startswith("Removed plan plan_2023 and its 69 tasks.")
