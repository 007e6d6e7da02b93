"""The manifest of a result set: what was asked, what is done, and the set's identity.

``manifest.json`` is validated by a pydantic model on every read, so a hand-edited or
foreign manifest is refused in one line instead of failing later. The results format has a
version (:data:`FORMAT`); a folder written by an earlier eusim (format 1, one wide table
per file) is refused with a one-line note to run again.

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
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

from sim.errors import InputError

FORMAT = "eusim-montecarlo/2"
"""The results format written by this version."""
FORMAT_PREFIX = "eusim-montecarlo/"
MANIFEST = "manifest.json"
MAX_REPLICATIONS = 10**8
"""Most replications one set may hold (all parameter sets together): ~100 GB of tables."""
MAX_POINTS = 100_000
"""Most parameter sets in one sweep."""

Value = StrictBool | StrictInt | StrictFloat | StrictStr
Ranges = dict[int, list[tuple[int, int]]]
"""Replications present, per point: sorted, disjoint half-open ``(start, stop)`` ranges."""


class Manifest(BaseModel):
    """``manifest.json``: every field is checked when a folder is read."""

    model_config = ConfigDict(extra="allow", frozen=True)

    format: StrictStr = Field(description="results format, e.g. eusim-montecarlo/2")
    complete: StrictBool = Field(description="whether every requested replication is present")
    scenario: StrictStr = Field(description="scenario name (it keys the seeds)")
    source: StrictStr = Field(description="where the model is loaded from")
    changes: dict[str, Value] = Field(description="changes applied to the model")
    rule: StrictStr | None = Field(description="decision rule for every vote, or None")
    root_seed: StrictInt = Field(ge=0, lt=2**63, description="root seed of every replication")
    runs: StrictInt = Field(ge=1, le=MAX_REPLICATIONS, description="replications per point")
    points: list[dict[str, Value]] = Field(min_length=1, max_length=MAX_POINTS,
                                           description="changes per parameter set")
    sweep_keys: list[StrictStr] = Field(description="parameter paths that vary")
    replications_done: StrictInt = Field(ge=0, le=MAX_REPLICATIONS,
                                         description="replications in the tables")
    replications_requested: StrictInt = Field(ge=1, le=MAX_REPLICATIONS,
                                              description="runs x parameter sets")
    parameters_digest: StrictStr = Field(description="SHA-256 of every point's parameters")
    set_id: StrictStr = Field(description="identity carried by every table of the set")
    files: list[StrictStr] = Field(description="the files of the set")


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
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {' '.join(str(exc).split())}") from None
    if not isinstance(raw, dict) or not str(raw.get("format", "")).startswith(FORMAT_PREFIX):
        raise InputError(f"{path} is not an eusim Monte Carlo manifest")
    if raw["format"] != FORMAT:
        raise InputError(f"{folder} holds results of format {raw['format']!r}, written by "
                         f"another eusim version (this one reads {FORMAT!r}): run the "
                         "command again to make them anew")
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InputError(f"{path} is not a valid manifest: {where}: {err['msg']}") from None
    if manifest.replications_requested != manifest.runs * len(manifest.points) or \
            manifest.replications_done > manifest.replications_requested:
        raise InputError(f"{path} is not a valid manifest: its counts disagree")
    return manifest.model_dump()
