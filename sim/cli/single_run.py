"""``eusim run``: one run of a scenario, or its Monte Carlo replications.

``eusim run SCENARIO [--seed N] [--rule RULE] [--json]`` prints the outcome of one run.
With ``--runs N`` (or ``--out DIR`` or ``--resume DIR``) it runs N replications instead —
tables, figures and a summary, see :mod:`sim.cli.montecarlo`.

(The module is not called ``run`` because :func:`sim.cli.run` is the console-script entry.)
"""

from __future__ import annotations

import json
import math
from typing import Any

import click

from sim.cli.app import app
from sim.cli.montecarlo import execution_options, run_montecarlo
from sim.errors import InputError

_MONTE_CARLO_ONLY = ("workers", "backend", "scheduler", "batch_size")


def _jsonable(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


def print_outcome(scenario: str, seed: int, rule: str | None, as_json: bool) -> None:
    """Run ``scenario`` once from ``seed`` and print its outcome row (as JSON: with the
    run's vote records as a ``votes`` list)."""
    from sim.montecarlo.models import load_model

    model = load_model(scenario)
    points = getattr(model, "points", None)
    models = [model.with_changes(p) for p in points()] if points is not None else [model]
    results = [m.simulate(seed, rule=rule) for m in models]
    if as_json:
        def clean(row: dict[str, Any]) -> dict[str, Any]:
            return {k: _jsonable(v) for k, v in row.items()}

        blocks = [clean(r.outcome) | {"votes": [clean(v) for v in r.votes]} for r in results]
        payload: Any = blocks[0] if points is None else {"routes": blocks}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for result in results[:-1]:
        _print_row(result.outcome)
        click.echo("")
    _print_row(results[-1].outcome)


def _print_row(outcome: dict[str, Any]) -> None:
    width = max(map(len, outcome))  # one key/value line per outcome column
    for key, value in outcome.items():
        text = f"{value:.6g}" if isinstance(value, float) else str(value)
        click.echo(f"{key:<{width}}  {text}")


@app.command("run")
@click.argument("scenario", required=False)
@click.option("--runs", type=int, help="Monte Carlo: number of replications.")
@click.option("--json", "as_json", is_flag=True,
              help="One run: print the outcome as JSON (NaN: null).")
@execution_options
def run(scenario: str | None, runs: int | None, as_json: bool, no_plots: bool,
        **kw: Any) -> None:
    """Run SCENARIO once (outcome row), or --runs N times (tables, figures, summary).

    SCENARIO is a .toml file, a .py scenario script, the name of one in scenarios/, or the
    built-in teaching model single_vote. With --runs, --rule may list several rules
    (e.g. rqmv,qmv,unanimity): the same replications then run under each rule.
    """
    monte_carlo = runs is not None or kw["out"] is not None or kw["resume_dir"] is not None
    if not monte_carlo:
        extra = [f"--{k.replace('_', '-')}" for k in _MONTE_CARLO_ONLY if kw[k] not in (None, 1)]
        if extra:
            raise InputError(f"{', '.join(extra)} needs --runs N (a Monte Carlo run)")
        if scenario is None:
            raise InputError("missing SCENARIO")
        seed = 0 if kw["seed"] is None else kw["seed"]
        print_outcome(scenario, seed, kw["rule"], as_json)
        return
    if as_json:
        raise InputError("--json prints one run; with --runs the tables are in --out")
    rules = [r.strip() for r in (kw["rule"] or "").split(",")]
    if len(rules) > 1 and kw["resume_dir"] is None:
        if "" in rules:
            raise InputError(f"--rule {kw['rule']!r} has an empty item")
        twice = sorted({r for r in rules if rules.count(r) > 1})
        if twice:
            raise InputError(f"--rule lists {', '.join(twice)} more than once")
        # several rules: the same replications under each (common random numbers)
        from sim.cli.mc_jobs import sweep_job

        kw["rule"] = None
        sweep_job(scenario, (f"rule={','.join(rules)}",), None, runs, no_plots, **kw)
        return
    if no_plots:
        kw["plots_dir"] = None
    run_montecarlo(scenario, runs, **kw)
