"""Working days in China's official calendar, with its make-up working days (调休) (SPEC §10).

The calendar comes from `chinesecalendar`, which carries the State Council's yearly holiday notices.
It is imported only when a command shows warning lights. A year it has no data for is counted
Monday to Friday, and remembered in `missing_years` so that the command can warn once.
Pure apart from that record: dates in, numbers out, no clock.
"""
from __future__ import annotations

from datetime import date, timedelta

WARN_WORKDAYS = 5  # yellow when due within this many working days (LEDGER_WARN_DAYS overrides)


class WorkCalendar:
    """Counts working days; built once per command, it remembers what it has looked up."""

    def __init__(self, warn_workdays: int = WARN_WORKDAYS) -> None:
        self.warn_workdays = warn_workdays
        self._calendar = None  # chinese_calendar, imported at the first question
        self._is_workday: dict[date, bool] = {}
        self._totals: dict[int, list[int]] = {}
        self.missing_years: set[int] = set()

    def is_workday(self, day: date) -> bool:
        known = self._is_workday.get(day)
        if known is None:
            if self._calendar is None:
                import chinese_calendar  # 15 ms, against 110 ms for `holidays`: only when lights are shown

                self._calendar = chinese_calendar
            try:
                known = self._calendar.is_workday(day)
            except NotImplementedError:  # a year after (or before) the data the library carries
                self.missing_years.add(day.year)
                known = day.weekday() < 5
            self._is_workday[day] = known
        return known

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
        """Working days d with start < d <= end, from per-year running totals (many rows, few years)."""
        if start.year == end.year:
            return self._running(end) - self._running(start)
        between = sum(self._year_total(year) for year in range(start.year + 1, end.year))
        return self._year_total(start.year) - self._running(start) + between + self._running(end)

    def _running(self, day: date) -> int:
        """Working days from 1 January of day's year up to and including day."""
        return self._running_totals(day.year)[day.timetuple().tm_yday - 1]

    def _year_total(self, year: int) -> int:
        return self._running_totals(year)[-1]

    def _running_totals(self, year: int) -> list[int]:
        totals = self._totals.get(year)
        if totals is None:
            totals, count, day = [], 0, date(year, 1, 1)
            while day.year == year:
                count += self.is_workday(day)
                totals.append(count)
                day += timedelta(days=1)
            self._totals[year] = totals
        return totals

def light(workdays_left: int | None, overdue: bool, warn_workdays: int = WARN_WORKDAYS) -> str | None:
    """red when overdue, yellow when due within `warn_workdays` working days, green otherwise; None undated."""
    if overdue:
        return "red"
    if workdays_left is None:
        return None
    return "yellow" if workdays_left <= warn_workdays else "green"
