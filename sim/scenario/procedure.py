"""Scenarios of the plug-in procedures, and comparisons of routes on the same draws.

:class:`ProcedureScenario` names its ``procedure`` (a key of
:data:`sim.procedures.runner.ADAPTED`: those not yet ported onto :mod:`sim.engine`, whose
scenarios are :class:`~sim.scenario.spec.Scenario`) and carries that procedure's section.
:class:`Routes` puts several scenarios side by side — e.g. the accession measures and the
visa suspension mechanism under its 2017 and 2025 rules — to be run with the same
replication seeds, so that member states' draws are shared (common random numbers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, model_validator

from sim.behaviour import BehaviourSpec
from sim.engine.calendar import CalendarSpec
from sim.errors import InputError
from sim.procedures.agreement.spec import AgreementSpec
from sim.procedures.visa_suspension.spec import VisaSuspensionSpec
from sim.scenario.paths import assign, flatten
from sim.scenario.spec import Note, PopulationYear, Scenario
from sim.spec import Spec, format_errors

SECTIONS = {"visa-suspension": "visa_suspension", "agreement": "agreement"}
"""Procedure -> the name of its section in a scenario."""


class ProcedureScenario(Spec):
    """One validated, immutable scenario of a plug-in procedure.

    ``start``: the date of simulated day 0; ``horizon_days``: how long a run lasts (days);
    ``about``: what it covers and where its numbers come from.
    """

    name: str = Field(min_length=1, description="scenario name (keys the seeds) [name]")
    title: str = Field(default="", description="one-line title [text]")
    about: str = Field(
        default="", description="what it covers and where its numbers come from [text]")
    procedure: Literal["visa-suspension", "agreement"] = Field(
        description="the procedure run (registry key) [name]")
    start: dt.date = Field(description="date of simulated day 0 [date]")
    horizon_days: Annotated[float, Field(gt=0.0, le=36_500.0, allow_inf_nan=False)] = Field(
        description="length of a run [days]")
    population_year: PopulationYear = Field(default=None, description="population table (year; "
                                            "None: the newest) [year]")
    calendar: CalendarSpec = Field(
        default=CalendarSpec(), description="the Council's meetings [section]")
    behaviour: BehaviourSpec = Field(
        default=BehaviourSpec(), description="member states' votes [section]")
    visa_suspension: VisaSuspensionSpec | None = Field(default=None, description="section of the "
                                                       "visa-suspension procedure [section]")
    agreement: AgreementSpec | None = Field(default=None, description="section of the agreement "
                                            "procedure [section]")
    notes: tuple[Note, ...] = Field(default=(), description="historical events narrated on their "
                                    "dates [notes]")

    @model_validator(mode="after")
    def _has_its_section(self) -> ProcedureScenario:
        if getattr(self, SECTIONS[self.procedure]) is None:
            raise ValueError(f"procedure {self.procedure!r} needs a "
                             f"[{SECTIONS[self.procedure]}] section")
        return self

    def section(self) -> Any:
        """The procedure's own section."""
        return getattr(self, SECTIONS[self.procedure])

    def with_changes(self, changes: Mapping[str, Any]) -> ProcedureScenario:
        """A validated copy with each ``"dotted.path": value`` replaced."""
        data = self.model_dump()
        for path, value in changes.items():
            assign(data, type(self), path, value, self.name)
        return procedure_scenario(data, source=f"scenario {self.name}")

    def parameters(self) -> dict[str, bool | int | float | str]:
        """Every scalar knob as ``{"dotted.path": value}``."""
        out: dict[str, bool | int | float | str] = {}
        flatten(self.model_dump(), "", out)
        return out


def procedure_scenario(data: Mapping[str, Any], source: str = "scenario"
                       ) -> ProcedureScenario:
    """Validate ``data``; every error at once as :class:`InputError`."""
    try:
        return ProcedureScenario.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(format_errors(exc, source)) from None


class Routes(Spec):
    """Several scenarios run side by side on the same replication seeds.

    ``routes`` maps a short label (``accession``, ``visa-2017``, ...) to a scenario; a run
    of the comparison with ``route = LABEL`` is a run of that scenario, seeded as the
    comparison (its ``name``), so every route sees the same member-state draws.
    """

    name: str = Field(min_length=1, description="comparison name (keys the seeds) [name]")
    title: str = Field(default="", description="one-line title [text]")
    about: str = Field(
        default="", description="what it covers and where its numbers come from [text]")
    routes: dict[str, Scenario | ProcedureScenario] = Field(
        min_length=1, description="label -> scenario of that route [routes]")

    @property
    def labels(self) -> tuple[str, ...]:
        """The routes' labels, in order."""
        return tuple(self.routes)

    def route(self, label: str) -> Scenario | ProcedureScenario:
        """The scenario of route ``label``; an unknown label raises :class:`InputError`."""
        try:
            return self.routes[label]
        except KeyError:
            raise InputError(f"{self.name}: unknown route {label!r} (routes: "
                             f"{', '.join(self.routes)})") from None
