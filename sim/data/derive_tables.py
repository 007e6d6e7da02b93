"""Regenerate the shipped population tables from the published figures.

Run ``python -m sim.data.derive_tables`` to rewrite ``population_YYYY.csv``; the test suite
checks that the committed files equal what this module derives, so the derivation stays
documented and reproducible.

Sources (see ``docs/eu-rules.md`` §2):

* 2025: Coreper, 11 December 2024, as reported by Agence Europe (12 Dec 2024): Union
  population 451,028,881 and each member's share in % to two decimals. Official per-member
  integers were not retrieved, so every row is *derived*: shares normalised to sum to 100 %
  (they add up to 100.01 %), multiplied by the official total and apportioned by largest
  remainder so that the rows add up to the official total exactly.
* 2024: Council Decision (EU, Euratom) 2023/2827, official rows DE, FR, IT, ES, PL, RO.
* 2023: Council Decision (EU, Euratom) 2022/2518, official rows DE, FR, IT, ES, PL, RO,
  NL, BE, EL, CZ, SE, PT.
  For 2023 and 2024 the remaining rows are *derived*: the members without an official row
  are assumed to hold, relative to the members with one, the same population shares as in
  the 2025 table (their total and their split among themselves).
"""

from __future__ import annotations

from pathlib import Path

NAMES: dict[str, str] = {
    "BE": "Belgium", "BG": "Bulgaria", "CZ": "Czechia", "DK": "Denmark", "DE": "Germany",
    "EE": "Estonia", "IE": "Ireland", "EL": "Greece", "ES": "Spain", "FR": "France",
    "HR": "Croatia", "IT": "Italy", "CY": "Cyprus", "LV": "Latvia", "LT": "Lithuania",
    "LU": "Luxembourg", "HU": "Hungary", "MT": "Malta", "NL": "Netherlands", "AT": "Austria",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SI": "Slovenia", "SK": "Slovakia",
    "FI": "Finland", "SE": "Sweden",
}
"""Member states in the EU's protocol order, with the codes the EU uses (EL for Greece)."""

SHARES_2025: dict[str, str] = {
    "DE": "18.49", "FR": "15.17", "IT": "13.23", "ES": "10.78", "PL": "8.33", "RO": "4.23",
    "NL": "4.01", "BE": "2.62", "CZ": "2.42", "PT": "2.36", "SE": "2.34", "EL": "2.31",
    "HU": "2.13", "AT": "2.02", "BG": "1.43", "DK": "1.32", "FI": "1.25", "SK": "1.21",
    "IE": "1.19", "HR": "0.86", "LT": "0.64", "SI": "0.47", "LV": "0.42", "EE": "0.30",
    "CY": "0.21", "LU": "0.15", "MT": "0.12",
}
TOTAL_2025 = 451_028_881

OFFICIAL: dict[int, dict[str, int]] = {
    2024: {
        "DE": 84_311_244, "FR": 68_070_697, "IT": 59_691_110, "ES": 48_063_694,
        "PL": 37_723_532, "RO": 19_051_562,
    },
    2023: {
        "DE": 83_203_320, "FR": 67_842_582, "IT": 59_607_184, "ES": 47_432_805,
        "PL": 37_654_247, "RO": 19_038_098, "NL": 17_734_036, "BE": 11_631_136,
        "EL": 10_603_810, "CZ": 10_545_457, "SE": 10_440_000, "PT": 10_352_042,
    },
}
SOURCES = {
    2025: "Coreper 11 Dec 2024 (Agence Europe, 12 Dec 2024): total 451,028,881 and shares",
    2024: "Council Decision (EU, Euratom) 2023/2827 (Annex III, Council Rules of Procedure)",
    2023: "Council Decision (EU, Euratom) 2022/2518 (Annex III, Council Rules of Procedure)",
}


def _hundredths(share: str) -> int:
    whole, frac = share.split(".")
    return int(whole) * 100 + int(frac)


def apportion(weights: dict[str, int], total: int) -> dict[str, int]:
    """Split ``total`` in proportion to integer ``weights`` by largest remainder (Hamilton).

    Exact integer arithmetic; ties in the remainder go to the earlier code in protocol order.
    """
    wsum = sum(weights.values())
    floors = {c: total * w // wsum for c, w in weights.items()}
    rema = {c: total * w % wsum for c, w in weights.items()}
    short = total - sum(floors.values())
    order = sorted(weights, key=lambda c: (-rema[c], list(NAMES).index(c)))
    for c in order[:short]:
        floors[c] += 1
    return floors


def derive(year: int) -> list[tuple[str, int, str]]:
    """Rows ``(code, population, status)`` for ``year`` in protocol order."""
    weights = {c: _hundredths(s) for c, s in SHARES_2025.items()}
    if year == 2025:
        pops = apportion(weights, TOTAL_2025)
        return [(c, pops[c], "derived") for c in NAMES]
    official = OFFICIAL[year]
    rest = {c: w for c, w in weights.items() if c not in official}
    known_weight = sum(w for c, w in weights.items() if c in official)
    # The unknown members keep their 2025 weight relative to the known ones.
    rest_total_num = sum(official.values()) * sum(rest.values())
    rest_total = (2 * rest_total_num + known_weight) // (2 * known_weight)  # rounded
    derived = apportion(rest, rest_total)
    return [
        (c, official[c], "official") if c in official else (c, derived[c], "derived")
        for c in NAMES
    ]


def render(year: int) -> str:
    """The CSV text of one year's table, header comments included."""
    rows = derive(year)
    total = sum(p for _, p, _ in rows)
    lines = [
        f"# Population of the EU member states for Council votes in {year}.",
        f"# Source: {SOURCES[year]}.",
        "# status=official: the integer published in the source.",
        "# status=derived: computed by sim/data/derive_tables.py (see its docstring); not law.",
        f"# Sum of rows: {total}.",
        "code,name,population,status",
    ]
    lines += [f"{c},{NAMES[c]},{p},{s}" for c, p, s in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    here = Path(__file__).parent
    for year in SOURCES:
        (here / f"population_{year}.csv").write_text(render(year), encoding="utf-8")


if __name__ == "__main__":
    main()
