"""The Frontex proxy series the visa suspension triggers read (``sim/data``).

``frontex_western_balkans.csv``: Frontex's monthly detections of irregular crossings on the
Western Balkan route, all and by a few nationalities (source in the file). They are *not*
the statutory series of Reg (EU) 2018/1806 Art 8(2) — refused entries, irregular stays and
asylum applications of the visa-free country's own nationals — but a named proxy for its
two-month, year-on-year comparison, and for how salient the route is to member states.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from functools import cache
from importlib import resources

from sim.errors import InputError

FILE = "frontex_western_balkans.csv"


@cache
def series() -> dict[str, dict[str, int]]:
    """``{column: {"YYYY-MM": detections}}`` for every column of the extract."""
    text = resources.files("sim.data").joinpath(FILE).read_text("utf-8")
    body = "\n".join(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    out: dict[str, dict[str, int]] = {}
    for row in csv.DictReader(io.StringIO(body)):
        for key, value in row.items():
            if key != "month":
                out.setdefault(key, {})[row["month"]] = int(value)
    return out


def months_back(month: str, n: int) -> str:
    """The month ``n`` months before ``month`` ("YYYY-MM")."""
    y, m = int(month[:4]), int(month[5:7])
    k = y * 12 + m - 1 - n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def last_complete_month(day: dt.date) -> str:
    """The last month whose figures are complete on ``day`` (the month before it)."""
    return months_back(f"{day.year:04d}-{day.month:02d}", 1)


def reference_totals(column: str, month: str, months: int) -> tuple[int, int] | None:
    """Detections in the ``months`` up to ``month`` and in the same months a year earlier;
    ``None`` when the extract does not cover both periods."""
    try:
        data = series()[column]
    except KeyError:
        raise InputError(f"no Frontex column {column!r} (columns: "
                         f"{', '.join(series())})") from None
    now = [months_back(month, i) for i in range(months)]
    before = [months_back(m, 12) for m in now]
    if not all(m in data for m in now + before):
        return None
    return sum(data[m] for m in now), sum(data[m] for m in before)


def increase_pct(column: str, month: str, months: int) -> float | None:
    """Year-on-year increase (%) over the reference period; ``None`` without data or a base."""
    totals = reference_totals(column, month, months)
    if totals is None or totals[1] == 0:
        return None
    return 100.0 * (totals[0] - totals[1]) / totals[1]


def ground_met(column: str, month: str, months: int, threshold_pct: int, min_count: int
               ) -> bool:
    """Whether the proxy shows a "substantial increase": more than ``threshold_pct`` % year on
    year over the reference period, with at least ``min_count`` detections in it."""
    totals = reference_totals(column, month, months)
    if totals is None or totals[0] < min_count:
        return False
    now, before = totals
    return 100 * (now - before) > threshold_pct * before
