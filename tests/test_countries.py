"""Country names and the EU30+ council presets (:mod:`sim.council.countries`)."""

from __future__ import annotations

import pytest

from sim.council.countries import (
    COUNCIL_PRESETS,
    candidate_codes,
    country_code,
    country_names,
    member_codes,
    preset_council,
)
from sim.council.members import MEMBER_CODES, candidate_council, load_council
from sim.errors import InputError
from sim.power.games import PRESETS


def test_every_shipped_name_and_code_resolves_in_any_case():
    names = country_names()
    assert set(MEMBER_CODES) | set(candidate_council().codes) == set(names)
    for code, name in names.items():
        for text in (code, code.lower(), name, name.upper(), name.lower(), f"  {name} "):
            assert country_code(text) == code, text


@pytest.mark.parametrize(
    ("text", "code"),
    [("Türkiye", "TR"), ("turkiye", "TR"), ("Turkey", "TR"), ("GR", "EL"),
     ("Greece", "EL"), ("Czech Republic", "CZ"), ("the netherlands", "NL"),
     ("north-macedonia", "MK"), ("Bosnia & Herzegovina", "BA"), ("Kosovo", "XK")],
)
def test_aliases_accents_and_punctuation(text, code):
    assert country_code(text) == code


def test_unknown_names_resolve_to_nothing():
    assert country_code("Hungry") is None and country_code("Atlantis") is None


def test_member_codes_keep_order_and_reject_non_members():
    council = load_council(2025)
    assert member_codes(["Hungary", "sk", " IT ", "Spain"], council) == ["HU", "SK", "IT", "ES"]
    with pytest.raises(InputError, match=r"Serbia \(RS\) is not a member of this Council"):
        member_codes(["Serbia"], council)
    with pytest.raises(InputError, match="unknown member code 'ZZ'"):
        member_codes(["ZZ"], council)
    with pytest.raises(InputError, match="neither a member code nor a country name"):
        member_codes(["Hungry"], council)


def test_candidate_codes():
    assert candidate_codes(["Serbia", "me", "Türkiye"]) == ["RS", "ME", "TR"]
    with pytest.raises(InputError, match=r"Germany \(DE\) is already a member"):
        candidate_codes(["DE"])
    with pytest.raises(InputError, match="unknown candidate code 'QQ'"):
        candidate_codes(["QQ"])


def test_presets_as_the_eu30_calculator_defines_them():
    """EU33 = EU27 + the Western Balkans six (Kosovo included); EU36 = EU33 + GE, MD, UA;
    EU37 = EU36 + TR (Ehin & Eelma 2023)."""
    base = load_council(2025)
    wb6 = {"AL", "BA", "ME", "MK", "RS", "XK"}
    sizes = {}
    for name in COUNCIL_PRESETS:
        council = preset_council(name.lower(), base)
        sizes[name] = council.size
        assert council.codes[:27] == MEMBER_CODES
        assert (council.population[:27] == base.population).all()
        added = set(council.codes[27:])
        assert added == {"EU27": set(), "EU33": wb6, "EU36": wb6 | {"GE", "MD", "UA"},
                         "EU37": wb6 | {"GE", "MD", "UA", "TR"}}[name]
        table = candidate_council()
        for code in added:  # the candidates' own figures, unchanged
            assert int(council.population[council.codes.index(code)]) == int(
                table.population[table.codes.index(code)])
    assert sizes == {"EU27": 27, "EU33": 33, "EU36": 36, "EU37": 37}
    with pytest.raises(InputError, match="unknown council 'EU30'"):
        preset_council("EU30", base)


def test_eu36_differs_from_the_power_commands_all():
    """``eusim power --add ALL`` adds the nine candidates (Türkiye in, Kosovo out): also 36
    members, but not the EU30+ calculator's EU36 (Kosovo in, Türkiye out)."""
    eu36 = set(COUNCIL_PRESETS["EU36"])
    assert len(PRESETS["ALL"]) == len(eu36) == 9
    assert set(PRESETS["ALL"]) - eu36 == {"TR"} and eu36 - set(PRESETS["ALL"]) == {"XK"}
