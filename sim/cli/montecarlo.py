"""Monte Carlo on the command line: ``eusim run --runs N``, ``eusim sweep``, ``eusim plot``.

This module declares the commands and their shared options (``eusim run`` itself lives in
:mod:`sim.cli.single_run`); the work is in :mod:`sim.cli.mc_jobs`, imported when a command
runs, so other commands start quickly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sim.cli.group import app

DEFAULT_PLOTS = Path("plots")
"""Where figures go unless ``--plots`` says otherwise."""


def run_montecarlo(scenario: str | None, runs: int | None, **options: Any) -> Any:
    """The Monte Carlo ``eusim run``: replicate, write tables and figures, print a summary.

    Options: ``seed``, ``workers``, ``backend``, ``scheduler``, ``out``, ``plots_dir``
    (None: no figures), ``resume_dir``, ``quiet``, ``rule``, ``batch_size`` and
    ``on_batch`` (a hook called after each completed batch; tests use it to interrupt).
    Returns the :class:`sim.results.MonteCarloResult`. See :mod:`sim.cli.mc_jobs`.
    """
    from sim.cli.mc_jobs import run_montecarlo as job

    return job(scenario, runs, **options)


_EXECUTION = [
    click.option("--seed", type=click.IntRange(min=0),
                 help="Seed of a run; with --runs the root seed (default: fresh, printed "
                      "and stored)."),
    click.option("--workers", type=int, default=1, show_default=True,
                 help="Parallel workers."),
    click.option("--backend", help="serial, processes or dask "
                 "(default: processes when --workers > 1)."),
    click.option("--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786."),
    click.option("--out", type=click.Path(path_type=Path, file_okay=False),
                 help="Results folder (default: results/SCENARIO-SEED)."),
    click.option("--plots", "plots_dir", type=click.Path(path_type=Path, file_okay=False),
                 default=DEFAULT_PLOTS, show_default=True, help="Figures folder."),
    click.option("--no-plots", is_flag=True, help="Do not draw figures."),
    click.option("--resume", "resume_dir", type=click.Path(path_type=Path, file_okay=False),
                 help="Continue the partial run saved in this folder."),
    click.option("--quiet", is_flag=True, help="No progress bar."),
    click.option("--rule", help="Decision rule for every vote (default: the scenario's); "
                 "eusim run --runs takes a comma-separated list to compare rules."),
    click.option("--batch-size", type=int, help="Replications per task (default: timed)."),
]


def execution_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options shared by ``eusim run`` and ``eusim sweep`` to a command."""
    for option in reversed(_EXECUTION):
        fn = option(fn)
    return fn


@app.command("sweep")
@click.argument("scenario", required=False)
@click.option("--param", "params", multiple=True, metavar="PATH=V1,V2,...",
              help="A parameter and its values; several --param make a grid. "
                   "PATH 'rule' sweeps the decision rule.")
@click.option("--design", type=click.Path(path_type=Path, dir_okay=False),
              help="CSV: a header of parameter paths, one parameter set per row.")
@click.option("--runs", type=int, help="Replications per parameter set.")
@execution_options
def sweep(scenario: str | None, params: tuple[str, ...], design: Path | None,
          runs: int | None, no_plots: bool, **kw: Any) -> None:
    """Replications of SCENARIO at every parameter set, with common random numbers."""
    from sim.cli.mc_jobs import sweep_job

    sweep_job(scenario, params, design, runs, no_plots, **kw)


@app.command("plot")
@click.argument("results_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--plots", "plots_dir", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_PLOTS, show_default=True, help="Figures folder.")
def plot(results_dir: Path, plots_dir: Path) -> None:
    """Redraw the figures of a saved RESULTS_DIR (PNG and SVG)."""
    from sim.cli.mc_jobs import redraw

    redraw(results_dir, plots_dir)
