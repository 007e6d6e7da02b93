"""``eusim calibrate``: fit the calibrated behaviour model on a votes file.

``eusim calibrate [--votes FILE] [--until DATE] [--half-life YEARS] --out MODEL.json``
fits on the votes of FILE (default: the shipped 2010–2020 votes) dated before DATE, and
writes the model: named parameters, the data's source, digest and date range, the fit's
settings and diagnostics, and the training counts the baselines use. Nothing else enters
the fit.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from sim.calibration import Settings, fit, read_votes
from sim.cli.app import app
from sim.cli.output import _atomic
from sim.errors import InputError


def check_output(path: str, what: str) -> Path:
    """Fail before any work on an output path that cannot be written."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{what} {path!r} is a folder")
    if not target.parent.is_dir():
        raise InputError(f"folder of {what} {path!r} does not exist")
    return target


def write_text(target: Path, text: str) -> None:
    """Write atomically; a disk failure is exit status 1, not a traceback."""
    try:
        _atomic(target, lambda p: p.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise click.FileError(str(target), hint=exc.strerror or str(exc)) from None


@app.command("calibrate")
@click.option("--votes", "votes_file", type=click.Path(dir_okay=False),
              help="Votes CSV (SWP EU Council Monitor format); default: the shipped "
                   "2010–2020 votes.")
@click.option("--until", help="Fit only on votes dated before this day (YYYY-MM-DD).")
@click.option("--half-life", type=float, default=Settings().half_life_years,
              show_default=True, help="Recency half-life of a vote's weight, in years.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Model file to write (JSON).")
def calibrate(votes_file: str | None, until: str | None, half_life: float, out: str) -> None:
    """Fit member-state behaviour on the Council's public votes."""
    target = check_output(out, "model file")
    start = time.perf_counter()
    votes = read_votes(Path(votes_file).resolve() if votes_file else None)
    model = fit(votes, until=until, settings=Settings(half_life_years=half_life))
    write_text(target, model.to_json())
    data = model.document["data"]
    converged = all(d["converged"] for d in model.document["diagnostics"].values())
    click.echo(f"fitted on {data['votes']} votes ({data['first']} – {data['last']}) of "
               f"{data['source']} in {time.perf_counter() - start:.1f} s"
               f"{'' if converged else ' (NOT converged: see diagnostics)'}; wrote {out}")
