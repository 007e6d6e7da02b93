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

from sim.cli.app import app

DEFAULT_PLOTS = Path("plots")
"""Where figures go unless ``--plots`` says otherwise."""


def _folder(*names: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A folder option: no file, no empty name (Click turns "" into "." otherwise)."""
    return click.option(*names, type=click.Path(file_okay=False), callback=_as_path, **kw)


def _as_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    if value is not None and not value.strip():
        raise click.BadParameter("an empty folder name; give a folder (. for this one)")
    return None if value is None else Path(value)


def check_scheduler(ctx: click.Context, param: click.Parameter,
                    value: str | None) -> str | None:
    """A Dask scheduler address must look like ``SCHEME://HOST:PORT``."""
    if value is None:
        return value
    scheme, sep, rest = value.partition("://")
    host, colon, port = rest.rpartition(":")
    if not (sep and scheme.isalpha() and host and colon and port.isdigit()
            and 0 < int(port) < 65536) or any(c.isspace() for c in value):
        raise click.BadParameter(f"{value!r} is not a scheduler address like "
                                 "tcp://127.0.0.1:8786")
    return value


def run_montecarlo(scenario: str | None, runs: int | None, **options: Any) -> Any:
    """The Monte Carlo ``eusim run``: replicate, write tables and figures, print a summary.

    Options: ``seed``, ``workers``, ``backend``, ``scheduler``, ``out``, ``plots_dir``
    (None: no figures), ``resume_dir``, ``quiet``, ``rule``, ``batch_size`` and
    ``on_batch`` (a hook called after each completed batch; tests use it to interrupt).
    Returns the :class:`sim.results.MonteCarloResult`. See :mod:`sim.cli.mc_jobs`.
    """
    from sim.cli.mc_jobs import run_montecarlo as job

    return job(scenario, runs, **options)


_EXECUTION: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
    click.option("--seed", type=click.IntRange(min=0),
                 help="Seed of a run; with --runs the root seed (default: fresh, printed "
                      "and stored)."),
    click.option("--workers", type=int, default=1, show_default=True,
                 help="Parallel workers."),
    click.option("--backend", help="serial, processes or dask "
                 "(default: processes when --workers > 1)."),
    click.option("--scheduler", callback=check_scheduler,
                 help="Dask scheduler address, e.g. tcp://127.0.0.1:8786."),
    _folder("--out", help="Results folder (default: results/SCENARIO-SEED)."),
    _folder("--plots", "plots_dir", default=str(DEFAULT_PLOTS), show_default=True,
            help="Figures folder."),
    click.option("--no-plots", is_flag=True, help="Do not draw figures."),
    _folder("--resume", "resume_dir", help="Continue the partial run saved in this folder."),
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
@click.argument("results_dir", type=click.Path(file_okay=False), callback=_as_path)
@_folder("--plots", "plots_dir", default=str(DEFAULT_PLOTS), show_default=True,
         help="Figures folder.")
def plot(results_dir: Path, plots_dir: Path) -> None:
    """Redraw the figures of a saved RESULTS_DIR (PNG and SVG)."""
    from sim.cli.mc_jobs import redraw

    redraw(results_dir, plots_dir)
