"""What a result set shows: its summary, its timeline and its figures, from stored data.

The summary and the figures read the stored tables without the parameters (but the swept
ones), member votes as one-byte categories, never the whole wide table, so their memory
stays small next to the tables on disk. Used by :mod:`sim.cli.mc_jobs`.
"""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from sim.cli.output import save_figure
from sim.montecarlo.models import rebuild
from sim.montecarlo.stats import adoption_by
from sim.montecarlo.summary import format_summary, interval, percent
from sim.montecarlo.tables import PARAM_PREFIX, MonteCarloResult, events_table
from sim.rng import replication_seed


def timeline(result: MonteCarloResult) -> pd.DataFrame:
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


def light(result: MonteCarloResult) -> MonteCarloResult:
    """``result`` with lean tables: the stored runs (no parameters but the swept ones and the
    population year) and the votes with member votes as one-byte categories."""
    return result.lean([*result.manifest.get("sweep_keys", []), *YEAR_PARAMETERS])


YEAR_PARAMETERS = ("council.population_year", "council.year")
"""Where a model's parameters name the population table (engine, single-vote model)."""


def draw_figures(result: MonteCarloResult, events: pd.DataFrame, folder: Path) -> list[Path]:
    """Draw every figure of :data:`sim.report.figures.FIGURES` that applies and save each
    as PNG and SVG in ``folder``."""
    from sim.report.figures import draw_all  # matplotlib loads only when figures are drawn

    prefix = result.manifest["scenario"]
    paths = []
    for spec, ax in draw_all(light(result), events,
                             note=lambda text: click.echo(f"eusim: note: {text}", err=True)):
        paths += save_figure(ax, folder, f"{prefix}_{spec.stem}")
    return paths


def report(result: MonteCarloResult) -> str:
    """The summary of a set, computed from its stored tables."""
    man = result.manifest
    keys = man.get("sweep_keys", [])
    lines = [f"scenario: {man['scenario']}   root seed: {result.root_seed}"]
    if not man.get("complete", True):
        lines.append(f"PARTIAL: {man['replications_done']} of "
                     f"{man['replications_requested']} replications (continue with --resume)")
    lean = light(result)
    lines.append(format_summary(lean))
    if any(k != "rule" for k in keys):  # the blocks above, side by side
        runs = lean.runs
        table = adoption_by(runs, [_column(runs, k) for k in keys])
        table["p"] = [percent(k, n) for k, n in zip(table["adopted"], table["runs"],
                                                     strict=True)]
        table["ci"] = [interval(lo, hi) for lo, hi in zip(table.pop("ci_low"),
                                                          table.pop("ci_high"), strict=True)]
        lines.append("adoption by parameter set (95 % Wilson CI):")
        lines.append(table.to_string(index=False))
    from sim.montecarlo.procedure_summary import extra_lines

    lines += extra_lines(result.runs, man["source"], dict(man["changes"]))
    return "\n".join(lines)


def extras(result: MonteCarloResult) -> dict[str, str]:
    """The files added to a set before it is swapped in: timeline and summary."""
    events = timeline(result).to_csv(index=False, lineterminator="\n")
    return {"events.csv": events, "summary.txt": report(result) + "\n"}


