"""Files of the command line: result folders and figures, written atomically.

A results folder holds ``runs.parquet``/``runs.csv`` and ``votes.parquet``/``votes.csv``
(the tables of :mod:`sim.results`), ``events.csv`` (the timeline of replicate 0),
``summary.txt`` and ``manifest.json`` (how the tables were made, and whether they are
complete). Every file is written under a temporary name in the same folder and then moved
into place with :func:`os.replace`, so a reader never sees half a file; the manifest goes
last.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.errors import InputError
from sim.montecarlo.manifest import validate_manifest
from sim.montecarlo.tables import MonteCarloResult, canonical

if TYPE_CHECKING:  # matplotlib loads only when a figure is saved
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MANIFEST = "manifest.json"
TABLES = ("runs", "votes")
FIGURE_FORMATS = ("png", "svg")


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary)`` in ``path``'s folder, then rename it to ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _table_writer(frame: pd.DataFrame, fmt: str) -> Callable[[Path], object]:
    if fmt == "parquet":
        return lambda p: frame.to_parquet(p, index=False, engine="pyarrow")
    return lambda p: frame.to_csv(p, index=False, lineterminator="\n")


def _text_writer(text: str) -> Callable[[Path], object]:
    return lambda p: p.write_text(text, encoding="utf-8")


def write_results(folder: Path, result: MonteCarloResult, events: pd.DataFrame,
                  summary: str) -> list[Path]:
    """Write the tables (Parquet and CSV), events, summary and manifest into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, Callable[[Path], object]]] = [
        (f"{name}.{fmt}", _table_writer(frame, fmt))
        for name, frame in (("runs", result.runs), ("votes", result.votes))
        for fmt in ("parquet", "csv")
    ]
    files += [("events.csv", _table_writer(events, "csv")),
              ("summary.txt", _text_writer(summary + "\n")),
              (MANIFEST, _text_writer(json.dumps(result.manifest, indent=2, sort_keys=True)
                                      + "\n"))]
    for name, write in files:  # the manifest last: it vouches for the rest
        _atomic(folder / name, write)
    return [folder / name for name, _ in files]


def writable_folder(folder: Path) -> None:
    """Check, before any work, that ``folder`` exists or can be made, and can be written."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise InputError(f"cannot make folder {str(folder)!r}: {str(probe)!r} is not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {str(probe)!r}")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a results folder; a missing or broken one raises InputError."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{str(folder)!r} is not a results folder (no {MANIFEST})") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    return validate_manifest(manifest, str(path))


def read_results(folder: Path) -> MonteCarloResult:
    """The tables and manifest saved in ``folder`` (the exact Parquet copies)."""
    manifest = read_manifest(folder)
    tables = {}
    for name in TABLES:
        try:
            tables[name] = canonical(pd.read_parquet(folder / f"{name}.parquet"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read {folder / (name + '.parquet')}: {exc}") from None
    return MonteCarloResult(tables["runs"], tables["votes"], manifest)


def read_events(folder: Path) -> pd.DataFrame:
    """The saved timeline of one run (empty when absent)."""
    path = folder / "events.csv"
    columns = ["day", "date", "actor", "event", "details"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    try:
        events = pd.read_csv(path, keep_default_na=False)
    except (OSError, ValueError) as exc:  # also not UTF-8, or not CSV at all
        raise InputError(f"cannot read {path}: {' '.join(str(exc).split())[:200]}") from None
    missing = [c for c in columns if c not in events.columns]
    if missing or (len(events) and not pd.api.types.is_numeric_dtype(events["day"])):
        raise InputError(f"{path} is not an events table (needs numeric day and "
                         f"{', '.join(columns[1:])})")
    if len(events):
        dates = pd.to_datetime(events["date"].astype(str), format="%Y-%m-%d", errors="coerce")
        finite = pd.to_numeric(events["day"], errors="coerce").abs() < float("inf")
        if dates.isna().any() or not finite.all():
            raise InputError(f"{path} is not an events table (each row needs a finite day "
                             "and an ISO date)")
    return events


def save_figure(ax: Axes, folder: Path, stem: str) -> list[Path]:
    """Save ``ax``'s figure as ``stem.png`` and ``stem.svg`` in ``folder``."""
    from matplotlib.figure import Figure

    folder.mkdir(parents=True, exist_ok=True)
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    paths = []
    for fmt in FIGURE_FORMATS:
        path = folder / f"{stem}.{fmt}"
        if path.resolve().parent != folder.resolve():  # a name is never a path
            raise InputError(f"figure name {stem!r} would leave the folder {str(folder)!r}")
        _atomic(path, _figure_writer(fig, fmt))
        paths.append(path)
    return paths


def _figure_writer(fig: Figure, fmt: str) -> Callable[[Path], object]:
    """Byte-reproducible figures: no creation date, and SVG ids from a fixed salt."""
    import matplotlib

    def write(path: Path) -> None:
        with matplotlib.rc_context({"svg.hashsalt": "eusim"}):
            fig.savefig(path, format=fmt, dpi=120, metadata={"Date": None})

    return write
