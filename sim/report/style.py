"""The look of every eusim figure: fonts for projection, a colour-blind-safe palette, captions.

Figures are meant to be read at the back of a lecture room: text of 14 points or more on a
13-inch-wide canvas, thick lines, no chart junk. Colours come from the Okabe–Ito palette
(Okabe & Ito, *Color Universal Design*, 2008), distinguishable under the common forms of
colour blindness; every rule keeps its colour in every figure. Titles say what the figure
shows; a caption names the scenario, the number of runs and the seed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib
import pandas as pd
from cycler import cycler

from sim.montecarlo.tables import MonteCarloResult

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
"""Blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow, black."""

RULE_COLOURS = {"rqmv": "#0072B2", "qmv": "#E69F00", "unanimity": "#009E73",
                "reinforced-qmv": "#CC79A7", "simple-majority": "#56B4E9"}
"""One colour per rule, the same in every figure."""

RULE_NAMES = {"rqmv": "reverse QMV", "qmv": "QMV", "unanimity": "unanimity",
              "reinforced-qmv": "reinforced QMV", "simple-majority": "simple majority"}
"""How figures name the rules."""

RULE_ORDER = ("rqmv", "qmv", "reinforced-qmv", "simple-majority", "unanimity")
"""Panels and bars follow this order (from the easiest rule to pass a proposal under)."""

KIND_NAMES = {False: "adopting a measure", True: "lifting a measure"}
"""The two kinds of Council vote, by the votes table's ``lifting`` column."""

WIDTH_IN = 13.0
"""Canvas width in inches: a 16:9 slide at full width."""
BASE_PT = 15.0
"""Tick labels, legends and annotations."""
LABEL_PT = 16.0
TITLE_PT = 20.0
CAPTION_PT = 13.0

RC: dict[str, Any] = {
    "font.size": BASE_PT, "axes.titlesize": LABEL_PT + 1, "axes.labelsize": LABEL_PT,
    "xtick.labelsize": BASE_PT, "ytick.labelsize": BASE_PT, "legend.fontsize": BASE_PT,
    "legend.frameon": False, "axes.spines.top": False, "axes.spines.right": False,
    "axes.linewidth": 1.2, "lines.linewidth": 2.8, "lines.markersize": 9,
    "xtick.major.width": 1.2, "ytick.major.width": 1.2, "axes.titlelocation": "left",
    "axes.prop_cycle": cycler(color=list(OKABE_ITO)), "figure.dpi": 100,
    "svg.fonttype": "path", "axes.grid": False, "grid.color": "#cccccc",
}
"""Matplotlib settings every figure is drawn under (see :func:`styled`)."""


@contextmanager
def styled() -> Iterator[None]:
    """Draw under :data:`RC` without changing the caller's global settings."""
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        yield


def rule_colour(rule: str) -> str:
    """The colour of ``rule`` (black for a rule outside :data:`RULE_COLOURS`)."""
    return RULE_COLOURS.get(rule, "#000000")


def rule_name(rule: str) -> str:
    return RULE_NAMES.get(rule, rule)


def ordered_rules(rules: Any) -> list[str]:
    """The distinct ``rules`` in :data:`RULE_ORDER` (unknown names last, sorted)."""
    names = {str(r) for r in rules}
    known = [r for r in RULE_ORDER if r in names]
    return known + sorted(names - set(known))


def wrap(text: str, width_pt: float, size_pt: float) -> str:
    """``text`` wrapped to lines that fit ``width_pt`` at ``size_pt`` (a safe estimate)."""
    chars = max(12, int(width_pt / (0.62 * size_pt)))
    return "\n".join(textwrap.wrap(text, chars)) or text


@dataclass(frozen=True)
class Tables:
    """What a figure may draw from: the runs and votes tables and the manifest, if known."""

    runs: pd.DataFrame
    votes: pd.DataFrame
    manifest: Mapping[str, Any]


def as_tables(results: MonteCarloResult | pd.DataFrame | Tables,
              needs: str = "") -> Tables:
    """The tables of ``results``: a :class:`MonteCarloResult`, or its runs or votes table.

    ``needs="votes"``: the caller draws from the votes table, so a runs table alone is a
    :class:`TypeError` saying what to pass instead.
    """
    tables = _tables(results)
    if needs == "votes" and tables.votes.empty and not tables.runs.empty:
        raise TypeError("this figure draws from the votes table: pass the MonteCarloResult "
                        "or its votes table, not the runs table")
    return tables


def _tables(results: MonteCarloResult | pd.DataFrame | Tables) -> Tables:
    if isinstance(results, Tables):
        return results
    if isinstance(results, MonteCarloResult):
        return Tables(results.runs, results.votes, results.manifest)
    if not isinstance(results, pd.DataFrame):
        raise TypeError("a figure takes a MonteCarloResult (sim.replicate, sim.compare_rules) "
                        f"or its runs or votes table, got {type(results).__name__}")
    empty = pd.DataFrame()
    if "vote" in results.columns and any(c.startswith("vote_") for c in results.columns):
        return Tables(empty, results, {})
    return Tables(results, empty, {})


def caption(tables: Tables, what: str = "") -> str:
    """"Scenario serbia_2022 · 2,000 runs per rule · root seed 7" (what the tables say)."""
    parts = []
    runs, man = tables.runs, tables.manifest
    name = man.get("scenario") or (str(runs["scenario"].iloc[0])
                                   if "scenario" in runs.columns and len(runs) else "")
    if name:
        parts.append(f"Scenario {name}")
    if len(runs) and "point" in runs.columns:
        per = runs.groupby("point").size()
        n = int(per.iloc[0])
        sets = len(per)
        unit = "run" if n == 1 else "runs"
        if sets == 1:
            parts.append(f"{n:,} {unit}")
        elif man.get("sweep_keys") == ["rule"] or set(man.get("sweep_keys", [])) == {"rule"}:
            parts.append(f"{n:,} {unit} per rule (the same draws under each)")
        else:
            parts.append(f"{n:,} {unit} at each of {sets} parameter sets")
    seed = man.get("root_seed", runs["root_seed"].iloc[0]
                   if "root_seed" in runs.columns and len(runs) else None)
    if seed is not None:
        parts.append(f"root seed {seed}")
    if what:
        parts.append(what)
    return " · ".join(parts)
