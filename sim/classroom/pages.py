"""The classroom's HTML pages (Jinja2 templates shipped in the package) and the QR code.

``/lecturer?token=…`` (the lecturer's controls; refused without the token), ``/projector``
(the room's screen), ``/join`` (type a seat code) and ``/s/{token}`` (a student's ballot,
phone-sized). The pages draw themselves from the JSON API with the small vanilla script in
``static/classroom.js``; every asset is served from the package, nothing from elsewhere.
"""

from __future__ import annotations

import io
import secrets
from importlib import resources
from typing import Any

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sim.classroom.service import Classroom, ClassroomError

PACKAGE = resources.files("sim.classroom")
TEMPLATES = Environment(loader=FileSystemLoader(str(PACKAGE / "templates")),
                        autoescape=select_autoescape(["html"]))
router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    page = TEMPLATES.get_template(name).render(
        join_url=request.app.state.join_url, **context)
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


def qr_svg(text: str) -> str:
    """``text`` as a QR code in SVG (no raster library needed)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def qr_text(text: str) -> str:
    """``text`` as a QR code drawn with characters, for the terminal."""
    code = qrcode.QRCode(border=1)
    code.add_data(text)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


@router.get("/")
async def index() -> RedirectResponse:
    return RedirectResponse("/projector", status_code=303)


@router.get("/health")
async def health(request: Request) -> dict[str, str]:
    return {"status": "ok"}


@router.get("/lecturer", response_class=HTMLResponse)
async def lecturer_page(request: Request, token: str = "") -> HTMLResponse:
    if not secrets.compare_digest(token.encode(), request.app.state.lecturer_token.encode()):
        return render(request, "message.html", 401, title="Lecturer",
                      message="This page needs the lecturer link printed when the server "
                              "started (it carries the lecturer token).")
    return render(request, "lecturer.html", title="Lecturer")


@router.get("/projector", response_class=HTMLResponse)
async def projector_page(request: Request) -> HTMLResponse:
    return render(request, "projector.html", title="Council")


@router.get("/join", response_class=HTMLResponse, response_model=None)
async def join_page(request: Request, code: str = "") -> Response:
    if code:
        room: Classroom = request.app.state.room
        try:
            token = room.seat_for_code(code[:12])
        except ClassroomError as exc:
            return render(request, "join.html", 404, title="Join", error=str(exc), code=code)
        return RedirectResponse(f"/s/{token}", status_code=303)
    return render(request, "join.html", title="Join")


@router.get("/s/{token}", response_class=HTMLResponse)
async def student_page(request: Request, token: str) -> HTMLResponse:
    room: Classroom = request.app.state.room
    try:
        room.seat(token)
    except ClassroomError:
        return render(request, "message.html", 404, title="Seat",
                      message="Unknown seat link: ask for a new one, or join with the code "
                              "on the projector.", link="/join")
    return render(request, "student.html", title="Your seat", token=token)


@router.get("/qr.svg")
async def qr(request: Request) -> Response:
    return Response(request.app.state.join_qr, media_type="image/svg+xml",
                    headers={"Cache-Control": "max-age=3600"})
