"""The explained tally: what it says, for each rule."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.council.rules import Vote
from sim.council.tally import pct, tally


def votes_for(council, **lists):
    votes = np.full(council.size, Vote.YES, dtype=np.int8)
    for kind, codes in lists.items():
        votes[council.index(codes)] = Vote[kind.upper()]
    return votes


def test_clause_sentence(eu27):
    t = tally("qmv", votes_for(eu27, no=["DE", "FR", "IT"]), eu27)
    assert t.adopted and t.clause_applied and t.decided_by == "blocking-clause"
    assert t.explanation.startswith("Adopted: 24 of 27 members in favour")
    assert "fewer than the 4 a blocking minority needs" in t.explanation
    assert "Art 16(4) TEU" in t.explanation
    assert t.population_against_pct == pytest.approx(46.885, abs=1e-3)


def test_blocking_minority_sentence(eu27):
    t = tally("qmv", votes_for(eu27, no=["DE", "FR", "IT", "MT"]), eu27)
    assert not t.adopted and t.decided_by == "population"
    assert "(DE, FR, IT, MT)" in t.explanation and "blocking minority" in t.explanation


def test_rqmv_sentences(eu27):
    stands = tally("rqmv", votes_for(eu27, no=["HU", "SK"]), eu27)
    assert stands.adopted and stands.explanation.startswith("The proposal stands: 2 members")
    assert stands.against == ("HU", "SK")
    many = [c for c in eu27.codes if c not in ("LU", "MT", "CY")]
    rejected = tally("rqmv", votes_for(eu27, no=many), eu27)
    assert not rejected.adopted and "rejected" in rejected.explanation


def test_partial_participation_sentence(eu27):
    t = tally("qmv", votes_for(eu27, not_participating=["DK", "IE"]), eu27)
    assert t.adopted and t.participating == tuple(c for c in eu27.codes if c not in ("DK", "IE"))
    assert "Only 25 of 27 members take part (DK, IE do not)" in t.explanation
    assert "Art 238(3) TFEU" in t.explanation


def test_unanimity_and_simple_majority(eu27):
    t = tally("unanimity", votes_for(eu27, abstain=["HU"]), eu27)
    assert t.adopted and "abstentions do not prevent adoption" in t.explanation
    t = tally("unanimity", votes_for(eu27, no=["HU"]), eu27)
    assert not t.adopted and t.explanation.startswith("Not adopted: HU voted against")
    t = tally("simple-majority", votes_for(eu27, abstain=list(eu27.codes[:13])), eu27)
    assert t.adopted and t.members_required == 14 and "14" in t.explanation


def test_no_participants(eu27):
    none = np.zeros(27, dtype=np.int8)
    assert not tally("qmv", none, eu27).adopted
    assert tally("rqmv", none, eu27).adopted


@pytest.mark.parametrize(
    ("part", "whole", "near", "text"),
    [(65, 100, 65, "65.0 %"), (6499, 10000, 65, "64.99 %"), (649999, 1000000, 65, "64.9999 %"),
     (64999999999999, 10**14, 65, "64.999999999999 %"), (1, 3, None, "33.3 %"),
     (2, 3, None, "66.7 %"), (1, 8, None, "12.5 %"), (0, 0, None, "0.0 %")],
)
def test_percent_is_honest_near_thresholds(part, whole, near, text):
    assert pct(part, whole, near) == text


@given(part=st.integers(0, 10**13), extra=st.integers(1, 10**13))
def test_percent_never_prints_the_threshold_for_a_share_below_it(part, extra):
    """Whatever the figures, a share that is not exactly 65 % never prints as 65.0…"""
    whole = part + extra
    shown = pct(part, whole, 65)
    if 100 * part != 65 * whole:
        assert not re.fullmatch(r"65\.0+ %", shown)


def test_singular_sentences(eu27):
    """One member: 'is', not 'are'; 'the only participating member'."""
    only_de = np.zeros(27, dtype=np.int8)
    only_de[eu27.index(["DE"])] = Vote.YES
    assert "the only participating member did not vote against" in tally(
        "unanimity", only_de, eu27).explanation
    votes = votes_for(eu27, no=["DE"])
    votes[eu27.index(["FR", "IT", "ES", "PL"])] = Vote.NOT_PARTICIPATING
    t = tally("qmv", votes, eu27)
    assert t.clause_applied and "the 1 member not in favour is fewer than" in t.explanation
