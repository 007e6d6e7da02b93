"""Files of the command line: checks on the folders given, the saved timeline, figures.

Result sets themselves are written by :mod:`sim.montecarlo.store` (into a staging folder
swapped in as a whole) and read by :mod:`sim.montecarlo.tables`. Figures are written under
a temporary name in their folder and then moved into place with :func:`os.replace`, so a
reader never sees half a file; a file-system failure is one line
(:class:`~sim.montecarlo.folders.ResourceError`, exit status 1).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.errors import InputError
from sim.montecarlo.folders import resource_errors
from sim.montecarlo.manifest import read_manifest as _read_manifest

if TYPE_CHECKING:  # matplotlib loads only when a figure is saved
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from sim.montecarlo.tables import MonteCarloResult

FIGURE_FORMATS = ("png", "svg")


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary)`` in ``path``'s folder, then rename it to ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with resource_errors(lambda: path):
            write(tmp)
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


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
    """The validated manifest of a results folder (InputError when missing or wrong)."""
    return _read_manifest(folder)


def read_results(folder: Path) -> MonteCarloResult:
    """The result set saved in ``folder``, every table checked against its manifest."""
    from sim.montecarlo.tables import MonteCarloResult

    return MonteCarloResult.open(folder)


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

    with resource_errors(lambda: folder):
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
