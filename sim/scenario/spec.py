"""The scenario spec: one complete, validated, immutable :class:`Scenario`.

A :class:`Scenario` says everything one run needs: the start date and horizon, the
Council's calendar and decision rule, the member states' behaviour, the candidate country's
state (from data), the issue at stake, the Commission's ladder and delays, and the measures'
parameters. It is validated once — every problem reported together, each with its dotted
path — and then immutable; :meth:`Scenario.with_changes` derives validated variants.

Every number that is not law is a documented parameter; the docstrings of the fields say
what it means and its unit. Durations are in days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from sim.behaviour import BehaviourSpec
from sim.council.members import available_years
from sim.council.rules import RULES
from sim.engine.calendar import CalendarSpec
from sim.errors import InputError
from sim.procedures.accession.spec import CandidateSpec, CommissionSpec, IssueSpec, MeasuresSpec
from sim.scenario.paths import assign, flatten
from sim.spec import MAX_DAYS, SimpleName, Spec, format_errors


def _check_rule(name: str) -> str:
    if name not in RULES:
        raise ValueError(f"unknown rule {name!r} (rules: {', '.join(RULES)})")
    return name




def _check_year(year: int | None) -> int | None:
    if year is not None and year not in available_years():
        years = ", ".join(map(str, available_years()))
        raise ValueError(f"no population table for {year} (available: {years})")
    return year



FIRST_START = dt.date(1900, 1, 1)
"""Earliest start date accepted."""
LAST_DAY = dt.date(9000, 12, 31)
"""No run reaches past this day: the start plus the horizon must fall on or before it."""


def _check_start(day: dt.date) -> dt.date:
    if not FIRST_START <= day <= LAST_DAY:
        raise ValueError(f"start must lie between {FIRST_START} and {LAST_DAY}, got {day}")
    return day


StartDate = Annotated[dt.date, AfterValidator(_check_start)]
RuleName = Annotated[str, AfterValidator(_check_rule)]
PopulationYear = Annotated[int | None, AfterValidator(_check_year)]
MAX_LOOKAHEAD_DAYS = 365.0
"""Most days a Council step may look ahead (Coreper's minimum delay, the agenda notice)."""
Lookahead = Annotated[float, Field(ge=0.0, le=MAX_LOOKAHEAD_DAYS)]



class CouncilSpec(Spec):
    """How the Council decides on the measures (``docs/eu-rules.md`` §1, §3, §8).

    ``rule``: ``rqmv`` as in the Dutch answer of 6 Dec 2022 [S/M]; ``qmv`` as in the older
    negotiating frameworks; ``unanimity`` as at the intergovernmental conference.
    ``decision``: ``meeting`` — the proposal goes through Coreper to the next Council
    meeting; ``window`` — (reverse rules only) it is deemed adopted unless rejected within
    ``window_days`` of the proposal, at a meeting in the window or else by written procedure
    on its last day. ``coreper_min_days``: days between a proposal and its examination in
    Coreper. ``agenda_notice_days``: the provisional agenda is circulated at least 14 days
    before a meeting [M]. Both are at most :data:`MAX_LOOKAHEAD_DAYS` (the calendar is built
    that far past the horizon). ``population_year``: a year with a shipped population table
    (:func:`sim.council.available_years`; ``None``: the newest).
    """

    population_year: PopulationYear = None
    rule: RuleName = "rqmv"
    decision: Literal["meeting", "window"] = "meeting"
    window_days: Annotated[float, Field(gt=0.0, le=MAX_DAYS)] = 30.0
    coreper_min_days: Lookahead = 7.0
    agenda_notice_days: Lookahead = 14.0
    calendar: CalendarSpec = CalendarSpec()



class Note(Spec):
    """A historical event on a known date, narrated in the story; it changes nothing."""

    date: dt.date
    actor: str
    text: str



class Scenario(Spec):
    """One complete, validated, immutable scenario.

    ``name``: a simple name (letters, digits, ``_``, ``-``): it names the result files.
    ``start``: the date of simulated day 0 (from :data:`FIRST_START`). ``horizon_days``: how
    long a run lasts (the run ends on or before :data:`LAST_DAY`). ``about``: what it covers
    and where its numbers come from.
    """

    name: SimpleName
    title: str = ""
    about: str = ""
    start: StartDate
    horizon_days: Annotated[float, Field(gt=0.0, le=MAX_DAYS)]
    council: CouncilSpec = CouncilSpec()
    behaviour: BehaviourSpec = BehaviourSpec()
    candidate: CandidateSpec
    issue: IssueSpec
    commission: CommissionSpec = CommissionSpec()
    measures: MeasuresSpec = MeasuresSpec()
    notes: tuple[Note, ...] = ()

    _compiled: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _ends_in_time(self) -> Scenario:
        end = self.start + dt.timedelta(days=math.ceil(self.horizon_days))
        if end > LAST_DAY:
            raise ValueError(f"start {self.start} plus {self.horizon_days:g} days ends after "
                             f"{LAST_DAY}")
        return self

    def with_changes(self, changes: Mapping[str, Any]) -> Scenario:
        """A validated copy with each ``"dotted.path": value`` replaced.

        An unknown path or an invalid value raises :class:`InputError`.
        """
        data = self.model_dump()
        for path, value in changes.items():
            assign(data, type(self), path, value, self.name)
        return scenario_from_dict(data, source=f"scenario {self.name}")

    def parameters(self) -> dict[str, bool | int | float | str]:
        """Every scalar knob as ``{"dotted.path": value}`` (sequences and unset options omitted).

        Dates appear as ISO strings; any of these paths can be passed to
        :meth:`with_changes`.
        """
        out: dict[str, bool | int | float | str] = {}
        flatten(self.model_dump(), "", out)
        return out



def scenario_from_dict(data: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """Validate ``data`` into a :class:`Scenario`; every error at once as :class:`InputError`."""
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(format_errors(exc, source)) from None


