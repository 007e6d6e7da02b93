"""Monte Carlo replications of a model, on any backend, bit-identical whatever the split.

Replication ``r`` of a run under root seed ``root`` uses
``sim.rng.replication_seed(root, model.name, r)``, i.e.
``SeedSequence(root, spawn_key=(scenario_key(name), r))``. Replications are grouped into
batches (tasks of roughly :data:`TARGET_BATCH_SECONDS`), the batches run on a backend
(:mod:`sim.backends`), and the rows are sorted by replicate id, so the tables do not depend
on the number of workers, the backend or the batch size. Parameter variants (a sweep, or
rules compared) keep the model's name and so reuse the same seeds: common random numbers.

Ctrl-C keeps the completed batches: :class:`Interrupted` carries a partial
:class:`~sim.results.MonteCarloResult` (``complete`` false), and :func:`resume` continues
it to the requested count with results identical to an uninterrupted run.

Examples
--------
>>> from sim.montecarlo import run_replications
>>> result = run_replications("single_vote", runs=20, seed=7)
>>> len(result.runs), result.root_seed
(20, 7)
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.backends import choose_backend, mapped
from sim.errors import InputError
from sim.models import Model, load_model, rebuild
from sim.models.base import Scalar
from sim.results import (
    MonteCarloResult,
    done_replicates,
    merge_columns,
    runs_table,
    to_columns,
    votes_table,
)
from sim.rng import fresh_root, replication_seed, scenario_key
from sim.rules import rule_spec

TARGET_BATCH_SECONDS = 0.2
"""Aim for tasks at least this long, so scheduling costs stay small against the work."""
PILOT_REPLICATIONS = 4
"""Replications timed in this process to size the batches (their results are kept)."""
RULE_KEY = "rule"
"""A sweep key that sets ``simulate(rule=...)`` rather than a scenario parameter."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run; :attr:`partial` holds the completed batches."""

    def __init__(self, partial: MonteCarloResult) -> None:
        super().__init__("interrupted")
        self.partial = partial


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


def _split(point: Mapping[str, Scalar], rule: str | None) -> tuple[dict[str, Scalar], str | None]:
    """A point's scenario changes, and its rule (a ``rule`` key overrides ``rule``)."""
    changes = {k: v for k, v in point.items() if k != RULE_KEY}
    return changes, str(point[RULE_KEY]) if RULE_KEY in point else rule


def _tasks(plan: Plan, done: Mapping[int, set[int]], size: int,
           models: Sequence[Model]) -> list[dict[str, Any]]:
    """Tasks of at most ``size`` replications each, for what is not ``done``."""
    tasks = []
    for p, point in enumerate(plan.points):
        _, rule = _split(point, plan.rule)
        source, changes = models[p].reference()
        todo = [r for r in range(plan.runs) if r not in done.get(p, set())]
        for start in range(0, len(todo), size):
            tasks.append({"source": source, "changes": changes, "rule": rule,
                          "root_seed": plan.root_seed, "scenario": plan.scenario,
                          "point": p, "replicates": todo[start:start + size]})
    return tasks


class _Collector:
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


def _variants(plan: Plan, model: Model) -> list[Model]:
    """The model at each point, every change and rule checked (InputError otherwise)."""
    if plan.runs < 1:
        raise InputError(f"--runs must be at least 1, got {plan.runs}")
    models = []
    for point in plan.points:
        changes, rule = _split(point, plan.rule)
        if rule is not None:
            rule_spec(rule)
        models.append(model.with_changes(changes) if changes else model)
    return models


def _batch_size(collector: _Collector, models: Sequence[Model], workers: int) -> int:
    """Replications per task for about :data:`TARGET_BATCH_SECONDS`, from a timed pilot.

    The pilot's replications are kept like any batch; at least two tasks per worker remain.
    """
    pilot = _tasks(collector.plan, collector.done, PILOT_REPLICATIONS, models)[:1]
    if not pilot:
        return 1
    started = time.perf_counter()
    collector.keep(run_batch(pilot[0]))
    per_run = (time.perf_counter() - started) / len(pilot[0]["replicates"])
    return max(1, min(math.ceil(TARGET_BATCH_SECONDS / max(per_run, 1e-9)),
                      math.ceil(collector.left() / (2 * workers))))


def _execute(plan: Plan, model: Model, previous: MonteCarloResult | None, *, workers: int,
             backend: str | None, scheduler: str | None, batch_size: int | None,
             progress: Callable[[int], None] | None,
             on_batch: Callable[[int], None] | None,
             on_start: Callable[[Plan], None] | None) -> MonteCarloResult:
    """Run what ``plan`` still needs beyond ``previous``; see :func:`run_replications`."""
    backend = choose_backend(backend, workers, scheduler)
    if batch_size is not None and batch_size < 1:
        raise InputError(f"batch size must be at least 1, got {batch_size}")
    models = _variants(plan, model)
    params = {p: m.parameters() for p, m in enumerate(models)}
    if previous is not None:
        saved = previous.manifest.get("parameters_digest")
        if saved is not None and saved != parameters_digest(params):
            raise InputError(f"scenario {plan.source!r} has changed since these results were "
                             "made: start a new run instead of --resume")
    collector = _Collector(plan, params, previous, progress, on_batch)
    if on_start is not None:
        on_start(plan)  # every input checked: nothing below fails on bad input
    try:
        size = batch_size or _batch_size(collector, models, workers)
        tasks = _tasks(plan, collector.done, size, models)
        with mapped(run_batch, tasks, backend, workers, scheduler) as results:
            for _, result in results:
                collector.keep(result)
    except KeyboardInterrupt:
        raise Interrupted(collector.result(complete=False)) from None
    return collector.result(complete=True)


def _model(model: Model | str) -> Model:
    return load_model(model) if isinstance(model, str) else model


def choose_root(seed: int | None) -> int:
    """``seed`` checked (an int in [0, 2**63)), or a fresh root when ``None``."""
    if seed is None:
        return fresh_root()
    if not 0 <= seed < 1 << 63:
        raise InputError(f"seed must be an integer in [0, 2**63), got {seed}")
    return int(seed)


def run_replications(model: Model | str, runs: int, *, seed: int | None = None,
                     rule: str | None = None, workers: int = 1, backend: str | None = None,
                     scheduler: str | None = None, batch_size: int | None = None,
                     progress: Callable[[int], None] | None = None,
                     on_batch: Callable[[int], None] | None = None,
                     on_start: Callable[[Plan], None] | None = None) -> MonteCarloResult:
    """``runs`` replications of ``model``.

    Parameters
    ----------
    model : Model or str
        A model, or a spec for :func:`sim.models.load_model`.
    runs : int
        Number of replications (>= 1).
    seed : int, optional
        Root seed in [0, 2**63); default: fresh entropy (stored in the result's manifest).
    rule : str, optional
        Decision rule for every vote (default: the model's own).
    workers : int
        Parallel workers (processes, or Dask workers of a local cluster).
    backend : {"serial", "processes", "dask"}, optional
        Default: ``processes`` when ``workers`` > 1, ``dask`` when ``scheduler`` is given.
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:port``).
    batch_size : int, optional
        Replications per task; default sized from a timed pilot to about
        :data:`TARGET_BATCH_SECONDS`. Never changes the results.
    progress : callable, optional
        Called with the number of replications each completed batch adds.
    on_batch : callable, optional
        Called with the count of completed batches after each one (a hook for tests).
    on_start : callable, optional
        Called with the :class:`Plan` once every input has been checked, before any work.

    Raises
    ------
    Interrupted
        On Ctrl-C, carrying the completed batches as a partial result.
    """
    model = _model(model)
    source, changes = model.reference()
    plan = Plan(source, changes, model.name, choose_root(seed), runs, [{}], rule)
    return _execute(plan, model, None, workers=workers, backend=backend, scheduler=scheduler,
                    batch_size=batch_size, progress=progress, on_batch=on_batch,
                    on_start=on_start)


def run_sweep(model: Model | str, points: Sequence[Mapping[str, Scalar]], runs: int, *,
              seed: int | None = None, rule: str | None = None,
              **options: Any) -> MonteCarloResult:
    """``runs`` replications at each parameter set of ``points``, with common random numbers.

    Every point reuses the same replication seeds, so differences between points come from
    the parameters, not from noise. A ``rule`` key in a point sets the decision rule.
    Other keyword arguments are those of :func:`run_replications`.
    """
    if not points:
        raise InputError("a sweep needs at least one parameter set")
    model = _model(model)
    source, changes = model.reference()
    plan = Plan(source, changes, model.name, choose_root(seed), runs,
                [dict(p) for p in points], rule)
    return _execute(plan, model, None, **_options(options))


def resume(previous: MonteCarloResult, runs: int | None = None,
           **options: Any) -> MonteCarloResult:
    """Continue a partial result to ``runs`` per point (default: the count it asked for).

    The result equals, table for table, an uninterrupted run with the same seed.
    Keyword arguments are the execution options of :func:`run_replications`.
    """
    man = previous.manifest
    # loaded afresh, not from the per-process cache: the file may have changed since
    model = load_model(man["source"]).with_changes(dict(man["changes"]))
    if model.name != man["scenario"]:
        raise InputError(f"scenario {man['source']!r} is now named {model.name!r}, "
                         f"not {man['scenario']!r}")
    total = int(man["runs"] if runs is None else runs)
    if total < int(man["runs"]) and not previous.complete:
        raise InputError(f"--runs {total} is fewer than the {man['runs']} being resumed")
    plan = Plan(man["source"], dict(man["changes"]), man["scenario"], int(man["root_seed"]),
                total, [dict(p) for p in man["points"]], man.get("rule"))
    return _execute(plan, model, previous, **_options(options))


def _options(options: Mapping[str, Any]) -> dict[str, Any]:
    allowed = {"workers": 1, "backend": None, "scheduler": None, "batch_size": None,
               "progress": None, "on_batch": None, "on_start": None}
    unknown = set(options) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected options: {', '.join(sorted(unknown))}")
    return allowed | dict(options)


def compare_rules(model: Model | str, rules: Sequence[str], runs: int, *,
                  seed: int | None = None, **options: Any) -> MonteCarloResult:
    """The same replications under each rule of ``rules`` (common random numbers)."""
    return run_sweep(model, [{RULE_KEY: r} for r in rules], runs, seed=seed, **options)
