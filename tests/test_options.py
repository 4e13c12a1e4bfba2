"""What a person types besides plan files: dates (exactly YYYY-MM-DD, one parser for every date option), bounds
on how far ahead to look, and LEDGER_WARN_DAYS."""
import json

import pytest

from conftest import dump, run

NOT_QUITE_DATES = ["20221201", "2023W104", "2023-W10-4", "2022-1-5", "2022-13-01", "2022-02-30", "2022-12-01T08:00",
                   "２０２２-12-01", "2022/12/01", ""]
# Every place a date is typed, with {date} where it goes.
DATE_PLACES = [("--today", "{date}", "overdue"), ("overdue", "--today", "{date}"), ("done", "34", "--on", "{date}"),
               ("postpone", "34", "--to", "{date}", "--note", "待批复")]


@pytest.mark.parametrize("place", DATE_PLACES, ids=[" ".join(place) for place in DATE_PLACES])
@pytest.mark.parametrize("value", NOT_QUITE_DATES)
def test_every_date_option_takes_exactly_yyyy_mm_dd(imported, db, place, value):
    before = dump(db)
    result = run(*(value if part == "{date}" else part for part in place))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "YYYY-MM-DD" in result.stderr and "internal error" not in result.stderr
    assert result.stdout == "" and dump(db) == before


def test_a_date_of_the_right_shape_is_taken(imported):
    done = run("--today", "2022-12-01", "done", "34", "--on", "2022-11-30", "--format", "json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)[0]["completed_on"] == "2022-11-30"
    moved = run("--today", "2022-12-01", "postpone", "33", "--to", "2023-02-28", "--note", "待批复", "--format", "json")
    assert moved.exit_code == 0, moved.stderr
    assert json.loads(moved.stdout)[0]["postponed"]["to"] == "2023-02-28"


def test_a_bad_today_from_the_environment_is_refused_like_the_option(imported, monkeypatch):
    monkeypatch.setenv("LEDGER_TODAY", "2022-1-5")
    result = run("overdue")
    assert result.exit_code == 2 and "LEDGER_TODAY" in result.stderr and "YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("command", ["due", "remind"])
def test_looking_far_ahead_has_a_bound_not_an_internal_error(imported, command):
    result = run(command, "--within", "99999999")
    assert result.exit_code == 2, result.stderr
    assert "99999999" in result.stderr and "9999" in result.stderr.replace("99999999", "")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert run("--today", "2022-06-01", command, "--within", "9999").exit_code == 0


def lights(*args, warn_days: str, monkeypatch) -> dict:
    monkeypatch.setenv("LEDGER_WARN_DAYS", warn_days)
    result = run("--today", "2022-12-23", "due", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {task["id"]: (task["workdays_left"], task["light"]) for task in json.loads(result.stdout)}


def test_ledger_warn_days_decides_when_a_task_turns_yellow(imported, monkeypatch):
    # 2022-12-23 is a Friday: task 29, due 2022-12-30, is five working days away.
    assert lights(warn_days="4", monkeypatch=monkeypatch)[29] == (5, "green")
    assert lights(warn_days="5", monkeypatch=monkeypatch)[29] == (5, "yellow")
    assert lights(warn_days="10", monkeypatch=monkeypatch)[29] == (5, "yellow")


def test_ledger_warn_days_unset_means_five_working_days(imported, monkeypatch):
    monkeypatch.delenv("LEDGER_WARN_DAYS", raising=False)
    result = run("--today", "2022-12-22", "due", "--format", "json")
    by_id = {task["id"]: task for task in json.loads(result.stdout)}
    assert (by_id[29]["workdays_left"], by_id[29]["light"]) == (6, "green")
    result = run("--today", "2022-12-23", "due", "--format", "json")
    assert {task["id"]: task["light"] for task in json.loads(result.stdout)}[29] == "yellow"


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", " 3"])
def test_a_bad_ledger_warn_days_is_one_error_line_where_lights_are_shown(imported, monkeypatch, value):
    monkeypatch.setenv("LEDGER_WARN_DAYS", value)
    for args in (("due", "--format", "json"), ("report",), ("due", "--format", "table")):
        result = run("--today", "2022-12-01", *args)
        assert result.exit_code == 1, (args, result.stderr)
        assert result.stderr == f"Error: LEDGER_WARN_DAYS must be a whole number of working days, not {value!r}\n"
    # Plain output has no lights: a cron job is not stopped by a setting it does not use.
    assert run("--today", "2022-12-01", "due", "--format", "plain").exit_code == 0
