"""Adapter: the discrete-event engine's ``Scenario`` as a :class:`sim.models.base.Model`.

The engine (``sim.scenario`` and ``sim.engine``) provides ``load_scenario(spec)``, an
immutable ``Scenario`` with ``name``, ``parameters()`` and ``with_changes(changes)``, and
``simulate(scenario, seed, *, rule=None) -> RunResult``. This adapter adds the one thing
the Monte Carlo runner needs beyond that: :meth:`EngineModel.reference`, the plain data
``(source, changes)`` that rebuilds the scenario in another process. Both engine modules
are imported only when a scenario is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.montecarlo.models.base import Scalar

INLINE = "inline-scenario:"
"""Prefix of the source of a scenario given as an object: the JSON of the scenario follows."""


@dataclass(frozen=True)
class EngineModel:
    """An engine scenario plus where it came from and the changes applied since."""

    source: str
    scenario: Any
    changes: tuple[tuple[str, Scalar], ...] = field(default=())

    @classmethod
    def load(cls, source: str) -> Any:
        """Load ``source`` with ``sim.scenario.load_scenario``, or rebuild an inline
        scenario (:data:`INLINE` followed by its JSON, see :meth:`from_scenario`). A
        comparison of routes gives a :class:`~sim.montecarlo.models.routes.RoutesModel`."""
        if source.startswith(INLINE):
            from sim.scenario import scenario_from_dict

            return cls(source, scenario_from_dict(json.loads(source[len(INLINE):]),
                                                  source="inline scenario"))
        from sim.montecarlo.models.routes import RoutesModel
        from sim.scenario import load_scenario
        from sim.scenario.routes import Routes

        scenario = load_scenario(source)
        if isinstance(scenario, Routes):
            return RoutesModel(source, scenario)
        return cls(source, scenario)

    @classmethod
    def from_scenario(cls, scenario: Any) -> EngineModel:
        """A model of a scenario object a script built (not loaded from a file): its source
        is the scenario itself as JSON, so that workers and ``--resume`` rebuild it."""
        return cls(INLINE + scenario.model_dump_json(), scenario)

    @property
    def name(self) -> str:
        """The scenario's name."""
        return str(self.scenario.name)

    def parameters(self) -> dict[str, Scalar]:
        """The scenario's flat parameters."""
        return dict(self.scenario.parameters())

    def with_changes(self, changes: Mapping[str, Scalar]) -> EngineModel:
        """A validated copy (the scenario validates; unknown paths raise InputError)."""
        merged = dict(self.changes) | dict(changes)
        return EngineModel(self.source, self.scenario.with_changes(dict(changes)),
                           tuple(sorted(merged.items())))

    def reference(self) -> tuple[str, dict[str, Scalar]]:
        """``(source, changes)``."""
        return self.source, dict(self.changes)

    def simulate(self, seed: np.random.SeedSequence | int, *, rule: str | None = None) -> Any:
        """``sim.engine.run.simulate(scenario, seed, rule=rule)``."""
        from sim.engine.run import simulate

        return simulate(self.scenario, seed, rule=rule)
