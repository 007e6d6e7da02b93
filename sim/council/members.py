"""The Council's membership and the population figures its qualified majorities count.

Under Art 16(4) TEU and Art 238(2)-(3) TFEU a qualified majority needs members representing
65 % of the Union's population; the figures are those of Annex III to the Council's Rules of
Procedure, replaced each 1 January (Council Rules of Procedure Art 11(6)). eusim ships one
table per year in ``sim/data/`` (official integers where known, derived rows marked) and
reads user tables with the header ``code,population``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from sim.errors import InputError

MEMBER_CODES: tuple[str, ...] = (
    "BE", "BG", "CZ", "DK", "DE", "EE", "IE", "EL", "ES", "FR", "HR", "IT", "CY", "LV",
    "LT", "LU", "HU", "MT", "NL", "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE",
)
"""The 27 member states in the EU's protocol order, with EU codes (EL = Greece)."""


_GROUPED = re.compile(r"[0-9]{1,3}(_[0-9]{3})+")
"""A population written with ``_`` between groups of three digits (``83_445_000``)."""

MAX_TOTAL_POPULATION = 10**12
"""Largest total population accepted (persons): far above any real council, and small
enough that every integer threshold test stays exact in 64-bit arithmetic."""


@dataclass(frozen=True, eq=False)
class Council:
    """An immutable Council: member codes and their populations (integer persons).

    Attributes
    ----------
    codes : tuple of str, length M
        Member codes, in table order; this order indexes every vote matrix.
    population : int64 array, shape (M,)
        Persons per member, read-only.
    label : str
        Where the figures come from (a year or a file name), for reports.
    names : tuple of str, length M or 0
        Country names where the table gives them (empty otherwise).
    """

    codes: tuple[str, ...]
    population: NDArray[np.int64]
    label: str = ""
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        try:
            pop = np.array(self.population, dtype=np.int64)
        except OverflowError:
            raise InputError(f"total population above {MAX_TOTAL_POPULATION:,} persons: "
                             "check the figures") from None
        if pop.shape != (len(self.codes),):
            raise InputError(f"{len(self.codes)} member codes but {pop.size} populations")
        if len(set(self.codes)) != len(self.codes):
            raise InputError(f"duplicate member code in {', '.join(self.codes)}")
        if self.names and len(self.names) != len(self.codes):
            raise InputError(f"{len(self.codes)} member codes but {len(self.names)} names")
        if (pop <= 0).any():
            bad = self.codes[int(np.argmin(pop))]
            raise InputError(f"population of {bad} must be a positive integer")
        if sum(int(p) for p in pop) > MAX_TOTAL_POPULATION:
            raise InputError(f"total population above {MAX_TOTAL_POPULATION:,} persons: "
                             "check the figures")
        pop.setflags(write=False)
        object.__setattr__(self, "population", pop)

    @property
    def size(self) -> int:
        """Number of members M."""
        return len(self.codes)

    @property
    def total_population(self) -> int:
        """Sum of all members' populations (persons)."""
        return int(self.population.sum())

    def index(self, codes: Iterable[str]) -> NDArray[np.intp]:
        """Positions of ``codes`` in this Council; an unknown code raises :class:`InputError`."""
        lookup = {c: i for i, c in enumerate(self.codes)}
        out = []
        for code in codes:
            key = code.strip().upper()
            if key not in lookup:
                raise InputError(
                    f"unknown member code {code!r} (members: {', '.join(self.codes)})"
                )
            out.append(lookup[key])
        return np.asarray(out, dtype=np.intp)

    def name(self, code: str) -> str:
        """The country name of ``code`` (the code itself where no name is known)."""
        if not self.names:
            return code
        return self.names[int(self.index([code])[0])]

    def share(self, codes: Iterable[str]) -> float:
        """Population share (0-1) of ``codes``."""
        return float(self.population[self.index(codes)].sum()) / self.total_population

    def enlarged(self, codes: Sequence[str]) -> Council:
        """This Council plus the candidate countries ``codes`` (from ``candidates.csv``).

        The candidates' figures are approximate (see the table's header); the result is a
        what-if, not a Council table.
        """
        table = candidate_council()
        extra = [c.strip().upper() for c in codes if c.strip()]
        for code in extra:
            if code not in table.codes:
                raise InputError(
                    f"unknown candidate code {code!r} (candidates: {', '.join(table.codes)})"
                )
            if code in self.codes:
                raise InputError(f"{code} is already a member")
        rows = table.index(extra)
        pops = np.concatenate([self.population, table.population[rows]])
        label = f"{self.label} + {', '.join(extra)}" if extra else self.label
        names = (self.names + tuple(table.names[i] for i in rows)) if self.names else ()
        return Council(self.codes + tuple(extra), pops.astype(np.int64), label, names)


def split_codes(text: str | None) -> list[str]:
    """Comma-separated codes (``"de, fr,IT"``) upper-cased, in order; empty items dropped."""
    if not text:
        return []
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def available_years() -> tuple[int, ...]:
    """Years for which a population table ships with eusim, ascending."""
    folder = resources.files("sim.data")
    years = [
        int(p.name[len("population_") : -len(".csv")])
        for p in folder.iterdir()
        if p.name.startswith("population_") and p.name.endswith(".csv")
    ]
    return tuple(sorted(years))


def default_year() -> int:
    """The newest year shipped."""
    return available_years()[-1]


@cache
def _shipped(year: int) -> Council:
    text = resources.files("sim.data").joinpath(f"population_{year}.csv").read_text("utf-8")
    return parse_population(text, label=str(year))


def load_council(year: int | None = None, population: str | Path | None = None) -> Council:
    """The Council for ``year`` (default: newest shipped), or from a user's CSV file.

    Parameters
    ----------
    year : int, optional
        A year with a shipped table; see :func:`available_years`.
    population : path, optional
        A CSV with header ``code,population`` (extra columns and ``#`` comment lines
        allowed), one row per member of the EU-27. Takes precedence over ``year``.
    """
    if population is not None and year is not None:
        raise InputError("give a year or a population file, not both")
    if population is not None:
        path = Path(population)
        try:
            text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is fine
        except OSError as exc:
            raise InputError(f"cannot read population file {str(path)!r}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise InputError(f"population file {str(path)!r} is not UTF-8 text") from None
        return parse_population(text, label=path.name, require=MEMBER_CODES)
    years = available_years()
    if year is None:
        year = years[-1]
    if year not in years:
        raise InputError(
            f"no population table for {year} (available: {', '.join(map(str, years))})"
        )
    return _shipped(year)


def parse_population(
    text: str, label: str = "", require: Sequence[str] | None = None
) -> Council:
    """Parse a population CSV (header ``code,population``; ``#`` lines are comments).

    Every problem raises :class:`InputError` naming the line: a missing or repeated column, a
    non-numeric, non-integer or non-positive population (digits, optionally grouped by three
    with ``_`` as in ``83_445_000``), a duplicate row, and — when
    ``require`` is given — a missing or unknown member.
    """
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    try:
        table = list(csv.reader(io.StringIO("\n".join(lines))))
    except csv.Error as exc:
        raise InputError(f"population table {label}: not a CSV table ({exc})") from None
    fields = [f.strip().lower() for f in (table[0] if table else [])]
    if "code" not in fields or "population" not in fields:
        raise InputError(f"population table {label}: header must include code,population")
    repeated = sorted({f for f in fields if f and fields.count(f) > 1})
    if repeated:
        raise InputError(f"population table {label}: the header repeats "
                         f"{', '.join(repeated)}")
    codes: list[str] = []
    pops: list[int] = []
    names: list[str] = []
    for lineno, cells in enumerate(table[1:], start=2):
        row = dict(zip(fields, cells, strict=False))
        code = (row.get("code") or "").strip().upper()
        text = (row.get("population") or "").strip()
        raw = text.replace("_", "") if _GROUPED.fullmatch(text) else text
        if not code:
            raise InputError(f"population table {label}: row {lineno} has no code")
        if code in codes:
            raise InputError(f"population table {label}: duplicate row for {code}")
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 15:
            raise InputError(
                f"population table {label}: population of {code} must be a positive "
                f"integer, got {text[:40]!r}"
            )
        codes.append(code)
        pops.append(int(raw))
        names.append((row.get("name") or "").strip() or code)
    if require is not None:
        missing = [c for c in require if c not in codes]
        unknown = [c for c in codes if c not in require]
        if missing:
            raise InputError(f"population table {label}: missing member {', '.join(missing)}")
        if unknown:
            raise InputError(f"population table {label}: unknown member {', '.join(unknown)}")
    named = tuple(names) if "name" in fields else ()
    return Council(tuple(codes), np.asarray(pops, dtype=np.int64), label, named)


@cache
def candidate_council() -> Council:
    """Candidate and potential-candidate countries as a table (approximate; see the CSV)."""
    text = resources.files("sim.data").joinpath("candidates.csv").read_text("utf-8")
    return parse_population(text, label="candidates")


def candidate_table() -> dict[str, int]:
    """Approximate populations of candidate countries, ``{code: persons}`` (see the CSV)."""
    table = candidate_council()
    return dict(zip(table.codes, (int(p) for p in table.population), strict=True))


WESTERN_BALKANS = ("AL", "BA", "ME", "MK", "RS", "XK")
"""The Western Balkans six (Kosovo a potential candidate)."""
ALL_CANDIDATES = ("ME", "RS", "AL", "MK", "BA", "UA", "MD", "GE", "TR")
"""The nine candidate countries (mid-2026)."""
