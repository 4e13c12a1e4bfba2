"""periods.py: every recurring phrase of SPEC §10 -> its periods, in a leap and a non-leap year."""
from datetime import date

import pytest

from ledger.deadlines import parse_deadline
from ledger.model import Kind
from ledger.periods import Period, periods, periods_of, recurrence

MONTHLY = ["每月", "按月", "每月底"]
QUARTERLY = ["每季度", "按季度", "每季", "每季度末"]
QUARTER_AFTER_15 = ["每季度结束后15日内", "每季度首月15日前", "季后15日内"]
HALF_YEARLY = ["每半年", "半年"]
YEARLY = ["每年", "按年", "每年度"]
EVERY_PHRASE = MONTHLY + QUARTERLY + QUARTER_AFTER_15 + HALF_YEARLY + YEARLY + ["每月10日前", "每月10日"]


def of(phrase, year):
    return periods(recurrence(phrase), year)


@pytest.mark.parametrize("phrase", EVERY_PHRASE)
def test_every_recurring_phrase_is_read_as_recurring(phrase):
    assert parse_deadline(phrase, 2022).kind is Kind.RECURRING
    assert parse_deadline(phrase, 2022).due is None


@pytest.mark.parametrize("phrase", ["上半年", "下半年", "年底", "12月30日", "每周", "每月40日", "长期"])
def test_dated_and_other_phrases_are_not_recurring(phrase):
    assert recurrence(phrase) is None
    assert parse_deadline(phrase, 2022).kind is not Kind.RECURRING


@pytest.mark.parametrize("phrase", MONTHLY)
@pytest.mark.parametrize("year, february_end", [(2022, 28), (2024, 29)])
def test_monthly_is_due_on_each_months_last_day(phrase, year, february_end):
    found = of(phrase, year)
    assert [period.key for period in found] == [f"{year}-{month:02d}" for month in range(1, 13)]
    assert found[0] == Period(f"{year}-01", date(year, 1, 31))
    assert found[1].due == date(year, 2, february_end)
    assert found[3].due == date(year, 4, 30)
    assert found[11].due == date(year, 12, 31)


@pytest.mark.parametrize("phrase", ["每月10日前", "每月10日"])
@pytest.mark.parametrize("year", [2022, 2024])
def test_monthly_by_day_n_is_due_on_day_n(phrase, year):
    assert [period.due for period in of(phrase, year)] == [date(year, month, 10) for month in range(1, 13)]


@pytest.mark.parametrize("year, february", [(2022, 28), (2024, 29)])
def test_a_day_the_month_lacks_falls_to_its_last_day(year, february):
    dues = [period.due for period in of("每月30日前", year)]
    assert dues[0] == date(year, 1, 30) and dues[1] == date(year, 2, february) and dues[3] == date(year, 4, 30)
    assert [period.due.day for period in of("每月31日", year)] == [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


@pytest.mark.parametrize("phrase", QUARTERLY)
@pytest.mark.parametrize("year", [2022, 2024])
def test_quarterly_is_due_on_each_quarters_last_day(phrase, year):
    assert of(phrase, year) == [Period(f"{year}-Q1", date(year, 3, 31)), Period(f"{year}-Q2", date(year, 6, 30)),
                                Period(f"{year}-Q3", date(year, 9, 30)), Period(f"{year}-Q4", date(year, 12, 31))]


@pytest.mark.parametrize("phrase", QUARTER_AFTER_15)
@pytest.mark.parametrize("year", [2022, 2024])
def test_after_the_quarter_is_n_days_after_its_last_day(phrase, year):
    assert of(phrase, year) == [Period(f"{year}-Q1", date(year, 4, 15)), Period(f"{year}-Q2", date(year, 7, 15)),
                                Period(f"{year}-Q3", date(year, 10, 15)), Period(f"{year}-Q4", date(year + 1, 1, 15))]


def test_after_the_quarter_counts_calendar_days():
    assert [period.due for period in of("季后10日内", 2024)] == [
        date(2024, 4, 10), date(2024, 7, 10), date(2024, 10, 10), date(2025, 1, 10)]


@pytest.mark.parametrize("phrase", HALF_YEARLY)
@pytest.mark.parametrize("year", [2022, 2024])
def test_half_yearly(phrase, year):
    assert of(phrase, year) == [Period(f"{year}-H1", date(year, 6, 30)), Period(f"{year}-H2", date(year, 12, 31))]


@pytest.mark.parametrize("phrase", YEARLY)
@pytest.mark.parametrize("year", [2022, 2024])
def test_yearly(phrase, year):
    assert of(phrase, year) == [Period(str(year), date(year, 12, 31))]


def test_full_width_and_spaced_phrases_are_read_like_the_plain_ones():
    assert parse_deadline("每月１０日前", 2022).kind is Kind.RECURRING
    assert parse_deadline("每季度 结束后 15 日内。", 2022).kind is Kind.RECURRING


@pytest.mark.parametrize("traditional, simplified", [("季後10日內", "季后10日内"), ("每季度結束後15日內", "每季度结束后15日内"),
                                                     ("每月１０日前", "每月10日前")])
def test_a_traditional_or_full_width_phrase_has_the_periods_of_its_simplified_form(traditional, simplified):
    """One normalisation: the deadline reader and the period reader agree, so a task read as recurring has periods."""
    assert parse_deadline(traditional, 2022).kind is Kind.RECURRING
    assert periods_of(traditional, 2022) == periods_of(simplified, 2022) != []


def test_a_traditional_periodic_task_is_open_and_due_after_import(tmp_path):
    """季後10日內 was read as recurring but got no periods: never due, and `done` said it was already done."""
    import json

    from conftest import run, write_plan

    path = write_plan(tmp_path, "一、公開 |\n1.季度報告。 | 辦公室 | 季後10日內 |\n")
    assert run("import", path).exit_code == 0
    shown = json.loads(run("show", "1", "--format", "json").stdout)[0]
    assert [period["key"] for period in shown["periods"]] == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
    overdue = run("--today", "2022-04-11", "overdue", "--format", "json")
    assert overdue.exit_code == 0, overdue.stderr + overdue.stdout
    assert [task["id"] for task in json.loads(overdue.stdout)] == [1]
    done = run("done", "1", "--period", "2022-Q1", "--note", "已报送")
    assert done.exit_code == 0, done.stderr
