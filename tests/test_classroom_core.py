"""The classroom below the web layer: session specs, seat draws, verdicts, the service's
rules and the SQLite store (no server, no web libraries needed)."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest

from sim.classroom.analysis import likelihood, pivotal_members, verdict
from sim.classroom.bots import draw_votes
from sim.classroom.service import Classroom, ClassroomError
from sim.classroom.spec import (
    build_council,
    build_seats,
    from_scenario,
    parse_spec,
    participation,
)
from sim.classroom.store import Store
from sim.classroom.views import export_rows, public_state, seat_state
from sim.council.kernel import adopted
from sim.council.members import WESTERN_BALKANS
from sim.council.rules import RULES, Vote
from sim.engine.records import VOTE_WORDS
from sim.errors import InputError
from sim.report.pivotal import pivotality


class Clock:
    def __init__(self) -> None:
        self.t = 1_000.0

    def __call__(self) -> float:
        self.t += 1.0
        return self.t


@pytest.fixture
def room(tmp_path):
    store = Store.open(tmp_path / "c.db")
    yield Classroom(store, clock=Clock())
    store.close()


def stored_votes(db_path, sid, number, council):
    """The round's ballots read straight from the database file, as a vote vector."""
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT b.member, b.vote FROM ballots b JOIN rounds r ON "
                          "r.id = b.round_id WHERE r.session_id = ? AND r.number = ?",
                          (sid, number)).fetchall()
    votes = np.full(council.size, -1, dtype=np.int8)
    for member, vote in rows:
        votes[council.codes.index(member)] = vote
    assert len(rows) == council.size and (votes >= 0).all()
    return votes


def test_spec_defaults_and_refusals():
    spec = parse_spec({})
    assert spec.rules == ("rqmv", "qmv", "unanimity") and spec.procedure_rule == "rqmv"
    assert spec.effective_severity == pytest.approx(1 / 6)  # reduce-funding
    for bad, words in [({"rules": ["qmv", "nope"]}, "unknown rule"),
                       ({"rules": ["qmv", "qmv"]}, "twice"),
                       ({"seats": [["DE"]], "groups": 3}, "not both"),
                       ({"add": ["XX"]}, "unknown candidate"),
                       ({"year": 1999}, "no population table"),
                       ({"colour": "blue"}, "colour")]:
        with pytest.raises(InputError, match=words):
            parse_spec(bad)


def test_council_seats_and_participation():
    spec = parse_spec({"add": ["WB6"], "jha": True, "groups": 7})
    council = build_council(spec)
    assert council.size == 27 + len(WESTERN_BALKANS)
    seats = build_seats(spec, council)
    assert len(seats) == 7
    assert sorted(c for s in seats for c in s) == sorted(council.codes)
    pops = [int(council.population[council.index(s)].sum()) for s in seats]
    assert max(pops) < 1.5 * min(pops)  # the large members are spread out
    taking_part = participation(spec, council)
    assert [c for c, t in zip(council.codes, taking_part, strict=True) if not t] == ["DK", "IE"]
    assert build_seats(parse_spec({}), council) == tuple((c,) for c in council.codes)
    with pytest.raises(InputError, match="two seats"):
        build_seats(parse_spec({"seats": [["DE", "FR"], ["de"]]}), council)
    with pytest.raises(InputError, match="unknown member"):
        build_seats(parse_spec({"seats": [["DE", "ZZ"]]}), council)


def test_from_scenario_takes_the_scenarios_behaviour():
    spec = from_scenario("serbia_2022", seed=5)
    assert spec.candidate == "RS" and spec.rules[0] == "rqmv" and spec.seed == 5
    assert spec.behaviour.members["HU"].stance < 0 and spec.scenario == "serbia_2022"


def test_draws_are_seeded_and_follow_the_model():
    spec = parse_spec({"seed": 11})
    council = build_council(spec)
    a = draw_votes(spec, council, 1, "seats", 50)
    assert a.shape == (50, 27) and a.dtype == np.int8
    assert np.array_equal(a, draw_votes(spec, council, 1, "seats", 50))
    assert not np.array_equal(a, draw_votes(spec, council, 2, "seats", 50))
    assert set(np.unique(a)) <= {Vote.YES, Vote.NO, Vote.ABSTAIN}
    base = {"preset": "uniform", "uniform_abstain": 0.0, "correlation": 0.0}
    sure_no = parse_spec({"behaviour": {**base, "uniform_against": 1.0}})
    sure_yes = parse_spec({"behaviour": {**base, "uniform_against": 0.0}})
    assert (draw_votes(sure_no, council, 1, "seats", 5) == Vote.NO).all()
    assert (draw_votes(sure_yes, council, 1, "seats", 5) == Vote.YES).all()


def test_verdicts_pivotal_members_match_the_kernel_and_sim_pivotal(eu27):
    rng = np.random.default_rng(3)
    rows, mine = [], {}
    for _ in range(60):
        votes = rng.choice([0, 1, 2, 3], size=27, p=[0.05, 0.55, 0.3, 0.1]).astype(np.int8)
        for rule in RULES:
            v = verdict(rule, votes, eu27)
            assert v["adopted"] == bool(adopted(rule, votes, eu27)[0])
            rows.append({"rule": rule, "adopted": v["adopted"],
                         **{f"vote_{c}": VOTE_WORDS[int(x)]
                            for c, x in zip(eu27.codes, votes, strict=True)}})
            for code in pivotal_members(rule, votes, eu27):
                mine[rule, code] = mine.get((rule, code), 0) + 1
    slow = pivotality(pd.DataFrame(rows), eu27)
    expected = {(r, m): n for r, m, n in slow[["rule", "member", "pivotal"]].itertuples(
        index=False) if n}
    assert mine == expected and sum(mine.values()) > 50


def test_likelihood_counts_the_model_draws():
    spec = parse_spec({"samples": 300, "jha": True})
    council = build_council(spec)
    votes = np.full(27, Vote.YES, dtype=np.int8)
    result = likelihood(spec, council, 4, votes)
    draws = draw_votes(spec, council, 4, "likelihood", 300)
    draws[:, ~participation(spec, council)] = Vote.NOT_PARTICIPATING
    for entry in result["rules"]:
        share = float(adopted(entry["rule"], draws, council).mean())
        assert entry["p_adopted"] == pytest.approx(share)
        assert entry["p_room"] == pytest.approx(share if entry["room_adopted"] else 1 - share)
    assert sum(result["against"]["counts"]) == 300 and result["against"]["room"] == 0


def test_a_round_from_ballots_to_verdict(room, tmp_path):
    sid = room.create_session({"unplayed": "no", "seats": [["DE"], ["FR"], ["IT", "ES"]],
                               "missing": "abstain"})
    session = room.session(sid)
    de, fr, group = session.seats
    number = room.open_round(sid)
    room.cast(de.token, number, None, "no")
    room.cast(de.token, number, None, "yes")  # a change of mind replaces the ballot
    room.cast(group.token, number, "it", "no")
    refusals = [
        (lambda: room.cast(group.token, number, None, "no"), 422),  # which member?
        (lambda: room.cast(de.token, number, "FR", "no"), 403),
        (lambda: room.cast("nope", number, None, "no"), 404),
        (lambda: room.cast(de.token, number + 1, None, "no"), 409),
        (lambda: room.cast(de.token, number, None, "maybe"), 422),
        (lambda: room.open_round(sid), 409),
        (lambda: room.reveal(sid), 409),
    ]
    for call, status in refusals:
        with pytest.raises(ClassroomError) as err:
            call()
        assert err.value.status == status
    result = room.close_round(sid)
    with pytest.raises(ClassroomError) as err:
        room.cast(fr.token, number, None, "no")
    assert err.value.status == 409
    votes = stored_votes(tmp_path / "c.db", sid, number, session.council)
    by_code = dict(zip(session.council.codes, votes.tolist(), strict=True))
    assert by_code["DE"] == Vote.YES and by_code["IT"] == Vote.NO
    assert by_code["FR"] == by_code["ES"] == Vote.ABSTAIN  # no ballot: missing = abstain
    assert by_code["PL"] == Vote.NO  # unplayed: the fixed choice
    for v in result["verdicts"]:
        assert v["adopted"] == bool(adopted(v["rule"], votes, session.council)[0])
    rows = export_rows(room, session)
    assert [(r["member"], r["vote"]) for r in rows if r["source"] == "student"] == [
        ("DE", "no"), ("DE", "yes"), ("IT", "no")]
    state = public_state(room)
    assert "vote" not in state["members"][0] and "likelihood" not in state
    room.reveal(sid)
    state = public_state(room)
    assert state["round"]["status"] == "revealed" and state["likelihood"]["samples"] == 2000
    assert {m["code"]: m["vote"] for m in state["members"]}["DE"] == "yes"
    assert seat_state(room, session, de)["round"]["verdicts"][0]["rule"] == "rqmv"


def test_jha_seats_reset_and_a_new_session(room):
    sid = room.create_session({"jha": True, "rules": ["qmv"], "live_tally": False})
    session = room.session(sid)
    seat = {s.members[0]: s for s in session.seats}
    number = room.open_round(sid)
    with pytest.raises(ClassroomError, match="does not take part"):
        room.cast(seat["DK"].token, number, None, "no")
    assert public_state(room).get("tally") is None  # not live: hidden until revealed
    room.cast(seat["HU"].token, number, None, "no")
    room.reset(sid)
    assert seat_state(room, session, seat["HU"])["seat"]["members"][0]["vote"] is None
    assert seat_state(room, session, seat["HU"])["session"]["buttons"]["no"] == "no"
    room.create_session({})
    with pytest.raises(ClassroomError, match="over"):
        room.cast(seat["HU"].token, number, None, "no")


def test_the_store_resumes_after_reopening(tmp_path):
    store = Store.open(tmp_path / "c.db")
    room = Classroom(store)
    token = store.lecturer_token()
    sid = room.create_session({})
    seat = room.session(sid).seats[16]
    number = room.open_round(sid)
    room.cast(seat.token, number, None, "no")
    store.close()
    again = Classroom(Store.open(tmp_path / "c.db"))
    assert again.store.lecturer_token() == token and again.active().id == sid
    state = public_state(again)
    assert state["round"] == {**state["round"], "number": 1, "status": "open", "voted": 1}
    assert seat_state(again, *again.seat(seat.token))["seat"]["members"][0]["vote"] == "no"
    assert seat_state(again, *again.seat(seat.token))["session"]["buttons"]["no"] == "reject"
    again.store.close()
