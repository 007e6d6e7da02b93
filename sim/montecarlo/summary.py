"""The summary of a Monte Carlo run for people: one block per parameter set (per rule in a
rule comparison), each kind of vote apart, numbers written as people read them.

Nothing is pooled across rules or parameter sets: a share of "all replications" of three
rules answers no question. Proportions carry Wilson intervals (:mod:`sim.montecarlo.stats`);
money is written "EUR 61.2 million", shares "99.9 %", with "> 99.9 %" and "< 0.1 %" where
rounding would hide a difference from all or none.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from sim.montecarlo.stats import proportion_ci, quartiles, summarise
from sim.montecarlo.tables import MonteCarloResult

KINDS = {False: "adopting a measure", True: "lifting a measure"}


def eur(amount: float) -> str:
    """``61_164_400`` -> ``"EUR 61.2 million"``."""
    if amount is None or math.isnan(amount):
        return "n/a"
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(amount) >= size:
            return f"EUR {amount / size:,.1f} {word}"
    return f"EUR {amount:,.0f}"


def percent(k: int, n: int) -> str:
    """``k`` of ``n`` as a percentage with one decimal, never rounded to 0 % or 100 %."""
    if n == 0:
        return "n/a"
    p = 100 * k / n
    if 0 < k < n and p >= 99.95:
        return "> 99.9 %"
    if 0 < k < n and p < 0.05:
        return "< 0.1 %"
    return f"{p:.1f} %"


def interval(low: float, high: float) -> str:
    if math.isnan(low):
        return "n/a"
    return f"{100 * low:.1f}–{100 * high:.1f} %"


def days(q: Mapping[str, float]) -> str:
    if not q["count"]:
        return "n/a"
    return f"median {q['median']:,.0f} days (quartiles {q['q1']:,.0f}–{q['q3']:,.0f})"


def point_label(changes: Mapping[str, Any], runs: pd.DataFrame) -> str:
    """"rule rqmv" or "behaviour.reject = 0.3, rule qmv": what sets a parameter set apart."""
    parts = [f"rule {v}" if k == "rule" else f"{k} = {v}" for k, v in changes.items()]
    if "rule" not in changes and "rule" in runs.columns and runs["rule"].nunique() == 1:
        parts.append(f"rule {runs['rule'].iloc[0]}")
    return ", ".join(parts) or "all replications"


def vote_summary(votes: pd.DataFrame, level: float) -> dict[bool, dict[str, Any]]:
    """Per kind of Council decision on a measure present (adopting or lifting it):
    ``votes``, ``passed``, ``p`` and its interval ``ci``. The intergovernmental conference's
    decisions (body ``igc``) and other procedures' votes (committees, the Parliament,
    agreements: no ``n_reject``) are not counted here."""
    if "body" in votes.columns:
        votes = votes[votes["body"] == "council"]
    if "n_reject" in votes.columns:  # the measures' votes carry n_reject, others do not
        votes = votes.loc[votes["n_reject"].notna()]
    elif "body" in votes.columns:  # only other procedures' votes (committees, agreements)
        votes = votes.iloc[0:0]
    lifting = votes["lifting"].astype(str).eq("True") if "lifting" in votes.columns else \
        pd.Series(False, index=votes.index)
    out = {}
    for kind in (False, True):
        part = votes[lifting == kind]
        if len(part):
            k = int(part["adopted"].astype(bool).sum())
            out[kind] = {"votes": len(part), "passed": k, "p": k / len(part),
                         "ci": proportion_ci(k, len(part), level)}
    return out


def by_point(result: MonteCarloResult, level: float = 0.95) -> list[dict[str, Any]]:
    """One entry per parameter set: ``point``, ``label``, ``runs`` (:func:`summarise`),
    ``eur_withheld`` quartiles, ``votes`` (:func:`vote_summary`)."""
    runs, votes = result.runs, result.votes
    points = result.manifest.get("points") or [{}]
    out = []
    for i, changes in enumerate(points):
        r = runs[runs["point"] == i] if "point" in runs.columns else runs
        if r.empty:
            continue
        v = votes[votes["point"] == i] if len(votes) else votes
        out.append({"point": i, "label": point_label(changes, r),
                    "runs": summarise(r, level),
                    "eur_withheld": quartiles(r["eur_withheld"]) if "eur_withheld" in r
                    else None,
                    "votes": vote_summary(v, level) if len(v) else {}})
    return out


def format_summary(result: MonteCarloResult, level: float = 0.95) -> str:
    """The summary as plain text, one block per parameter set."""
    pct = round(100 * level)
    lines = []
    for entry in by_point(result, level):
        s = entry["runs"]
        lines.append(f"{entry['label']}: {s['runs']:,} replications")
        lines.append(f"  measure adopted:      {s['adopted']:,} of {s['runs']:,} = "
                     f"{percent(s['adopted'], s['runs'])} ({pct} % Wilson CI "
                     f"{interval(*s['p_adopted_ci'])})"
                     + (f"; no proposal in {s['not_proposed']:,}" if s["not_proposed"] else ""))
        lines.append(f"  time to decision:     {days(s['time_to_decision_days'])}")
        lines.append(f"  candidate realigned:  {percent(s['realigned'], s['runs'])} "
                     f"(CI {interval(*s['p_realigned_ci'])}); {days(s['realigned_day'])}")
        q = entry["eur_withheld"]
        if q and q["count"]:
            lines.append(f"  funding withheld:     median {eur(q['median'])} (quartiles "
                         f"{eur(q['q1'])} to {eur(q['q3'])})")
        for kind, v in entry["votes"].items():
            lines.append(f"  votes {KINDS[kind] + ':':<20}{v['votes']:,}, passed "
                         f"{percent(v['passed'], v['votes'])} (CI {interval(*v['ci'])})")
    return "\n".join(lines)
