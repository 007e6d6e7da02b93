"""The work behind ``eusim run --runs``, ``sweep`` and ``plot`` (imported when they run).

Everything the user typed is checked before any work starts, and nothing is written on
bad input. On Ctrl-C the completed batches are written, marked partial in
``manifest.json``, and ``--resume DIR`` continues them. Heavy imports (pandas, scipy) live
here so that ``eusim --help`` and the other commands stay quick; matplotlib loads only when
figures are drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import pandas as pd

from sim.cli.output import (
    read_events,
    read_manifest,
    read_results,
    save_figure,
    writable_folder,
    write_results,
)
from sim.errors import InputError
from sim.montecarlo.batches import Plan
from sim.montecarlo.models import Model, load_model, rebuild
from sim.montecarlo.replicate import (
    Interrupted,
    choose_root,
    resume,
    run_replications,
    run_sweep,
)
from sim.montecarlo.stats import adoption_by
from sim.montecarlo.summary import format_summary, interval, percent
from sim.montecarlo.sweep import grid, parse_design
from sim.montecarlo.tables import PARAM_PREFIX, MonteCarloResult, events_table
from sim.rng import replication_seed

INTERRUPTED_EXIT = 130


class _Stopped(click.ClickException):
    """Ctrl-C after the partial results were written: one line, exit status 130."""

    exit_code = INTERRUPTED_EXIT


# ------------------------------------------------------------------------------ helpers
def _progress(total: int, initial: int, quiet: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="run", dynamic_ncols=True,
                disable=quiet or not sys.stderr.isatty(), file=sys.stderr)


def _timeline(result: MonteCarloResult) -> pd.DataFrame:
    """Events of replicate 0 at the first parameter set, re-run here from its seed."""
    man = result.manifest
    point = dict(man["points"][0]) if man["points"] else {}
    rule = point.pop("rule", man.get("rule"))
    model = rebuild(man["source"], man["changes"]).with_changes(point)
    run = model.simulate(replication_seed(int(man["root_seed"]), man["scenario"], 0),
                         rule=None if rule is None else str(rule))
    return events_table(run.events)


def _column(runs: pd.DataFrame, key: str) -> str:
    return key if key in runs.columns else PARAM_PREFIX + key


def draw_figures(result: MonteCarloResult, events: pd.DataFrame, folder: Path) -> list[Path]:
    """Draw every figure of :data:`sim.report.figures.FIGURES` that applies and save each
    as PNG and SVG in ``folder``."""
    from sim.report.figures import draw_all  # matplotlib loads only when figures are drawn

    prefix = result.manifest["scenario"]
    paths = []
    for spec, ax in draw_all(result, events,
                             note=lambda text: click.echo(f"eusim: note: {text}", err=True)):
        paths += save_figure(ax, folder, f"{prefix}_{spec.stem}")
    return paths


def _report(result: MonteCarloResult) -> str:
    man = result.manifest
    keys = man.get("sweep_keys", [])
    lines = [f"scenario: {man['scenario']}   root seed: {result.root_seed}"]
    if not man.get("complete", True):
        lines.append(f"PARTIAL: {man['replications_done']} of "
                     f"{man['replications_requested']} replications (continue with --resume)")
    lines.append(format_summary(result))
    if any(k != "rule" for k in keys):  # the blocks above, side by side
        table = adoption_by(result.runs, [_column(result.runs, k) for k in keys])
        table["p"] = [percent(k, n) for k, n in zip(table["adopted"], table["runs"],
                                                     strict=True)]
        table["ci"] = [interval(lo, hi) for lo, hi in zip(table.pop("ci_low"),
                                                          table.pop("ci_high"), strict=True)]
        lines.append("adoption by parameter set (95 % Wilson CI):")
        lines.append(table.to_string(index=False))
    from sim.montecarlo.procedure_summary import extra_lines

    lines += extra_lines(result.runs, man["source"], dict(man["changes"]))
    return "\n".join(lines)


def _refuse_partial(out: Path, plan: Plan) -> None:
    """Never overwrite another run's partial results (a resumed run may extend its own)."""
    if not (out / "manifest.json").exists():
        return
    man = read_manifest(out)
    same = man.get("root_seed") == plan.root_seed and man.get("source") == plan.source
    if not man.get("complete", True) and not same:
        raise InputError(f"{out} holds a partial run: continue it with --resume {out}")


def _finish(result: MonteCarloResult, out: Path, plots_dir: Path | None) -> None:
    """Write tables, summary and figures; report a partial run and exit 130."""
    report = _report(result)
    write_results(out, result, _timeline(result), report)
    if plots_dir is not None:
        draw_figures(result, read_events(out), plots_dir)
    click.echo(report)
    click.echo(f"results: {out}" + (f"   figures: {plots_dir}" if plots_dir else ""))


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
        result = start(progress=advance, on_start=begin, **options)
    except Interrupted as stop:
        if bar is not None:
            bar.close()
        partial = stop.partial
        write_results(out, partial, _timeline(partial), _report(partial))
        man = partial.manifest
        stopped = _Stopped(
            f"interrupted: wrote {man['replications_done']} of "
            f"{man['replications_requested']} replications to {out} (partial, root seed "
            f"{man['root_seed']}); continue with --resume {out}")
        raise stopped from None
    if bar is not None:
        bar.close()
    _finish(result, out, plots_dir)
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
    previous = read_results(resume_dir)
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
    result = read_results(results_dir)
    if result.runs.empty:
        raise InputError(f"{results_dir} holds no replications yet: nothing to draw")
    writable_folder(plots_dir)
    paths = draw_figures(result, read_events(results_dir), plots_dir)
    click.echo(f"{len(paths)} files in {plots_dir}")
