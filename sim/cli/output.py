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
from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from sim.errors import InputError
from sim.results import MonteCarloResult, canonical

MANIFEST = "manifest.json"
TABLES = ("runs", "votes")
FIGURE_FORMATS = ("png", "svg")


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary)`` in ``path``'s folder, then rename it to ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_results(folder: Path, result: MonteCarloResult, events: pd.DataFrame,
                  summary: str) -> list[Path]:
    """Write the tables (Parquet and CSV), events, summary and manifest into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (("runs", result.runs), ("votes", result.votes)):
        for fmt in ("parquet", "csv"):
            path = folder / f"{name}.{fmt}"
            if fmt == "parquet":
                _atomic(path, lambda p, f=frame: f.to_parquet(p, index=False, engine="pyarrow"))
            else:
                _atomic(path, lambda p, f=frame: f.to_csv(p, index=False, lineterminator="\n"))
            written.append(path)
    path = folder / "events.csv"
    _atomic(path, lambda p: events.to_csv(p, index=False, lineterminator="\n"))
    written.append(path)
    path = folder / "summary.txt"
    _atomic(path, lambda p: p.write_text(summary + "\n", encoding="utf-8"))
    written.append(path)
    path = folder / MANIFEST
    text = json.dumps(result.manifest, indent=2, sort_keys=True)
    _atomic(path, lambda p: p.write_text(text + "\n", encoding="utf-8"))
    written.append(path)
    return written


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a results folder; a missing or broken one raises InputError."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{str(folder)!r} is not a results folder (no {MANIFEST})") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != "eusim-montecarlo/1":
        raise InputError(f"{path} is not an eusim Monte Carlo manifest")
    return manifest


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
    if not path.exists():
        return pd.DataFrame(columns=["day", "date", "actor", "event", "details"])
    return pd.read_csv(path, keep_default_na=False)


def save_figure(ax: Axes, folder: Path, stem: str) -> list[Path]:
    """Save ``ax``'s figure as ``stem.png`` and ``stem.svg`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    fig = ax.get_figure()
    assert fig is not None
    paths = []
    for fmt in FIGURE_FORMATS:
        path = folder / f"{stem}.{fmt}"
        _atomic(path, lambda p, f=fmt: fig.savefig(p, format=f, dpi=120))
        paths.append(path)
    return paths
