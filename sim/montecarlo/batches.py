"""Batches of replications: the plan, the tasks a worker runs, and where their results go.

A :class:`Plan` says what to run; :func:`make_tasks` cuts what is still to do into tasks of
plain data, each a contiguous range of replicates of one point that never crosses a row
group of the canonical layout (:data:`~sim.montecarlo.tables.CHUNK`); :func:`run_batch`
runs one task anywhere (a worker process, a Dask worker) and returns Arrow tables;
:class:`Collector` hands each completed batch to the set writer
(:class:`~sim.montecarlo.store.SetWriter`) at once, so nothing accumulates in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from sim.montecarlo.manifest import FORMAT, Ranges, count
from sim.montecarlo.models import Model, rebuild
from sim.montecarlo.models.base import Scalar
from sim.montecarlo.store import SetWriter
from sim.montecarlo.tables import CHUNK, to_table
from sim.rng import replication_seed, scenario_key

RULE_KEY = "rule"
"""A sweep key that sets ``simulate(rule=...)`` rather than a scenario parameter."""
SEEDS = ("root_seed", "scenario", "scenario_key")
"""Columns that say how a row was drawn; an outcome of the same name gets ``outcome_``."""


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

    def manifest(self, parameters_digest: str) -> dict[str, Any]:
        """The plain-data plan part of the manifest."""
        return {"format": FORMAT, "scenario": self.scenario, "source": self.source,
                "changes": self.changes, "rule": self.rule, "root_seed": self.root_seed,
                "runs": self.runs, "points": self.points,
                "sweep_keys": sorted({k for pt in self.points for k in pt}),
                "replications_requested": self.runs * len(self.points),
                "parameters_digest": parameters_digest}


def run_batch(task: Mapping[str, Any]) -> dict[str, Any]:
    """Run one batch (a worker's task): plain data in, Arrow tables out.

    ``task`` holds ``source``, ``changes``, ``rule``, ``root_seed``, ``scenario``,
    ``point``, ``start`` and ``stop``; the result holds them back with ``runs`` (one row per
    replicate: ``point``, the seed columns, ``replicate``, the outcome) and ``votes``
    (``point``, ``replicate``, ``vote``, the vote record).
    """
    model = rebuild(task["source"], task["changes"])
    point, name = task["point"], task["scenario"]
    seeds = {"root_seed": task["root_seed"], "scenario": name, "scenario_key": scenario_key(name)}
    outcomes: list[dict[str, Any]] = []
    votes: list[dict[str, Any]] = []
    for rep in range(task["start"], task["stop"]):
        result = model.simulate(replication_seed(task["root_seed"], name, rep),
                                rule=task["rule"])
        outcome = {(f"outcome_{k}" if k in SEEDS else k): v for k, v in result.outcome.items()}
        outcomes.append({"point": point, **seeds, "replicate": rep, **outcome})
        votes.extend({"point": point, "replicate": rep, "vote": i, **row}
                     for i, row in enumerate(result.votes))
    return {"point": point, "start": task["start"], "stop": task["stop"],
            "runs": to_table(outcomes), "votes": to_table(votes)}


def split_point(point: Mapping[str, Scalar],
                rule: str | None) -> tuple[dict[str, Scalar], str | None]:
    """A point's scenario changes, and its rule (a ``rule`` key overrides ``rule``)."""
    changes = {k: v for k, v in point.items() if k != RULE_KEY}
    return changes, str(point[RULE_KEY]) if RULE_KEY in point else rule


def todo(done: Sequence[tuple[int, int]], runs: int) -> list[tuple[int, int]]:
    """The ranges of ``range(runs)`` not in ``done`` (sorted, disjoint ranges)."""
    out, at = [], 0
    for start, stop in done:
        if start > at:
            out.append((at, min(start, runs)))
        at = max(at, stop)
    if at < runs:
        out.append((at, runs))
    return [(a, b) for a, b in out if b > a]


def make_tasks(plan: Plan, done: Ranges, size: int,
               models: Sequence[Model]) -> list[dict[str, Any]]:
    """Tasks of at most ``size`` replications each, for what is not ``done``."""
    tasks = []
    for p, point in enumerate(plan.points):
        _, rule = split_point(point, plan.rule)
        source, changes = models[p].reference()
        for start, stop in todo(done.get(p, []), plan.runs):
            while start < stop:
                end = min(stop, start + size, (start // CHUNK + 1) * CHUNK)
                tasks.append({"source": source, "changes": changes, "rule": rule,
                              "root_seed": plan.root_seed, "scenario": plan.scenario,
                              "point": p, "start": start, "stop": end})
                start = end
    return tasks


class Collector:
    """Hands completed batches to the set writer and reports progress."""

    def __init__(self, plan: Plan, writer: SetWriter, progress: Callable[[int], None] | None,
                 on_batch: Callable[[int], None] | None) -> None:
        self.plan, self.writer = plan, writer
        self.progress, self.on_batch = progress, on_batch
        self.batches = 0

    @property
    def done(self) -> Ranges:
        """Replications written so far (with those of a resumed set)."""
        return self.writer.done

    def keep(self, result: Mapping[str, Any]) -> None:
        """Write one batch's tables and report it."""
        runs, votes = result["runs"], result["votes"]
        assert isinstance(runs, pa.Table) and isinstance(votes, pa.Table)
        self.writer.add(result["point"], result["start"], result["stop"], runs, votes)
        self.batches += 1
        if self.progress is not None:
            self.progress(result["stop"] - result["start"])
        if self.on_batch is not None:
            self.on_batch(self.batches)

    def left(self) -> int:
        """Replications still to run."""
        return self.plan.runs * len(self.plan.points) - count(self.done)
