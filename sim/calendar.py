"""The Council's meeting calendar and the mapping of simulated days to dates.

Day 0 is the scenario's start date; simulated time is in days. Council meetings follow
:class:`~sim.scenario.CalendarSpec` — by default the General Affairs Council about monthly,
none in August [S], Coreper weekly [M] (project notes ``eu-rules.md`` §8) — plus the
scenario's extra meetings on known dates. Calendars are computed once per (start, horizon,
spec) and cached; lookups are binary searches.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sim.scenario import CalendarSpec

MARGIN_DAYS = 400
"""The calendar runs this far past the horizon, so every lookup inside it finds a day."""


def nth_weekday(year: int, month: int, week: int, weekday: int) -> dt.date:
    """The ``week``-th (1-4) ``weekday`` (Monday 0) of ``month``."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (week - 1))


@dataclass(frozen=True)
class Calendar:
    """Meeting days (integers, ascending) and their names, for one run's time span."""

    start: dt.date
    council_days: tuple[int, ...]
    council_names: tuple[str, ...]
    coreper_days: tuple[int, ...]
    dates: tuple[str, ...]

    def date(self, day: float) -> str:
        """The ISO date of simulated ``day`` (precomputed inside the calendar's span)."""
        i = int(day)
        if 0 <= i < len(self.dates):
            return self.dates[i]
        return (self.start + dt.timedelta(days=i)).isoformat()

    def next_council(self, day: float) -> tuple[int, str]:
        """The first Council meeting on or after ``day``: (day, name)."""
        i = bisect.bisect_left(self.council_days, day)
        return self.council_days[i], self.council_names[i]

    def councils_between(self, first: float, last: float) -> list[tuple[int, str]]:
        """Council meetings with ``first <= day <= last``, in order."""
        i = bisect.bisect_left(self.council_days, first)
        j = bisect.bisect_right(self.council_days, last)
        return list(zip(self.council_days[i:j], self.council_names[i:j], strict=True))

    def next_coreper(self, day: float) -> int:
        """The first Coreper meeting on or after ``day``."""
        return self.coreper_days[bisect.bisect_left(self.coreper_days, day)]

    def is_council_day(self, day: float) -> bool:
        """Whether the Council meets on ``day``."""
        i = bisect.bisect_left(self.council_days, day)
        return i < len(self.council_days) and self.council_days[i] == day


@lru_cache(maxsize=32)
def build_calendar(start: dt.date, horizon_days: float, spec: CalendarSpec) -> Calendar:
    """The calendar from ``start`` to ``horizon_days`` (+ :data:`MARGIN_DAYS`)."""
    end = start + dt.timedelta(days=int(horizon_days) + MARGIN_DAYS)
    meetings: dict[int, str] = {}
    year, month = start.year, start.month
    while dt.date(year, month, 1) <= end:
        if month not in spec.skip_months:
            day = (nth_weekday(year, month, spec.council_week, spec.council_weekday)
                   - start).days
            if day >= 0:
                meetings[day] = spec.council_name
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for extra in spec.extra_meetings:
        day = (extra.date - start).days
        if day >= 0:
            meetings[day] = extra.name
    days = sorted(meetings)
    first_coreper = (spec.coreper_weekday - start.weekday()) % 7
    coreper = tuple(range(first_coreper, (end - start).days + 1, 7))
    span = (end - start).days + 1
    dates = tuple((start + dt.timedelta(days=i)).isoformat() for i in range(span))
    return Calendar(start, tuple(days), tuple(meetings[d] for d in days), coreper, dates)
