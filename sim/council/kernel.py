"""The vectorised rule kernel: :func:`adopted` over a vote matrix ``(runs, members)``.

Pure NumPy, free of SimPy. The rules themselves (which majority each needs, under which
article) are defined in :mod:`sim.council.rules`; this module computes them fast — masks
packed to bits, 14-bit look-up tables of population and member count, integer thresholds —
and :mod:`sim.council.tally` explains one vote slowly; the tests check that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.council.members import MAX_TOTAL_POPULATION, Council
from sim.council.rules import (
    BLOCKING_POPULATION_PCT,
    FULL_COUNCIL_BLOCKING_MINIMUM,
    RuleSpec,
    Vote,
    rule_spec,
    validate_votes,
)


@dataclass(frozen=True)
class Aggregates:
    """Per-run sums of a vote matrix, all int64 arrays of shape (runs,).

    ``favour`` counts the votes the rule's majority is built from: votes in favour, or for
    ``rqmv`` the votes to reject. ``n_no`` is ``None`` when it was not asked for.
    """

    n_participating: NDArray[np.int64]
    pop_participating: NDArray[np.int64]
    n_favour: NDArray[np.int64]
    pop_favour: NDArray[np.int64]
    n_no: NDArray[np.int64] | None
    full: bool = False
    """Every member participates in every run (then participation is the whole Council)."""


# ---------------------------------------------------------------------------------------
# Hot path. A boolean mask of one kind of vote (say, "in favour") is compared and packed to
# bits over the whole block at once (contiguous, so NumPy runs it at memory speed); row r's
# M bits then start at bit M*r of the packed stream. Eight rows span exactly M bytes, so
# row 8q+j is one unaligned 64-bit read at byte M*q + (M*j >> 3), shifted by (M*j & 7).
# Its M-bit key is split into 14-bit parts, and a 16384-entry table per part holds the
# population and the member count of every bit pattern: per run, ceil(M/14) look-ups.

_KEY_BITS = 14                               # bits per look-up table index
_MAX_PACKED_MEMBERS = 57                     # M + 7 shift bits must fit in 64
_COUNT_SHIFT = 40                            # table value = population + (count << 40)
assert MAX_TOTAL_POPULATION < 1 << _COUNT_SHIFT  # so population sums never spill into counts
_CHUNK = 1 << 14                             # runs per block (a multiple of 8)


@lru_cache(maxsize=64)
def _key_tables(population: bytes) -> NDArray[np.int64]:
    """Look-up tables, shape (K, 2**14), K = ceil(M / 14).

    ``table[k, b]`` = summed population of the members ``14k + i`` whose bit ``i`` is set
    in ``b``, plus their number shifted left by :data:`_COUNT_SHIFT` bits.
    """
    pop = np.frombuffer(population, dtype=np.int64)
    parts = -(-pop.size // _KEY_BITS)
    width = parts * _KEY_BITS
    padded = np.zeros(width, dtype=np.int64)
    padded[: pop.size] = pop
    real = (np.arange(width) < pop.size).astype(np.int64)
    bits = (np.arange(1 << _KEY_BITS)[:, None] >> np.arange(_KEY_BITS)) & 1
    table = np.empty((parts, 1 << _KEY_BITS), dtype=np.int64)
    for k in range(parts):
        sl = slice(k * _KEY_BITS, (k + 1) * _KEY_BITS)
        table[k] = bits @ padded[sl] + ((bits @ real[sl]) << _COUNT_SHIFT)
    return table


def _mask_sums(
    votes: NDArray[np.int8], code: int, equal: bool, table: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Member count and population, per run, of the votes ``== code`` (or ``!= code``).

    ``votes`` is a C-contiguous block of shape (n, M) with M ≤ 57; keep n to a few ten
    thousand runs so the temporaries stay in cache.
    """
    runs, members = votes.shape
    groups = -(-runs // 8)
    mask = np.zeros(groups * 8 * members + 64, dtype=np.bool_)  # zero rows/bytes pad reads
    # an np.int8 scalar keeps the comparison in int8 (an IntEnum would upcast to int64)
    compare = np.equal if equal else np.not_equal
    compare(votes.reshape(-1), np.int8(code), out=mask[: runs * members])
    stream = np.packbits(mask, bitorder="little")
    # keys in slot-major order (row 8q+j at [j, q]) so every write is contiguous
    keys = np.empty((8, groups), dtype=np.uint64)
    for j in range(8):
        first = np.ndarray((groups,), dtype="<u8", buffer=stream,
                           offset=(members * j) >> 3, strides=(members,))
        np.right_shift(first, np.uint64((members * j) & 7), out=keys[j])
    flat = keys.reshape(-1)  # bits M and up belong to the next row: weight 0 in the table
    low = np.uint64((1 << _KEY_BITS) - 1)
    total = np.take(table[0], (flat & low).view(np.int64))
    for k in range(1, table.shape[0]):
        total += np.take(table[k], ((flat >> np.uint64(k * _KEY_BITS)) & low).view(np.int64))
    total = total.reshape(8, groups).T.reshape(-1)[:runs]  # back to row order
    return total >> _COUNT_SHIFT, total & ((1 << _COUNT_SHIFT) - 1)


def aggregate(
    votes: NDArray[np.int8], population: NDArray[np.int64], reverse: bool, need_no: bool = True
) -> Aggregates:
    """Sum a checked vote matrix (runs, M) into per-run counts and populations (exact).

    ``reverse`` counts votes to reject (``NO``) as the favour side, for ``rqmv``.
    """
    runs, members = votes.shape
    if runs <= _SMALL_RUNS:
        return _aggregate_small(votes, population, reverse)
    if members > _MAX_PACKED_MEMBERS:
        return _aggregate_plain(votes, population, reverse)
    table = _key_tables(np.ascontiguousarray(population, dtype=np.int64).tobytes())
    votes = np.ascontiguousarray(votes)
    n_fav, pop_fav = _mask_sums(votes, Vote.NO if reverse else Vote.YES, True, table)
    full = int(votes.view(np.uint8).min()) > 0  # codes are 0..3: min > 0 iff all take part
    if full:  # everyone participates: no second pass needed
        n_part = np.full(runs, members, dtype=np.int64)
        pop_part = np.full(runs, int(population.sum()), dtype=np.int64)
    else:
        n_part, pop_part = _mask_sums(votes, Vote.NOT_PARTICIPATING, False, table)
    if reverse:
        n_no = n_fav
    elif need_no:
        n_no = _mask_sums(votes, Vote.NO, True, table)[0]
    else:
        n_no = None
    return Aggregates(n_part, pop_part, n_fav, pop_fav, n_no, full=full)


_SMALL_RUNS = 16
"""Up to this many runs (a vote in the event engine), plain Python sums are fastest."""


def _aggregate_small(
    votes: NDArray[np.int8], population: NDArray[np.int64], reverse: bool
) -> Aggregates:
    """Exact sums with Python integers, one run at a time: for a handful of runs."""
    favour_code = int(Vote.NO if reverse else Vote.YES)
    pops = population.tolist()
    sums = []
    for row in votes.tolist():
        n_part = n_fav = n_no = pop_part = pop_fav = 0
        for v, p in zip(row, pops, strict=True):
            if v:
                n_part += 1
                pop_part += p
                if v == favour_code:
                    n_fav += 1
                    pop_fav += p
                if v == Vote.NO:
                    n_no += 1
        sums.append((n_part, pop_part, n_fav, pop_fav, n_no))
    cols = np.array(sums, dtype=np.int64).reshape(-1, 5).T
    return Aggregates(cols[0], cols[1], cols[2], cols[3], cols[4],
                      full=bool((cols[0] == votes.shape[1]).all()))


def _aggregate_plain(
    votes: NDArray[np.int8], population: NDArray[np.int64], reverse: bool
) -> Aggregates:
    """Straightforward exact int64 sums; used for councils too large to pack (M > 57)."""
    favour_code = Vote.NO if reverse else Vote.YES
    part = (votes != Vote.NOT_PARTICIPATING).astype(np.int64)
    fav = (votes == favour_code).astype(np.int64)
    return Aggregates(
        n_participating=part.sum(1),
        pop_participating=part @ population,
        n_favour=fav.sum(1),
        pop_favour=fav @ population,
        n_no=(votes == Vote.NO).sum(1).astype(np.int64),
        full=bool(votes.all()),
    )


def _blocking_minima(votes: NDArray[np.int8], population: NDArray[np.int64],
                     agg: Aggregates) -> NDArray[np.int64]:
    """Blocking minimum per run (see :func:`blocking_minimum`), vectorised.

    Members are visited from the most to the least populous; a run is settled once its
    visited participants hold more than 35 % of its participating population, which for
    real councils happens after a handful of members, so the loop usually stops early.
    """
    members = votes.shape[1]
    minima = np.full(votes.shape[0], FULL_COUNCIL_BLOCKING_MINIMUM, dtype=np.int64)
    if agg.full:
        return minima[:1]  # broadcasts: the same minimum for every run
    rows = np.flatnonzero(agg.n_participating < members)  # runs still to settle
    limit = BLOCKING_POPULATION_PCT * agg.pop_participating[rows]
    running = np.zeros(rows.size, dtype=np.int64)
    count = np.zeros(rows.size, dtype=np.int64)
    for j in np.argsort(-population, kind="stable"):
        if rows.size == 0:
            break
        takes_part = votes[rows, j] != np.int8(Vote.NOT_PARTICIPATING)
        running += takes_part * population[j]
        count += takes_part
        settled = 100 * running > limit
        minima[rows[settled]] = count[settled] + 1
        keep = ~settled  # carry on with the unsettled runs only
        rows, limit, running, count = rows[keep], limit[keep], running[keep], count[keep]
    minima[rows] = agg.n_participating[rows] + 1  # never exceeded (not for real councils)
    return minima


def decide(spec: RuleSpec, agg: Aggregates, members: int,
           minima: NDArray[np.int64] | None) -> NDArray[np.bool_]:
    """Adoption per run from the aggregates: the rule's legal test, in integers.

    The percentage tests are written as ``count >= ceil(pct * base / 100)``, which is
    exactly ``100 * count >= pct * base`` for integers.
    """
    n_part: NDArray[np.int64] | int = agg.n_participating
    pop_part: NDArray[np.int64] | int = agg.pop_participating
    if agg.full:  # the same Council in every run: thresholds are scalars
        n_part, pop_part = members, int(agg.pop_participating[0])
    if spec.kind == "unanimity":
        assert agg.n_no is not None
        result = agg.n_no == 0
    elif spec.kind == "simple":
        result = 2 * agg.n_favour > members
    else:
        need_members = -(-(spec.member_pct * n_part) // 100)
        if spec.member_floor:  # Art 16(4) TEU: at least fifteen, when every member takes part
            need_members = np.where(n_part == members, np.maximum(need_members,
                                                                  spec.member_floor),
                                    need_members)
        need_population = -(-(spec.population_pct * pop_part) // 100)
        members_ok = agg.n_favour >= need_members
        result = members_ok & (agg.pop_favour >= need_population)
        if spec.blocking_clause:  # too few against to block: the population test is waived
            assert minima is not None
            result |= members_ok & (n_part - agg.n_favour < minima)
    if not agg.full:
        result &= agg.n_participating > 0  # nothing is decided without participants
    if spec.reverse:
        result = ~result
    return np.asarray(result, dtype=np.bool_)


def adopted(rule: str | RuleSpec, votes: ArrayLike, council: Council) -> NDArray[np.bool_]:
    """Vectorised verdicts: is the act adopted (for ``rqmv``: does the proposal stand)?

    Parameters
    ----------
    rule : str or RuleSpec
        One of :data:`RULES`.
    votes : int array, shape (runs, M) or (M,)
        :class:`Vote` codes, columns in ``council.codes`` order.
    council : Council
        Members and populations.

    Returns
    -------
    bool array, shape (runs,)
    """
    spec = rule if isinstance(rule, RuleSpec) else rule_spec(rule)
    mat = validate_votes(votes, council.size)
    out = np.empty(mat.shape[0], dtype=np.bool_)
    for start in range(0, mat.shape[0], _CHUNK):  # blocks keep temporaries in cache
        block = mat[start : start + _CHUNK]
        agg = aggregate(block, council.population, spec.reverse,
                        need_no=spec.kind == "unanimity")
        minima = (_blocking_minima(block, council.population, agg)
                  if spec.blocking_clause else None)
        out[start : start + block.shape[0]] = decide(spec, agg, council.size, minima)
    return out
