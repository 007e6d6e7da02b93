"""Monte Carlo results: tidy tables and the manifest that says how they were made.

Two tables, one row per record, names not indices:

* ``runs`` — one row per replication: ``point`` (parameter set, 0 for a single run),
  ``root_seed``, ``scenario``, ``scenario_key`` and ``replicate`` (the seed is
  ``SeedSequence(root_seed, spawn_key=(scenario_key, replicate))``), every scenario
  parameter, then the outcome columns;
* ``votes`` — one row per Council vote: ``point``, ``replicate``, ``vote`` (its number
  within the run), then the vote record.

Rows are sorted by ``(point, replicate, vote)`` and every column has a fixed dtype (bool,
int64, float64 or str), so the same replications give identical tables however they were
computed, split or resumed. This module never writes files; :mod:`sim.cli.output` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.engine.records import Event
from sim.montecarlo.models.base import Scalar

SEED_COLUMNS = ("point", "root_seed", "scenario", "scenario_key", "replicate")
"""Leading columns of the runs table."""
VOTE_KEYS = ("point", "replicate", "vote")
"""Leading columns (and sort key) of the votes table."""
PARAM_PREFIX = "param."
"""Prefix given to a parameter whose name clashes with a bookkeeping or outcome column."""


@dataclass(frozen=True)
class MonteCarloResult:
    """The tables of a Monte Carlo run or sweep, and its manifest.

    Attributes
    ----------
    runs, votes : DataFrame
        See the module docstring.
    manifest : dict
        Plain data: ``scenario``, ``source``, ``changes``, ``rule``, ``root_seed``,
        ``runs`` (requested per point), ``points`` (changes per point), ``sweep_keys``,
        ``complete``, ``replications_done``, ``replications_requested``.
    """

    runs: pd.DataFrame
    votes: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Whether every requested replication is in the tables."""
        return bool(self.manifest.get("complete", False))

    @property
    def root_seed(self) -> int:
        """The root seed of every replication."""
        return int(self.manifest["root_seed"])


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every column as bool, int64, float64 or str (a fixed schema).

    Object columns take the type of their values (missing values make integers float and
    stay missing in strings), so a table and its Parquet round trip agree column by column.
    """
    out: dict[str, pd.Series] = {}
    for name in frame.columns:
        col = frame[name]
        kind = pd.api.types.infer_dtype(col, skipna=True)
        missing = bool(col.isna().any())
        if kind == "boolean" and not missing:
            out[name] = col.astype(bool)
        elif kind == "integer" and not missing:
            out[name] = col.astype(np.int64)
        elif kind in ("integer", "floating", "mixed-integer-float", "empty", "decimal"):
            out[name] = col.astype(np.float64)
        else:
            out[name] = col.astype("str")
    return pd.DataFrame(out, index=frame.index)


def _sorted(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    return frame.sort_values(list(keys), kind="stable").reset_index(drop=True)


Columns = dict[str, list[Any]]
"""A batch of flat records by column: ``{name: values}``, all lists of one length."""


def to_columns(rows: Sequence[Mapping[str, Any]]) -> Columns:
    """Rows -> columns (keys in order of first appearance; a missing value is None).

    Columns are what workers send back: the names travel once per batch, not per row.
    """
    names = list(dict.fromkeys(k for row in rows for k in row))
    return {name: [row.get(name) for row in rows] for name in names}


def merge_columns(batches: Sequence[Columns]) -> Columns:
    """Concatenate batches of columns (in the given order; a missing column is None)."""
    names = list(dict.fromkeys(k for batch in batches for k in batch))
    out: Columns = {name: [] for name in names}
    for batch in batches:
        length = len(next(iter(batch.values()), []))
        for name in names:
            out[name].extend(batch.get(name, [None] * length))
    return out


def runs_table(columns: Columns, parameters: Mapping[int, Mapping[str, Scalar]],
               seeds: Mapping[str, Scalar], previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """The runs table from outcome columns (including ``point`` and ``replicate``).

    Parameters
    ----------
    columns : dict of lists
        Outcome columns from the workers (:func:`merge_columns`).
    parameters : dict
        ``{point: model.parameters()}``.
    seeds : dict
        Columns shared by every row: ``root_seed``, ``scenario``, ``scenario_key``.
    previous : DataFrame, optional
        An earlier (partial) runs table to extend.
    """
    outcome = pd.DataFrame(columns)
    if outcome.empty:
        outcome = pd.DataFrame({"point": pd.Series(dtype=np.int64),
                                "replicate": pd.Series(dtype=np.int64)})
    taken = set(SEED_COLUMNS) | set(outcome.columns)
    table: dict[str, Any] = {"point": outcome["point"]}
    for key, value in seeds.items():
        table[key] = pd.Series([value] * len(outcome), index=outcome.index, dtype=object)
    table["replicate"] = outcome["replicate"]
    first = next(iter(parameters.values()), {})
    for key in first:
        name = PARAM_PREFIX + key if key in taken else key
        values = {p: params[key] for p, params in parameters.items()}
        table[name] = outcome["point"].map(values).astype(object)
    for name in outcome.columns:
        if name in ("point", "replicate"):
            continue
        # an outcome key that collides with a seed column (the engine reports its scenario
        # name) must not overwrite it: the seed columns say how the row was drawn
        table[f"outcome_{name}" if name in seeds else name] = outcome[name]
    frame = canonical(pd.DataFrame(table))
    if previous is not None and len(previous):
        frame = pd.concat([canonical(previous), frame], ignore_index=True) if len(frame) \
            else canonical(previous)
    return _sorted(frame, ("point", "replicate"))


def votes_table(columns: Columns, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """The votes table from vote columns (including ``point``, ``replicate``, ``vote``)."""
    frame = pd.DataFrame(columns)
    if frame.empty:
        frame = pd.DataFrame({k: pd.Series(dtype=np.int64) for k in VOTE_KEYS})
    frame = canonical(frame)
    if previous is not None and len(previous):
        frame = pd.concat([canonical(previous), frame], ignore_index=True) if len(frame) \
            else canonical(previous)
    return _sorted(frame, VOTE_KEYS)


EVENT_COLUMNS = tuple(f for f in Event._fields if f != "case")
"""Columns of an events table: the fields of :class:`sim.records.Event` but its case number."""


def events_table(events: Iterable[Any] | pd.DataFrame) -> pd.DataFrame:
    """One run's events (dataclasses, mappings or objects with the fields) as a table."""
    if isinstance(events, pd.DataFrame):
        return events
    rows = [dict(e) if isinstance(e, Mapping) else {k: getattr(e, k) for k in EVENT_COLUMNS}
            for e in events]
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def done_replicates(runs: pd.DataFrame) -> dict[int, set[int]]:
    """``{point: replicates present}`` in a runs table."""
    out: dict[int, set[int]] = {}
    for point, rep in zip(runs["point"].tolist(), runs["replicate"].tolist(), strict=True):
        out.setdefault(int(point), set()).add(int(rep))
    return out
