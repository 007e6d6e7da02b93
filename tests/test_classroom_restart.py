"""A server killed mid-round loses nothing: after a restart on the same database the
session, its open round, every ballot and the lecturer token are all there."""

from __future__ import annotations

import numpy as np
import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi", reason="needs the classroom extra")

from sim.council import load_council  # noqa: E402
from sim.council.kernel import adopted  # noqa: E402
from sim.council.rules import Vote  # noqa: E402

VOTES = {"DE": "no", "FR": "no", "IT": "yes", "ES": "no", "PL": "abstain", "NL": "no",
         "HU": "yes", "AT": "no", "SE": "no", "BE": "no"}
BEFORE_KILL = ("DE", "FR", "IT", "ES", "PL", "NL")


def test_kill_mid_round_and_resume(tmp_path):
    from classroom_server import start

    db = tmp_path / "room.db"
    first = start(db)
    try:
        made = httpx.post(f"{first.base}/api/sessions", headers=first.headers, json={
            "rules": ["qmv", "unanimity"], "unplayed": "yes",
            "seats": [[c] for c in VOTES]}).json()
        seats = {s["members"][0]: s for s in made["seats"]}
        httpx.post(f"{first.base}/api/sessions/1/rounds", headers=first.headers)
        for code in BEFORE_KILL:
            r = httpx.put(f"{first.base}/api/seat/{seats[code]['token']}/ballot",
                          json={"round": 1, "vote": VOTES[code]})
            assert r.status_code == 200
    finally:
        first.stop(kill=True)  # SIGKILL: no shutdown handler runs
    assert first.process.returncode == -9

    second = start(db)
    try:
        assert second.lecturer_token == first.lecturer_token
        assert "resuming session 1" in second.lines
        state = httpx.get(f"{second.base}/api/state").json()
        assert state["round"]["status"] == "open" and state["round"]["voted"] == len(BEFORE_KILL)
        for code in BEFORE_KILL:
            seat = httpx.get(f"{second.base}/api/seat/{seats[code]['token']}").json()
            assert seat["seat"]["members"][0]["vote"] == VOTES[code]
        for code in VOTES:
            if code not in BEFORE_KILL:
                r = httpx.put(f"{second.base}/api/seat/{seats[code]['token']}/ballot",
                              json={"round": 1, "vote": VOTES[code]})
                assert r.status_code == 200
        result = httpx.post(f"{second.base}/api/sessions/1/close",
                            headers=second.headers).json()
    finally:
        second.stop()
    council = load_council()
    votes = np.full(council.size, Vote.YES, dtype=np.int8)
    for code, vote in VOTES.items():
        votes[council.codes.index(code)] = {"yes": Vote.YES, "no": Vote.NO,
                                            "abstain": Vote.ABSTAIN}[vote]
    assert {v["rule"]: v["adopted"] for v in result["verdicts"]} == {
        r: bool(adopted(r, votes, council)[0]) for r in ("qmv", "unanimity")}
