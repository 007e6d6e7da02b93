"""A comparison of routes as a Monte Carlo model.

:class:`RoutesModel` runs one route of a :class:`~sim.scenario.routes.Routes` comparison,
chosen by the parameter ``route``, with the generic engine (:func:`sim.engine.run.simulate`);
every route is seeded as the comparison, so routes share their member-state draws. Each
route's outcome gains ``route`` and ``time_to_effect_days`` (days from the start until a
measure takes effect) in front of its own columns, so that routes can be compared column by
column; each vote record gains ``route``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.errors import InputError
from sim.montecarlo.models.base import RunResult, Scalar


def effect_day(route: Any, outcome: Mapping[str, Any]) -> float:
    """Days from the route's start until its first measure took effect (NaN: none)."""
    if "time_to_effect_days" in outcome:
        return float(outcome["time_to_effect_days"])
    date = str(outcome.get("decision_date") or "")
    if not outcome.get("adopted") or not date:
        return math.nan
    import datetime as dt

    return float((dt.date.fromisoformat(date) - route.start).days)


@dataclass(frozen=True)
class RoutesModel:
    """One route of a comparison (``route`` = its label; default the first)."""

    source: str
    routes: Any
    route: str = ""
    changes: tuple[tuple[str, Scalar], ...] = field(default=())

    @property
    def name(self) -> str:
        """The comparison's name: it keys the seeds of every route."""
        return str(self.routes.name)

    @property
    def label(self) -> str:
        """The route run by :meth:`simulate`."""
        return self.route or self.routes.labels[0]

    def points(self) -> list[dict[str, Scalar]]:
        """One parameter set per route, in order."""
        return [{"route": label} for label in self.routes.labels]

    def parameters(self) -> dict[str, Scalar]:
        """``route``, and each route parameter changed so far (``LABEL.path``)."""
        return {"route": self.label, **{k: v for k, v in self.changes if k != "route"}}

    def with_changes(self, changes: Mapping[str, Scalar]) -> RoutesModel:
        """Choose the route (``route``) or change one route's parameter (``LABEL.path``)."""
        routes, route = self.routes, self.route
        for path, value in changes.items():
            if path == "route":
                routes.route(str(value))
                route = str(value)
                continue
            label, _, rest = path.partition(".")
            if not rest:
                raise InputError(f"{self.name}: unknown parameter {path!r} (use route or "
                                 "LABEL.path)")
            new = routes.route(label).with_changes({rest: value})
            routes = routes.model_copy(update={"routes": {**routes.routes, label: new}})
        merged = dict(self.changes) | dict(changes)
        return RoutesModel(self.source, routes, route, tuple(sorted(merged.items())))

    def reference(self) -> tuple[str, dict[str, Scalar]]:
        """``(source, changes)``."""
        return self.source, dict(self.changes)

    def simulate(self, seed: np.random.SeedSequence | int, *, rule: str | None = None
                 ) -> RunResult:
        """One run of the chosen route, seeded as the comparison."""
        from sim.engine.run import simulate

        scenario = self.routes.route(self.label)
        result = simulate(scenario, seed, rule=rule)
        outcome = {"route": self.label, **result.outcome}
        outcome["time_to_effect_days"] = effect_day(scenario, result.outcome)
        outcome.setdefault("stopped_by", "")
        for row in result.votes:
            row["route"] = self.label
        return RunResult(outcome, result.votes, result.events)
