"""Parameter sets for sweeps: a grid from ``PATH=V1,V2,...`` options or a design table.

Values are read as the most specific scalar they spell — ``true``/``false``, an integer, a
float, else a string — and the model validates them when the sweep builds each variant.
The key ``rule`` sets the decision rule (``simulate(rule=...)``), so rules can be swept and
compared with common random numbers.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence

from sim.errors import InputError
from sim.montecarlo.models.base import Scalar


def parse_value(text: str) -> Scalar:
    """``text`` as bool, int, float or str (in that order of preference)."""
    raw = text.strip()
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            pass
    return raw


def parse_param(option: str) -> tuple[str, list[Scalar]]:
    """``"PATH=V1,V2,..."`` -> ``(PATH, [V1, V2, ...])``; bad syntax raises InputError."""
    path, sep, values = option.partition("=")
    path = path.strip()
    items = [v for v in values.split(",")]
    if not sep or not path or any(c.isspace() for c in path) or not values.strip() \
            or any(not v.strip() for v in items):
        raise InputError(f"--param must look like PATH=V1,V2,... , got {option!r}")
    parsed = [parse_value(v) for v in items]
    if len(set(map(repr, parsed))) != len(parsed):
        raise InputError(f"--param {path} repeats a value")
    return path, parsed


def grid(options: Sequence[str]) -> list[dict[str, Scalar]]:
    """Every combination of the ``--param`` options, the first varying slowest."""
    axes = [parse_param(o) for o in options]
    paths = [p for p, _ in axes]
    if len(set(paths)) != len(paths):
        raise InputError("--param names the same path twice")
    return [dict(zip(paths, combo, strict=True))
            for combo in itertools.product(*(values for _, values in axes))]


def parse_design(text: str, label: str = "design") -> list[dict[str, Scalar]]:
    """One parameter set per CSV row (header: parameter paths; ``#`` lines are comments)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputError(f"{label}: empty design table")
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines))))
    except csv.Error as exc:
        raise InputError(f"{label}: not a CSV table ({exc})") from None
    header = [h.strip() for h in rows[0]]
    if not all(header) or len(set(header)) != len(header):
        raise InputError(f"{label}: header needs distinct, non-empty parameter paths")
    if len(rows) < 2:
        raise InputError(f"{label}: no parameter sets below the header")
    points = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(header) or any(not cell.strip() for cell in row):
            raise InputError(f"{label}: row {lineno} needs {len(header)} non-empty values")
        points.append({h: parse_value(c) for h, c in zip(header, row, strict=True)})
    return points
