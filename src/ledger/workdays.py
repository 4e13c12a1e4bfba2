"""Working days in China's official calendar, with its make-up working days (调休) (SPEC §10).

The calendar comes from `chinesecalendar`, which carries the State Council's yearly holiday notices.
It is imported only when a command shows warning lights. A year it has no data for is counted
Monday to Friday, and remembered in `missing_years` so that the command can warn once.
Pure apart from that record: dates in, numbers out, no clock.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate

WARN_WORKDAYS = 5  # yellow when due within this many working days (LEDGER_WARN_DAYS overrides)


class WorkCalendar:
    """Counts working days by subtraction: Monday to Friday by arithmetic, then the official exceptions
    (holidays on weekdays, make-up working days on weekends) found by bisection, so that a count costs
    the same however far apart its dates are. Built once per command; the library is read at the first question.
    """

    def __init__(self, warn_workdays: int = WARN_WORKDAYS) -> None:
        self.warn_workdays = warn_workdays
        self.missing_years: set[int] = set()
        self._loaded = False
        self._first_year = self._last_year = 0  # the years the library has data for
        self._exceptions: dict[int, bool] = {}  # day ordinal → working day, where it differs from Monday–Friday
        self._ordinals: list[int] = []  # the exceptions' ordinals, ascending
        self._adjustments: list[int] = []  # running sum over them: +1 a make-up working day, -1 a weekday off

    def is_workday(self, day: date) -> bool:
        self._note_years(day.year, day.year)
        return self._exceptions.get(day.toordinal(), day.weekday() < 5)

    def workdays_left(self, today: date, due: date) -> int:
        """The working days d with today < d <= due; when overdue, minus those with due < d <= today."""
        if due >= today:
            return self._count_after(today, due)
        return -self._count_after(due, today)

    def green_from(self, today: date) -> date:
        """The first due date that is green on `today`: the working day after the warning window."""
        day, counted = today, 0
        while counted <= self.warn_workdays:
            day += timedelta(days=1)
            counted += self.is_workday(day)
        return day

    def light(self, today: date, due: date | None, is_open: bool) -> tuple[int | None, str | None]:
        """(workdays_left, light) of an obligation; (None, None) when it is closed or has no date."""
        if due is None or not is_open:
            return None, None
        left = self.workdays_left(today, due)
        return left, light(left, due < today, self.warn_workdays)

    def _count_after(self, start: date, end: date) -> int:
        """Working days d with start < d <= end."""
        self._note_years(start.year, end.year)
        return self._up_to(end.toordinal()) - self._up_to(start.toordinal())

    def _up_to(self, ordinal: int) -> int:
        """Working days among the day ordinals 1 … ordinal (ordinal 1, 0001-01-01, is a Monday)."""
        weeks, rest = divmod(ordinal, 7)
        position = bisect_right(self._ordinals, ordinal)
        return weeks * 5 + min(rest, 5) + (self._adjustments[position - 1] if position else 0)

    def _note_years(self, first: int, last: int) -> None:
        """Read the library's data once; remember the years it has none for (counted Monday to Friday)."""
        if not self._loaded:
            self._load()
        if first < self._first_year or last > self._last_year:
            self.missing_years.update(year for year in range(first, last + 1)
                                      if not self._first_year <= year <= self._last_year)

    def _load(self) -> None:
        # 15 ms, against 110 ms for `holidays`: imported only when lights are shown
        from chinese_calendar.constants import holidays, workdays

        self._loaded = True
        self._first_year, self._last_year = min(holidays).year, max(holidays).year
        exceptions = {day.toordinal(): False for day in holidays if day.weekday() < 5}
        exceptions.update((day.toordinal(), True) for day in workdays if day.weekday() >= 5)
        self._exceptions = exceptions
        self._ordinals = sorted(exceptions)
        self._adjustments = list(accumulate(1 if exceptions[ordinal] else -1 for ordinal in self._ordinals))


def light(workdays_left: int | None, overdue: bool, warn_workdays: int = WARN_WORKDAYS) -> str | None:
    """red when overdue, yellow when due within `warn_workdays` working days, green otherwise; None undated."""
    if overdue:
        return "red"
    if workdays_left is None:
        return None
    return "yellow" if workdays_left <= warn_workdays else "green"
