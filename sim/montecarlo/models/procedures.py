"""Adapters: plug-in procedure scenarios and comparisons of routes as Monte Carlo models.

:class:`ProcedureModel` runs a :class:`~sim.scenario.procedure.ProcedureScenario` with
:func:`sim.procedures.runner.simulate`. :class:`RoutesModel` runs one route of a
:class:`~sim.scenario.procedure.Routes` comparison, chosen by the parameter ``route``; every
route is seeded as the comparison, so routes share their member-state draws. Each route's
outcome gains ``route`` and ``time_to_effect_days`` (days from the start until a measure
takes effect), so that routes can be compared column by column.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.errors import InputError
from sim.montecarlo.models.base import RunResult, Scalar


def _no_rule(rule: str | None, name: str) -> None:
    if rule is not None:
        raise InputError(f"{name}: --rule applies to accession-measures scenarios only (each "
                         "step of this procedure has the rule its article sets)")


@dataclass(frozen=True)
class ProcedureModel:
    """A plug-in procedure's scenario, where it came from and the changes applied since."""

    source: str
    scenario: Any
    changes: tuple[tuple[str, Scalar], ...] = field(default=())

    @property
    def name(self) -> str:
        """The scenario's name."""
        return str(self.scenario.name)

    def parameters(self) -> dict[str, Scalar]:
        """The scenario's flat parameters."""
        return dict(self.scenario.parameters())

    def with_changes(self, changes: Mapping[str, Scalar]) -> ProcedureModel:
        """A validated copy."""
        merged = dict(self.changes) | dict(changes)
        return ProcedureModel(self.source, self.scenario.with_changes(dict(changes)),
                              tuple(sorted(merged.items())))

    def reference(self) -> tuple[str, dict[str, Scalar]]:
        """``(source, changes)``."""
        return self.source, dict(self.changes)

    def simulate(self, seed: np.random.SeedSequence | int, *, rule: str | None = None
                 ) -> RunResult:
        """One run of the procedure."""
        from sim.procedures.runner import simulate

        _no_rule(rule, self.name)
        return simulate(self.scenario, seed)


def effect_day(route: Any, outcome: Mapping[str, Any]) -> float:
    """Days from the route's start until its first measure took effect (NaN: none)."""
    if "time_to_effect_days" in outcome:
        return float(outcome["time_to_effect_days"])
    date = str(outcome.get("decision_date") or "")
    if not outcome.get("adopted") or not date:
        return math.nan
    import datetime as dt

    return float((dt.date.fromisoformat(date) - route.start).days)


def contract_keys(row: dict[str, Any]) -> None:
    """Add the shared vote-record keys to an accession-measures Council vote row: ``step``
    (``measure`` or ``lifting``), ``body``, ``participants``, ``not_participating``,
    ``outcome``, ``n_no``, ``pop_no_share``."""
    codes = [k.removeprefix("vote_") for k, v in row.items()
             if k.startswith("vote_") and v == "not-participating"]
    members = sum(k.startswith("vote_") for k in row)
    row.update({"step": "lifting" if row.get("lifting") else "measure", "body": "council",
                "participants": members - len(codes), "not_participating": ",".join(codes),
                "outcome": "adopted" if row["adopted"] else "rejected",
                "n_no": row.get("n_reject", 0), "pop_no_share": row.get("pop_reject_share")})


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
        """``route`` only: a route's own parameters are set as ``LABEL.path``."""
        return {"route": self.label}

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
        from sim.scenario.procedure import ProcedureScenario

        scenario = self.routes.route(self.label)
        if isinstance(scenario, ProcedureScenario):
            from sim.procedures.runner import simulate as run_procedure

            _no_rule(rule, self.name)
            result = run_procedure(scenario, seed)
        else:
            from sim.engine.run import simulate as run_accession

            result = run_accession(scenario, seed, rule=rule)
        outcome = {"route": self.label, **result.outcome}
        outcome["time_to_effect_days"] = effect_day(scenario, result.outcome)
        outcome.setdefault("stopped_by", "")
        for row in result.votes:
            row.setdefault("variant", "")
            row["route"] = self.label
            if "body" not in row:
                contract_keys(row)
        return RunResult(outcome, result.votes, result.events)
