"""The contract between a model and the Monte Carlo runner.

A *model* is one runnable scenario: the built-in :mod:`sim.models.single_vote`, or the
discrete-event engine's ``Scenario`` seen through :mod:`sim.models.engine`. The runner needs
only what :class:`Model` lists, so anything with that shape plugs in.

A run returns a :class:`RunResult` of flat records: one ``outcome`` row (the same keys in
every run, :data:`OUTCOME_KEYS`), one row per Council vote and one :class:`Event` per step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

Scalar = bool | int | float | str
"""A parameter value: flat records hold scalars only."""

OUTCOME_KEYS: tuple[str, ...] = (
    "measure", "rule", "proposed", "adopted", "time_to_decision_days", "n_reject",
    "pop_reject_share", "realigned", "realigned_day", "eur_withheld", "measures_adopted",
    "final_status",
)
"""Keys of :attr:`RunResult.outcome` shared by every model (a model may add more)."""

VOTE_VALUES: tuple[str, ...] = ("not-participating", "yes", "no", "abstain")
"""Vote labels in ``vote_<CODE>`` columns, indexed by :class:`sim.rules.Vote` code."""


@dataclass(frozen=True)
class Event:
    """One step of a run: when (simulated day and calendar date), who, what."""

    day: float
    date: str
    actor: str
    event: str
    details: str = ""


@dataclass(frozen=True)
class RunResult:
    """Flat records of one run.

    Attributes
    ----------
    outcome : dict
        One row; keys at least :data:`OUTCOME_KEYS` (NaN / False / "" where meaningless).
    votes : list of dict
        One row per Council vote: ``day``, ``date``, ``procedure``, ``measure``, ``rule``,
        ``adopted``, ``n_reject``, ``pop_reject_share`` and ``vote_<CODE>`` per member
        (values from :data:`VOTE_VALUES`; ``no`` = against the measure).
    events : list of Event
        Every step, in time order.
    """

    outcome: dict[str, Any]
    votes: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@runtime_checkable
class Model(Protocol):
    """What the Monte Carlo runner needs from a scenario.

    ``reference()`` returns plain data ``(source, changes)`` such that
    ``sim.models.load_model(source).with_changes(changes)`` rebuilds an equal model: only
    that crosses process boundaries.
    """

    @property
    def name(self) -> str:
        """Scenario name; it keys the replication seeds, so variants share it."""
        ...

    def parameters(self) -> dict[str, Scalar]:
        """Every parameter, flat: dotted path -> scalar."""
        ...

    def with_changes(self, changes: Mapping[str, Scalar]) -> Model:
        """A validated copy with ``changes`` applied; an unknown path raises InputError."""
        ...

    def reference(self) -> tuple[str, dict[str, Scalar]]:
        """``(source, changes)``: plain data from which the model can be rebuilt."""
        ...

    def simulate(self, seed: np.random.SeedSequence | int, *,
                 rule: str | None = None) -> RunResult:
        """One run from ``seed``; ``rule`` overrides the decision rule of every vote."""
        ...
