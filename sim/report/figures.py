"""The figures the main job draws, in the order a lecture would show them.

:data:`FIGURES` is the one list: ``eusim run --runs``, ``eusim sweep``, ``eusim plot`` and
``eusim report`` draw from it, so a figure added here appears everywhere. Each entry says
when it applies (a sweep figure only for a sweep over something besides the rule; vote
figures only when there were votes) and how to draw it from the results and the events
of the run the timeline shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes

from sim.council.members import Council, load_council
from sim.errors import InputError
from sim.montecarlo.tables import MonteCarloResult
from sim.report import plots
from sim.report.sweep_plot import column

YEAR_PARAMETERS = ("council.population_year", "council.year")
"""Where a model's parameters name the population table (engine, single-vote model)."""


def council_of(runs: pd.DataFrame) -> Council | None:
    """The Council table the votes were decided with (None: the newest shipped one)."""
    for key in YEAR_PARAMETERS:
        name = column(runs, key)
        if name in runs.columns and len(runs):
            return load_council(int(runs[name].iloc[0]))
    return None


def timeline_caption(result: MonteCarloResult) -> str:
    man = result.manifest
    point = dict(man["points"][0]) if man.get("points") else {}
    rule = point.get("rule", man.get("rule")) or (
        str(result.runs["rule"].iloc[0]) if "rule" in result.runs.columns and len(
            result.runs) else "")
    where = ", ".join(f"{k} = {v}" for k, v in point.items() if k != "rule")
    return " · ".join(p for p in (
        f"Scenario {man.get('scenario', '')}", "replicate 0" + (f" at {where}" if where else ""),
        f"rule {rule}" if rule else "", f"root seed {man.get('root_seed', '')}") if p)


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the main job."""

    stem: str
    """File name after the scenario's: ``serbia_2022_<stem>.png``."""
    title: str
    """What it shows, for the report's headings."""
    applies: Callable[[MonteCarloResult, pd.DataFrame], bool]
    draw: Callable[[MonteCarloResult, pd.DataFrame], Axes]


MEASURE_VOTE_COLUMNS = ("n_reject", "pop_reject_share")
"""The columns the vote figures read: those of the accession measures' Council votes (and
the single-vote model's)."""


def measure_votes(result: MonteCarloResult) -> MonteCarloResult:
    """``result`` with only the vote rows the vote figures are about (the accession
    measures' Council votes; a comparison of routes has others: committees, the
    Parliament, agreements, which these figures do not show)."""
    votes = result.votes
    if "n_reject" in votes.columns and votes["n_reject"].isna().any():
        votes = votes.loc[votes["n_reject"].notna()].reset_index(drop=True)
        if "lifting" in votes.columns:  # mixed tables store it as text
            votes = votes.assign(lifting=votes["lifting"].astype(str).eq("True"))
        return result.with_tables(votes=votes)
    return result


def _voted(result: MonteCarloResult, events: pd.DataFrame) -> bool:
    votes = measure_votes(result).votes
    return len(votes) > 0 and all(c in votes.columns for c in MEASURE_VOTE_COLUMNS)


def _swept(result: MonteCarloResult, events: pd.DataFrame) -> bool:
    return any(k != "rule" for k in result.manifest.get("sweep_keys", []))


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("timeline", "What happened in one run", lambda r, e: len(e) > 0,
               lambda r, e: plots.plot_timeline(e, caption=timeline_caption(r))),
    FigureSpec("adoption", "How often the proposal passed, by rule and kind of vote", _voted,
               lambda r, e: plots.plot_adoption(measure_votes(r))),
    FigureSpec("swing", "How many members would have had to switch to reverse the verdict",
               _voted, lambda r, e: plots.plot_swing(measure_votes(r), council=council_of(r.runs))),
    FigureSpec("pivotal", "Who could have reversed a contested vote alone", _voted,
               lambda r, e: plots.plot_pivotal(measure_votes(r), council=council_of(r.runs))),
    FigureSpec("reject_share", "How much of the population voted against", _voted,
               lambda r, e: plots.plot_reject_share(measure_votes(r))),
    FigureSpec("time_to_decision", "How long the Council took to decide",
               lambda r, e: "time_to_decision_days" in r.runs.columns,
               lambda r, e: plots.plot_time_to_decision(r)),
    FigureSpec("sweep", "Adoption probability across the parameter sets", _swept,
               lambda r, e: plots.plot_sweep(r)),
)


def draw_all(result: MonteCarloResult, events: pd.DataFrame,
             note: Callable[[str], None] = lambda _: None) -> list[tuple[FigureSpec, Axes]]:
    """Every figure of :data:`FIGURES` that applies; one that cannot be drawn from these
    tables (members no shipped Council table has) is passed to ``note`` and skipped."""
    drawn = []
    for spec in FIGURES:
        if not spec.applies(result, events):
            continue
        try:
            drawn.append((spec, spec.draw(result, events)))
        except InputError as exc:
            note(f"no {spec.stem} figure: {exc}")
    return drawn
