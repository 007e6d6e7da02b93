"""What the Monte Carlo figures share: the grid of rules and kinds of vote, the panels.

Every figure is split by rule and by kind of vote (adopting a measure, lifting it): one
panel per kind (or per rule and kind), never one pooled picture of different questions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from sim.report.layout import Margins, container, panels, size_pt
from sim.report.style import BASE_PT, KIND_NAMES, Tables, caption, ordered_rules, wrap


def with_kind(votes: pd.DataFrame) -> pd.DataFrame:
    """``votes`` with a boolean ``lifting`` column (False where the table has none)."""
    if "lifting" in votes.columns:
        return votes.assign(lifting=votes["lifting"].astype(bool))
    return votes.assign(lifting=False)


def kinds(votes: pd.DataFrame) -> list[bool]:
    """The kinds of vote present, adopting (False) before lifting (True)."""
    present = set(with_kind(votes)["lifting"].tolist()) if len(votes) else {False}
    return [k for k in (False, True) if k in present]


def rules_of(frame: pd.DataFrame) -> list[str]:
    return ordered_rules(frame["rule"].unique()) if "rule" in frame.columns else []


def kind_title(lifting: bool) -> str:
    return KIND_NAMES[lifting].capitalize()


def figure(ax: Axes | None, tables: Tables, nrows: int, ncols: int, title: str,
           what: str = "", margins: Margins | None = None,
           panel_height_in: float = 3.6) -> tuple[Axes, np.ndarray]:
    """A container with its title and caption, and a grid of panels in it."""
    height = 1.6 + nrows * panel_height_in
    box, top, bottom = container(ax, height, title, caption(tables, what))
    return box, panels(box, nrows, ncols, margins or Margins(), top, bottom)


def percent_axis(ax: Axes, axis: str = "y") -> None:
    """Ticks as percentages (0 %, 25 %, ...) on a 0–1 axis."""
    ticks = [0, 0.25, 0.5, 0.75, 1.0]
    labels = [f"{round(100 * t)} %" for t in ticks]
    if axis == "y":
        ax.set_yticks(ticks, labels)
    else:
        ax.set_xticks(ticks, labels)
        ax.tick_params(axis="x", pad=7)


def empty_panel(ax: Axes, text: str) -> None:
    """A panel that says, in words, why it has nothing to draw."""
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    width = size_pt(ax)[0] * 0.9
    ax.text(0.5, 0.5, wrap(text, width, BASE_PT), transform=ax.transAxes, ha="center",
            va="center", color="#333333")
