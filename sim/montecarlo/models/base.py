"""The contract between a model and the Monte Carlo runner.

A *model* is one runnable scenario: the built-in :mod:`sim.models.single_vote`, or the
discrete-event engine's ``Scenario`` seen through :mod:`sim.models.engine`. The runner needs
only what :class:`Model` lists, so anything with that shape plugs in.

A run returns a :class:`RunResult` of flat records: one ``outcome`` row (the same keys in
every run, :data:`OUTCOME_KEYS`), one row per Council vote and one :class:`Event` per step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import numpy as np

from sim.engine.records import OUTCOME_KEYS, VOTE_WORDS, Event, RunResult

__all__ = ["OUTCOME_KEYS", "VOTE_WORDS", "Event", "Model", "RunResult", "Scalar"]


Scalar = bool | int | float | str
"""A parameter value: flat records hold scalars only."""

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
