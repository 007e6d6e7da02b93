"""What people type for a country, and the named councils of enlargement what-ifs.

A member or candidate can be named by its code (``HU``, case-insensitive) or by its
country name (``Hungary``, ``north macedonia``, ``Turkiye``: case, accents and hyphens do
not matter); names come from the shipped tables (``sim/data/population_*.csv`` and
``candidates.csv``) plus a few common alternatives (:data:`ALIASES`).

:data:`COUNCIL_PRESETS` are the enlarged councils of the EU30+ voting calculator (Ehin, P.
& Eelma, T. (2023), *EU30+ voting calculator: modeling Council votes after enlargement*,
University of Tartu and the Government Office of Estonia, https://euvote.ut.ee). They are
what-ifs: the candidates' populations are approximate (see ``candidates.csv``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from sim.council.members import (
    MEMBER_CODES,
    WESTERN_BALKANS,
    Council,
    candidate_council,
    load_council,
)
from sim.errors import InputError

COUNCIL_PRESETS: dict[str, tuple[str, ...]] = {
    "EU27": (),
    "EU33": WESTERN_BALKANS,
    "EU36": (*WESTERN_BALKANS, "GE", "MD", "UA"),
    "EU37": (*WESTERN_BALKANS, "GE", "MD", "UA", "TR"),
}
"""Candidate countries each preset adds to the EU-27, as the EU30+ calculator defines them:
EU33 = EU27 + the six Western Balkans (Albania, Bosnia and Herzegovina, Kosovo,
Montenegro, North Macedonia, Serbia); EU36 = EU33 + Georgia, Moldova, Ukraine;
EU37 = EU36 + Türkiye."""

ALIASES: dict[str, str] = {
    "GR": "EL",
    "Greece": "EL",
    "Hellas": "EL",
    "Czech Republic": "CZ",
    "The Netherlands": "NL",
    "Holland": "NL",
    "Turkey": "TR",
    "Republic of Moldova": "MD",
    "Bosnia": "BA",
    "Bosnia Herzegovina": "BA",
    "Slovak Republic": "SK",
}
"""Common alternatives to the tables' names and codes (``GR`` is Greece's ISO code; the EU
writes ``EL``)."""


def name_key(text: str) -> str:
    """``text`` folded for matching: no accents, case or punctuation between words."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = plain.replace("&", " and ").replace("-", " ").replace(".", " ")
    return " ".join(plain.casefold().split())


@cache
def country_names() -> dict[str, str]:
    """``{code: country name}`` for every member and candidate in the shipped tables."""
    names: dict[str, str] = {}
    for table in (load_council(), candidate_council()):
        names.update(zip(table.codes, table.names or table.codes, strict=True))
    return names


@cache
def _lookup() -> dict[str, str]:
    out = {name_key(code): code for code in country_names()}
    out.update({name_key(name): code for code, name in country_names().items()})
    out.update({name_key(alias): code for alias, code in ALIASES.items()})
    return out


def country_code(text: str) -> str | None:
    """The code that ``text`` names (a code, a country name or an alias), or ``None``."""
    return _lookup().get(name_key(text))


def member_codes(items: Iterable[str], council: Council) -> list[str]:
    """The member codes of ``council`` that ``items`` name (codes or country names), in order.

    An unknown code or name raises :class:`InputError`, and so does a country that exists
    but does not sit in this Council (a candidate, say, before it is added).
    """
    out: list[str] = []
    for item in items:
        text = item.strip()
        if not text:
            continue
        code = text.upper() if text.upper() in council.codes else country_code(text)
        if code is not None and code in council.codes:
            out.append(code)
        elif code is not None:
            raise InputError(f"{country_names()[code]} ({code}) is not a member of this "
                             f"Council ({council.label}, {council.size} members); add "
                             f"candidates first")
        elif len(text) <= 3:
            council.index([text])  # raises: unknown member code
        else:
            raise InputError(f"unknown member {text!r}: neither a member code nor a country "
                             f"name (members: {', '.join(council.codes)})")
    return out


def candidate_codes(items: Iterable[str]) -> list[str]:
    """The candidate codes that ``items`` name (codes or country names), in order."""
    table = candidate_council()
    out: list[str] = []
    for item in items:
        text = item.strip()
        if not text:
            continue
        code = country_code(text)
        if code in MEMBER_CODES:
            raise InputError(f"{country_names()[code]} ({code}) is already a member")
        if code is None or code not in table.codes:
            kind = "code" if len(text) <= 3 else "country"
            raise InputError(f"unknown candidate {kind} {text!r} "
                             f"(candidates: {', '.join(table.codes)})")
        out.append(code)
    return out


def preset_council(name: str, base: Council) -> Council:
    """``base`` (an EU-27 table) enlarged to the preset ``name`` (:data:`COUNCIL_PRESETS`)."""
    key = name.strip().upper()
    if key not in COUNCIL_PRESETS:
        raise InputError(f"unknown council {name!r} (councils: {', '.join(COUNCIL_PRESETS)})")
    added = COUNCIL_PRESETS[key]
    if not added:
        return base
    return replace(base.enlarged(added), label=f"{key}: {base.label} + {', '.join(added)}")
