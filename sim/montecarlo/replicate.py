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

import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sim.council.rules import rule_spec
from sim.errors import InputError
from sim.montecarlo.backends import choose_backend, mapped
from sim.montecarlo.batches import (
    RULE_KEY,
    Collector,
    Plan,
    make_tasks,
    parameters_digest,
    run_batch,
    split_point,
)
from sim.montecarlo.models import Model, as_model, load_model
from sim.montecarlo.models.base import Scalar
from sim.montecarlo.tables import (
    MonteCarloResult,
)
from sim.rng import fresh_root

TARGET_BATCH_SECONDS = 0.2
"""Aim for tasks at least this long, so scheduling costs stay small against the work."""
PILOT_REPLICATIONS = 4
"""Replications timed in this process to size the batches (their results are kept)."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run; :attr:`partial` holds the completed batches."""

    def __init__(self, partial: MonteCarloResult) -> None:
        super().__init__("interrupted")
        self.partial = partial


def _variants(plan: Plan, model: Model) -> list[Model]:
    """The model at each point, every change and rule checked (InputError otherwise)."""
    if plan.runs < 1:
        raise InputError(f"--runs must be at least 1, got {plan.runs}")
    models = []
    for point in plan.points:
        changes, rule = split_point(point, plan.rule)
        if rule is not None:
            rule_spec(rule)
        models.append(model.with_changes(changes) if changes else model)
    return models


def _batch_size(collector: Collector, models: Sequence[Model], workers: int) -> int:
    """Replications per task for about :data:`TARGET_BATCH_SECONDS`, from a timed pilot.

    The pilot's replications are kept like any batch; at least two tasks per worker remain.
    """
    pilot = make_tasks(collector.plan, collector.done, PILOT_REPLICATIONS, models)[:1]
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
    collector = Collector(plan, params, previous, progress, on_batch)
    if on_start is not None:
        on_start(plan)  # every input checked: nothing below fails on bad input
    try:
        size = batch_size or _batch_size(collector, models, workers)
        tasks = make_tasks(plan, collector.done, size, models)
        with mapped(run_batch, tasks, backend, workers, scheduler) as results:
            for _, result in results:
                collector.keep(result)
    except KeyboardInterrupt:
        raise Interrupted(collector.result(complete=False)) from None
    return collector.result(complete=True)


def _model(model: Any) -> Model:
    return as_model(model)


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
