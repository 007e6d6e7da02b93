"""The manifest of a result set: what was asked, what is done, and the set's identity.

A manifest says how its tables were made (:meth:`sim.montecarlo.batches.Plan.manifest`).
Reading one back — to plot, to resume — trusts every entry, so each is checked first by
:class:`Manifest`: the kinds are strict (a seed of ``"x"``, ``null``, ``-1`` or ``2**80``,
``runs: "abc"`` or ``points: "x"`` are refused, not coerced), counts are bounded (no
manifest can ask for 10**15 replications), the scenario's name is a simple name (figures
named after it stay in their folder), and the counts agree with each other. Entries not
named here are kept as they are, so that newer writers may add some.

The results format has a version (:data:`FORMAT`); a folder written by an earlier eusim
(format 1, one wide table per file) is refused with a one-line note to run again.

The *identity* of a set (:func:`set_identity`) is a digest of everything that fixes its
contents: scenario, root seed, rule, counts, parameter sets and their parameters, and the
replications present. Every table of the set carries it in its Parquet metadata; a table
whose identity differs from its manifest's is from another set.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from sim.errors import InputError
from sim.spec import SimpleName, format_errors

FORMAT = "eusim-montecarlo/2"
"""The results format written (and read) by this version."""
FORMAT_PREFIX = "eusim-montecarlo/"
MANIFEST = "manifest.json"
MAX_SEED = (1 << 63) - 1
"""Root seeds lie in [0, 2**63) (:func:`sim.montecarlo.replicate.choose_root`)."""
MAX_RUNS = 10**8
"""Most replications per parameter set a manifest may ask for."""
MAX_POINTS = 10**5
"""Most parameter sets in one manifest."""
MAX_REPLICATIONS = MAX_RUNS
"""Most replications one set may hold (all parameter sets together): ~100 GB of tables."""
Ranges = dict[int, list[tuple[int, int]]]
"""Replications present, per point: sorted, disjoint half-open ``(start, stop)`` ranges."""

Value = StrictBool | StrictInt | StrictFloat | StrictStr
"""A parameter value: a scalar of JSON (never a list, an object or null)."""
Count = Annotated[StrictInt, Field(ge=0, le=MAX_RUNS * MAX_POINTS)]


class Manifest(BaseModel):
    """A validated manifest; extra entries are kept (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="allow", allow_inf_nan=False)

    format: Literal["eusim-montecarlo/2"]
    complete: StrictBool
    scenario: SimpleName
    source: Annotated[StrictStr, Field(min_length=1)]
    changes: dict[str, Value]
    rule: StrictStr | None = None
    root_seed: Annotated[StrictInt, Field(ge=0, le=MAX_SEED)]
    runs: Annotated[StrictInt, Field(ge=1, le=MAX_RUNS)]
    points: Annotated[list[dict[str, Value]], Field(min_length=1, max_length=MAX_POINTS)]
    sweep_keys: list[StrictStr] = []
    replications_done: Count = 0
    replications_requested: Count = 0
    parameters_digest: StrictStr
    set_id: Annotated[StrictStr, Field(min_length=1)]
    files: list[StrictStr] = []

    @model_validator(mode="after")
    def _counts_agree(self) -> Manifest:
        requested = self.runs * len(self.points)
        if self.replications_requested != requested:
            raise ValueError(f"replications_requested is {self.replications_requested}, but "
                             f"runs × points is {requested}")
        if self.replications_done > requested:
            raise ValueError(f"replications_done ({self.replications_done}) exceeds the "
                             f"{requested} requested")
        if self.complete and self.replications_done != requested:
            raise ValueError(f"complete, but {self.replications_done} of {requested} "
                             "replications done")
        swept = sorted({key for point in self.points for key in point})
        if sorted(self.sweep_keys) != swept:
            raise ValueError(f"sweep_keys {self.sweep_keys} are not the points' keys {swept}")
        return self


def validate_manifest(data: Any, source: str) -> dict[str, Any]:
    """``data`` (parsed JSON) checked as a :class:`Manifest`, returned as plain data.

    Anything wrong raises :class:`InputError`: one line naming ``source`` and every problem.
    """
    if not isinstance(data, Mapping):
        raise InputError(f"{source} is not an eusim Monte Carlo manifest")
    if str(data.get("format", "")).startswith(FORMAT_PREFIX) and data["format"] != FORMAT:
        raise InputError(f"{source} holds results of format {str(data['format'])[:40]!r}, "
                         f"written by another eusim version (this one reads {FORMAT!r}): "
                         "run the command again to make them anew")
    if data.get("format") != FORMAT:
        raise InputError(f"{source} is not an eusim Monte Carlo manifest (format "
                         f"{str(data.get('format'))[:40]!r}, expected {FORMAT!r})")
    try:
        manifest = Manifest.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(format_errors(exc, source)) from None
    return manifest.model_dump()


def parameters_digest(params: Mapping[int, Mapping[str, Any]]) -> str:
    """SHA-256 of every point's parameters: a resumed run must see the same scenario."""
    text = json.dumps({str(p): dict(v) for p, v in sorted(params.items())}, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def set_identity(manifest: Mapping[str, Any], done: Ranges) -> str:
    """The identity of a set with ``manifest``'s plan and the replications ``done``."""
    keys = ("scenario", "root_seed", "rule", "runs", "points", "parameters_digest")
    text = json.dumps({"format": FORMAT, **{k: manifest[k] for k in keys},
                       "done": sorted((p, r) for p, r in done.items() if r)},
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def count(done: Ranges) -> int:
    """Replications in ``done``."""
    return sum(stop - start for ranges in done.values() for start, stop in ranges)


def merged(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint ranges covering the same replications (adjacent ones joined)."""
    out: list[tuple[int, int]] = []
    for start, stop in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(stop, out[-1][1]))
        elif stop > start:
            out.append((start, stop))
    return out


def read_manifest(folder: Path) -> dict[str, Any]:
    """The validated manifest of a results folder; anything else raises InputError."""
    path = folder / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{str(folder)!r} is not a results folder (no {MANIFEST})") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise InputError(f"cannot read {path}: {' '.join(str(exc).split())}") from None
    return validate_manifest(raw, str(path))
