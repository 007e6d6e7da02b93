"""The scenario spec: one complete, validated, immutable :class:`Scenario`.

A :class:`Scenario` says everything one run needs: the procedure it runs
(``procedure``, a name in :data:`sim.procedures.registry.PROCEDURES`, by default the
accession measures), the start date and horizon, the Council's calendar and decision rule,
the member states' behaviour and historical notes — the generic sections — and the
procedure's own sections (for the accession measures: the candidate country's state, the
issue at stake, the Commission's ladder and delays, the measures' parameters), which come from
the procedure's ``spec``. ``Scenario(...)`` builds the class of the named procedure
(:func:`scenario_class`), so every scenario is an instance of :class:`Scenario`. It is
validated once — every problem reported together, each with its dotted path — and then
immutable; :meth:`Scenario.with_changes` derives validated variants.

Every number that is not law is a documented parameter; the docstrings of the fields say
what it means and its unit. Durations are in days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal, cast

from pydantic import (
    AfterValidator,
    Field,
    ValidationError,
    create_model,
    model_validator,
)

from sim.behaviour import BehaviourSpec
from sim.council.members import available_years
from sim.council.rules import RULES
from sim.engine.calendar import CalendarSpec
from sim.engine.plugin import Procedure
from sim.errors import InputError
from sim.procedures.registry import DEFAULT_PROCEDURE, get_procedure
from sim.scenario.paths import assign, field_at, flatten
from sim.spec import MAX_DAYS, SimpleName, Spec, format_errors, meaning_and_unit


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

    population_year: PopulationYear = Field(
        None, description="population table to count votes on; none: the table in force on "
        "each vote's date [year]")
    rule: RuleName = Field("rqmv", description="decision rule of the procedure's main votes "
                           "(rqmv, qmv, unanimity, ...) [rule]")
    decision: Literal["meeting", "window"] = Field(
        "meeting", description="meeting: the next Council meeting decides; window: deemed "
        "adopted unless rejected within window_days (reverse rules) [mode]")
    window_days: Annotated[float, Field(gt=0.0, le=MAX_DAYS)] = Field(
        30.0, description="length of the decision window after the proposal [days]")
    coreper_min_days: Lookahead = Field(
        7.0, description="shortest time from a proposal to its examination in Coreper [days]")
    agenda_notice_days: Lookahead = Field(
        14.0, description="the provisional agenda is circulated at least this long before a "
        "meeting [days]")
    calendar: CalendarSpec = Field(CalendarSpec(), description="when the Council and Coreper "
                                   "meet [section]")



class Note(Spec):
    """A historical event on a known date, narrated in the story; it changes nothing."""

    date: dt.date = Field(description="when it happened [date]")
    actor: str = Field(description="who acted [text]")
    text: str = Field(description="what happened [text]")



class Scenario(Spec):
    """One complete, validated, immutable scenario (the generic sections; the procedure's
    own sections are added by :func:`scenario_class`).

    ``procedure``: the procedure it runs. ``name``: a simple name (letters, digits, ``_``,
    ``-``): it names the result files. ``start``: the date of simulated day 0 (from
    :data:`FIRST_START`). ``horizon_days``: how long a run lasts (the run ends on or before
    :data:`LAST_DAY`). ``about``: what it covers and where its numbers come from.
    """

    name: SimpleName = Field(description="the scenario's name; it keys the "
                      "replication seeds [name]")
    title: str = Field("", description="one-line title for the story [text]")
    about: str = Field("", description="what it covers and where its numbers come from [text]")
    procedure: str = Field(DEFAULT_PROCEDURE, description="the procedure it runs [name]")
    start: StartDate = Field(description="the date of simulated day 0 [date]")
    horizon_days: Annotated[float, Field(gt=0.0, le=MAX_DAYS)] = Field(
        description="how long one run lasts [days]")
    council: CouncilSpec = Field(CouncilSpec(), description="how the Council decides [section]")
    behaviour: BehaviourSpec = Field(BehaviourSpec(), description="how member states vote and "
                                     "when they ask for measures [section]")
    notes: tuple[Note, ...] = Field((), description="historical events narrated on their "
                                    "dates; they change nothing [notes]")

    def __new__(cls, *args: Any, **data: Any) -> Scenario:
        """``Scenario(...)`` makes an instance of the named procedure's scenario class."""
        if cls is Scenario:
            cls = scenario_class(str(data.get("procedure", DEFAULT_PROCEDURE)))
        return super().__new__(cls)

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Scenario:
        """Validate ``obj`` into the scenario class of the procedure it names."""
        if cls is Scenario and isinstance(obj, Mapping):
            cls = scenario_class(str(obj.get("procedure", DEFAULT_PROCEDURE)))
        return super().model_validate(obj, *args, **kwargs)

    def __reduce__(self) -> Any:
        return (_rebuild, (self.model_dump(),))

    @property
    def plugin(self) -> Procedure:
        """The scenario's procedure plug-in."""
        return get_procedure(self.procedure)

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
        if not isinstance(changes, Mapping):
            raise TypeError(f"with_changes() takes a mapping of dotted paths to values, got "
                            f"{type(changes).__name__}")
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

    def describe_parameters(self) -> list[dict[str, Any]]:
        """Every parameter of :meth:`parameters` with its meaning and unit: a list of
        ``{"path", "value", "unit", "meaning"}`` in the same order."""
        rows = []
        for path, value in self.parameters().items():
            field = field_at(type(self), path)
            meaning, unit = meaning_and_unit(field.description if field else None)
            parent = field_at(type(self), path.rpartition(".")[0]) if "." in path else None
            within, parent_unit = meaning_and_unit(parent.description if parent else None)
            if within and parent_unit == unit:  # a delay's mean: say which delay
                meaning = f"{within}: {meaning}"
            rows.append({"path": path, "value": value, "unit": unit, "meaning": meaning})
        return rows


def _rebuild(data: dict[str, Any]) -> Scenario:
    return scenario_from_dict(data)


_CLASSES: dict[int, tuple[Procedure, type[Scenario]]] = {}


def _class_of(plugin: Procedure) -> type[Scenario]:
    """The scenario class of ``plugin``, made once per plug-in object."""
    known = _CLASSES.get(id(plugin))
    if known is not None and known[0] is plugin:
        return known[1]
    name = "".join(part.title() for part in plugin.name.replace("_", "-").split("-"))
    fields: dict[str, Any] = {"procedure": (Literal[plugin.name], Field(
        plugin.name, description="the procedure it runs [name]"))}
    model = cast(type[Scenario], create_model(f"{name}Scenario", __base__=(plugin.spec, Scenario),
                                              __module__=__name__, **fields))
    model.__doc__ = f"A scenario of the {plugin.name} procedure.\n\n{plugin.spec.__doc__ or ''}"
    _CLASSES[id(plugin)] = (plugin, model)
    return model


def scenario_class(procedure: str) -> type[Scenario]:
    """The scenario class of ``procedure``: the generic sections plus the procedure's spec.

    An unknown procedure raises :class:`InputError`."""
    return _class_of(get_procedure(procedure))


def scenario_from_dict(data: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """Validate ``data`` into a :class:`Scenario`; every error at once as :class:`InputError`."""
    if not isinstance(data, Mapping):
        raise TypeError(f"a scenario is built from a mapping, got {type(data).__name__}")
    procedure = data.get("procedure", DEFAULT_PROCEDURE)
    if not isinstance(procedure, str):
        raise InputError(f"{source}: procedure must be a name, got {procedure!r}")
    try:
        model = scenario_class(procedure)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(format_errors(exc, source)) from None


