"""Thirty students at once: concurrent HTTP clients through several rounds, on loopback.

Every ballot must be stored exactly once (one current ballot per member and round, one log
row per request), and each round's verdict must be the rule kernel's on the stored ballots.
The request count is fixed (rounds × students × ballots) and every wait has a time limit.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3

import numpy as np
import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi", reason="needs the classroom extra")

from sim.classroom.spec import build_council, parse_spec  # noqa: E402
from sim.council.kernel import adopted  # noqa: E402
from sim.council.rules import Vote  # noqa: E402

STUDENTS = 30
ROUNDS = 3
BALLOTS_EACH = 2  # a first vote and a change of mind
LIMIT_S = 60.0
SPEC = {"add": ["RS", "ME", "AL"], "rules": ["rqmv", "qmv", "reinforced-qmv", "unanimity"],
        "seed": 30}
WORDS = ["yes", "no", "abstain"]


@pytest.fixture
def server(tmp_path):
    from classroom_server import start

    s = start(tmp_path / "load.db")
    yield s
    s.stop()


async def drive(server, seats, plan):
    """Every student sends their ballots in order; all students at once."""
    limits = httpx.Limits(max_connections=STUDENTS)
    async with httpx.AsyncClient(base_url=server.base, timeout=10.0, limits=limits) as client:
        async def student(seat, ballots):
            for rnd, vote in ballots:
                r = await client.put(f"/api/seat/{seat['token']}/ballot",
                                     json={"round": rnd, "vote": vote})
                assert r.status_code == 200, r.text
        for rnd in range(1, ROUNDS + 1):
            opened = await client.post("/api/sessions/1/rounds", headers=server.headers)
            assert opened.json() == {"round": rnd}
            await asyncio.gather(*(student(seat, [(rnd, v) for v in plan[rnd][seat["code"]]])
                                   for seat in seats))
            state = (await client.get("/api/state")).json()
            assert state["round"]["voted"] == STUDENTS
            closed = await client.post("/api/sessions/1/close", headers=server.headers)
            assert closed.status_code == 200, closed.text


def test_thirty_students_several_rounds(server):
    made = httpx.post(f"{server.base}/api/sessions", headers=server.headers, json=SPEC)
    seats = made.json()["seats"]
    assert len(seats) == STUDENTS
    rng = np.random.default_rng(7)
    plan = {rnd: {s["code"]: [WORDS[int(i)] for i in rng.choice(3, BALLOTS_EACH,
                                                                  p=[0.5, 0.4, 0.1])]
                  for s in seats} for rnd in range(1, ROUNDS + 1)}
    asyncio.run(asyncio.wait_for(drive(server, seats, plan), LIMIT_S))

    council = build_council(parse_spec(SPEC))
    member_of = {s["code"]: s["members"][0] for s in seats}
    doc = json.loads(httpx.get(f"{server.base}/api/sessions/1/session.json",
                               headers=server.headers).text)
    with sqlite3.connect(server.db) as db:
        casts = db.execute("SELECT COUNT(*) FROM casts WHERE source = 1").fetchone()[0]
        assert casts == ROUNDS * STUDENTS * BALLOTS_EACH  # every request logged once
        for rnd in range(1, ROUNDS + 1):
            rows = db.execute("SELECT b.member, b.vote, b.changes FROM ballots b JOIN rounds r "
                              "ON r.id = b.round_id WHERE r.number = ?", (rnd,)).fetchall()
            assert sorted(m for m, _, _ in rows) == sorted(council.codes)  # once each
            votes = np.zeros(council.size, dtype=np.int8)
            for member, vote, changes in rows:
                votes[council.codes.index(member)] = vote
                assert changes == BALLOTS_EACH - 1
            for code, ballots in plan[rnd].items():  # the last ballot sent is the one kept
                index = council.codes.index(member_of[code])
                assert votes[index] == {"yes": Vote.YES, "no": Vote.NO,
                                        "abstain": Vote.ABSTAIN}[ballots[-1]]
            result = doc["rounds"][rnd - 1]["result"]
            for v in result["verdicts"]:
                assert v["adopted"] == bool(adopted(v["rule"], votes, council)[0])
