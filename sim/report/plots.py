"""Figures of Monte Carlo results (matplotlib).

Every function draws on ``ax`` and returns it; when no ``ax`` is given it makes a new
:class:`matplotlib.figure.Figure` (not registered with pyplot, so nothing global changes).
Nothing here shows or saves a figure: the command line saves, into ``plots/`` by default.
To draw into a notebook, pass ``ax`` from ``plt.subplots()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.council.members import Council
from sim.council.rules import BLOCKING_POPULATION_PCT, RULES
from sim.montecarlo.stats import adoption_by
from sim.montecarlo.tables import events_table
from sim.report.pivotal import pivotality

QMV_POPULATION_LINE = RULES["qmv"].population_pct / 100
"""0.65: a qualified majority (or an RQMV rejection) needs this share of the population."""
BLOCKING_POPULATION_LINE = BLOCKING_POPULATION_PCT / 100
"""0.35: more than this share of the population can form a blocking minority."""


def _table(results: Any, which: str, caller: str) -> pd.DataFrame:
    """The ``runs`` or ``votes`` table of a :class:`~sim.montecarlo.tables.MonteCarloResult`,
    or the table itself; anything else is a :class:`TypeError` naming what is expected."""
    if isinstance(results, pd.DataFrame):
        return results
    table = getattr(results, which, None)
    if isinstance(table, pd.DataFrame):
        return table
    raise TypeError(f"{caller}() takes a MonteCarloResult (sim.replicate, sim.compare_rules) "
                    f"or its {which} table, got {type(results).__name__}")


def _axes(ax: Axes | None, size: tuple[float, float] = (6.4, 4.0)) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=size, layout="constrained").add_subplot()


def plot_time_to_decision(runs: Any, ax: Axes | None = None, bins: int = 30,
                          **kw: Any) -> Axes:
    """Histogram of the days from the trigger (a member state's request or the Commission's
    initiative) to the Council's decision, one layer per rule."""
    runs = _table(runs, "runs", "plot_time_to_decision")
    ax = _axes(ax)
    for rule, group in runs.groupby("rule", sort=True):
        days = group["time_to_decision_days"].dropna()
        ax.hist(days, bins=bins, alpha=0.6, label=f"{rule} ({len(days)} decided)", **kw)
    ax.set_xlabel("time to decision (days)")
    ax.set_ylabel("replications")
    ax.set_title("Distribution of the time to decision")
    ax.legend()
    return ax


def plot_adoption(runs: Any, ax: Axes | None = None, level: float = 0.95,
                  **kw: Any) -> Axes:
    """Adoption probability per (measure, rule), bars with ``level`` Wilson intervals."""
    runs = _table(runs, "runs", "plot_adoption")
    ax = _axes(ax)
    table = adoption_by(runs, ["measure", "rule"], level)
    labels = [f"{m}\n{r}" for m, r in zip(table["measure"], table["rule"], strict=True)]
    x = np.arange(len(table))
    err = np.vstack([table["p"] - table["ci_low"], table["ci_high"] - table["p"]])
    ax.bar(x, table["p"], yerr=err, capsize=4, **kw)
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 1)
    ax.set_xlabel("measure and rule")
    ax.set_ylabel("adoption probability")
    ax.set_title(f"Adoption probability ({round(100 * level)} % confidence intervals)")
    return ax


def plot_reject_share(table: Any, ax: Axes | None = None, bins: int = 40,
                      **kw: Any) -> Axes:
    """Histogram of the population share voting to reject, with the 65 % and 35 % lines."""
    table = _table(table, "votes", "plot_reject_share")
    ax = _axes(ax)
    ax.hist(table["pop_reject_share"].dropna(), bins=bins, range=(0, 1), **kw)
    ax.axvline(QMV_POPULATION_LINE, color="C3", linestyle="--",
               label=f"{QMV_POPULATION_LINE:.0%}: qualified majority")
    ax.axvline(BLOCKING_POPULATION_LINE, color="C2", linestyle=":",
               label=f"{BLOCKING_POPULATION_LINE:.0%}: blocking minority")
    ax.set_xlabel("population share voting to reject")
    ax.set_ylabel("votes")
    ax.set_title("Population share voting to reject")
    ax.legend()
    return ax


def plot_pivotal(votes: Any, ax: Axes | None = None, council: Council | None = None,
                 rule: str | None = None, kind: str | None = None, **kw: Any) -> Axes:
    """Share of votes in which each member was pivotal, or in the blocking coalition.

    ``kind`` is ``"pivotal"``, ``"blocking"`` or ``"both"``. With one rule (or ``rule``
    given) the default is ``"both"``: two bars per member. With several rules the default
    is ``"pivotal"``: one bar per rule and member, so the rules can be compared.
    """
    votes = _table(votes, "votes", "plot_pivotal")
    ax = _axes(ax, (10.0, 4.0))
    table = pivotality(votes, council)
    rules = [rule] if rule else [str(r) for r in sorted(table["rule"].unique())]
    kind = kind or ("both" if len(rules) == 1 else "pivotal")
    columns = {"pivotal": [("p_pivotal", "pivotal")],
               "blocking": [("p_blocking", "in the blocking coalition")],
               "both": [("p_pivotal", "pivotal"), ("p_blocking", "in the blocking coalition")]}
    if kind not in columns:
        raise ValueError(f"kind must be one of {', '.join(columns)}, not {kind!r}")
    series = [(r, col, text) for r in rules for col, text in columns[kind]]
    width = 0.8 / len(series)
    members: list[str] = []
    for i, (r, col, text) in enumerate(series):
        part = table[table["rule"] == r]
        members = list(part["member"])
        x = np.arange(len(part)) + (i - (len(series) - 1) / 2) * width
        label = text if len(rules) == 1 else f"{r}: {text}"
        ax.bar(x, part[col], width=width, label=label, **kw)
    ax.set_xticks(np.arange(len(members)), members, rotation=90)
    ax.set_xlabel("member state")
    ax.set_ylabel("share of votes")
    counts = ", ".join(f"{r} {int(table[table['rule'] == r]['votes'].iloc[0])}"
                       for r in rules)
    what = {"pivotal": "Pivotal members", "blocking": "Members in the blocking coalition",
            "both": "Pivotal and blocking members"}[kind]
    ax.set_title(f"{what} (votes: {counts})")
    ax.legend()
    return ax


def plot_sweep(runs: Any, param: str, ax: Axes | None = None, by: str | None = None,
               level: float = 0.95, **kw: Any) -> Axes:
    """Adoption probability against ``param``, one line per value of ``by``, with bands.

    A numeric parameter is plotted on its own scale; any other on evenly spaced ticks.
    """
    runs = _table(runs, "runs", "plot_sweep")
    ax = _axes(ax)
    keys = [param] + ([by] if by else [])
    table = adoption_by(runs, keys, level)
    numeric = pd.api.types.is_numeric_dtype(runs[param]) and \
        not pd.api.types.is_bool_dtype(runs[param])
    values = sorted(table[param].unique())
    for label, group in (table.groupby(by, sort=True) if by else [("", table)]):
        group = group.sort_values(param)
        x = group[param] if numeric else group[param].map({v: i for i, v in enumerate(values)})
        ax.plot(x, group["p"], marker="o", label=f"{by} = {label}" if by else None, **kw)
        ax.fill_between(x, group["ci_low"], group["ci_high"], alpha=0.25)
    if not numeric:
        ax.set_xticks(range(len(values)), [str(v) for v in values])
    ax.set_ylim(0, 1)
    ax.set_xlabel(param)
    ax.set_ylabel("adoption probability")
    ax.set_title(f"Adoption probability against {param} "
                 f"({round(100 * level)} % confidence bands)")
    if by:
        ax.legend()
    return ax


def plot_timeline(events: Iterable[Any] | pd.DataFrame, ax: Axes | None = None,
                  **kw: Any) -> Axes:
    """The steps of one run (``RunResult.events``) on a time axis, one lane per actor."""
    ax = _axes(ax, (9.0, 3.5))
    table = events_table(events)
    actors = list(dict.fromkeys(table["actor"]))
    lane = table["actor"].map({a: i for i, a in enumerate(actors)})
    ax.scatter(table["day"], lane, zorder=3, **kw)
    # same-day steps of one actor share a label ("vote, adopted") instead of overprinting
    labels = table.assign(lane=lane).groupby(["day", "lane"], sort=False).agg(
        event=("event", ", ".join), date=("date", "first"))
    seen: dict[int, int] = {}
    for (day, y), name, date in zip(labels.index, labels["event"], labels["date"],
                                    strict=True):
        nth = seen[y] = seen.get(y, -1) + 1  # alternate above / below the lane
        ax.annotate(f"{name}\n{date}", (day, y), textcoords="offset points",
                    xytext=(3, 5 if nth % 2 == 0 else -22), fontsize=7, rotation=15)
    ax.set_yticks(range(len(actors)), actors)
    ax.set_ylim(-0.5, len(actors) - 0.3)
    ax.set_xlabel("day of the run")
    ax.set_ylabel("actor")
    ax.set_title("Timeline of one run")
    return ax
