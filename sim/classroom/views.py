"""The states the three pages show, and the session export, as plain JSON-ready data.

* :func:`public_state` — the projector's (anyone may read it): the proposal, the seats with
  their short codes, every member's status, the live tally under each rule (when the
  session shows it live, or once revealed) and, after the reveal, each member's vote, the
  pivotal members and "how likely was this";
* :func:`seat_state` — one student's: their members, population shares and ballots;
* :func:`lecturer_state` — the lecturer's: the seats with their links, every round;
* :func:`export_rows` and :func:`export_document` — the CSV rows of every ballot as it came,
  and the JSON of the session.

Words appear here, at the edge: ballots are stored as integer codes.
"""

from __future__ import annotations

import json
from typing import Any

from sim.classroom.analysis import verdict
from sim.classroom.service import SOURCE_OF_STATUS, Classroom, Seat, Session
from sim.classroom.store import MISSING, SOURCES, STUDENT
from sim.council.rules import RULES, Vote
from sim.council.tally import pct

VOTE_WORDS = {int(Vote.NOT_PARTICIPATING): "not-participating", int(Vote.YES): "yes",
              int(Vote.NO): "no", int(Vote.ABSTAIN): "abstain"}
"""How a stored vote code is written on the pages and in the export."""


def buttons(session: Session) -> dict[str, str]:
    """Ballot labels: under reverse QMV a "no" is a vote to reject the proposal."""
    if RULES[session.spec.procedure_rule].reverse:
        return {"yes": "let it stand", "no": "reject", "abstain": "abstain"}
    return {"yes": "yes", "no": "no", "abstain": "abstain"}


def _summary(session: Session) -> dict[str, Any]:
    spec = session.spec
    return {
        "id": session.id, "title": spec.title, "candidate": spec.candidate,
        "scenario": spec.scenario, "procedure_rule": spec.procedure_rule,
        "rules": [{"name": r, "title": RULES[r].title, "reverse": RULES[r].reverse}
                  for r in spec.rules],
        "council": {"label": session.council.label, "size": session.council.size},
        "jha": spec.jha, "live_tally": spec.live_tally, "missing": spec.missing,
        "buttons": buttons(session),
    }


def _members(session: Session) -> list[dict[str, Any]]:
    """Each member's code, name, population and share (fresh dicts, for the caller to add to)."""
    key = (session.council.codes, session.council.label, session.taking_part.tobytes())
    if key not in _MEMBERS:
        council = session.council
        total = council.total_population
        _MEMBERS[key] = tuple(
            {"code": c, "name": council.name(c), "population": int(p),
             "share": pct(int(p), total), "taking_part": bool(session.taking_part[i])}
            for i, (c, p) in enumerate(zip(council.codes, council.population, strict=True)))
    return [dict(m) for m in _MEMBERS[key]]


_MEMBERS: dict[tuple[object, ...], tuple[dict[str, Any], ...]] = {}


def public_state(room: Classroom) -> dict[str, Any]:
    """What the projector shows now."""
    session = room.active()
    state: dict[str, Any] = {"version": room.version, "session": None, "round": None}
    if session is None:
        return state
    claimed = {row["id"]: row["claimed_at"] is not None
               for row in room.store.seats(session.id)}
    state["session"] = _summary(session)
    state["seats"] = [{"number": s.number, "code": s.code, "members": list(s.members),
                       "claimed": claimed[s.id]} for s in session.seats]
    members = _members(session)
    state["members"] = members
    current = room.store.current_round(session.id)
    if current is None:
        return state
    status = current["status"]
    votes, sources = room.votes(session, current["id"], session.spec.missing)
    played = session.played
    voted = sum(1 for m in played if sources[m] != MISSING)
    state["round"] = {"number": current["number"], "status": status, "voted": voted,
                      "expected": len(played), "opened_at": current["opened_at"]}
    revealed = status == "revealed"
    for i, member in enumerate(members):
        member["status"] = SOURCE_OF_STATUS[sources[member["code"]]]
        member["played"] = member["code"] in played
        if revealed:
            member["vote"] = VOTE_WORDS[int(votes[i])]
    if status != "open" and current["result"]:
        result = json.loads(current["result"])
        if revealed or session.spec.live_tally:
            state["tally"] = result["verdicts"]
        if revealed:
            state["pivotal"] = result["pivotal"]
            state["likelihood"] = result["likelihood"]
    elif session.spec.live_tally:
        state["tally"] = [verdict(r, votes, session.council) for r in session.spec.rules]
    return state


def seat_state(room: Classroom, session: Session, seat: Seat) -> dict[str, Any]:
    """What one student's phone shows now."""
    council = session.council
    members = {m["code"]: m for m in _members(session)}
    current = room.store.current_round(session.id)
    mine: dict[str, int] = {}
    rnd = None
    if current is not None:
        rnd = {"number": current["number"], "status": current["status"]}
        for row in room.store.ballots(current["id"]):
            if row["member"] in seat.members and row["source"] == STUDENT:
                mine[row["member"]] = row["vote"]
        if current["status"] == "revealed" and current["result"]:
            rnd["verdicts"] = [{"rule": v["rule"], "title": v["title"],
                                "adopted": v["adopted"], "reverse": v["reverse"]}
                               for v in json.loads(current["result"])["verdicts"]]
    seat_members = []
    for code in seat.members:
        member = dict(members[code])
        member["vote"] = VOTE_WORDS[mine[code]] if code in mine else None
        seat_members.append(member)
    share = pct(int(council.population[council.index(seat.members)].sum()),
                council.total_population)
    return {"version": room.version, "active": session.id == room.store.active_session(),
            "session": _summary(session), "round": rnd,
            "seat": {"number": seat.number, "code": seat.code, "share": share,
                     "members": seat_members}}


def lecturer_state(room: Classroom, session: Session, base_url: str) -> dict[str, Any]:
    """The session with every seat's link and every round's status and verdicts."""
    claimed = {row["id"]: row["claimed_at"] for row in room.store.seats(session.id)}
    rounds = []
    for row in room.store.rounds(session.id):
        entry = {"number": row["number"], "status": row["status"],
                 "opened_at": row["opened_at"], "closed_at": row["closed_at"]}
        if row["result"]:
            entry["verdicts"] = {v["rule"]: v["adopted"]
                                 for v in json.loads(row["result"])["verdicts"]}
        rounds.append(entry)
    return {
        "session": _summary(session), "spec": session.spec.model_dump(mode="json"),
        "seats": [{"number": s.number, "code": s.code, "members": list(s.members),
                   "link": f"{base_url}/s/{s.token}", "token": s.token,
                   "claimed": claimed[s.id] is not None} for s in session.seats],
        "rounds": rounds,
    }


EXPORT_COLUMNS = ("session", "round", "member", "vote", "source", "seat", "cast_at")


def export_rows(room: Classroom, session: Session) -> list[dict[str, Any]]:
    """Every ballot of the session as it came (changes included), oldest first."""
    return [{"session": session.id, "round": c["round"], "member": c["member"],
             "vote": VOTE_WORDS[c["vote"]], "source": SOURCES[c["source"]],
             "seat": c["seat"], "cast_at": f"{c['cast_at']:.6f}"}
            for c in room.store.casts(session.id)]


def export_document(room: Classroom, session: Session) -> dict[str, Any]:
    """The session as one JSON document: its spec, seats (no tokens) and rounds."""
    rounds = []
    for row in room.store.rounds(session.id):
        final = sorted(({"member": b["member"], "vote": VOTE_WORDS[b["vote"]],
                         "source": SOURCES[b["source"]], "changes": b["changes"]}
                        for b in room.store.ballots(row["id"])),
                       key=lambda b: session.council.codes.index(b["member"]))
        rounds.append({"number": row["number"], "status": row["status"],
                       "opened_at": row["opened_at"], "closed_at": row["closed_at"],
                       "revealed_at": row["revealed_at"], "ballots": final,
                       "result": json.loads(row["result"]) if row["result"] else None})
    return {"session": session.id, "spec": session.spec.model_dump(mode="json"),
            "council": {"label": session.council.label, "codes": list(session.council.codes),
                        "population": [int(p) for p in session.council.population]},
            "seats": [{"number": s.number, "code": s.code, "members": list(s.members)}
                      for s in session.seats],
            "rounds": rounds}
