"""``eusim run SCENARIO --seed N [--json]``: the outcome of one run.

(The module is not called ``run`` because :func:`sim.cli.run` is the console-script entry.)
"""

from __future__ import annotations

import json
import math

import click

from sim.cli import app
from sim.engine import simulate
from sim.scenario import load_scenario


def _jsonable(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


@app.command("run")
@click.argument("scenario")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the run.")
@click.option("--rule", default=None,
              help="Override the decision rule (rqmv, qmv, unanimity, ...).")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON (NaN: null).")
def run(scenario: str, seed: int, rule: str | None, as_json: bool) -> None:
    """Print the outcome of one run of SCENARIO (one row: what was proposed and decided).

    SCENARIO is a .toml file, a .py scenario script, or the name of one in scenarios/.
    """
    spec = load_scenario(scenario)
    outcome = simulate(spec, seed, rule=rule).outcome
    if as_json:
        click.echo(json.dumps({k: _jsonable(v) for k, v in outcome.items()}, indent=2,
                              ensure_ascii=False))
        return
    width = max(map(len, outcome))
    for key, value in outcome.items():
        text = f"{value:.6g}" if isinstance(value, float) else str(value)
        click.echo(f"{key:<{width}}  {text}")
