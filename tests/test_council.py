"""The shipped population tables and user tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sim.council.members import (
    ALL_CANDIDATES,
    MEMBER_CODES,
    available_years,
    candidate_table,
    load_council,
    parse_population,
)
from sim.data import derive_tables
from sim.errors import InputError

DATA = Path(__file__).resolve().parents[1] / "sim" / "data"


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_committed_tables_match_their_derivation(year):
    """The CSVs are exactly what the documented derivation produces."""
    assert (DATA / f"population_{year}.csv").read_text("utf-8") == derive_tables.render(year)


def test_2025_total_and_threshold():
    """Coreper's figures: Union population 451,028,881, 65 % threshold 293,168,773."""
    council = load_council(2025)
    assert council.total_population == 451_028_881
    assert -(-65 * council.total_population // 100) == 293_168_773


def test_2025_rows_reproduce_the_published_shares():
    """Each derived row rounds back to the published share (two decimals)."""
    council = load_council(2025)
    for code, share in derive_tables.SHARES_2025.items():
        got = Decimal(int(council.population[council.index([code])[0]])) * 100 / Decimal(
            council.total_population
        )
        assert abs(got - Decimal(share)) <= Decimal("0.006"), code


@pytest.mark.parametrize("year", [2023, 2024])
def test_official_rows_are_kept(year):
    council = load_council(year)
    for code, pop in derive_tables.OFFICIAL[year].items():
        assert int(council.population[council.index([code])[0]]) == pop


def test_tables_mark_official_and_derived_rows():
    text = (DATA / "population_2024.csv").read_text("utf-8")
    assert "Source: Council Decision (EU, Euratom) 2023/2827" in text
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")][1:]
    assert sum(ln.endswith(",official") for ln in rows) == 6
    assert sum(ln.endswith(",derived") for ln in rows) == 21


def test_years_and_members():
    assert available_years() == (2023, 2024, 2025)
    assert load_council().label == "2025"
    assert load_council(2023).codes == MEMBER_CODES
    assert "EL" in MEMBER_CODES and "GR" not in MEMBER_CODES


def test_enlarged_council():
    eu36 = load_council().enlarged(ALL_CANDIDATES)
    assert eu36.size == 36
    assert eu36.total_population == load_council().total_population + sum(
        candidate_table()[c] for c in ALL_CANDIDATES
    )
    with pytest.raises(InputError, match="unknown candidate code 'XX'"):
        load_council().enlarged(["XX"])


def _table(rows: list[str]) -> str:
    return "code,population,note\n" + "\n".join(rows) + "\n"


def _eu_rows() -> list[str]:
    return [f"{c},{1000 + i},x" for i, c in enumerate(MEMBER_CODES)]


def test_user_table_round_trip(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("# my figures\n" + _table(_eu_rows()), encoding="utf-8")
    council = load_council(population=path)
    assert council.codes == MEMBER_CODES and council.total_population == sum(
        1000 + i for i in range(27)
    )


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r[1:], "missing member BE"),
        (lambda r: [*r, "BE,5,x"], "duplicate row for BE"),
        (lambda r: ["BE,-5,x", *r[1:]], "population of BE must be a positive integer"),
        (lambda r: ["BE,lots,x", *r[1:]], "population of BE must be a positive integer"),
        (lambda r: ["BE,1.5,x", *r[1:]], "population of BE must be a positive integer"),
        (lambda r: [*r, "UK,5,x"], "unknown member UK"),
    ],
)
def test_malformed_user_tables(tmp_path, mutate, message):
    path = tmp_path / "pop.csv"
    path.write_text(_table(mutate(_eu_rows())), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_council(population=path)


def test_missing_header_and_file(tmp_path):
    with pytest.raises(InputError, match="header must include code,population"):
        parse_population("country,people\nBE,1\n", "x")
    with pytest.raises(InputError, match="cannot read population file"):
        load_council(population=tmp_path / "nope.csv")
    with pytest.raises(InputError, match="no population table for 1999"):
        load_council(1999)


def test_population_limits_and_encodings(tmp_path):
    """Totals beyond exact int64 arithmetic, odd digits and non-UTF-8 files are refused
    with one clear message; a byte-order mark is accepted."""
    import numpy as np

    from sim.council.members import MAX_TOTAL_POPULATION, Council

    with pytest.raises(InputError, match="total population above"):
        Council(("A", "B"), np.array([MAX_TOTAL_POPULATION, 1]), "big")
    with pytest.raises(InputError, match="total population above"):
        Council(("A",), [10**19], "huge")
    path = tmp_path / "pop.csv"
    rows = [f"{c},1000" for c in MEMBER_CODES]
    path.write_text("code,population\n" + "\n".join(["BE,1²", *rows[1:]]), encoding="utf-8")
    with pytest.raises(InputError, match="population of BE must be a positive integer"):
        load_council(population=path)
    path.write_bytes(("code,population,name\n" + "\n".join(rows) + "\nXX,1,Bevölkerung\n")
                     .encode("latin-1"))
    with pytest.raises(InputError, match="is not UTF-8 text"):
        load_council(population=path)
    path.write_text("\ufeffcode,population\n" + "\n".join(rows), encoding="utf-8")
    assert load_council(population=path).total_population == 27_000
