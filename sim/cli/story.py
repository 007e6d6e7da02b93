"""``eusim story SCENARIO [--seed N] [--rule R]``: the narrated timeline of one run."""

from __future__ import annotations

import click

from sim.cli.app import app
from sim.report.story import story_text
from sim.scenario import load_scenario


@app.command()
@click.argument("scenario")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of the run (a non-negative integer).")
@click.option("--rule", default=None,
              help="Override the decision rule (rqmv, qmv, unanimity, ...).")
def story(scenario: str, seed: int, rule: str | None) -> None:
    """Print a dated, narrated timeline of one run of SCENARIO.

    SCENARIO is a .toml file, a .py scenario script, or the name of one in scenarios/.
    """
    spec = load_scenario(scenario)
    click.echo(story_text(spec, seed, rule))
