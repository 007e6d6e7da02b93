"""The shipped extract for the procedures: Frontex's Western Balkan series."""

from __future__ import annotations

import csv
import io
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("sim.data").joinpath(name).read_text("utf-8")
    body = "\n".join(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return list(csv.DictReader(io.StringIO(body)))


def test_frontex_extract_matches_the_published_yearly_totals():
    """Western Balkan route per year (Frontex, as stated in the data's README)."""
    years: dict[str, int] = {}
    for row in _rows("frontex_western_balkans.csv"):
        years[row["month"][:4]] = years.get(row["month"][:4], 0) + int(row["all"])
    assert years["2019"] == 15_127 and years["2020"] == 26_918
    assert years["2021"] == 61_618 and years["2022"] == 144_118
    assert years["2023"] == 99_002 and years["2024"] == 21_525


def test_crossings_of_2022_were_hardly_ever_by_serbian_nationals():
    rows = [r for r in _rows("frontex_western_balkans.csv") if r["month"].startswith("2022")]
    serbian = sum(int(r["SRB"]) for r in rows)
    visa_free = sum(int(r[c]) for r in rows for c in ("BDI", "TUN", "IND", "CUB", "TUR"))
    assert serbian < 100 < 20_000 < visa_free

