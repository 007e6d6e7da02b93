"""The Council's meeting calendar and the mapping of simulated days to dates.

Day 0 is the scenario's start date; simulated time is in days. Council meetings follow
:class:`CalendarSpec` — by default the General Affairs Council about monthly,
none in August [S], Coreper weekly [M] (``docs/eu-rules.md`` §8) — plus the
scenario's extra meetings on known dates. Calendars are computed once per (start, horizon,
spec, look-ahead) and cached; lookups are binary searches. A calendar reaches far enough past
the horizon for every lookup a run makes (:data:`MARGIN_DAYS` plus the look-ahead); a lookup
beyond it, or in a calendar without meetings, raises :class:`~sim.errors.InputError` (the
scenario's validation rules both out).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from pydantic import Field, field_validator

from sim.errors import InputError
from sim.spec import Spec, Unique, repeated_entries


class Meeting(Spec):
    """An extra Council meeting (a JHA Council, an extraordinary session) on a known date."""

    date: dt.date = Field(description="the meeting's date [date]")
    name: str = Field("Council", description="the meeting's name, as the story tells it [text]")



class CalendarSpec(Spec):
    """When the Council and Coreper meet (``docs/eu-rules.md`` §8).

    By default the General Affairs Council meets on the third Tuesday of each month except
    August [S: about monthly, none in August]; Coreper meets every Wednesday [M].
    ``skip_months`` must leave the Council at least one month a year to meet in;
    ``extra_meetings`` fall on distinct dates.
    """

    council_name: str = Field("General Affairs Council",
                              description="name of the regular Council meeting [text]")
    council_week: Annotated[int, Field(ge=1, le=4)] = Field(
        3, description="week of the month the Council meets in, 1-4 [week]")
    council_weekday: Annotated[int, Field(ge=0, le=6)] = Field(
        1, description="weekday the Council meets on, Monday = 0 [weekday]")
    skip_months: Annotated[tuple[Annotated[int, Field(ge=1, le=12)], ...], Unique] = Field(
        (8,), description="months without a Council meeting, 1-12 [months]")
    coreper_weekday: Annotated[int, Field(ge=0, le=6)] = Field(
        2, description="weekday Coreper meets on every week, Monday = 0 [weekday]")
    extra_meetings: tuple[Meeting, ...] = Field(
        (), description="Council meetings on known dates (a JHA Council, ...) [meetings]")

    @field_validator("skip_months")
    @classmethod
    def _leaves_a_month(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if len(set(v)) >= 12:
            raise ValueError("skips all 12 months: the Council would never meet")
        return v

    @field_validator("extra_meetings")
    @classmethod
    def _distinct_dates(cls, v: tuple[Meeting, ...]) -> tuple[Meeting, ...]:
        repeats = repeated_entries([m.date for m in v])
        if repeats:
            raise ValueError("two meetings on "
                             f"{', '.join(d.isoformat() for d in repeats)}")
        return v



MARGIN_DAYS = 400
"""The calendar runs this far past the horizon plus the look-ahead: more than the longest
gap between two Council meetings (372 days when the calendar leaves a single month a year)
and a Coreper week, so every lookup a run makes finds a day."""


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
        if i == len(self.council_days):
            raise self._beyond("Council meeting", day)
        return self.council_days[i], self.council_names[i]

    def councils_between(self, first: float, last: float) -> list[tuple[int, str]]:
        """Council meetings with ``first <= day <= last``, in order."""
        i = bisect.bisect_left(self.council_days, first)
        j = bisect.bisect_right(self.council_days, last)
        return list(zip(self.council_days[i:j], self.council_names[i:j], strict=True))

    def next_coreper(self, day: float) -> int:
        """The first Coreper meeting on or after ``day``."""
        i = bisect.bisect_left(self.coreper_days, day)
        if i == len(self.coreper_days):
            raise self._beyond("Coreper meeting", day)
        return self.coreper_days[i]

    def _beyond(self, what: str, day: float) -> InputError:
        return InputError(f"no {what} on or after day {day:.0f} in the calendar from "
                          f"{self.start.isoformat()} ({len(self.dates)} days): check the "
                          "calendar's skip_months and the Council's delays")

    def is_council_day(self, day: float) -> bool:
        """Whether the Council meets on ``day``."""
        i = bisect.bisect_left(self.council_days, day)
        return i < len(self.council_days) and self.council_days[i] == day


@lru_cache(maxsize=32)
def build_calendar(start: dt.date, horizon_days: float, spec: CalendarSpec,
                   lookahead_days: float = 0.0) -> Calendar:
    """The calendar from ``start`` to ``horizon_days`` + ``lookahead_days`` +
    :data:`MARGIN_DAYS`.

    ``lookahead_days``: how far past a day on or before the horizon the run looks for a
    meeting (Coreper's minimum delay plus the agenda notice).
    """
    end = start + dt.timedelta(days=math.ceil(horizon_days + lookahead_days) + MARGIN_DAYS)
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
