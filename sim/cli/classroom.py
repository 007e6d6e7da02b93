"""``eusim classroom``: the live classroom server (the optional ``classroom`` extra).

``eusim classroom [--host HOST] [--port 8000] [--db PATH] [--demo]`` serves the lecturer,
projector and student pages (:mod:`sim.classroom`) until interrupted. The web libraries are
imported only when the command runs, so the rest of the command line works without them;
without the extra the command says how to install it (exit status 2).
"""

from __future__ import annotations

from pathlib import Path

import click

from sim.cli.app import app
from sim.errors import InputError

DEFAULT_DB = "eusim-classroom.db"
INSTALL_HINT = 'the classroom needs the classroom extra: pip install "eusim[classroom]"'


@app.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 for a room's network (prints a QR code).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port (0: any free port).")
@click.option("--db", "db", type=click.Path(dir_okay=False), default=DEFAULT_DB,
              show_default=True, help="Session database (SQLite); reused to resume.")
@click.option("--demo", is_flag=True, help="Start with a demo session (round 1 open).")
def classroom(host: str, port: int, db: str, demo: bool) -> None:
    """Run a live Council vote for a class: every student plays a member state."""
    try:
        from sim.classroom.server import serve
    except ImportError as exc:
        raise InputError(f"{INSTALL_HINT} (missing: {exc.name})") from None
    try:
        serve(host, port, Path(db), demo, lambda line: click.echo(line, nl=True))
    except OSError as exc:
        raise click.ClickException(str(exc.strerror or exc)) from None  # exit status 1
