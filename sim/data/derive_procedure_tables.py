"""Regenerate the shipped extract of Frontex's detections on the Western Balkan route.

Run ``python -m sim.data.derive_procedure_tables SOURCE_DIR`` where ``SOURCE_DIR`` holds the
full files ``frontex_detections_monthly.csv`` and
``frontex_detections_monthly_by_nationality.csv``; it rewrites ``frontex_western_balkans.csv``
here.

Sources:

* Frontex, detections of illegal border crossings (migratory map data, as of 3 June 2025),
  as packaged in the IOM Global Data Institute's ``gdidata`` R package (data/frontex.rda,
  June 2025). The extract keeps the Western Balkan route, January 2019 - April 2025: all
  detections, and those of nationals of Serbia (the visa-free country itself) and of the
  five countries whose nationals Serbia let in visa-free in 2022 although the EU requires
  them to hold visas (Burundi, Tunisia, India, Cuba, Türkiye; ``docs/eu-rules.md`` §5).
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


def write(path: Path, header: str, columns: list[str], rows: list[list[str]]) -> None:
    lines = [",".join(columns), *(",".join(r) for r in rows)]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else Path("../shared/data")
    write(HERE / "frontex_western_balkans.csv", FRONTEX_HEADER,
          ["month", "all", *NATIONALITIES], frontex_rows(source))


if __name__ == "__main__":
    main(sys.argv[1:])
