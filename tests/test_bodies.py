"""Bodies of member states' representatives (sim.council.bodies) against the slow reference.

Committee opinions, the Council's objection to a delegated act and the intergovernmental
conference, each checked vote by vote against ``tests/reference.py``; Ireland and Denmark
out of the visa regulation make 25 participants and Art 238(3) TFEU applies.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.council.bodies import (
    committee_opinion,
    council_decision,
    council_objection,
    exclude,
    igc_decision,
    vetoes,
)
from sim.council.rules import Vote
from tests.reference import NO, YES, qualified, reference_adopted
from tests.strategies import councils_or_eu, vote_vectors

VISA_OUT = ("IE", "DK")


@given(st.data())
def test_committee_opinion_matches_reference(data):
    council = data.draw(councils_or_eu())
    votes = data.draw(vote_vectors(council))
    pops = council.population.tolist()
    got = committee_opinion(votes, council)
    codes = votes.tolist()
    positive = qualified(codes, pops, YES, 55, clause=True, floor=15)  # Art 16(4) TEU
    negative = qualified(codes, pops, NO, 55, clause=True, floor=15)
    assert not (positive and negative)
    expected = "positive" if positive else "negative" if negative else "no_opinion"
    assert got.outcome == expected
    assert got.adopted == positive
    assert got.body == "committee"


@given(st.data())
def test_objection_is_reinforced_qmv_of_the_objecting_votes(data):
    council = data.draw(councils_or_eu())
    motion = data.draw(vote_vectors(council))
    got = council_objection(motion, council)
    expected = reference_adopted("reinforced-qmv", motion.tolist(), council.population.tolist())
    assert got.adopted == expected
    assert got.outcome == ("objection" if expected else "no_objection")
    assert got.rule == "reinforced-qmv"


@given(st.data())
def test_igc_blocked_by_any_single_veto_and_only_then(data):
    council = data.draw(councils_or_eu())
    votes = data.draw(vote_vectors(council))
    got = igc_decision(votes, council)
    n_against = int((votes == Vote.NO).sum())
    anyone = bool((votes != Vote.NOT_PARTICIPATING).any())
    assert got.adopted == (n_against == 0 and anyone)
    assert got.outcome == ("veto" if n_against else "unanimous" if anyone else "rejected")
    assert len(vetoes(got)) == n_against


def test_visa_committee_has_25_participants_and_cites_238_3(eu27):
    ballots = exclude(np.full(27, Vote.YES, dtype=np.int8), eu27, VISA_OUT)
    got = committee_opinion(ballots, eu27)
    assert got.participants == 25
    assert got.not_participating == ("DK", "IE")
    assert got.record()["vote_IE"] == "not-participating"
    assert got.article == "Art 238(3)(a) TFEU"
    assert got.outcome == "positive"


def test_council_objection_needs_18_of_25(eu27):
    """Among 25 participants the reinforced majority is 72 % of them: 18 (Art 238(3)(b))."""
    order = [c for c in sorted(eu27.codes, key=lambda c: -eu27.population[eu27.index([c])[0]])
             if c not in VISA_OUT]
    for n_yes, expected in ((17, False), (18, True)):
        motion = np.full(27, Vote.NO, dtype=np.int8)
        motion[eu27.index(order[:n_yes])] = Vote.YES  # the most populous: 65 % is met
        motion = exclude(motion, eu27, VISA_OUT)
        got = council_objection(motion, eu27)
        assert got.adopted is expected, n_yes
        assert got.article == "Art 238(3)(b) TFEU"


def test_no_opinion_when_neither_side_reaches_a_qualified_majority(eu27):
    ballots = np.full(27, Vote.ABSTAIN, dtype=np.int8)
    ballots[:5] = Vote.YES
    ballots[5:10] = Vote.NO
    assert committee_opinion(ballots, eu27).outcome == "no_opinion"


def test_record_carries_the_contract_keys(eu27):
    rec = council_decision(np.full(27, Vote.YES, dtype=np.int8), eu27, "qmv").record()
    for key in ("body", "rule", "participants", "not_participating", "outcome", "adopted",
                "n_yes", "n_no", "n_abstain", "pop_no_share"):
        assert key in rec
    assert sum(k.startswith("vote_") for k in rec) == 27
    assert rec["outcome"] == "adopted" and rec["not_participating"] == ""


def test_unknown_outcome_word_is_refused():
    from sim.council.bodies import BodyVote

    with pytest.raises(ValueError):
        BodyVote("council", "qmv", "maybe", False, 0, (), 0, 0, 0, 0.0)
