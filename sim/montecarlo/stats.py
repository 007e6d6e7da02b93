"""Summaries of Monte Carlo tables: proportions with confidence intervals, quartiles.

Confidence intervals for proportions are **Wilson score** intervals (scipy's
``binomtest(...).proportion_ci(method="wilson")``): well behaved near 0 and 1, unlike the
normal approximation, and less conservative than Clopper–Pearson.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import binomtest

CI_METHOD = "wilson"
"""The interval method, as scipy names it."""


def proportion_ci(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``successes`` out of ``trials`` (NaNs when no trials)."""
    if trials == 0:
        return math.nan, math.nan
    ci = binomtest(int(successes), int(trials)).proportion_ci(level, method=CI_METHOD)
    return float(ci.low), float(ci.high)


def quartiles(values: pd.Series | np.ndarray) -> dict[str, float]:
    """``q1``, ``median``, ``q3`` and ``count`` of the non-missing ``values``."""
    arr = np.asarray(values, dtype=np.float64)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        return {"count": 0, "q1": math.nan, "median": math.nan, "q3": math.nan}
    q1, med, q3 = np.quantile(arr, [0.25, 0.5, 0.75])
    return {"count": int(arr.size), "q1": float(q1), "median": float(med), "q3": float(q3)}


def adoption_by(runs: pd.DataFrame, keys: Sequence[str], level: float = 0.95) -> pd.DataFrame:
    """Adoption probability per group of ``keys``, with its interval.

    Returns
    -------
    DataFrame
        ``keys`` columns, then ``runs``, ``adopted``, ``p``, ``ci_low``, ``ci_high``;
        groups in sorted order.
    """
    rows = []
    groups = runs.groupby(list(keys), sort=True) if keys else [((), runs)]
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        n, k = len(group), int(group["adopted"].astype(bool).sum())
        low, high = proportion_ci(k, n, level)
        rows.append(dict(zip(keys, key, strict=True)) |
                    {"runs": n, "adopted": k, "p": k / n if n else math.nan,
                     "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


def summarise(runs: pd.DataFrame, level: float = 0.95) -> dict[str, Any]:
    """The headline figures of the runs of *one* parameter set (one rule): pooling runs of
    different rules or parameter sets gives a number that answers no question; see
    :mod:`sim.montecarlo.summary` for the summary per parameter set.

    Returns
    -------
    dict
        ``runs``; ``adopted``, ``p_adopted`` and its interval ``p_adopted_ci``;
        ``time_to_decision_days`` quartiles; ``p_realigned`` and its interval;
        ``realigned_day`` quartiles; ``ci_level`` and ``ci_method``; ``not_proposed``,
        replications in which no measure was proposed (they count as not adopted).
    """
    n = len(runs)
    k = int(runs["adopted"].astype(bool).sum()) if n else 0
    r = int(runs["realigned"].astype(bool).sum()) if n else 0
    return {
        "runs": n, "adopted": k, "p_adopted": k / n if n else math.nan,
        "p_adopted_ci": proportion_ci(k, n, level),
        "time_to_decision_days": quartiles(runs.get("time_to_decision_days", pd.Series([]))),
        "realigned": r, "p_realigned": r / n if n else math.nan,
        "p_realigned_ci": proportion_ci(r, n, level),
        "realigned_day": quartiles(runs.get("realigned_day", pd.Series([]))),
        "ci_level": level, "ci_method": CI_METHOD,
        "not_proposed": int((~runs["proposed"].astype(bool)).sum())
        if "proposed" in runs.columns else 0,
    }
