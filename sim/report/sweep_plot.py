"""The sweep figure: adoption probability across the parameter sets of ``eusim sweep``.

A numeric parameter goes on its own scale, with a line and a confidence band per value of
the second parameter (the rule, when swept). A categorical one — the rule, a preset, a
distribution's name — is a set of categories: dots with interval bars side by side, no
line between them, since categories have no order. Further swept parameters get a panel
per combination, never pooled.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from sim.montecarlo.stats import adoption_by
from sim.montecarlo.tables import PARAM_PREFIX, MonteCarloResult
from sim.report.common import figure, percent_axis
from sim.report.layout import Margins
from sim.report.style import OKABE_ITO, as_tables, ordered_rules, rule_colour, rule_name, styled

MAX_PANELS = 12


def column(runs: pd.DataFrame, key: str) -> str:
    """The runs-table column of parameter ``key``."""
    return key if key in runs.columns else PARAM_PREFIX + key


def is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _roles(keys: Sequence[str], param: str | None, by: str | None) -> tuple[str, str | None,
                                                                             list[str]]:
    keys = list(keys)
    if param is None:
        rest = [k for k in keys if k != "rule"] or keys
        param = rest[0]
    others = [k for k in keys if k != param]
    if by is None and others:
        by = "rule" if "rule" in others else others[0]
    return param, by, [k for k in others if k != by]


def _values(series: pd.Series, key: str) -> list:
    values = list(series.unique())
    return ordered_rules(values) if key == "rule" else sorted(values)


def plot_sweep(results: MonteCarloResult | pd.DataFrame, param: str | None = None,
               ax: Axes | None = None, by: str | None = None, level: float = 0.95) -> Axes:
    """Adoption probability against ``param`` (default: the first swept parameter that is
    not the rule), one colour per value of ``by`` (default: the rule, if swept), a panel
    per combination of any other swept parameter; ``level`` Wilson intervals."""
    tables = as_tables(results)
    runs = tables.runs
    keys = list(tables.manifest.get("sweep_keys", [])) or [k for k in (param, by) if k]
    param, by, facets = _roles(keys, param, by)
    pcol, bcol = column(runs, param), (column(runs, by) if by else None)
    fcols = [column(runs, f) for f in facets]
    combos = list(itertools.product(*[_values(runs[c], f) for c, f in
                                      zip(fcols, facets, strict=True)]))[:MAX_PANELS]
    ncols = min(3, len(combos))
    nrows = int(np.ceil(len(combos) / ncols))
    with styled():
        box, grid = figure(ax, tables, nrows, ncols,
                           f"Adoption probability at each value of {param}",
                           f"{round(100 * level)} % Wilson intervals",
                           Margins(left=84, bottom=80, top=70), panel_height_in=3.8)
        for panel, combo in zip(grid.ravel(), combos, strict=False):
            part = runs
            for c, v in zip(fcols, combo, strict=True):
                part = part[part[c] == v]
            _panel(panel, part, pcol, param, bcol, by, level)
            if facets:
                panel.set_title(", ".join(f"{f} = {v}" for f, v in
                                          zip(facets, combo, strict=True)), pad=40)
        for panel in grid.ravel()[len(combos):]:
            panel.set_visible(False)
        for panel in grid[:, 0]:
            panel.set_ylabel("adoption probability")
    return box


def _panel(ax: Axes, runs: pd.DataFrame, pcol: str, param: str, bcol: str | None,
           by: str | None, level: float) -> None:
    table = adoption_by(runs, [pcol] + ([bcol] if bcol else []), level)
    numeric = is_numeric(runs[pcol])
    xs = _values(runs[pcol], param)
    groups = _values(runs[bcol], by or "") if bcol else [None]
    width = 0.7 / max(1, len(groups))
    for g, value in enumerate(groups):
        part = table if bcol is None else table[table[bcol] == value]
        part = part.set_index(pcol).reindex(xs).dropna(subset=["p"])
        colour = rule_colour(str(value)) if by == "rule" else OKABE_ITO[g % len(OKABE_ITO)]
        label = None if bcol is None else (rule_name(str(value)) if by == "rule"
                                           else f"{by} = {value}")
        p = part["p"].to_numpy(dtype=float)
        err = np.vstack([p - part["ci_low"], part["ci_high"] - p])
        if numeric:
            x = part.index.to_numpy(dtype=float)
            ax.plot(x, p, marker="o", color=colour, label=label)
            ax.fill_between(x, part["ci_low"], part["ci_high"], color=colour, alpha=0.2)
        else:
            x = np.array([xs.index(v) for v in part.index]) + (g - (len(groups) - 1) / 2) * width
            ax.errorbar(x, p, yerr=err, fmt="o", color=colour, capsize=6, elinewidth=2,
                        label=label)
    if not numeric:
        ax.set_xticks(range(len(xs)), [rule_name(str(v)) if param == "rule" else str(v)
                                       for v in xs])
        ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.set_ylim(0, 1.02)
    percent_axis(ax)
    ax.set_xlabel(param)
    if bcol is not None:
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(4, len(groups)),
                  borderaxespad=0.3)
