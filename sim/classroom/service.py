"""What the lecturer and the students may do to a classroom session, checked.

:class:`Classroom` wraps the :class:`~sim.classroom.store.Store`: it creates sessions, opens,
closes, reveals and resets rounds, and takes ballots, refusing anything out of turn with a
:class:`ClassroomError` that carries an HTTP status and a one-line reason (an unknown seat
404, a member of another seat 403, a closed round 409). A round's result is computed once,
when it closes, from the ballots as stored: the verdicts are the rule kernel's.

Every change bumps :attr:`Classroom.version` and calls ``on_change``, which the web layer
uses to wake the live pages.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.classroom.analysis import analyse
from sim.classroom.bots import draw_votes
from sim.classroom.spec import (
    FIXED_CHOICE,
    SessionSpec,
    build_council,
    build_seats,
    parse_spec,
    participation,
)
from sim.classroom.store import FIXED, MISSING, MODEL, STUDENT, TREATY, Store
from sim.council import Council
from sim.council.rules import Vote
from sim.errors import InputError

VOTE_CODES = {"yes": Vote.YES, "no": Vote.NO, "abstain": Vote.ABSTAIN}
"""Ballot words of the API; under ``rqmv`` ``no`` is "reject", ``yes`` "let it stand"."""


class ClassroomError(InputError):
    """A refused request: ``status`` is the HTTP status, the message one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Seat:
    id: int
    number: int
    code: str
    token: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Session:
    """A stored session, rebuilt: its spec, Council, seats and who takes part."""

    id: int
    spec: SessionSpec
    council: Council
    seats: tuple[Seat, ...]
    taking_part: NDArray[np.bool_]

    @property
    def played(self) -> dict[str, Seat]:
        """Members somebody plays (and who takes part), with their seat."""
        return {m: s for s in self.seats for m in s.members
                if self.taking_part[self.council.codes.index(m)]}


class Classroom:
    """The sessions of one database, and the rules of the game."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time,
                 on_change: Callable[[], None] | None = None) -> None:
        self.store = store
        self.clock = clock
        self.on_change = on_change
        self.version = 0
        self._sessions: dict[int, Session] = {}

    def _changed(self) -> None:
        self.version += 1
        if self.on_change is not None:
            self.on_change()

    # -- reading -----------------------------------------------------------------------
    def session(self, sid: int) -> Session:
        """The session ``sid``, or ClassroomError 404."""
        if sid not in self._sessions:
            row = self.store.session(sid)
            if row is None:
                raise ClassroomError(404, f"no session {sid}")
            spec = SessionSpec.model_validate_json(row["spec"])
            council = build_council(spec)
            seats = tuple(Seat(r["id"], r["number"], r["code"], r["token"],
                               tuple(r["members"].split(","))) for r in self.store.seats(sid))
            self._sessions[sid] = Session(sid, spec, council, seats,
                                          participation(spec, council))
        return self._sessions[sid]

    def active(self) -> Session | None:
        sid = self.store.active_session()
        return None if sid is None else self.session(sid)

    def seat(self, token: str) -> tuple[Session, Seat]:
        """The seat of ``token`` and its session, or ClassroomError 404."""
        row = self.store.seat_by("token", token)
        if row is None:
            raise ClassroomError(404, "unknown seat token")
        session = self.session(int(row["session_id"]))
        return session, next(s for s in session.seats if s.id == row["id"])

    def seat_for_code(self, code: str) -> str:
        """The token of the seat with short code ``code`` in the active session."""
        row = self.store.seat_by("code", code.strip().upper())
        if row is None or row["session_id"] != self.store.active_session():
            raise ClassroomError(404, f"no seat with code {code.strip().upper()!r}")
        return str(row["token"])

    def votes(self, session: Session, rid: int, pending: str) -> tuple[NDArray[np.int8],
                                                                          dict[str, int]]:
        """The stored ballots of round ``rid`` as a vote vector (M,) and each source.

        Played members without a ballot count as ``pending`` says (``abstain`` or
        ``model``); their source is then :data:`~sim.classroom.store.MISSING`.
        """
        codes = session.council.codes
        votes = np.full(len(codes), Vote.ABSTAIN, dtype=np.int8)
        sources = {c: MISSING for c in codes}
        for row in self.store.ballots(rid):
            i = codes.index(row["member"])
            votes[i], sources[row["member"]] = row["vote"], row["source"]
        missing = [codes.index(c) for c, s in sources.items() if s == MISSING]
        if missing and pending == "model":
            number = self.store.db.execute("SELECT number FROM rounds WHERE id = ?",
                                           (rid,)).fetchone()["number"]
            drawn = self._model_row(session, int(number))
            votes[missing] = drawn[missing]
        return votes, sources

    def _model_row(self, session: Session, number: int) -> NDArray[np.int8]:
        return draw_votes(session.spec, session.council, number, "seats", 1)[0]

    # -- the lecturer ----------------------------------------------------------------
    def create_session(self, data: object) -> int:
        """Store a new session (the active one from now on) and return its id."""
        spec = data if isinstance(data, SessionSpec) else parse_spec(data)
        council = build_council(spec)
        seats = build_seats(spec, council)
        sid = self.store.add_session(spec.model_dump_json(), seats, self.clock())
        self._changed()
        return sid

    def open_round(self, sid: int) -> int:
        """Open the next round; unplayed seats vote now (model draw or fixed choice)."""
        session = self.session(sid)
        current = self.store.current_round(sid)
        if current is not None and current["status"] == "open":
            raise ClassroomError(409, f"round {current['number']} is still open: close it first")
        number = 1 if current is None else int(current["number"]) + 1
        played = session.played
        drawn = self._model_row(session, number) if session.spec.unplayed == "model" else None
        preset = []
        for i, code in enumerate(session.council.codes):
            if not session.taking_part[i]:
                preset.append((code, int(Vote.NOT_PARTICIPATING), TREATY))
            elif code not in played:
                if drawn is not None:
                    preset.append((code, int(drawn[i]), MODEL))
                else:
                    preset.append((code, int(FIXED_CHOICE[session.spec.unplayed]), FIXED))
        self.store.open_round(sid, number, self.clock(), preset)
        self._changed()
        return number

    def _round(self, sid: int, status: str, verb: str) -> Any:
        self.session(sid)
        current = self.store.current_round(sid)
        if current is None:
            raise ClassroomError(409, f"no round to {verb}: open one first")
        if current["status"] != status:
            raise ClassroomError(409, f"round {current['number']} is {current['status']}, "
                                 f"not {status}: cannot {verb} it")
        return current

    def close_round(self, sid: int) -> dict[str, Any]:
        """Close the open round; members without a ballot count as ``spec.missing`` says."""
        session = self.session(sid)
        current = self._round(sid, "open", "close")
        votes, sources = self.votes(session, current["id"], session.spec.missing)
        codes = session.council.codes
        filled = [(c, int(votes[codes.index(c)]), MISSING)
                  for c, s in sources.items() if s == MISSING]
        result = analyse(session.spec, session.council, int(current["number"]), votes)
        self.store.close_round(current["id"], self.clock(), filled, json.dumps(result))
        self._changed()
        return result

    def reveal(self, sid: int) -> None:
        """Show a closed round's result on the projector."""
        current = self._round(sid, "closed", "reveal")
        self.store.reveal_round(current["id"], self.clock())
        self._changed()

    def reset(self, sid: int) -> None:
        """Clear the students' ballots of the open round (the log keeps them)."""
        current = self._round(sid, "open", "reset")
        self.store.reset_round(current["id"], self.clock())
        self._changed()

    # -- the students ------------------------------------------------------------------
    def claim(self, token: str) -> tuple[Session, Seat]:
        session, seat = self.seat(token)
        if self.store.claim_seat(seat.id, self.clock()):
            self._changed()
        return session, seat

    def cast(self, token: str, round_number: int, member: str | None, vote: str) -> None:
        """A ballot from seat ``token`` for ``member`` (default: the seat's only member)."""
        session, seat = self.seat(token)
        if session.id != self.store.active_session():
            raise ClassroomError(409, "this session is over")
        if member is None:
            if len(seat.members) != 1:
                raise ClassroomError(422, f"say which member: this seat plays "
                                     f"{', '.join(seat.members)}")
            member = seat.members[0]
        member = member.strip().upper()
        if member not in seat.members:
            raise ClassroomError(403, f"seat {seat.number} does not play {member}")
        if member not in session.played:
            raise ClassroomError(409, f"{member} does not take part in this vote")
        if vote not in VOTE_CODES:
            raise ClassroomError(422, "vote must be yes, no or abstain")
        current = self.store.current_round(session.id)
        if current is None or current["status"] != "open":
            raise ClassroomError(409, "no round is open")
        if current["number"] != round_number:
            raise ClassroomError(409, f"round {round_number} is over; round "
                                 f"{current['number']} is open")
        self.store.cast(current["id"], member, int(VOTE_CODES[vote]), seat.id, self.clock())
        self._changed()


SOURCE_OF_STATUS = {TREATY: "not-taking-part", STUDENT: "voted", MODEL: "model",
                    FIXED: "fixed", MISSING: "waiting"}
"""How each ballot source shows on the pages."""
