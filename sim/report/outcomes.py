"""Figures of what the Council decided: how often proposals passed, how long decisions
took, and how much of the population voted against — by rule and by kind of vote.

Thresholds are drawn only where the rule has one (:func:`population_line`): the 65 %
population a rejection needs under reverse QMV, the more than 35 % of the population a
blocking minority needs under QMV and reinforced QMV (Art 16(4) TEU, Art 238(2),(3)
TFEU); unanimity and simple majority have no population test.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from sim.council.rules import BLOCKING_POPULATION_PCT, rule_spec
from sim.montecarlo.stats import adoption_by
from sim.montecarlo.tables import MonteCarloResult
from sim.report.common import (
    empty_panel,
    figure,
    kind_title,
    kinds,
    percent_axis,
    rules_of,
    with_kind,
)
from sim.report.layout import Margins
from sim.report.style import BASE_PT, as_tables, rule_colour, rule_name, styled

Results = MonteCarloResult | pd.DataFrame
LINE_STYLES = ("-", (0, (6, 3)), (0, (1.5, 2)), "-.", (0, (3, 1, 1, 1)))
"""Rules' lines differ in dash too, so that two nearly equal lines both show."""


def population_line(rule: str) -> tuple[float, str] | None:
    """Where ``rule`` draws the line on the population share against, and what it means."""
    spec = rule_spec(rule)
    if spec.kind != "qualified":
        return None
    if spec.reverse:
        return spec.population_pct / 100, f"a rejection needs {spec.population_pct} %"
    return BLOCKING_POPULATION_PCT / 100, f"more than {BLOCKING_POPULATION_PCT} % can block"


def plot_adoption(results: Results, ax: Axes | None = None, level: float = 0.95) -> Axes:
    """Share of Council votes in which the proposal passed, per rule, one panel per kind
    of vote, with ``level`` Wilson intervals and the number of votes under each bar.

    Under reverse QMV a proposal passes unless a qualified majority rejects it.
    """
    tables = as_tables(results, needs="votes")
    votes = with_kind(tables.votes)
    present = kinds(votes)
    with styled():
        box, grid = figure(ax, tables, 1, len(present),
                           "How often the Council's vote went the proposal's way",
                           f"bars: share of votes; whiskers: {round(100 * level)} % "
                           "Wilson intervals", Margins(left=84, bottom=74))
        for panel, lifting in zip(grid[0], present, strict=True):
            part = votes[votes["lifting"] == lifting]
            table = adoption_by(part, ["rule"], level).set_index("rule")
            rules = rules_of(part)
            x = np.arange(len(rules))
            p = table.loc[rules, "p"].to_numpy(dtype=float)
            err = np.vstack([p - table.loc[rules, "ci_low"], table.loc[rules, "ci_high"] - p])
            panel.bar(x, p, yerr=err, capsize=6, width=0.6,
                      color=[rule_colour(r) for r in rules], error_kw={"elinewidth": 2})
            tops = table.loc[rules, "ci_high"].to_numpy(dtype=float)
            for xi, pi, top in zip(x, p, tops, strict=True):  # above the whisker
                panel.annotate(f"{100 * pi:.1f} %", (xi, top), xytext=(0, 6),
                               textcoords="offset points", ha="center", va="bottom",
                               fontsize=BASE_PT)
            panel.set_xticks(x, [f"{rule_name(r)}\n{int(table.at[r, 'runs']):,} votes"  # type: ignore[arg-type]
                                 for r in rules])
            panel.set_ylim(0, 1.18)
            percent_axis(panel)
            panel.set_title(kind_title(lifting))
        grid[0, 0].set_ylabel("votes passed")
    return box


def _lifting_delays(votes: pd.DataFrame) -> pd.DataFrame:
    """Days each measure was in force when the Council voted on lifting it.

    For each lifting vote, the latest adopted vote on the same measure in the same run
    before it marks the start.
    """
    keys = ["point", "replicate", "measure"]
    votes = with_kind(votes)
    lifts = votes[votes["lifting"]].sort_values("day")
    starts = votes[~votes["lifting"] & votes["adopted"].astype(bool)].sort_values("day")
    starts = starts[[*keys, "day"]].rename(columns={"day": "start"})
    if lifts.empty or starts.empty:
        return pd.DataFrame({"rule": [], "days": []})
    merged = pd.merge_asof(lifts[[*keys, "rule", "day"]],
                           starts, left_on="day", right_on="start", by=keys,
                           allow_exact_matches=False)
    merged = merged.dropna(subset=["start"])
    return pd.DataFrame({"rule": merged["rule"], "days": merged["day"] - merged["start"]})


def _ecdf_panel(panel: Axes, frame: pd.DataFrame, rules: list[str], xlabel: str) -> None:
    samples = {r: np.sort(frame.loc[frame["rule"] == r, "days"].dropna().to_numpy())
               for r in rules}
    samples = {r: s for r, s in samples.items() if s.size}
    if not samples:
        empty_panel(panel, "no such votes")
        return
    groups: list[tuple[list[str], np.ndarray]] = []  # rules with identical timings share a line
    for r, s in samples.items():
        same = [g for g in groups if np.array_equal(g[1], s)]
        if same:
            same[0][0].append(r)
        else:
            groups.append(([r], s))
    for (names, s), style in zip(groups, LINE_STYLES, strict=False):
        colour = rule_colour(names[0]) if len(names) == 1 else "#333333"
        who = " = ".join(rule_name(r) for r in names)
        panel.ecdf(s, color=colour, linestyle=style, label=f"{who} ({s.size:,})")
    panel.set_ylim(0, 1.02)
    percent_axis(panel)
    panel.set_xlabel(xlabel)
    # above the panel, below its title: an ECDF leaves no corner free for sure
    panel.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2,
                 handlelength=1.6, columnspacing=1.0, borderaxespad=0.2)


def plot_time_to_decision(results: Results, ax: Axes | None = None) -> Axes:
    """How long decisions took, as cumulative distributions per rule (one line when the
    rules give identical timings, as common random numbers do when the rule changes only
    the verdict). Adopting: days from the trigger (a member state's request or the
    Commission's initiative) to the Council's first decision (the runs table); lifting:
    days a measure had been in force when the Council voted on lifting it (the votes)."""
    tables = as_tables(results)
    runs, votes = tables.runs, with_kind(tables.votes)
    present = kinds(votes) if len(votes) else [False]
    with styled():
        box, grid = figure(ax, tables, 1, len(present), "How long the Council took to decide",
                           "each line: the share of runs decided within x days; "
                           "in brackets the number of decisions",
                           Margins(left=84, bottom=74, top=90, wspace=80))
        for panel, lifting in zip(grid[0], present, strict=True):
            if lifting:
                frame = _lifting_delays(votes)
                label = "days in force before the lifting vote"
            else:
                frame = pd.DataFrame({"rule": runs.get("rule", pd.Series(dtype=str)),
                                      "days": runs.get("time_to_decision_days",
                                                       pd.Series(dtype=float))})
                label = "days from the request or initiative to the decision"
            _ecdf_panel(panel, frame, rules_of(frame) if len(frame) else [], label)
            panel.set_title(kind_title(lifting), pad=60)
        grid[0, 0].set_ylabel("decided within")
    return box


def plot_reject_share(results: Results, ax: Axes | None = None, bins: int = 40,
                      **kw: Any) -> Axes:
    """Distribution of the population share voting against (under reverse QMV: to
    reject) in each vote: one row of panels per rule, one column per kind of vote, with
    the rule's population threshold where it has one."""
    tables = as_tables(results, needs="votes")
    votes = with_kind(tables.votes)
    rules, present = rules_of(votes), kinds(votes)
    with styled():
        box, grid = figure(ax, tables, len(rules), len(present),
                           "How much of the EU population voted against the proposal",
                           "bars: number of votes; under reverse QMV the votes to reject",
                           Margins(left=96, right=40, bottom=74, hspace=70, wspace=80),
                           panel_height_in=2.7)
        for i, rule in enumerate(rules):
            for j, lifting in enumerate(present):
                panel = grid[i, j]
                share = votes.loc[(votes["rule"] == rule) & (votes["lifting"] == lifting),
                                  "pop_reject_share"].dropna()
                panel.hist(share, bins=bins, range=(0, 1), color=rule_colour(rule), **kw)
                line = population_line(rule)
                note = "no population threshold" if line is None else line[1]
                if line is not None:
                    panel.axvline(line[0], color="#000000", linestyle="--", linewidth=2)
                panel.annotate(f"{note}\nlargest: {100 * share.max():.0f} % "
                               f"of {len(share):,} votes" if len(share) else note,
                               (0.98, 0.92), xycoords="axes fraction", ha="right",
                               va="top", fontsize=BASE_PT - 1,
                               bbox={"facecolor": "white", "edgecolor": "none", "pad": 2})
                panel.set_xlim(0, 1)
                panel.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
                percent_axis(panel, "x")
                if i < len(rules) - 1:
                    panel.set_xticklabels([])
                panel.set_title(f"{rule_name(rule)} · {kind_title(lifting).lower()}",
                                fontsize=BASE_PT + 1)
            grid[i, 0].set_ylabel("votes")
        for panel in grid[-1]:
            panel.set_xlabel("population share against")
    return box
