"""Where things go on a figure: a canvas with title, caption and a grid of panels; checks
that no text overlaps another or leaves the figure.

A figure is drawn on one *container* Axes (the one a plot function returns): its frame is
hidden, it carries the title and the caption, and its panels are inset Axes laid out in
points, so the margins for tick labels and panel titles do not depend on the canvas size.
Given an ``ax`` of their own (a notebook's subplot), plot functions draw their panels
inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from sim.report.style import CAPTION_PT, TITLE_PT, WIDTH_IN, wrap

TITLES = ("_left_title", "title", "_right_title")
"""The three title slots of an Axes."""
PAD_PT = 10.0
"""Space between the canvas edge and the title or caption."""


@dataclass(frozen=True)
class Margins:
    """Space around and between panels, in points."""

    left: float = 80.0
    right: float = 20.0
    bottom: float = 62.0
    top: float = 34.0  # above the first row of panels: room for the panel titles
    wspace: float = 40.0
    hspace: float = 76.0


def size_pt(ax: Axes) -> tuple[float, float]:
    """Width and height of ``ax`` in points."""
    fig = ax.get_figure(root=True)
    assert fig is not None
    w, h = fig.get_size_inches() * 72
    box = ax.get_position()
    return float(w * box.width), float(h * box.height)


def container(ax: Axes | None, height_in: float, title: str, caption: str) -> tuple[Axes, float,
                                                                                    float]:
    """The container Axes (new when ``ax`` is None) with its title and caption drawn.

    Returns the container and the heights in points its title and caption take.
    """
    if ax is None:
        fig = Figure(figsize=(WIDTH_IN, height_in))
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    width, _ = size_pt(ax)
    top = bottom = 0.0
    if title:
        text = wrap(title, width - 2 * PAD_PT, TITLE_PT)
        ax.annotate(text, (0, 1), xycoords="axes fraction", xytext=(PAD_PT, -PAD_PT),
                    textcoords="offset points", ha="left", va="top", fontsize=TITLE_PT,
                    fontweight="bold", gid="title")
        top = PAD_PT + 1.25 * TITLE_PT * (text.count("\n") + 1)
    if caption:
        text = wrap(caption, width - 2 * PAD_PT, CAPTION_PT)
        ax.annotate(text, (0, 0), xycoords="axes fraction", xytext=(PAD_PT, PAD_PT * 0.6),
                    textcoords="offset points", ha="left", va="bottom", fontsize=CAPTION_PT,
                    color="#333333", gid="caption")
        bottom = PAD_PT + 1.3 * CAPTION_PT * (text.count("\n") + 1)
    return ax, top, bottom


def panels(box: Axes, nrows: int, ncols: int, margins: Margins, top: float = 0.0,
           bottom: float = 0.0) -> np.ndarray:
    """A ``(nrows, ncols)`` array of inset Axes filling ``box`` within ``margins``.

    ``top`` and ``bottom`` are points already taken by the title and caption.
    """
    width, height = size_pt(box)
    inner_w = width - margins.left - margins.right - (ncols - 1) * margins.wspace
    inner_h = height - top - bottom - margins.top - margins.bottom - \
        (nrows - 1) * margins.hspace
    pw, ph = max(inner_w, 10.0) / ncols, max(inner_h, 10.0) / nrows
    grid = np.empty((nrows, ncols), dtype=object)
    for i in range(nrows):
        for j in range(ncols):
            x0 = margins.left + j * (pw + margins.wspace)
            y0 = bottom + margins.bottom + (nrows - 1 - i) * (ph + margins.hspace)
            grid[i, j] = box.inset_axes((x0 / width, y0 / height, pw / width, ph / height))
    return grid


_MEASURE = RendererAgg(10, 10, 72)


@lru_cache(maxsize=8192)
def text_width_pt(text: str, size: float) -> float:
    """Width of one line of ``text`` at ``size`` points, in points (the default font)."""
    w, _, _ = _MEASURE.get_text_width_height_descent(
        text, FontProperties(size=size), ismath=False)
    return float(w)


# ----------------------------------------------------------------------------- checks
def _tick_labels(ax: Axes) -> list[Text]:
    out = []
    for axis in (ax.xaxis, ax.yaxis):
        low, high = sorted(axis.get_view_interval())
        span = (high - low) * 1e-9
        for loc, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels(),
                              strict=False):
            if low - span <= loc <= high + span:
                out.append(label)
        out.append(axis.label)
        out.append(axis.get_offset_text())
    return out


def all_axes(fig: Figure) -> list[Axes]:
    """The figure's Axes and their inset Axes (panels), depth first."""
    out: list[Any] = []
    todo: list[Any] = list(fig.get_axes())
    while todo:
        ax = todo.pop(0)
        out.append(ax)
        todo[:0] = list(ax.child_axes)
    return out


def drawn_texts(fig: Figure) -> list[Text]:
    """Every non-empty text the figure draws: titles, annotations, labels, ticks, legends."""
    FigureCanvasAgg(fig).draw()
    texts: list[Text] = list(fig.texts)
    for ax in all_axes(fig):
        if not ax.get_visible():
            continue
        texts += [*ax.texts, *(getattr(ax, name) for name in TITLES)]
        if ax.axison:
            texts += _tick_labels(ax)
        legend = ax.get_legend()
        if legend is not None:
            texts += list(legend.get_texts())
            texts.append(legend.get_title())
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def text_problems(fig: Figure, tolerance: float = 0.5) -> list[str]:
    """Texts that overlap one another or reach outside the figure (empty when legible)."""
    texts = drawn_texts(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in texts]
    frame = fig.bbox
    out = []
    for t, b in zip(texts, boxes, strict=True):
        if (b.x0 < frame.x0 - tolerance or b.y0 < frame.y0 - tolerance
                or b.x1 > frame.x1 + tolerance or b.y1 > frame.y1 + tolerance):
            out.append(f"outside the figure: {t.get_text()!r}")
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            if _overlap(boxes[i], boxes[j], tolerance):
                out.append(f"overlap: {texts[i].get_text()!r} and {texts[j].get_text()!r}")
    return out


def _overlap(a: Bbox, b: Bbox, tolerance: float) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance
            and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance)
