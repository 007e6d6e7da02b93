"""Figures of a :class:`~sim.calibration.validation.Validation`: reliability and dissent.

Each function draws on ``ax`` (a new figure when omitted) and returns it; never shows or
saves (saving is the command line's job).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.calibration.validation import BINS, METHODS, Validation

LABELS = {"model": "calibrated model", "baseline_overall": "one overall rate",
          "baseline_member": "per-member rates"}
COLOURS = {"model": "#1f5fa8", "baseline_overall": "#999999",
           "baseline_member": "#d17a22", "observed": "#222222"}
FLOOR = 1e-4
MIN_CELLS = 30
SOURCE = "Votes: SWP EU Council Monitor (GESIS, doi:10.7802/2560, CC BY 4.0); Council of the EU"


def reliability_points(validation: Validation, method: str, edges: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean predicted probability, observed frequency and cell count per bin, pooling the
    outcomes against, abstain and not participating over every recorded cell."""
    probs = validation.methods[method].probabilities[..., 1:]
    used = validation.outcome >= 0
    hits = validation.outcome[..., None] == np.arange(1, 4)
    p, y = probs[used].ravel(), hits[used].ravel()
    which = np.clip(np.digitize(p, edges) - 1, 0, len(edges) - 2)
    n = np.bincount(which, minlength=len(edges) - 1)
    with np.errstate(invalid="ignore"):
        mean_p = np.bincount(which, weights=p, minlength=len(edges) - 1) / n
        freq = np.bincount(which, weights=y.astype(float), minlength=len(edges) - 1) / n
    return mean_p, freq, n


def plot_reliability(validation: Validation, ax: Axes | None = None) -> Axes:
    """Observed frequency against predicted probability (log scales; bins of at least
    30 cells; a bin with no event is drawn hollow on the bottom edge)."""
    if ax is None:
        ax = Figure(figsize=(5.5, 4.8)).subplots()
    edges = np.logspace(-4, 0, 13)
    edges[0] = 0.0
    ax.plot([FLOOR, 1], [FLOOR, 1], color="#bbbbbb", lw=1, ls="--", label="perfect")
    for method in METHODS:
        mean_p, freq, n = reliability_points(validation, method, edges)
        ok = n >= MIN_CELLS
        hit = ok & (freq > 0)
        ax.plot(mean_p[hit], freq[hit], "o-", ms=4, color=COLOURS[method],
                label=LABELS[method])
        empty = ok & (freq == 0)
        ax.plot(mean_p[empty], np.full(int(empty.sum()), FLOOR), "o", ms=5, mfc="white",
                color=COLOURS[method])
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(FLOOR, 1)
    ax.set_ylim(FLOOR * 0.8, 1)
    ax.set_xlabel("predicted probability (against, abstain, not participating)")
    ax.set_ylabel("observed frequency")
    ax.set_title(f"Reliability on {len(validation.votes)} held-out votes", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    return ax


def plot_dissent(validation: Validation, ax: Axes | None = None) -> Axes:
    """Share of votes with 0, 1, ..., 5+ dissenters: observed and each predictor's."""
    if ax is None:
        ax = Figure(figsize=(5.5, 4.8)).subplots()
    series = [("observed", validation.observed)] + [
        (m, validation.methods[m].dissent) for m in METHODS]
    width = 0.8 / len(series)
    x = np.arange(BINS)
    for k, (name, values) in enumerate(series):
        label = "observed" if name == "observed" else (
            f"{LABELS[name]} (TV {validation.methods[name].dissent_tv:.3f})")
        ax.bar(x + (k - (len(series) - 1) / 2) * width, values, width, label=label,
               color=COLOURS[name])
    ax.set_xticks(x, [*map(str, range(BINS - 1)), f"{BINS - 1}+"])
    ax.set_xlabel("dissenters per vote (against or abstaining)")
    ax.set_ylabel("share of votes")
    first, last = validation.votes.date_range()
    ax.set_title(f"Dissenters per vote, {first} – {last}", fontsize=10)
    ax.legend(fontsize=8)
    return ax


def plot_validation(validation: Validation) -> Figure:
    """Both panels side by side, with the data's source."""
    fig = Figure(figsize=(11, 4.8))
    left, right = fig.subplots(1, 2)
    plot_reliability(validation, left)
    plot_dissent(validation, right)
    first, last = validation.train_range
    fig.suptitle(f"Calibrated behaviour, trained on votes {first} – {last}", fontsize=11)
    fig.text(0.01, 0.01, SOURCE, fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig
