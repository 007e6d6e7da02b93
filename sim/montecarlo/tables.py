"""Monte Carlo results: typed Parquet tables, read back as pandas DataFrames.

A result set (format :data:`sim.montecarlo.manifest.FORMAT`) is a folder of:

* ``runs.parquet`` — one row per replication: ``point`` (parameter set, 0 for a single
  run), ``root_seed``, ``scenario``, ``scenario_key`` and ``replicate`` (the seed is
  ``SeedSequence(root_seed, spawn_key=(scenario_key, replicate))``), then the outcome;
* ``votes.parquet`` — one row per Council vote: ``point``, ``replicate``, ``vote`` (its
  number within the run), then the vote record;
* ``parameters.parquet`` — one row per parameter set: ``point`` and every scenario
  parameter (stored once per set, joined by ``point`` on reading);
* CSV copies of the runs and votes tables, ``events.csv``, ``summary.txt`` and
  ``manifest.json`` (:mod:`sim.montecarlo.manifest`).

Rows are in canonical order, sorted by ``(point, replicate, vote)``, in row groups of at
most :data:`CHUNK` replications (replicates ``[k * CHUNK, (k + 1) * CHUNK)`` of one point),
and every column has one Arrow type, so the same replications give byte-identical files
however they were computed, split or resumed. :mod:`sim.montecarlo.store` writes them;
this module reads them (``read_runs(DIR)`` is one pandas call) and checks that every table
carries its manifest's set identity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.engine.records import Event
from sim.errors import InputError
from sim.montecarlo.manifest import Ranges, merged, read_manifest

SEED_COLUMNS = ("point", "root_seed", "scenario", "scenario_key", "replicate")
"""Leading columns of the runs table."""
RUN_KEYS = ("point", "replicate")
VOTE_KEYS = ("point", "replicate", "vote")
"""Leading columns (and sort key) of the votes table."""
PARAM_PREFIX = "param."
"""Prefix given to a parameter whose name clashes with a bookkeeping or outcome column."""
CHUNK = 16384
"""Replications per row group: the unit of the canonical layout."""
TABLES = ("runs", "votes", "parameters")
IDENTITY_KEY = b"eusim.set"
CHUNKS_KEY = b"eusim.chunks"


def _array(values: list[Any]) -> pa.Array:
    """One column; values of mixed kinds become strings (missing values stay missing)."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else str(v) for v in values], pa.string())


def to_table(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Flat records -> an Arrow table (columns in order of first appearance)."""
    names = list(dict.fromkeys(k for row in rows for k in row))
    return pa.table({name: _array([row.get(name) for row in rows]) for name in names})


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a DataFrame; an all-missing column is float64 (NaN)."""
    frame = table.to_pandas()
    for field in table.schema:
        if pa.types.is_null(field.type):
            frame[field.name] = np.full(len(frame), np.nan)
    return frame


def _path(folder: Path, name: str) -> Path:
    return folder / f"{name}.parquet"


def check_table(folder: Path, name: str, manifest: Mapping[str, Any]) -> pq.ParquetFile:
    """``name``'s Parquet file, refused (InputError) unless it belongs to ``manifest``'s set."""
    path = _path(folder, name)
    try:
        handle = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read {path}: {' '.join(str(exc).split())}") from None
    meta = handle.schema_arrow.metadata or {}
    identity = meta.get(IDENTITY_KEY, b"").decode("utf-8", "replace")
    if identity != manifest["set_id"]:
        raise InputError(f"{path} is not the table its manifest describes (set "
                         f"{identity or 'unknown'}, manifest {manifest['set_id']}): the "
                         "folder is damaged; run the command again")
    keys = {"runs": SEED_COLUMNS, "votes": VOTE_KEYS, "parameters": ("point",)}[name]
    missing = [k for k in keys if k not in handle.schema_arrow.names]
    rows = handle.metadata.num_rows
    expected = {"runs": manifest["replications_done"], "parameters": len(manifest["points"])}
    if missing or rows != expected.get(name, rows):
        raise InputError(f"{path} does not match its manifest "
                         f"({'no ' + ', '.join(missing) if missing else f'{rows} rows'})")
    return handle


def read_table(folder: Path, name: str, manifest: Mapping[str, Any],
               columns: Sequence[str] | None = None,
               dictionary: Sequence[str] = ()) -> pa.Table:
    """A checked table of the set, only ``columns`` (those present) when given.

    Columns named in ``dictionary`` are read dictionary-encoded (pandas: categorical), a
    compact form for label columns such as ``vote_<CODE>``.
    """
    handle = check_table(folder, name, manifest)
    names = handle.schema_arrow.names
    wanted = None if columns is None else [c for c in columns if c in names]
    try:
        return pq.read_table(_path(folder, name), columns=wanted,
                             read_dictionary=[c for c in dictionary if c in names] or None)
    except (OSError, pa.ArrowException) as exc:
        path = _path(folder, name)
        raise InputError(f"cannot read {path}: {' '.join(str(exc).split())}") from None


def with_parameters(runs: pd.DataFrame, params: pd.DataFrame,
                    keys: Iterable[str] | None = None) -> pd.DataFrame:
    """``runs`` with the parameters of each row's point (``keys`` only, when given).

    Parameter columns follow the seed columns; one whose name clashes with another column
    gets the prefix :data:`PARAM_PREFIX`.
    """
    taken = set(SEED_COLUMNS) | set(runs.columns)
    wanted = [c for c in params.columns if c != "point" and (keys is None or c in keys)]
    position = params.reset_index(drop=True)
    rows = runs["point"].to_numpy(dtype=np.int64)
    joined = {(PARAM_PREFIX + c if c in taken else c): position[c].iloc[rows]
              .reset_index(drop=True) for c in wanted}
    lead = [c for c in SEED_COLUMNS if c in runs.columns]
    rest = [c for c in runs.columns if c not in lead]
    parts = [runs[lead].reset_index(drop=True), pd.DataFrame(joined, index=range(len(runs))),
             runs[rest].reset_index(drop=True)]
    return pd.concat(parts, axis=1)


def read_runs(folder: Path | str, columns: Sequence[str] | None = None,
              parameters: bool = True) -> pd.DataFrame:
    """The runs table of a results folder as one DataFrame, with the parameters joined.

    ``columns`` limits the outcome columns read (``point`` is always read); with
    ``parameters=False`` the stored (narrow) table is returned as it is.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    cols = None if columns is None else list(dict.fromkeys(["point", *columns]))
    runs = to_pandas(read_table(folder, "runs", manifest, cols))
    if not parameters:
        return runs
    params = to_pandas(read_table(folder, "parameters", manifest))
    return with_parameters(runs, params, None if columns is None else columns)


def read_votes(folder: Path | str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The votes table of a results folder as one DataFrame."""
    folder = Path(folder)
    return to_pandas(read_table(folder, "votes", read_manifest(folder), columns))


def done_ranges(folder: Path, manifest: Mapping[str, Any]) -> Ranges:
    """The replications present in a set's runs table, per point."""
    table = read_table(folder, "runs", manifest, ["point", "replicate"])
    points = table["point"].to_numpy()
    reps = table["replicate"].to_numpy()
    out: Ranges = {}
    for p in np.unique(points):
        r = np.sort(reps[points == p])
        pieces = np.split(r, np.flatnonzero(np.diff(r) != 1) + 1)
        out[int(p)] = merged([(int(s[0]), int(s[-1]) + 1) for s in pieces if len(s)])
    return out


class MonteCarloResult:
    """A result set on disk and its manifest; the tables are read when first asked for.

    Attributes
    ----------
    folder : Path
        The set's folder (a temporary one for library calls without ``out``).
    manifest : dict
        ``scenario``, ``source``, ``changes``, ``rule``, ``root_seed``, ``runs`` (per
        point), ``points``, ``sweep_keys``, ``complete``, ``replications_done``,
        ``replications_requested``, ``set_id``, ``format``, ``files``.
    """

    def __init__(self, folder: Path, manifest: dict[str, Any], keep: Any = None) -> None:
        self.folder, self.manifest, self._keep = Path(folder), manifest, keep

    @classmethod
    def open(cls, folder: Path | str) -> MonteCarloResult:
        """The set saved in ``folder``, every table checked against its manifest."""
        folder = Path(folder)
        manifest = read_manifest(folder)
        for name in TABLES:
            check_table(folder, name, manifest)
        return cls(folder, manifest)

    @cached_property
    def runs(self) -> pd.DataFrame:
        """One row per replication, with every parameter of its point (a wide table)."""
        return with_parameters(self.table("runs"), self.parameters)

    @cached_property
    def votes(self) -> pd.DataFrame:
        """One row per Council vote."""
        return self.table("votes")

    @cached_property
    def parameters(self) -> pd.DataFrame:
        """One row per parameter set: ``point`` and every parameter."""
        return self.table("parameters")

    def lean(self, parameters: Sequence[str] = ()) -> MonteCarloResult:
        """This set with lean tables: the stored runs with only the ``parameters`` named
        (those present), and the votes with ``vote_<CODE>`` columns as categories."""
        lean = MonteCarloResult(self.folder, self.manifest, self._keep)
        lean.__dict__["parameters"] = self.parameters
        lean.__dict__["runs"] = with_parameters(self.table("runs"), self.parameters,
                                                parameters)
        members = [c for c in self.columns("votes") if c.startswith("vote_")]
        lean.__dict__["votes"] = self.table("votes", dictionary=members)
        return lean

    def with_tables(self, **tables: pd.DataFrame) -> MonteCarloResult:
        """This set with tables (``runs``, ``votes``) replaced in memory; files unchanged."""
        out = MonteCarloResult(self.folder, self.manifest, self._keep)
        out.__dict__.update({k: v for k, v in self.__dict__.items()
                             if k in ("runs", "votes", "parameters")})
        out.__dict__.update(tables)
        return out

    def columns(self, name: str) -> list[str]:
        """The column names of a stored table (read from its footer)."""
        return list(check_table(self.folder, name, self.manifest).schema_arrow.names)

    def table(self, name: str, columns: Sequence[str] | None = None,
              dictionary: Sequence[str] = ()) -> pd.DataFrame:
        """A stored table as it is (``columns`` only, when given)."""
        return to_pandas(read_table(self.folder, name, self.manifest, columns, dictionary))

    @property
    def complete(self) -> bool:
        """Whether every requested replication is in the tables."""
        return bool(self.manifest.get("complete", False))

    @property
    def root_seed(self) -> int:
        """The root seed of every replication."""
        return int(self.manifest["root_seed"])


EVENT_COLUMNS = tuple(f for f in Event._fields if f != "case")
"""Columns of an events table: the fields of :class:`sim.records.Event` but its case number."""


def events_table(events: Iterable[Any] | pd.DataFrame) -> pd.DataFrame:
    """One run's events (dataclasses, mappings or objects with the fields) as a table."""
    if isinstance(events, pd.DataFrame):
        return events
    rows = [dict(e) if isinstance(e, Mapping) else {k: getattr(e, k) for k in EVENT_COLUMNS}
            for e in events]
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
