"""Summary lines for the plug-in procedures and comparisons of routes (``eusim run --runs``).

Per route (or for the one procedure): the probability that a measure takes effect with its
Wilson interval, the time until it does, and who stopped it when it did not; for the
agreement procedure, the simulated lead times from mandate to signature per partner next
to the observed ones.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.montecarlo.stats import proportion_ci, quartiles


def _days(series: pd.Series) -> str:
    q = quartiles(pd.to_numeric(series, errors="coerce"))
    if not q["count"]:
        return "never within the horizon"
    return f"median {q['median']:.0f} days (quartiles {q['q1']:.0f}-{q['q3']:.0f}; n={q['count']})"


def route_lines(runs: pd.DataFrame) -> list[str]:
    """One block per route and rule set (the run's ``variant``): P(measure), time to
    effect, who stopped it."""
    if "route" not in runs.columns or "time_to_effect_days" not in runs.columns:
        return []
    lines = ["per route and rule set (95 % Wilson CI):"]
    keys = ["route", "variant"] if "variant" in runs.columns else ["route"]
    for key, group in runs.groupby(keys, sort=False):
        parts = key if isinstance(key, tuple) else (key,)
        label = str(parts[0]) + (f" (variant {parts[1]})" if len(parts) > 1 and parts[1] else "")
        n = len(group)
        k = int(group["adopted"].astype(bool).sum())
        low, high = proportion_ci(k, n)
        lines.append(f"  {label}: a measure takes effect in {k} of {n} = {k / n:.3f} "
                     f"({low:.3f}-{high:.3f}); time to effect from the start: "
                     f"{_days(group['time_to_effect_days'])}")
        failed = group.loc[~group["adopted"].astype(bool)]
        stops = failed.get("stopped_by", pd.Series("", index=failed.index)).fillna("")
        if "realigned" in failed.columns:
            stops = stops.where(stops != "", failed["realigned"].map(
                lambda r: "realignment" if r else ""))
        counts = stops.replace("", "not decided within the horizon").value_counts()
        if len(counts):
            who = ", ".join(f"{name} {c}" for name, c in counts.items())
            lines.append(f"    no measure because of: {who}")
    return lines


def agreement_lines(runs: pd.DataFrame, scenario: Any) -> list[str]:
    """Simulated against observed days from mandate to signature, per partner."""
    if getattr(scenario, "procedure", "") != "agreement":
        return []
    lines = ["days from mandate to signature, simulated against observed:"]
    for i, partner in enumerate(scenario.partners, start=1):
        sim = _days(runs[f"signature_days_{i}"])
        observed = "not observed"
        mandate = partner.mandate or scenario.start
        if partner.observed_signature is not None:
            observed = f"{(partner.observed_signature - mandate).days} days " \
                       f"({partner.observed_signature.isoformat()})"
        share = pd.to_numeric(runs[f"signature_days_{i}"], errors="coerce")
        if partner.observed_signature is not None and share.notna().any():
            lag = (partner.observed_signature - mandate).days
            rank = float((share.fillna(float("inf")) <= lag).mean())
            observed += f"; {100 * rank:.0f} % of runs signed by then"
        lines.append(f"  {partner.name}: simulated {sim}; observed {observed}")
    return lines


def extra_lines(runs: pd.DataFrame, source: str, changes: dict[str, Any]) -> list[str]:
    """The procedure-specific lines for a results table of ``source`` (none otherwise)."""
    from sim.montecarlo.models import rebuild
    from sim.montecarlo.models.routes import RoutesModel
    from sim.procedures.registry import DEFAULT_PROCEDURE

    model = rebuild(source, changes)
    if isinstance(model, RoutesModel):
        return route_lines(runs)
    scenario = getattr(model, "scenario", None)
    if scenario is None or getattr(scenario, "procedure", DEFAULT_PROCEDURE) == DEFAULT_PROCEDURE:
        return []
    return route_lines(runs.assign(route=model.name)) + agreement_lines(runs, scenario)


__all__ = ["agreement_lines", "extra_lines", "route_lines"]
