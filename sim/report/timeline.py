"""The timeline of one run: one lane per actor, events on a real date axis, every label legible.

Each event is a dot at its date with a short label beside it ("vote: adopted · 20 Dec").
Labels are packed, not scattered: within a lane, a label that would touch another goes on
a new row, each label to the right of its dot (to the left near the right edge), so no two
labels overlap and none leaves the figure however many events there are; the figure grows
a row at a time. A lane that would need more than :data:`MAX_ROWS` rows first merges runs
of the same kind of event ("reform ×4 · 30 Nov – 29 Apr"), then every event of one kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes

from sim.montecarlo.tables import events_table
from sim.report.layout import Margins, container, panels, size_pt, text_width_pt
from sim.report.style import BASE_PT, LABEL_PT, OKABE_ITO, styled

MAX_ROWS = 5
"""Rows a lane may take before its events are merged."""
ROW = 1.9
"""Row height, in multiples of the label font size."""
GAP_PT, DOT_PT, SPACE_PT = 5.0, 5.0, 10.0
"""Dot to label, dot radius, and the least space between two labels on a row."""

WORDS = {"measure-applied": "measure applied", "lift-applied": "measure lifted",
         "coreper": "Coreper", "chapter-opened": "chapter opened",
         "chapter-closed": "chapter closed", "chapters-reopened": "chapters reopened",
         "clusters-paused": "clusters paused", "negotiations-suspended": "talks suspended"}
"""Event kinds as labels say them (others as recorded)."""
LANE_NAMES = {"history": "context"}


@dataclass
class _Item:
    lane: int
    kind: str
    days: list[float]
    text: str
    dates: list[str]
    row: int = 0
    side: str = "right"  # of the label: "right" or "left" of the dots, or "above" them
    x: float = 0.0  # where an "above" label starts, in points from the left


def _word(event: str, details: str) -> str:
    lifting = "lifting" in details or "to lift" in details
    if event == "vote":
        return "lifting vote" if lifting else "vote"
    if event == "proposal" and lifting:
        return "proposal to lift"
    return WORDS.get(event, event)


def _short(day: str, year: bool = False) -> str:
    return date.fromisoformat(day).strftime("%-d %b %Y" if year else "%-d %b")


def _items(table: pd.DataFrame, lanes: list[str]) -> list[_Item]:
    items: list[_Item] = []
    for (actor, day), group in table.groupby(["actor", "day"], sort=False):
        if actor == "history":
            words = [str(d).split(":", 1)[0][:32] for d in group["details"]]
        else:
            words = [_word(e, d) for e, d in zip(group["event"], group["details"], strict=True)]
        text = ", ".join(dict.fromkeys(words))
        for verdict in ("adopted", "rejected"):
            text = text.replace(f"vote, {verdict}", f"vote: {verdict}")
        items.append(_Item(lanes.index(str(actor)), str(group["event"].iloc[0]),
                           [float(day)],  # type: ignore[arg-type]
                           text, [str(group["date"].iloc[0])]))
    return sorted(items, key=lambda it: (it.lane, it.days[0]))


def _merge(items: list[_Item], consecutive: bool, lanes: set[int]) -> list[_Item]:
    """Merge items of one kind in ``lanes`` (only neighbours when ``consecutive``)."""
    out: list[_Item] = []
    for it in items:
        same = [o for o in (out[-1:] if consecutive else out)
                if o.lane == it.lane and o.kind == it.kind] if it.lane in lanes else []
        if same:
            same[0].days += it.days
            same[0].dates += it.dates
        else:
            out.append(_Item(it.lane, it.kind, list(it.days), it.text, list(it.dates)))
    for it in out:
        if len(it.days) > 1:
            word = "note" if it.kind == "note" else _word(it.kind, "")
            it.text = f"{word} ×{len(it.days)}"
    return sorted(out, key=lambda it: (it.lane, min(it.days)))


def _label(it: _Item) -> str:
    if len(it.dates) == 1:
        return f"{it.text} · {_short(it.dates[0])}"
    first, last = min(it.dates), max(it.dates)
    years = first[:4] != last[:4]
    return f"{it.text} · {_short(first, years)} – {_short(last, years)}"


def _pack(items: list[_Item], x0: float, x1: float, width: float, font: float) -> None:
    """Give each item a row and a side for its label, so that nothing overlaps."""
    scale = width / (x1 - x0)
    ends: dict[tuple[int, int], float] = {}
    for it in sorted(items, key=lambda i: (i.lane, min(i.days))):
        lo, hi = (min(it.days) - x0) * scale, (max(it.days) - x0) * scale
        w = text_width_pt(_label(it), font) + 2
        if hi + GAP_PT + w <= width:
            it.side, span, need = "right", (lo - DOT_PT, hi + GAP_PT + w), 1
        elif lo - GAP_PT - w >= 0:
            it.side, span, need = "left", (lo - GAP_PT - w, hi + DOT_PT), 1
        else:  # on a row of its own above the dots
            while w > width and len(it.text) > 1:
                it.text = it.text[:-2] + "…"
                w = text_width_pt(_label(it), font) + 2
            it.side, it.x, need = "above", min(max(lo - DOT_PT, 0.0), width - w), 2
            span = (min(lo - DOT_PT, it.x), max(hi + DOT_PT, it.x + w))
        row = 0
        while any(ends.get((it.lane, row + k), -1e9) + SPACE_PT > span[0]
                  for k in range(need)):
            row += 1
        it.row = row
        for k in range(need):
            ends[(it.lane, row + k)] = span[1]


def _rows(items: list[_Item], lanes: int) -> list[int]:
    return [1 + max((it.row + (it.side == "above") for it in items if it.lane == i), default=0)
            for i in range(lanes)]


def _layout(table: pd.DataFrame, lanes: list[str], x0: float, x1: float, width: float,
            font: float) -> tuple[list[_Item], list[int]]:
    items = _items(table, lanes)
    _pack(items, x0, x1, width, font)
    for consecutive in (True, False):
        crowded = {i for i, n in enumerate(_rows(items, len(lanes))) if n > MAX_ROWS}
        if not crowded:
            break
        items = _merge(items, consecutive, crowded)
        _pack(items, x0, x1, width, font)
    return items, _rows(items, len(lanes))


def plot_timeline(events: Iterable[Any] | pd.DataFrame, ax: Axes | None = None,
                  title: str = "What happened in one run, actor by actor",
                  caption: str = "") -> Axes:
    """The events of one run (``RunResult.events`` or an events table) on a date axis.

    One lane per actor, in order of first appearance; ``history`` (the scenario's notes
    of real events) is the ``context`` lane. Returns the container Axes (see
    :mod:`sim.report.layout`); the timeline itself is its only panel.
    """
    table = events_table(events).copy()
    if table.empty:
        raise ValueError("no events to draw")
    table["num"] = mdates.date2num(pd.to_datetime(table["date"]))
    table["day"] = table["num"]
    lanes = list(dict.fromkeys(str(a) for a in table["actor"]))
    lanes.sort(key=lambda a: a == "history")  # the context lane last
    names = [LANE_NAMES.get(a, a) for a in lanes]
    lo, hi = float(table["num"].min()), float(table["num"].max())
    pad = max(3.0, 0.02 * (hi - lo))
    x0, x1 = lo - pad, hi + pad
    with styled():
        margins = Margins(left=24 + max(text_width_pt(n, LABEL_PT) for n in names), top=8,
                          bottom=56)
        font = BASE_PT
        frame_w = (size_pt(ax)[0] if ax is not None else 13.0 * 72)
        width = frame_w - margins.left - margins.right
        items, rows = _layout(table, lanes, x0, x1, width, font)
        total = sum(rows) + 0.6 * len(lanes)
        height_in = None
        if ax is None:
            # title, caption and margins take about 150 points besides the rows
            height_in = (total * ROW * font + margins.top + margins.bottom + 150) / 72
        box, top, bottom = container(ax, height_in or 0, title, caption)
        if ax is not None:  # a given Axes: shrink the font until the rows fit
            avail = size_pt(box)[1] - top - bottom - margins.top - margins.bottom
            for _ in range(4):
                font = max(5.0, min(BASE_PT, avail / (total * ROW)))
                items, rows = _layout(table, lanes, x0, x1, width, font)
                total = sum(rows) + 0.6 * len(lanes)
        (panel,) = panels(box, 1, 1, margins, top, bottom).ravel()
        _draw(panel, items, rows, names, x0, x1, font, width)
    return box


def _draw(ax: Axes, items: list[_Item], rows: list[int], names: list[str], x0: float,
          x1: float, font: float, width: float) -> None:
    total = sum(rows) + 0.6 * len(rows)
    tops, y = [], total
    for i, n in enumerate(rows):
        tops.append(y - 0.3)
        if i % 2 == 0:
            ax.axhspan(y - n - 0.6, y, color="#f0f0f0", zorder=0, linewidth=0)
        y -= n + 0.6
    colours = [("#666666" if name == "context" else OKABE_ITO[i % 6])
               for i, name in enumerate(names)]
    for it in items:
        yy = tops[it.lane] - it.row - 0.5 - (it.side == "above")
        colour = colours[it.lane]
        if len(it.days) > 1:
            ax.plot([min(it.days), max(it.days)], [yy, yy], color=colour, linewidth=1.5,
                    zorder=2)
        ax.scatter(it.days, [yy] * len(it.days), s=(2 * DOT_PT) ** 2 * 0.8, color=colour,
                   zorder=3, edgecolor="white", linewidth=0.8)
        if it.side == "above":
            ax.annotate(_label(it), (it.x / width, yy + 1), xycoords=("axes fraction", "data"),
                        ha="left", va="center", fontsize=font, annotation_clip=False)
            continue
        left = it.side == "left"
        ax.annotate(_label(it), (min(it.days) if left else max(it.days), yy),
                    xytext=(-GAP_PT if left else GAP_PT, 0), textcoords="offset points",
                    ha="right" if left else "left", va="center", fontsize=font,
                    annotation_clip=False)
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, total)
    ax.set_yticks([t - n / 2 for t, n in zip(tops, rows, strict=True)], names)
    # lane names shrink with the event labels, so a lane of one row still holds its name
    ax.tick_params(axis="y", length=0, labelsize=min(LABEL_PT, LABEL_PT * font / BASE_PT))
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("date")
