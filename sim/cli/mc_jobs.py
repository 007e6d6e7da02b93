"""The work behind ``eusim run --runs``, ``sweep`` and ``plot`` (imported when they run).

Everything the user typed is checked before any work starts, and nothing is written on
bad input. The result set is written batch by batch and swapped into ``--out`` as a whole
(:mod:`sim.montecarlo.store`); on Ctrl-C the completed batches become a set marked partial
in ``manifest.json``, and ``--resume DIR`` continues it. The summary and the figures are
computed from the stored tables, reading only the columns they need. A file-system
failure is one line and exit status 1, with the previous set intact. Heavy imports
(pandas, scipy, matplotlib) live here so that ``eusim --help`` and the other commands
stay quick.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from sim.cli.mc_outputs import draw_figures, extras
from sim.cli.mc_outputs import timeline as _timeline  # noqa: F401  (used by tests)
from sim.cli.output import read_events, writable_folder
from sim.errors import InputError
from sim.montecarlo.batches import Plan
from sim.montecarlo.folders import ResourceError, check_target
from sim.montecarlo.manifest import FORMAT, MANIFEST
from sim.montecarlo.models import Model, load_model
from sim.montecarlo.replicate import (
    Interrupted,
    choose_root,
    resume,
    run_replications,
    run_sweep,
)
from sim.montecarlo.sweep import grid, parse_design
from sim.montecarlo.tables import (
    MonteCarloResult,
)

INTERRUPTED_EXIT = 130


class _Stopped(click.ClickException):
    """Ctrl-C after the partial results were written: one line, exit status 130."""

    exit_code = INTERRUPTED_EXIT


# ------------------------------------------------------------------------------ helpers
def _progress(total: int, initial: int, quiet: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="run", dynamic_ncols=True,
                disable=quiet or not sys.stderr.isatty(), file=sys.stderr)


def _refuse_partial(out: Path, plan: Plan) -> None:
    """Never overwrite another run's partial results (a resumed run may extend its own)."""
    check_target(out)
    try:
        man = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no manifest, or a broken one: nothing to continue, the folder is replaced
    if not isinstance(man, dict) or man.get("format") != FORMAT:
        return
    same = man.get("root_seed") == plan.root_seed and man.get("source") == plan.source
    if man.get("complete") is False and not same:
        raise InputError(f"{out} holds a partial run: continue it with --resume {out}")


def _finish(result: MonteCarloResult, plots_dir: Path | None) -> None:
    """Draw the figures from the stored set and print its summary."""
    if plots_dir is not None:
        draw_figures(result, read_events(result.folder), plots_dir)
    click.echo((result.folder / "summary.txt").read_text(encoding="utf-8").rstrip("\n"))
    click.echo(f"results: {result.folder}" + (f"   figures: {plots_dir}" if plots_dir else ""))


def _execute(start: Callable[..., MonteCarloResult], requested: int, initial: int,
             out: Path, plots_dir: Path | None, quiet: bool, **options: Any) -> MonteCarloResult:
    bar = None

    def begin(plan: Plan) -> None:
        nonlocal bar
        _refuse_partial(out, plan)
        for folder in (out, plots_dir):
            if folder is not None:
                writable_folder(folder)
        bar = _progress(requested, initial, quiet)

    def advance(n: int) -> None:
        if bar is not None:
            bar.update(n)

    try:
        try:
            result = start(progress=advance, on_start=begin, out=out, extras=extras,
                           **options)
        finally:
            if bar is not None:
                bar.close()
        _finish(result, plots_dir)
    except Interrupted as stop:
        man = stop.partial.manifest
        raise _Stopped(
            f"interrupted: wrote {man['replications_done']} of "
            f"{man['replications_requested']} replications to {out} (partial, root seed "
            f"{man['root_seed']}); continue with --resume {out}") from None
    except ResourceError as exc:
        raise click.ClickException(str(exc)) from None
    return result


def _resolve(scenario: str | None, resume_dir: Path | None, seed: int | None, rule: str | None,
             runs: int | None) -> tuple[MonteCarloResult | None, Model | None, int]:
    """Check the options against a folder being resumed; load the model otherwise."""
    if resume_dir is None:
        if scenario is None:
            raise InputError("missing SCENARIO (or --resume DIR)")
        if runs is None:
            raise InputError("missing --runs N")
        return None, load_model(scenario), runs
    previous = MonteCarloResult.open(resume_dir)
    man = previous.manifest
    if scenario is not None and load_model(scenario).reference()[0] != man["source"]:
        raise InputError(f"{resume_dir} holds a run of {man['source']!r}, not {scenario!r}")
    if seed is not None and seed != man["root_seed"]:
        raise InputError(f"{resume_dir} was run with --seed {man['root_seed']}, not {seed}")
    if rule is not None and rule != man.get("rule"):
        raise InputError(f"{resume_dir} was run with rule {man.get('rule')!r}, not {rule!r}")
    return previous, None, int(man["runs"] if runs is None else runs)


# ------------------------------------------------------------------------ run --runs
def run_montecarlo(scenario: str | None, runs: int | None, *, seed: int | None = None,
                   workers: int = 1, backend: str | None = None, scheduler: str | None = None,
                   out: Path | None = None, plots_dir: Path | None = Path("plots"),
                   resume_dir: Path | None = None, quiet: bool = False,
                   rule: str | None = None, batch_size: int | None = None,
                   on_batch: Callable[[int], None] | None = None) -> MonteCarloResult:
    """The Monte Carlo ``eusim run``: replicate, write tables and figures, print a summary.

    ``on_batch`` is a hook called after each completed batch (tests use it to interrupt).
    """
    previous, model, total = _resolve(scenario, resume_dir, seed, rule, runs)
    options = {"workers": workers, "backend": backend, "scheduler": scheduler,
               "batch_size": batch_size, "on_batch": on_batch}
    if previous is not None:
        folder = out or resume_dir
        assert folder is not None
        requested = total * len(previous.manifest["points"])
        return _execute(lambda **kw: resume(previous, total, **kw), requested,
                        len(previous.runs), folder, plots_dir, quiet, **options)
    assert model is not None
    root = choose_root(seed)
    folder = out or Path("results") / f"{model.name}-{root}"
    points = getattr(model, "points", None)
    if points is not None:  # a comparison of routes: every route on the same seeds
        return _execute(lambda **kw: run_sweep(model, points(), total, seed=root, rule=rule,
                                               **kw),
                        total * len(points()), 0, folder, plots_dir, quiet, **options)
    return _execute(lambda **kw: run_replications(model, total, seed=root, rule=rule, **kw),
                    total, 0, folder, plots_dir, quiet, **options)


def _points(params: Sequence[str], design: Path | None) -> list[dict[str, Any]]:
    if params and design is not None:
        raise InputError("give either --param options or --design, not both")
    if design is not None:
        try:
            text = design.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read design file {str(design)!r}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise InputError(f"design file {str(design)!r} is not UTF-8 text") from None
        return parse_design(text, label=design.name)
    if not params:
        raise InputError("a sweep needs --param PATH=V1,V2,... or --design FILE.csv")
    return grid(params)


def sweep_job(scenario: str | None, params: Sequence[str], design: Path | None,
              runs: int | None, no_plots: bool, **kw: Any) -> None:
    """``eusim sweep``: replications at every parameter set, tables, figures, summary."""
    plots_dir = None if no_plots else kw.pop("plots_dir")
    kw.pop("plots_dir", None)
    quiet, resume_dir, out = kw.pop("quiet"), kw.pop("resume_dir"), kw.pop("out")
    if resume_dir is not None:
        if params or design is not None:
            raise InputError("--resume takes the parameter sets from the folder")
        run_montecarlo(scenario, runs, plots_dir=plots_dir, resume_dir=resume_dir,
                       quiet=quiet, out=out, **kw)
        return
    points = _points(params, design)
    _, model, total = _resolve(scenario, None, None, None, runs)
    assert model is not None
    root = choose_root(kw.pop("seed"))
    folder = out or Path("results") / f"{model.name}-sweep-{root}"
    rule = kw.pop("rule")
    _execute(lambda **o: run_sweep(model, points, total, seed=root, rule=rule, **o),
             total * len(points), 0, folder, plots_dir, quiet, **kw)


def redraw(results_dir: Path, plots_dir: Path) -> None:
    """``eusim plot``: redraw the figures of a saved results folder."""
    result = MonteCarloResult.open(results_dir)
    if not result.manifest["replications_done"]:
        raise InputError(f"{results_dir} holds no replications yet: nothing to draw")
    writable_folder(plots_dir)
    try:
        paths = draw_figures(result, read_events(results_dir), plots_dir)
    except ResourceError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(paths)} files in {plots_dir}")
