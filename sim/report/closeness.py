"""Figures of how close the votes were and who could have decided them.

* :func:`plot_swing` — how many members would have had to change sides to reverse each
  verdict (:func:`sim.report.swing.swing_margins`): under QMV and reverse QMV a vote is
  rarely within one member of the other verdict, and this says by how much it was not;
* :func:`plot_pivotal` — among the *contested* votes (at least one member against, under
  reverse QMV at least one voting to reject), how often each member could have reversed
  the verdict alone (:func:`sim.report.pivotal.pivotality`). A panel where no member ever
  could says so, with the closest margin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from sim.council.members import Council
from sim.montecarlo.tables import MonteCarloResult
from sim.report.common import empty_panel, figure, kind_title, kinds, rules_of, with_kind
from sim.report.layout import Margins
from sim.report.pivotal import pivotality
from sim.report.style import BASE_PT, as_tables, rule_colour, rule_name, styled
from sim.report.swing import swing_margins

Results = MonteCarloResult | pd.DataFrame
TOP_MEMBERS = 8
"""Members shown per panel of the pivotal figure (the most often decisive)."""


def plot_swing(results: Results, ax: Axes | None = None, council: Council | None = None) -> Axes:
    """Distribution of the swing margin of the votes: one row of panels per rule, one
    column per kind of vote; bars count the votes that a switch of exactly k members
    would have reversed."""
    tables = as_tables(results, needs="votes")
    table = swing_margins(tables.votes, council)
    rules, present = rules_of(table), kinds(table)
    most = int(np.nanmax(table["margin"].to_numpy(), initial=1))
    with styled():
        box, grid = figure(ax, tables, len(rules), len(present),
                           "How many members would have had to change sides to reverse "
                           "the verdict", "bars: number of votes; 1 = a single member was "
                           "pivotal", Margins(left=96, right=30, bottom=74, wspace=70),
                           panel_height_in=2.6)
        for i, rule in enumerate(rules):
            for j, lifting in enumerate(present):
                panel = grid[i, j]
                part = table.loc[(table["rule"] == rule) & (table["lifting"] == lifting),
                                 "margin"].dropna().astype(int)
                counts = part.value_counts().reindex(range(1, most + 1), fill_value=0)
                panel.bar(counts.index, counts.to_numpy(), color=rule_colour(rule), width=0.8)
                if len(part):
                    panel.annotate(f"median {np.median(part):.0f} · closest {part.min()}",
                                   (0.98, 0.92), xycoords="axes fraction", ha="right",
                                   va="top", fontsize=BASE_PT - 1,
                                   bbox={"facecolor": "white", "edgecolor": "none", "pad": 2})
                panel.set_xlim(0.4, most + 0.6)
                panel.set_ylim(0, 1.35 * max(1, int(counts.max())))
                panel.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
                step = max(1, int(np.ceil(most / 14)))
                panel.set_xticks(range(1, most + 1, step))
                if i < len(rules) - 1:
                    panel.set_xticklabels([])
                panel.set_title(f"{rule_name(rule)} · {kind_title(lifting).lower()}",
                                fontsize=BASE_PT + 1)
            grid[i, 0].set_ylabel("votes")
        for panel in grid[-1]:
            panel.set_xlabel("members who would have had to switch")
    return box


def plot_pivotal(results: Results, ax: Axes | None = None, council: Council | None = None,
                 top: int = TOP_MEMBERS) -> Axes:
    """Among contested votes, the share in which each member could have reversed the
    verdict alone: one row of panels per kind of vote, one column per rule; the ``top``
    most often decisive members of each panel."""
    tables = as_tables(results, needs="votes")
    votes = with_kind(tables.votes)
    rules, present = rules_of(votes), kinds(votes)
    margins = swing_margins(votes, council)
    with styled():
        box, grid = figure(ax, tables, len(present), len(rules),
                           "Who could have reversed a contested vote alone",
                           "contested: at least one member against (under reverse QMV: "
                           "voting to reject); bars: share of those votes",
                           Margins(left=60, right=40, bottom=74, wspace=60, hspace=80),
                           panel_height_in=3.4)
        for i, lifting in enumerate(present):
            for j, rule in enumerate(rules):
                panel = grid[i, j]
                mask = (votes["rule"] == rule) & (votes["lifting"] == lifting) & \
                    (votes["n_reject"] > 0)
                panel.set_title(f"{rule_name(rule)} · {kind_title(lifting).lower()}",
                                fontsize=BASE_PT + 1)
                if _pivotal_panel(panel, votes[mask], margins.loc[mask, "margin"], rule,
                                  council, top) and i == len(present) - 1:
                    panel.set_xlabel("share of contested votes")
    return box


def _pivotal_panel(panel: Axes, contested: pd.DataFrame, margin: pd.Series, rule: str,
                   council: Council | None, top: int) -> bool:
    """Draw one panel; False when it has no bars (and says why in words)."""
    if contested.empty:
        empty_panel(panel, "no contested vote")
        return False
    table = pivotality(contested, council)
    table = table[table["pivotal"] > 0].sort_values(["p_pivotal", "member"],
                                                    ascending=[False, True]).head(top)
    n = len(contested)
    if table.empty:
        closest = int(margin.min()) if margin.notna().any() else 0
        empty_panel(panel, f"in none of the {n:,} contested votes could one member "
                           f"decide alone; the closest needed {closest} to switch")
        return False
    y = np.arange(len(table))[::-1]
    panel.barh(y, table["p_pivotal"], color=rule_colour(rule), height=0.7)
    panel.set_yticks(y, table["member"])
    panel.set_xlim(0, 1)
    panel.set_xticks([0, 0.5, 1], ["0 %", "50 %", "100 %"])
    panel.tick_params(axis="x", pad=7)
    for yi, p in zip(y, table["p_pivotal"], strict=True):
        panel.annotate(f"{100 * p:.1f} %" if p < 0.1 else f"{100 * p:.0f} %", (p, yi),
                       xytext=(4, 0), textcoords="offset points", va="center",
                       fontsize=BASE_PT - 2)
    panel.annotate(f"{n:,} contested votes", (0.98, 0.04), xycoords="axes fraction",
                   ha="right", va="bottom", fontsize=BASE_PT - 1)
    return True
