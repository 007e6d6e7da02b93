"""Regenerate the shipped extracts of Frontex's detections and of the EU veto tracker.

Run ``python -m sim.data.derive_procedure_tables SOURCE_DIR`` where ``SOURCE_DIR`` holds the
full files ``frontex_detections_monthly.csv``,
``frontex_detections_monthly_by_nationality.csv`` and ``member_state_vetoes.csv``; it
rewrites ``frontex_western_balkans.csv`` and ``member_state_vetoes.csv`` here.

Sources:

* Frontex, detections of illegal border crossings (migratory map data, as of 3 June 2025),
  as packaged in the IOM Global Data Institute's ``gdidata`` R package (data/frontex.rda,
  June 2025). The extract keeps the Western Balkan route, January 2019 - April 2025: all
  detections, and those of nationals of Serbia (the visa-free country itself) and of the
  five countries whose nationals Serbia let in visa-free in 2022 although the EU requires
  them to hold visas (Burundi, Tunisia, India, Cuba, Türkiye; ``docs/eu-rules.md`` §5).
* M. Ovádek, *EU Veto Tracker* (MIT licence), data of 11 Jul 2025: each member's vetoes
  2009-2025, in all fields and on enlargement (``issue = accession``). ISO codes are turned
  into the EU's (``GR`` -> ``EL``); the United Kingdom's rows are dropped.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUTE = "Western Balkan Route"
NATIONALITIES = ("SRB", "BDI", "TUN", "IND", "CUB", "TUR")
FIRST_MONTH = "2019-01"
VETO_YEARS = (2009, 2025)

FRONTEX_HEADER = """\
# Irregular border crossings detected on the Western Balkan route, per month.
# Source: Frontex, detections of illegal border crossings (migratory map data, as of 3 June
# 2025), as packaged in the IOM Global Data Institute's gdidata R package (June 2025).
# all: every detection on the route; SRB: nationals of Serbia; BDI, TUN, IND, CUB, TUR:
# nationals of Burundi, Tunisia, India, Cuba and Turkiye, whom Serbia admitted visa-free in
# 2022 (docs/eu-rules.md section 5). Detections are events, not persons, and are NOT the
# statutory series of Reg (EU) 2018/1806 Art 8 (refused entries, irregular stays and asylum
# applications of the visa-free country's own nationals): eusim uses them as a named proxy.
# Derived by sim/data/derive_procedure_tables.py.
"""

VETO_HEADER = """\
# Vetoes by member state, 2009-2025: all fields, and on enlargement (issue "accession":
# GR 2009 on North Macedonia; FR, NL, DK 2019 on Albania, FR 2019 on North Macedonia; BG
# 2020 on North Macedonia; GR 2023 on Albania), mostly blocking the opening of accession
# talks rather than single chapters.
# Source: M. Ovadek, EU Veto Tracker (MIT licence), data of 11 July 2025; EU codes (EL for
# Greece). Evidence for the default veto probabilities at the intergovernmental conference
# (sim/procedures/igc.py), not a measurement of them. Derived by
# sim/data/derive_procedure_tables.py.
"""


def frontex_rows(source: Path) -> list[list[str]]:
    """Monthly rows ``month, all, SRB, BDI, ...`` of the Western Balkan route."""
    total: dict[str, int] = {}
    with (source / "frontex_detections_monthly.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["route"] == ROUTE and row["month"] >= FIRST_MONTH:
                total[row["month"]] = int(row["detections"])
    by: defaultdict[str, Counter[str]] = defaultdict(Counter)
    with (source / "frontex_detections_monthly_by_nationality.csv").open(
            encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["route"] == ROUTE and row["nationality"] in NATIONALITIES:
                by[row["month"]][row["nationality"]] += int(row["detections"])
    return [[m, str(total[m]), *(str(by[m][n]) for n in NATIONALITIES)] for m in sorted(total)]


def veto_rows(source: Path) -> list[list[str]]:
    """Rows ``code, vetoes, enlargement_vetoes`` for the 27 members."""
    from sim.data.derive_tables import NAMES

    every: Counter[str] = Counter()
    enlargement: Counter[str] = Counter()
    with (source / "member_state_vetoes.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            year = int(row["date_veto"][:4])
            code = "EL" if row["ms_veto"] == "GR" else row["ms_veto"]
            if code not in NAMES or not VETO_YEARS[0] <= year <= VETO_YEARS[1]:
                continue
            every[code] += 1
            enlargement[code] += row["issue"].strip() == "accession"
    return [[c, str(every[c]), str(enlargement[c])] for c in NAMES]


def write(path: Path, header: str, columns: list[str], rows: list[list[str]]) -> None:
    lines = [",".join(columns), *(",".join(r) for r in rows)]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else Path("../shared/data")
    write(HERE / "frontex_western_balkans.csv", FRONTEX_HEADER,
          ["month", "all", *NATIONALITIES], frontex_rows(source))
    write(HERE / "member_state_vetoes.csv", VETO_HEADER,
          ["code", "vetoes", "enlargement_vetoes"], veto_rows(source))


if __name__ == "__main__":
    main(sys.argv[1:])
