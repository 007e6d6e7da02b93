"""The European Parliament: seats, majorities against a slow per-member reference, groups."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.errors import InputError
from sim.parliament import (
    GroupSpec,
    ParliamentBehaviour,
    ParliamentSpec,
    load_parliament,
    passes,
    tally,
)
from sim.parliament.vote import parliament_vote


def slow_passes(majority: str, ballots: list[str], members: int) -> bool:
    """One member at a time, from the Treaty text: ``ballots`` are 'yes'/'no'/'abstain'
    for the members present (the others are absent)."""
    yes = 0
    cast = 0
    for b in ballots:
        if b == "yes":
            yes += 1
        if b in ("yes", "no"):
            cast += 1
    if majority == "component":  # more than half of the component members in favour
        return yes > members / 2
    return yes > cast - yes      # more votes in favour than against among votes cast


def test_seats_add_up_to_720():
    ep = load_parliament()
    assert ep.members == 720
    assert dict(zip(ep.groups, ep.seats.tolist(), strict=True))["EPP"] == 188


@given(st.data())
def test_majorities_match_the_slow_reference(data):
    ep = load_parliament()
    yes = np.array([data.draw(st.integers(0, int(s))) for s in ep.seats])
    no = np.array([data.draw(st.integers(0, int(s - y))) for s, y in zip(ep.seats, yes,
                                                                           strict=True)])
    abstain = np.array([data.draw(st.integers(0, int(s - y - n)))
                        for s, y, n in zip(ep.seats, yes, no, strict=True)])
    ballots = ["yes"] * int(yes.sum()) + ["no"] * int(no.sum()) + ["abstain"] * int(abstain.sum())
    for majority in ("component", "cast"):
        expected = slow_passes(majority, ballots, 720)
        assert bool(passes(majority, [yes.sum()], [no.sum()], 720)[0]) == expected
        assert tally(majority, yes, no, abstain, 720).passed == expected


@pytest.mark.parametrize(("yes", "expected"), [(360, False), (361, True)])
def test_objection_needs_361_of_720(yes, expected):
    got = tally("component", [yes], [0], [0], 720)
    assert got.passed is expected and got.needed == 361


def test_votes_cast_ignore_abstentions():
    assert tally("cast", [10], [9], [500], 720).passed
    assert not tally("cast", [9], [9], [0], 720).passed  # a tie is not a majority
    assert not tally("cast", [0], [0], [0], 720).passed


def test_bad_input_is_an_input_error():
    with pytest.raises(InputError):
        passes("two-thirds", [1], [0], 720)
    with pytest.raises(InputError):
        tally("cast", [700], [30], [0], 720)
    with pytest.raises(ValueError, match="unknown political group"):
        ParliamentSpec(groups={"XYZ": GroupSpec()})


@given(st.integers(0, 2**32 - 1))
def test_group_votes_never_exceed_seats_and_follow_a_unanimous_line(seed):
    ep = load_parliament()
    spec = ParliamentSpec(attendance=1.0, cohesion=1.0,
                          groups={g: GroupSpec(p_yes=1.0) for g in ep.groups})
    beh = ParliamentBehaviour.from_spec(spec)
    yes, no, abstain = beh.votes(beh.draws(np.random.default_rng(seed)))
    assert (yes == ep.seats).all() and no.sum() == 0 and abstain.sum() == 0
    loose = ParliamentBehaviour.from_spec(ParliamentSpec())
    yes, no, abstain = loose.votes(loose.draws(np.random.default_rng(seed)))
    assert ((yes + no + abstain) <= ep.seats).all()


def test_cohesive_groups_vote_their_line():
    beh = ParliamentBehaviour.from_spec(ParliamentSpec(
        cohesion=0.95, groups={"EPP": GroupSpec(p_yes=1.0), "SD": GroupSpec(p_yes=0.0)}))
    rng = np.random.default_rng(3)
    ep = beh.parliament
    e, s = ep.index("EPP"), ep.index("SD")
    yes, no, _ = beh.votes(beh.draws(rng))
    assert yes[e] > 0.8 * ep.seats[e] * beh.attendance
    assert no[s] > 0.8 * ep.seats[s] * beh.attendance


def test_vote_record_has_group_columns():
    ep = load_parliament()
    rec = parliament_vote("consent", ep.seats.copy(), np.zeros(ep.size, np.int64),
                          np.zeros(ep.size, np.int64), ep).record()
    assert rec["outcome"] == "consent" and rec["adopted"] is True
    assert rec["group_EPP_yes"] == 188 and rec["group_NI_no"] == 0
    assert rec["body"] == "parliament" and rec["rule"] == "cast"
