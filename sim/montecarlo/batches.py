"""Batches of replications: the plan, the tasks a worker runs, and collecting their results.

A :class:`Plan` says what to run; :func:`make_tasks` cuts what is still to do into tasks of
plain data; :func:`run_batch` runs one task anywhere (a worker process, a Dask worker);
:class:`Collector` keeps the completed batches and builds the sorted tables, so that the
tables never depend on how the work was split.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.montecarlo.models import Model, rebuild
from sim.montecarlo.models.base import Scalar
from sim.montecarlo.tables import (
    MonteCarloResult,
    done_replicates,
    merge_columns,
    runs_table,
    to_columns,
    votes_table,
)
from sim.rng import replication_seed, scenario_key

RULE_KEY = "rule"
"""A sweep key that sets ``simulate(rule=...)`` rather than a scenario parameter."""


@dataclass(frozen=True)
class Plan:
    """What to run: a model reference, root seed, points (parameter sets) and count."""

    source: str
    changes: dict[str, Scalar]
    scenario: str
    root_seed: int
    runs: int
    points: list[dict[str, Scalar]]
    rule: str | None = None

    def manifest(self, complete: bool, done: int, sweep_keys: Sequence[str]) -> dict[str, Any]:
        """The plain-data manifest for this plan."""
        return {"format": "eusim-montecarlo/1", "complete": complete,
                "scenario": self.scenario, "source": self.source, "changes": self.changes,
                "rule": self.rule, "root_seed": self.root_seed, "runs": self.runs,
                "points": self.points, "sweep_keys": list(sweep_keys),
                "replications_done": done,
                "replications_requested": self.runs * len(self.points)}


def run_batch(task: Mapping[str, Any]) -> dict[str, Any]:
    """Run one batch (a worker's task); plain data in, plain data out.

    ``task`` holds ``source``, ``changes``, ``rule``, ``root_seed``, ``scenario``, ``point``
    and ``replicates``; the result holds ``outcomes`` and ``votes``, flat records as
    columns (:func:`sim.results.to_columns`) tagged with ``point`` and ``replicate`` (votes
    also with ``vote``, their number within the run).
    """
    model = rebuild(task["source"], task["changes"])
    point = task["point"]
    outcomes: list[dict[str, Any]] = []
    votes: list[dict[str, Any]] = []
    for rep in task["replicates"]:
        seed = replication_seed(task["root_seed"], task["scenario"], rep)
        result = model.simulate(seed, rule=task["rule"])
        outcomes.append({"point": point, "replicate": rep, **result.outcome})
        votes.extend({"point": point, "replicate": rep, "vote": i, **row}
                     for i, row in enumerate(result.votes))
    return {"outcomes": to_columns(outcomes), "votes": to_columns(votes)}


def split_point(point: Mapping[str, Scalar],
                rule: str | None) -> tuple[dict[str, Scalar], str | None]:
    """A point's scenario changes, and its rule (a ``rule`` key overrides ``rule``)."""
    changes = {k: v for k, v in point.items() if k != RULE_KEY}
    return changes, str(point[RULE_KEY]) if RULE_KEY in point else rule


def make_tasks(plan: Plan, done: Mapping[int, set[int]], size: int,
           models: Sequence[Model]) -> list[dict[str, Any]]:
    """Tasks of at most ``size`` replications each, for what is not ``done``."""
    tasks = []
    for p, point in enumerate(plan.points):
        _, rule = split_point(point, plan.rule)
        source, changes = models[p].reference()
        todo = [r for r in range(plan.runs) if r not in done.get(p, set())]
        for start in range(0, len(todo), size):
            tasks.append({"source": source, "changes": changes, "rule": rule,
                          "root_seed": plan.root_seed, "scenario": plan.scenario,
                          "point": p, "replicates": todo[start:start + size]})
    return tasks


class Collector:
    """Completed batches, the replicates they cover, and the tables they make."""

    def __init__(self, plan: Plan, params: dict[int, dict[str, Scalar]],
                 previous: MonteCarloResult | None, progress: Callable[[int], None] | None,
                 on_batch: Callable[[int], None] | None) -> None:
        self.plan, self.params, self.previous = plan, params, previous
        self.progress, self.on_batch = progress, on_batch
        self.done = done_replicates(previous.runs) if previous is not None else {}
        self.kept: list[dict[str, Any]] = []

    def keep(self, result: dict[str, Any]) -> None:
        """Record one batch's result and report it."""
        self.kept.append(result)
        reps = result["outcomes"]["replicate"]
        for point, rep in zip(result["outcomes"]["point"], reps, strict=True):
            self.done.setdefault(point, set()).add(rep)
        if self.progress is not None:
            self.progress(len(reps))
        if self.on_batch is not None:
            self.on_batch(len(self.kept))

    def left(self) -> int:
        """Replications still to run."""
        return sum(self.plan.runs - len(self.done.get(p, ())) for p in range(len(self.plan.points)))

    def result(self, complete: bool) -> MonteCarloResult:
        """The tables so far (sorted, fixed dtypes) and the manifest."""
        plan, previous = self.plan, self.previous
        seeds: dict[str, Scalar] = {"root_seed": plan.root_seed, "scenario": plan.scenario,
                                    "scenario_key": scenario_key(plan.scenario)}
        # batches in replicate order, so the columns' order does not depend on the split
        kept = sorted(self.kept, key=lambda r: (r["outcomes"]["point"][0],
                                                r["outcomes"]["replicate"][0]))
        outcomes = merge_columns([r["outcomes"] for r in kept])
        votes = merge_columns([r["votes"] for r in kept if r["votes"]])
        runs = runs_table(outcomes, self.params, seeds, previous.runs if previous else None)
        table = votes_table(votes, previous.votes if previous else None)
        keys = sorted({k for pt in plan.points for k in pt})
        manifest = plan.manifest(complete, len(runs), keys)
        manifest["parameters_digest"] = parameters_digest(self.params)
        return MonteCarloResult(runs, table, manifest)


def parameters_digest(params: Mapping[int, Mapping[str, Scalar]]) -> str:
    """SHA-256 of every point's parameters: a resumed run must see the same scenario."""
    text = json.dumps({str(p): dict(v) for p, v in sorted(params.items())}, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


