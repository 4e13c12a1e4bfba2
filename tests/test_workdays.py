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


def _calls(action) -> int:
    """Python function calls `action` makes (sys.setprofile counts each one): the same on every run."""
    import sys

    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


def test_working_days_cost_the_same_whatever_the_distance_from_the_plan():
    """`due` four years after the plan must not look up every day of five years (1,826 library calls)."""
    near, far = WorkCalendar(), WorkCalendar()
    near.workdays_left(date(2022, 6, 1), date(2022, 12, 30))  # both calendars load the library's data once
    far.workdays_left(date(2022, 6, 1), date(2022, 12, 30))
    one_year = _calls(lambda: near.workdays_left(date(2023, 6, 1), date(2022, 12, 30)))
    four_years = _calls(lambda: far.workdays_left(date(2026, 6, 1), date(2022, 12, 30)))
    assert four_years <= one_year + 10, (one_year, four_years)
    assert one_year <= 60, one_year
    first = _calls(lambda: WorkCalendar().workdays_left(date(2026, 6, 1), date(2022, 12, 30)))
    assert first <= 3_000, first  # loading the library's exceptions once, not a call per day


def test_counting_by_subtraction_agrees_with_the_library_day_by_day():
    import random

    import chinese_calendar

    calendar = WorkCalendar()
    rng = random.Random(21)
    first, last = date(2019, 1, 1).toordinal(), date(2026, 12, 31).toordinal()
    working = [chinese_calendar.is_workday(date.fromordinal(day)) for day in range(first, last + 1)]
    for _ in range(2_000):
        today, due = (date.fromordinal(rng.randint(first, last)) for _ in range(2))
        low, high = sorted((today.toordinal() - first, due.toordinal() - first))
        counted = sum(working[low + 1:high + 1])
        assert calendar.workdays_left(today, due) == (counted if due >= today else -counted), (today, due)
    assert calendar.missing_years == set()
    assert [calendar.is_workday(date.fromordinal(day)) for day in range(first, last + 1)] == working


def test_a_span_reaching_past_the_data_counts_those_years_monday_to_friday():
    calendar = WorkCalendar()
    # 2026-12-31 (Thursday) to 2031-01-01 (Wednesday): 2026's last day is a working day in the data,
    # then four years Monday to Friday (2027-2030: 261 + 261 + 260 + 261) and 2031-01-01.
    assert calendar.workdays_left(date(2026, 12, 30), date(2031, 1, 1)) == 1 + 261 + 261 + 260 + 261 + 1
    assert calendar.missing_years == {2027, 2028, 2029, 2030, 2031}
    assert calendar.green_from(date(2099, 12, 30)) == date(2100, 1, 7)  # Thu 12-31 + 5 weekdays, then the next
