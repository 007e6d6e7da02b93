"""Start-up of ``eusim classroom``: the app, its URLs and QR code, and uvicorn.

:func:`create_app` assembles the FastAPI app over one database; :func:`serve` binds the
socket first (so ``--port 0`` works and a busy port is one clear line), prints the
lecturer, projector and join URLs, the database and, on a room's network, a QR code of the
join URL, then serves until interrupted. A restart on the same database resumes every
session with its ballots and keeps the lecturer token.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from sim.classroom.api import Hub, install_error_handlers
from sim.classroom.api import router as api_router
from sim.classroom.pages import PACKAGE, qr_svg, qr_text
from sim.classroom.pages import router as page_router
from sim.classroom.service import Classroom
from sim.classroom.spec import from_scenario, parse_spec
from sim.classroom.store import Store
from sim.errors import InputError

DEMO_SCENARIO = "serbia_2022"
"""The demo class: the Serbia case, one student per member, reverse QMV vs QMV vs unanimity."""


def create_app(store: Store, base_url: str, join_url: str) -> FastAPI:
    """The classroom app over ``store``; ``base_url`` is where students reach it."""
    hub_box: list[Hub] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        hub_box.append(Hub())
        app.state.hub = hub_box[0]
        yield

    app = FastAPI(title="eusim classroom", lifespan=lifespan,
                  description="A live Council vote for a class: see the module docstrings "
                              "of sim.classroom.api for who may call what.")
    room = Classroom(store, on_change=lambda: hub_box[0].changed() if hub_box else None)
    app.state.room = room
    app.state.lecturer_token = store.lecturer_token()
    app.state.base_url = base_url
    app.state.join_url = join_url
    app.state.join_qr = qr_svg(join_url)
    app.state.state_cache = {}
    install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    return app


def seed_demo(room: Classroom) -> int:
    """The demo session (Serbia 2022 if its scenario is found) with round 1 open."""
    try:
        spec = from_scenario(DEMO_SCENARIO)
    except InputError:
        spec = parse_spec({"title": "Reduce pre-accession funding to Serbia", "seed": 2022})
    sid = room.create_session(spec)
    room.open_round(sid)
    return sid


def room_address(host: str) -> str:
    """The address students type: ``host``, or this machine's name on a room's network."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if not address.startswith("127."):
                return address
    return socket.gethostname()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; a busy or forbidden port raises OSError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named explicitly: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # sockets that say so; without it every keep-alive response waits ~40 ms for an ACK
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(256)
    sock.set_inheritable(True)
    return sock


def serve(host: str, port: int, db: Path, demo: bool, echo: Callable[[str], None]) -> None:
    """Run the classroom server until interrupted (see the module docstring)."""
    if not db.parent.is_dir():
        raise InputError(f"folder of --db {str(db.parent)!r} does not exist")
    try:
        store = Store.open(db)
    except sqlite3.DatabaseError as exc:
        raise InputError(f"cannot open database {str(db)!r}: {exc}") from None
    try:
        sock = bind(host, port)
    except OSError as exc:
        store.close()
        raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}") from None
    address = f"http://{room_address(host)}:{sock.getsockname()[1]}"
    app = create_app(store, address, f"{address}/join")
    room: Classroom = app.state.room
    resumed = room.active()
    if demo and resumed is None:
        sid = seed_demo(room)
        echo(f"demo: session {sid} (round 1 open)")
    elif resumed is not None:
        echo(f"resuming session {resumed.id}")
    echo(f"lecturer: {address}/lecturer?token={app.state.lecturer_token}")
    echo(f"projector: {address}/projector")
    echo(f"join: {address}/join")
    echo(f"database: {db}")
    if host in ("0.0.0.0", "::"):
        echo(qr_text(f"{address}/join"))
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1,
                            access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        store.close()
