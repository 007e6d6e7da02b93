"""The contract between the engine and a procedure, and what the engine reads of a scenario.

A procedure is one folder ``sim/procedures/<name>/`` exposing ``PLUGIN``, an object
satisfying :class:`Procedure`, plus one line in ``sim/procedures/registry.py``. The engine
never imports a procedure: :func:`sim.engine.run.simulate` gets the plug-in from the scenario
(:attr:`ScenarioLike.plugin`), builds the generic :class:`~sim.engine.context.RunContext`,
calls ``plugin.start(ctx)``, runs to the horizon and asks ``plugin.outcome(ctx)`` for the
procedure's outcome columns.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pydantic

if TYPE_CHECKING:
    from sim.engine.context import RunContext

Scalar = bool | int | float | str


@runtime_checkable
class Procedure(Protocol):
    """A decision procedure the engine can run.

    Attributes
    ----------
    name : str
        Its registry key, e.g. ``"accession-measures"``; scenarios name it in ``procedure``.
    spec : type of pydantic.BaseModel
        Its own spec section: a frozen :class:`sim.spec.Spec` subclass whose fields a
        scenario of this procedure carries beside the generic ones.
    outcome_keys : tuple of str
        Its outcome columns, the same for every run.
    """

    name: str
    spec: type[pydantic.BaseModel]
    outcome_keys: tuple[str, ...]

    def start(self, ctx: RunContext) -> None:
        """Build the procedure's actors for this run and start their SimPy processes."""
        ...

    def outcome(self, ctx: RunContext) -> dict[str, Scalar]:
        """The run's procedure columns, exactly :attr:`outcome_keys`, after the horizon."""
        ...


class CouncilLike(Protocol):
    """The generic Council section of a scenario the engine reads."""

    @property
    def population_year(self) -> int | None: ...
    @property
    def rule(self) -> str: ...
    @property
    def coreper_min_days(self) -> float: ...
    @property
    def agenda_notice_days(self) -> float: ...
    @property
    def calendar(self) -> Any: ...


class ScenarioLike(Protocol):
    """What the engine reads of a scenario (:class:`sim.scenario.Scenario` provides it)."""

    @property
    def name(self) -> str: ...
    @property
    def start(self) -> dt.date: ...
    @property
    def horizon_days(self) -> float: ...
    @property
    def council(self) -> CouncilLike: ...
    @property
    def behaviour(self) -> Any: ...
    @property
    def notes(self) -> tuple[Any, ...]: ...
    @property
    def plugin(self) -> Procedure:
        """The scenario's procedure."""
        ...
