"""Bar plot of voting power per member, with Penrose's square-root benchmark.

Draws and returns; never shows or saves (saving is the command line's job).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.power.games import PowerResult


def plot_power(result: PowerResult, before: PowerResult | None = None,
               ax: Axes | None = None) -> Axes:
    """Normalised Banzhaf and Shapley–Shubik power (%) per member, largest first.

    Parameters
    ----------
    result : PowerResult
        The Council to show.
    before : PowerResult, optional
        The same rule in a smaller Council (say, the EU27 before an enlargement): its
        members' normalised Banzhaf power is drawn as outlined bars.
    ax : Axes, optional
        Where to draw; a new figure is made when omitted.
    """
    if ax is None:
        ax = Figure(figsize=(max(8.0, 0.32 * len(result.codes) + 2), 4.8)).subplots()
    pop = result.game.council.population
    order = np.argsort(-pop, kind="stable")
    x = np.arange(order.size)
    width = 0.4
    ax.bar(x - width / 2, 100 * result.banzhaf_normalised[order], width,
           label="Banzhaf (normalised)", color="tab:blue")
    ax.bar(x + width / 2, 100 * result.shapley_shubik[order], width,
           label="Shapley–Shubik", color="tab:orange")
    if before is not None:
        prior = dict(zip(before.codes, before.banzhaf_normalised, strict=True))
        old = np.array([100 * prior.get(result.codes[i], np.nan) for i in order])
        ax.bar(x - width / 2, old, width, fill=False, edgecolor="black", linewidth=0.8,
               label=f"Banzhaf before ({before.game.council.size} members)")
    ax.plot(x, 100 * result.square_root()[order], "k_", markersize=12, markeredgewidth=2,
            label="square-root benchmark")
    ax.set_xticks(x, [result.codes[i] for i in order], rotation=90, fontsize=8)
    ax.set_ylabel("share of power (%)")
    side = f" (power to {result.game.side})" if result.game.side != "adopt" else ""
    ax.set_title(f"Voting power under {result.game.rule}{side}, "
                 f"{result.game.council.label}: {result.method}", fontsize=10)
    ax.legend(fontsize=8)
    ax.margins(x=0.01)
    return ax
