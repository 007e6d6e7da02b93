"""What a result set shows: its summary, its timeline and its figures, from stored data.

The summary and the figures read only the columns they need from the stored tables
(member votes as one-byte categories), never the whole wide table, so their memory stays
small next to the tables on disk. Used by :mod:`sim.cli.mc_jobs`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pandas as pd

from sim.cli.output import save_figure
from sim.council.members import load_council
from sim.errors import InputError
from sim.montecarlo.models import rebuild
from sim.montecarlo.stats import SUMMARY_COLUMNS, adoption_by, format_summary, summarise
from sim.montecarlo.tables import PARAM_PREFIX, MonteCarloResult, events_table, with_parameters
from sim.report import plots
from sim.rng import replication_seed

RUN_COLUMNS = ("point", "rule", "measure", *SUMMARY_COLUMNS)
"""Columns of the runs table that the summary and figures read."""
VOTE_COLUMNS = ("rule", "adopted", "pop_reject_share")
"""Columns of the votes table that the figures read, with every ``vote_<CODE>``."""


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


YEAR_PARAMETERS = ("council.population_year", "council.year")
"""Where a model's parameters name the population table (engine, single-vote model)."""


def _council(params: pd.DataFrame) -> Any:
    """The Council table the votes were decided with (newest when the runs do not say)."""
    for column in YEAR_PARAMETERS:
        if column in params.columns and len(params):
            return load_council(int(params[column].iloc[0]))
    return None


def _runs(result: MonteCarloResult) -> pd.DataFrame:
    """The runs columns the summary and figures need, with the swept parameters."""
    runs = result.table("runs", RUN_COLUMNS)
    return with_parameters(runs, result.parameters, result.manifest.get("sweep_keys", []))


def _votes(result: MonteCarloResult) -> pd.DataFrame:
    """The votes columns the figures need; member votes as categories (one byte each)."""
    members = [c for c in result.columns("votes") if c.startswith("vote_")]
    return result.table("votes", [*VOTE_COLUMNS, *members], dictionary=members)


def draw_figures(result: MonteCarloResult, events: pd.DataFrame, folder: Path) -> list[Path]:
    """Draw every figure the tables allow and save each as PNG and SVG in ``folder``."""
    prefix = result.manifest["scenario"]
    runs, votes = _runs(result), _votes(result)
    drawn = [("time_to_decision", plots.plot_time_to_decision(runs)),
             ("adoption", plots.plot_adoption(runs))]
    if len(votes):
        drawn.append(("reject_share", plots.plot_reject_share(votes)))
        try:
            council = _council(result.parameters)
            drawn.append(("pivotal", plots.plot_pivotal(votes, council=council)))
            if votes["rule"].nunique() > 1:
                drawn.append(("blocking", plots.plot_pivotal(votes, council=council,
                                                             kind="blocking")))
        except InputError as exc:  # e.g. members that no shipped Council table has
            click.echo(f"eusim: note: no pivotality figure: {exc}", err=True)
    del votes
    if len(events):
        drawn.append(("timeline", plots.plot_timeline(events)))
    keys = result.manifest.get("sweep_keys", [])
    if keys:
        by = _column(runs, keys[1]) if len(keys) > 1 else None
        drawn.append(("sweep", plots.plot_sweep(runs, _column(runs, keys[0]), by=by)))
    paths = []
    for stem, ax in drawn:
        paths += save_figure(ax, folder, f"{prefix}_{stem}")
    return paths


def report(result: MonteCarloResult) -> str:
    """The summary of a set, computed from its stored tables."""
    man = result.manifest
    keys = man.get("sweep_keys", [])
    points = len(man.get("points") or [])
    pooled = f"   (pooled over {points} parameter sets)" if keys and points > 1 else ""
    lines = [f"scenario: {man['scenario']}   root seed: {result.root_seed}{pooled}"]
    if not man.get("complete", True):
        lines.append(f"PARTIAL: {man['replications_done']} of "
                     f"{man['replications_requested']} replications (continue with --resume)")
    runs = _runs(result)
    lines.append(format_summary(summarise(runs)))
    if keys:
        table = adoption_by(runs, [_column(runs, k) for k in keys])
        lines.append("adoption by parameter set (95 % Wilson CI):")
        lines.append(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return "\n".join(lines)


def extras(result: MonteCarloResult) -> dict[str, str]:
    """The files added to a set before it is swapped in: timeline and summary."""
    events = timeline(result).to_csv(index=False, lineterminator="\n")
    return {"events.csv": events, "summary.txt": report(result) + "\n"}


