"""workdays.py: China's working days with make-up days (调休), and the warning light they give."""
from datetime import date

import pytest

from ledger.workdays import WorkCalendar, light


@pytest.fixture(scope="module")
def calendar():
    return WorkCalendar()


@pytest.mark.parametrize("day, working", [
    (date(2022, 9, 30), True),    # Friday before National Day
    (date(2022, 10, 1), False), (date(2022, 10, 4), False), (date(2022, 10, 7), False),  # 国庆 off
    (date(2022, 10, 8), True), (date(2022, 10, 9), True),   # Saturday and Sunday made working days (调休)
    (date(2022, 10, 15), False),  # an ordinary Saturday
    (date(2023, 1, 21), False), (date(2023, 1, 27), False),  # 春节 2023 off
    (date(2023, 1, 28), True), (date(2023, 1, 29), True),   # its make-up weekend
    (date(2022, 1, 29), True), (date(2022, 2, 3), False),   # 春节 2022
])
def test_official_calendar_with_make_up_days(calendar, day, working):
    assert calendar.is_workday(day) is working


@pytest.mark.parametrize("today, due, left", [
    (date(2022, 9, 29), date(2022, 10, 10), 4),   # 9-30, 10-8, 10-9, 10-10
    (date(2022, 9, 30), date(2022, 10, 7), 0),    # the whole holiday adds nothing
    (date(2022, 9, 29), date(2022, 9, 29), 0),    # due today
    (date(2022, 10, 10), date(2022, 9, 29), -4),  # overdue: working days after due up to today
    (date(2022, 9, 29), date(2022, 12, 30), 63),  # 9-30, Oct 18, Nov 22, Dec 22
    (date(2023, 1, 20), date(2023, 1, 30), 3),    # 春节: 1-28, 1-29 (调休), 1-30
    (date(2022, 12, 30), date(2023, 1, 4), 2),    # over the new year: 1-3, 1-4
])
def test_workdays_left(calendar, today, due, left):
    assert calendar.workdays_left(today, due) == left


def test_a_year_without_data_counts_monday_to_friday_and_is_remembered():
    calendar = WorkCalendar()
    assert calendar.workdays_left(date(2099, 9, 28), date(2099, 10, 5)) == 5  # Mon 9-28 → Mon 10-5
    assert calendar.missing_years == {2099}
    assert calendar.workdays_left(date(2022, 9, 29), date(2022, 10, 10)) == 4
    assert calendar.missing_years == {2099}


@pytest.mark.parametrize("left, overdue, expected", [
    (-3, True, "red"), (0, False, "yellow"), (5, False, "yellow"), (6, False, "green"), (None, False, None),
])
def test_light(left, overdue, expected):
    assert light(left, overdue) == expected


def test_light_with_another_warning_window():
    assert light(8, False, warn_workdays=10) == "yellow"
    assert light(8, False, warn_workdays=3) == "green"
