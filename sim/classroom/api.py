"""The classroom's JSON API and live event stream (FastAPI; documented at ``/docs``).

Who may do what: anyone may read the projector's state and stream; a seat token (in the
path) may read its seat and vote for its own members; the lecturer token (header
``X-Lecturer-Token`` or query ``token``) may create sessions, open, close, reveal and reset
rounds and export. Every refusal is a 4xx with ``{"detail": "<one line>"}``: malformed
bodies 422, a wrong token 401, another seat's member 403, an unknown seat or session 404,
a closed round 409. Live updates are server-sent events: ``/api/events`` sends the
projector's state after every change (``?view=seat`` sends only round changes).
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import sqlite3
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from sim.classroom.service import Classroom, ClassroomError
from sim.classroom.spec import SessionSpec, from_scenario
from sim.classroom.views import (
    EXPORT_COLUMNS,
    export_document,
    export_rows,
    lecturer_state,
    public_state,
    seat_state,
)
from sim.errors import InputError

KEEP_ALIVE_S = 15.0
"""Seconds between comment lines on an idle event stream (keeps proxies from closing it)."""
SCENARIO_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Hub:
    """Wakes every event stream after a change (one asyncio.Event per generation)."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def changed(self) -> None:
        self.event.set()
        self.event = asyncio.Event()


class Ballot(BaseModel):
    """One ballot from a seat."""

    model_config = ConfigDict(extra="forbid")
    round: int = Field(ge=1, description="The round the ballot is for (must be the open one).")
    member: str | None = Field(None, max_length=4, description="Member code; may be omitted "
                               "when the seat plays one member.")
    vote: Literal["yes", "no", "abstain"] = Field(
        description="yes / no / abstain; under reverse QMV no = reject, yes = let it stand.")


def one_line(exc: RequestValidationError) -> str:
    """The first validation problem as ``where: what``."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    loc = () if first.get("type") == "json_invalid" else first.get("loc", ())
    where = ".".join(str(p) for p in loc if p != "body") or "body"
    extra = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return " ".join(f"{where}: {first.get('msg', 'invalid')}{extra}".split())


def install_error_handlers(app: FastAPI) -> None:
    """Every refusal as ``{"detail": one line}`` with its 4xx status."""

    def reply(status: int, message: str) -> JSONResponse:
        return JSONResponse({"detail": " ".join(str(message).split())}, status_code=status)

    @app.exception_handler(ClassroomError)
    async def _classroom(request: Request, exc: ClassroomError) -> JSONResponse:
        return reply(exc.status, str(exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        return reply(422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return reply(422, one_line(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return reply(exc.status_code, str(exc.detail))

    @app.exception_handler(sqlite3.OperationalError)
    async def _database(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        return reply(503, f"database unavailable: {exc}")


def room_of(request: Request) -> Classroom:
    room: Classroom = request.app.state.room
    return room


Room = Annotated[Classroom, Depends(room_of)]


def lecturer(request: Request, x_lecturer_token: Annotated[str | None, Header()] = None,
             token: Annotated[str | None, Query(max_length=64)] = None) -> None:
    """Refuse (401) unless the lecturer token is given, as a header or ``?token=``."""
    given = x_lecturer_token or token or ""
    if not secrets.compare_digest(given.encode(), request.app.state.lecturer_token.encode()):
        raise ClassroomError(401, "lecturer token missing or wrong")


Lecturer = Annotated[None, Depends(lecturer)]
router = APIRouter(prefix="/api")


@router.get("/state", summary="The projector's state")
async def get_state(room: Room) -> dict[str, Any]:
    return public_state(room)


def _stream_payload(room: Classroom, view: str, cache: dict[tuple[int, str], str]) -> str:
    """The stream's message for the current version, computed once per version and view."""
    key = (room.version, view)
    if key in cache:
        return cache[key]
    if view == "seat":
        session = room.active()
        current = None if session is None else room.store.current_round(session.id)
        payload = json.dumps({"session": None if session is None else session.id,
                              "round": None if current is None else current["number"],
                              "status": None if current is None else current["status"]})
    else:
        payload = json.dumps(public_state(room))
    if len(cache) > 8:
        cache.clear()
    cache[key] = payload
    return payload


@router.get("/events", summary="Server-sent events: the state after every change",
            response_class=StreamingResponse)
async def events(request: Request, room: Room,
                 view: Literal["projector", "seat"] = "projector") -> StreamingResponse:
    hub: Hub = request.app.state.hub
    cache: dict[tuple[int, str], str] = request.app.state.state_cache

    async def stream() -> AsyncIterator[str]:
        last = None
        yield "retry: 1000\n\n"
        while True:
            event = hub.event  # taken before reading, so no change is missed
            payload = _stream_payload(room, view, cache)
            if payload != last:
                yield f"data: {payload}\n\n"
                last = payload
            try:
                await asyncio.wait_for(event.wait(), KEEP_ALIVE_S)
            except TimeoutError:
                yield ": keep-alive\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


@router.get("/seat/{token}", summary="A seat's state (claims the seat)")
async def get_seat(token: str, room: Room) -> dict[str, Any]:
    session, seat = room.claim(token)
    return seat_state(room, session, seat)


@router.put("/seat/{token}/ballot", summary="Cast or change a ballot")
async def put_ballot(token: str, ballot: Ballot, room: Room) -> dict[str, Any]:
    room.cast(token, ballot.round, ballot.member, ballot.vote)
    session, seat = room.seat(token)
    return seat_state(room, session, seat)


@router.post("/sessions", summary="Create a session (it becomes the active one)",
             status_code=201)
async def post_session(spec: SessionSpec, request: Request, room: Room,
                       _: Lecturer) -> dict[str, Any]:
    if spec.scenario is not None:
        if not SCENARIO_NAME.fullmatch(spec.scenario):
            raise ClassroomError(422, "scenario: give the bare name of a shipped scenario")
        given = spec.model_dump(include=spec.model_fields_set - {"scenario"})
        spec = from_scenario(spec.scenario, **given)
    sid = room.create_session(spec)
    return lecturer_state(room, room.session(sid), request.app.state.base_url)


@router.get("/sessions/{sid}", summary="A session with its seat links (lecturer)")
async def get_session(sid: int, request: Request, room: Room, _: Lecturer) -> dict[str, Any]:
    return lecturer_state(room, room.session(sid), request.app.state.base_url)


@router.post("/sessions/{sid}/rounds", summary="Open the next round", status_code=201)
async def open_round(sid: int, room: Room, _: Lecturer) -> dict[str, int]:
    return {"round": room.open_round(sid)}


@router.post("/sessions/{sid}/close", summary="Close the open round")
async def close_round(sid: int, room: Room, _: Lecturer) -> dict[str, Any]:
    return room.close_round(sid)


@router.post("/sessions/{sid}/reveal", summary="Reveal the closed round's result")
async def reveal(sid: int, room: Room, _: Lecturer) -> dict[str, str]:
    room.reveal(sid)
    return {"status": "revealed"}


@router.post("/sessions/{sid}/reset", summary="Clear the students' ballots of the open round")
async def reset(sid: int, room: Room, _: Lecturer) -> dict[str, str]:
    room.reset(sid)
    return {"status": "open"}


@router.get("/sessions/{sid}/ballots.csv", summary="Every ballot with its time (CSV)",
            response_class=PlainTextResponse)
async def export_csv(sid: int, room: Room, _: Lecturer) -> Response:
    rows = export_rows(room, room.session(sid))
    lines = [",".join(EXPORT_COLUMNS)]
    lines += [",".join("" if r[c] is None else str(r[c]) for c in EXPORT_COLUMNS) for r in rows]
    return Response("\n".join(lines) + "\n", media_type="text/csv", headers={
        "Content-Disposition": f'attachment; filename="session-{sid}-ballots.csv"'})


@router.get("/sessions/{sid}/session.json", summary="The whole session (JSON)")
async def export_json(sid: int, room: Room, _: Lecturer) -> Response:
    doc = export_document(room, room.session(sid))
    return Response(json.dumps(doc, indent=1), media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="session-{sid}.json"'})


@router.get("/options", summary="What a session can be made of (for the lecturer's form)")
async def options() -> dict[str, Any]:
    from sim.classroom.spec import ADD_PRESETS, DEFAULT_RULES, shipped_scenarios
    from sim.council import available_years, candidate_council
    from sim.council.rules import RULES
    from sim.procedures.accession.measures import MEASURES

    candidates = candidate_council()
    return {
        "rules": [{"name": r.name, "title": r.title} for r in RULES.values()],
        "default_rules": list(DEFAULT_RULES),
        "years": list(available_years()),
        "candidates": [{"code": c, "name": candidates.name(c)} for c in candidates.codes],
        "add_presets": {k: list(v) for k, v in ADD_PRESETS.items()},
        "measures": [{"name": m.name, "title": m.title, "severity": m.severity}
                     for m in MEASURES.values()],
        "scenarios": shipped_scenarios(),
    }
