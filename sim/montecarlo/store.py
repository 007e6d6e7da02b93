"""Writing a result set: a part file per completed batch, canonical tables at the end.

:class:`SetWriter` holds the folder's one-writer lock and a staging folder beside it
(:mod:`sim.montecarlo.folders`). Each completed batch is written at once as Arrow part
files (``parts/runs-POINT-START.arrow`` and ``parts/votes-...``), so memory stays bounded
whatever the number of replications. :meth:`SetWriter.commit` then builds the canonical
tables of :mod:`sim.montecarlo.tables` one row group (:data:`~sim.montecarlo.tables.CHUNK`
replications) at a time from the parts and, on a resumed run, from the previous set's row
groups; writes the CSV copies, the caller's extra files and the manifest (last); and swaps
the staging folder in. Ctrl-C while a set is being written waits for it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sim.montecarlo.folders import (
    check_target,
    deferred_interrupts,
    locked,
    new_staging,
    remove,
    resource_errors,
    swap_in,
)
from sim.montecarlo.manifest import MANIFEST, Ranges, count, merged, set_identity
from sim.montecarlo.tables import (
    CHUNK,
    CHUNKS_KEY,
    IDENTITY_KEY,
    PARAM_PREFIX,
    RUN_KEYS,
    SEED_COLUMNS,
    VOTE_KEYS,
    MonteCarloResult,
    check_table,
    done_ranges,
    to_table,
)

Extras = Callable[[MonteCarloResult], Mapping[str, str]]
"""Given the staged set, the text files to add to it (``{name: text}``)."""
EMPTY = {"runs": pa.schema([("point", pa.int64()), ("root_seed", pa.int64()),
                            ("scenario", pa.string()), ("scenario_key", pa.int64()),
                            ("replicate", pa.int64())]),
         "votes": pa.schema([(k, pa.int64()) for k in VOTE_KEYS])}
"""The columns of a table with no rows yet."""
KEYS = {"runs": RUN_KEYS, "votes": VOTE_KEYS}
PART_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")
"""Part files are Arrow IPC (cheap to write and read back), compressed with LZ4."""


@dataclass(frozen=True)
class _Source:
    """Rows of one table in one chunk: a part file, or a row group of a previous set."""

    point: int
    chunk: int
    start: int
    path: Path
    row_group: int | None = None

    def load(self) -> pa.Table:
        if self.row_group is None:
            with pa.ipc.open_file(self.path) as part:
                return part.read_all()
        return pq.ParquetFile(self.path).read_row_group(self.row_group)

    def schema(self) -> pa.Schema:
        if self.row_group is None:
            with pa.ipc.open_file(self.path) as part:
                return part.schema
        return pq.read_schema(self.path)


def unify(types: Iterable[pa.DataType]) -> pa.DataType:
    """One type for a column seen with ``types`` (null < int64 < float64; else string)."""
    kinds = {t for t in types if not pa.types.is_null(t)}
    if len(kinds) <= 1:
        return kinds.pop() if kinds else pa.null()
    if all(pa.types.is_integer(t) or pa.types.is_floating(t) for t in kinds):
        return pa.float64() if any(pa.types.is_floating(t) for t in kinds) else pa.int64()
    return pa.string()


def unified_schema(schemas: Iterable[pa.Schema], empty: pa.Schema) -> pa.Schema:
    """Columns in order of first appearance (the key columns first), each with one type."""
    seen: dict[str, list[pa.DataType]] = {name: [] for name in empty.names}
    for schema in schemas:
        for field in schema:
            seen.setdefault(field.name, []).append(field.type)
    return pa.schema([(name, unify(types) if types else empty.field(name).type)
                      for name, types in seen.items()])


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly ``schema``'s columns and types (missing ones null)."""
    cols = [table[f.name].cast(f.type) if f.name in table.column_names
            else pa.nulls(table.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)


def _with_columns(table: pa.Table, extra: Mapping[str, pa.Array]) -> pa.Table:
    """``table`` with ``extra`` columns (values per point) after the seed columns."""
    at = len([c for c in SEED_COLUMNS if c in table.column_names])
    for i, (col, values) in enumerate(extra.items()):
        table = table.add_column(at + i, col, values.take(table["point"]))
    return table


def write_table(folder: Path, name: str, sources: list[_Source],
                metadata: Mapping[bytes, bytes], on_file: Callable[[Path], None],
                csv_extra: Mapping[str, pa.Array] | None = None) -> None:
    """Write ``name``.parquet and ``name``.csv from ``sources``, one row group per chunk.

    ``csv_extra`` adds columns to the CSV copy only: values per point (the swept
    parameters, so that a spreadsheet can group by them).
    """
    sources = sorted(sources, key=lambda s: (s.point, s.start))
    schemas: dict[Path, pa.Schema] = {}
    for src in sources:
        if src.path not in schemas:
            schemas[src.path] = src.schema()
    schema = unified_schema(schemas.values(), EMPTY[name])
    groups = sorted({(s.point, s.chunk) for s in sources})
    meta = {**metadata, CHUNKS_KEY: json.dumps(groups).encode()}
    on_file(folder / f"{name}.parquet")
    extra = {(PARAM_PREFIX + k if k in schema.names else k): v
             for k, v in (csv_extra or {}).items()}
    csv_schema = _with_columns(schema.empty_table(), extra).schema
    with pq.ParquetWriter(folder / f"{name}.parquet", schema.with_metadata(meta),
                          compression="zstd") as parquet, \
            pacsv.CSVWriter(folder / f"{name}.csv", csv_schema,
                            write_options=pacsv.WriteOptions(quoting_style="needed")) as csv:
        for group in groups:
            parts = [conform(s.load(), schema) for s in sources
                     if (s.point, s.chunk) == group]
            table = pa.concat_tables(parts).sort_by([(k, "ascending") for k in KEYS[name]])
            table = table.combine_chunks()
            parquet.write_table(table, row_group_size=max(1, table.num_rows))
            csv.write_table(_with_columns(table, extra))


class SetWriter:
    """Lock ``folder``, stage a new set beside it, and swap it in on :meth:`commit`.

    ``folder`` None: a private temporary folder, removed with the last result using it.
    ``plan`` is the manifest's plan part; ``parameters`` maps each point to its
    parameters; ``previous`` is a set being resumed (its rows are carried over).
    """

    def __init__(self, folder: Path | None, plan: Mapping[str, Any],
                 parameters: Mapping[int, Mapping[str, Any]],
                 previous: MonteCarloResult | None = None) -> None:
        self.plan, self.parameters, self.previous = dict(plan), parameters, previous
        self.folder = folder
        self.done: Ranges = {}
        self.parts: list[tuple[int, int]] = []
        self._file: Path | None = None
        self._lock: Any = None
        self._tmp: Path | None = None
        self._committed = False
        self.stage = Path()

    def __enter__(self) -> SetWriter:
        if self.folder is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="eusim-"))
            self.folder = self._tmp / "results"
        with resource_errors(lambda: self.folder):
            self._lock = locked(self.folder)
            self._lock.__enter__()
            try:
                check_target(self.folder)
                if self.previous is not None:  # it may have changed before the lock
                    for name in ("runs", "votes"):
                        check_table(self.previous.folder, name, self.previous.manifest)
                    self.done = done_ranges(self.previous.folder, self.previous.manifest)
                self.stage = new_staging(self.folder)
                (self.stage / "parts").mkdir()
            except BaseException:
                self._lock.__exit__(None, None, None)
                raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.stage != Path():
            remove(self.stage)
        self._lock.__exit__(kind, exc, tb)
        if not self._committed and self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def add(self, point: int, start: int, stop: int, runs: pa.Table, votes: pa.Table) -> None:
        """Write one completed batch (replicates ``[start, stop)`` of ``point``)."""
        with resource_errors(lambda: self._file):
            for name, table in (("runs", runs), ("votes", votes)):
                if table.num_rows:
                    path = self.stage / "parts" / f"{name}-{point:06d}-{start:012d}.arrow"
                    self._file = path.with_name(path.name + ".tmp")
                    with pa.OSFile(str(self._file), "wb") as sink, \
                            pa.ipc.new_file(sink, table.schema, options=PART_OPTIONS) as part:
                        part.write_table(table)
                    self._file.rename(path)
        self.parts.append((point, start))
        self.done[point] = merged([*self.done.get(point, []), (start, stop)])

    def _sources(self, name: str) -> list[_Source]:
        out = []
        for point, start in self.parts:
            path = self.stage / "parts" / f"{name}-{point:06d}-{start:012d}.arrow"
            if path.exists():
                out.append(_Source(point, start // CHUNK, start, path))
        if self.previous is not None:
            path = self.previous.folder / f"{name}.parquet"
            meta = pq.read_schema(path).metadata or {}
            for i, (point, chunk) in enumerate(json.loads(meta.get(CHUNKS_KEY, b"[]"))):
                out.append(_Source(point, chunk, chunk * CHUNK, path, i))
        return out

    def commit(self, complete: bool, extras: Extras | None = None) -> MonteCarloResult:
        """Write the canonical set (``complete`` or partial) and swap it into the folder."""
        assert self.folder is not None
        manifest = {**self.plan, "complete": complete, "replications_done": count(self.done)}
        manifest["set_id"] = set_identity(manifest, self.done)
        meta = {IDENTITY_KEY: manifest["set_id"].encode()}
        with deferred_interrupts(), resource_errors(lambda: self._file):
            self._file = self.stage / "parameters.parquet"
            params = to_table([{"point": p, **v} for p, v in sorted(self.parameters.items())])
            pq.write_table(params.replace_schema_metadata(meta), self._file,
                           compression="zstd")
            params.to_pandas().to_csv(self.stage / "parameters.csv", index=False)
            swept = {k: params[k].combine_chunks() for k in self.plan["sweep_keys"]
                     if k in params.column_names}
            write_table(self.stage, "runs", self._sources("runs"), meta, self._note, swept)
            write_table(self.stage, "votes", self._sources("votes"), meta, self._note)
            shutil.rmtree(self.stage / "parts")
            texts = dict(extras(MonteCarloResult(self.stage, manifest))) if extras else {}
            for file, text in texts.items():
                self._file = self.stage / file
                self._file.write_text(text, encoding="utf-8")
            manifest["files"] = [*sorted(p.name for p in self.stage.iterdir()), MANIFEST]
            self._file = self.stage / MANIFEST
            self._file.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                  encoding="utf-8")
            self._file = self.folder
            swap_in(self.stage, self.folder)
        self.stage, self._committed = Path(), True
        result = MonteCarloResult(self.folder, manifest, keep=self._tmp)
        if self._tmp is not None:
            weakref.finalize(result, shutil.rmtree, self._tmp, True)
        return result

    def _note(self, path: Path) -> None:
        self._file = path
