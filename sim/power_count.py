"""Exact swing counting for size-threshold games, by meet-in-the-middle.

Every Council rule that :mod:`sim.power` handles reduces to a *size-threshold game*: a
coalition ``S`` of the ``n`` voting members wins when its population reaches a quota that
depends only on its number of members, ``w(S) >= T[|S|]`` (Art 16(4) TEU, Art 238 TFEU; see
:func:`sim.power.power_game`). Member ``i`` is a *swing* for ``S`` (``i`` not in ``S``) when
``S`` loses and ``S + i`` wins, i.e. when ``T[k+1] - w_i <= w(S) <= T[k] - 1`` with
``k = |S|``.

Counting those ``S`` for every member and size, exactly and in integers:

1. split the members into two halves ``H`` and ``O``; enumerate every subset of each half
   as (member count, population);
2. sort ``O``'s subsets by (count, population) into one array of keys
   ``count * big + population``;
3. for each subset of ``H`` (count ``a``, population ``x``) and each count ``b`` in ``O``,
   the partners with population ``<= bound[a + b] - x`` are found with one
   :func:`numpy.searchsorted`; the swings of ``i`` in ``H`` are the partners of the subsets
   of ``H`` without ``i`` in the window above;
4. swap the halves for the members of ``O``.

The upper bound ``T[k] - 1`` does not depend on ``i``, so it is searched once per subset;
only the lower bound ``T[k+1] - w_i - 1`` is searched per member. Cost: about
``n * 2**(n/2 - 1) * (n/2 + 1)`` binary searches (EU27: 2.6 million; EU36: 90 million),
against ``n * 2**(n-1)`` coalitions for brute force.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

MAX_EXACT_MEMBERS = 40
"""Largest number of voting members counted exactly (memory grows as 2**(n/2))."""

Int64Array = NDArray[np.int64]


def subset_sums(weights: Int64Array) -> tuple[Int64Array, Int64Array]:
    """Member count and total weight of every subset, indexed by bit mask.

    Returns ``(sizes, sums)``, both int64 of shape ``(2**h,)``: entry ``m`` describes the
    subset holding member ``j`` exactly when bit ``j`` of ``m`` is set.
    """
    sizes = np.zeros(1, dtype=np.int64)
    sums = np.zeros(1, dtype=np.int64)
    for w in weights:
        sizes = np.concatenate([sizes, sizes + 1])
        sums = np.concatenate([sums, sums + np.int64(w)])
    return sizes, sums


@dataclass(frozen=True)
class _Sorted:
    """The subsets of one half, sorted by (count, population), for partner look-ups."""

    keys: Int64Array    # (2**h,) count * big + population, ascending
    starts: Int64Array  # (h + 2,) index of the first key of each count
    big: int            # > total population + 1, so counts never overlap
    size: int           # h, members in the half

    def at_most(self, b: int, bound: Int64Array) -> Int64Array:
        """How many subsets of ``b`` members have population ``<= bound`` (per entry)."""
        q = np.clip(bound, -1, self.big - 2) + np.int64(b * self.big)
        return np.searchsorted(self.keys, q, side="right") - self.starts[b]


def _sorted_half(weights: Int64Array, big: int) -> _Sorted:
    sizes, sums = subset_sums(weights)
    keys = np.sort(sizes * big + sums)
    starts = np.searchsorted(keys, np.arange(weights.size + 2, dtype=np.int64) * big)
    return _Sorted(keys, starts.astype(np.int64), big, weights.size)


@dataclass(frozen=True)
class _Queries:
    """The subsets of the other half in (count ascending, population descending) order.

    With that order the search keys ``bound - x`` ascend within each count, which keeps
    :func:`numpy.searchsorted` on its fast, cache-friendly path.
    """

    masks: Int64Array  # (2**h,) bit mask of each subset
    sizes: Int64Array  # (2**h,) member count a
    sums: Int64Array   # (2**h,) population x


def _query_half(weights: Int64Array) -> _Queries:
    sizes, sums = subset_sums(weights)
    order = np.lexsort((-sums, sizes)).astype(np.int64)
    return _Queries(order, sizes[order], sums[order])


def _partner_counts(a: Int64Array, x: Int64Array, other: _Sorted, bound: Int64Array,
                    out_len: int, cap: int) -> Int64Array:
    """``c[k]``: pairs (subset here, subset there) of ``k`` members, population ``<= bound[k]``.

    ``a``/``x`` are the counts and populations of the subsets on this side (sorted by
    count); ``bound`` has shape ``(out_len,)`` and must not increase; ``cap`` is the
    population of all members in play, so a bound ``>= cap`` admits every pair.
    """
    block_sizes = np.bincount(a, minlength=int(a.max()) + 1)
    ends = np.cumsum(block_sizes)
    first = ends - block_sizes
    sizes_here = np.arange(block_sizes.size)
    counts = np.zeros(out_len, dtype=np.int64)
    for b in range(other.size + 1):
        band = int(other.starts[b + 1] - other.starts[b])  # subsets of b members there
        k = sizes_here + b
        # A block whose bound is negative pairs with nothing; one at or above the total
        # population pairs with the whole band. Only the others need searching.
        counts[k] += np.where(bound[k] >= cap, block_sizes * band, 0)
        live = np.flatnonzero((bound[k] >= 0) & (bound[k] < cap))
        if live.size == 0:
            continue
        lo, hi = int(first[live[0]]), int(ends[live[-1]])  # contiguous: bound is monotone
        r = other.at_most(b, bound[a[lo:hi] + b] - x[lo:hi])
        counts[k[live]] += np.add.reduceat(r, first[live] - lo)
    return counts


def _losing_counts(q: _Queries, other: _Sorted, upper: Int64Array,
                   n: int) -> tuple[Int64Array, Int64Array]:
    """Losing coalitions by size, in all and per member of this half left out.

    The bound ``T[k] - 1`` does not depend on the member, so each subset of this half is
    searched once; the coalitions *with* member ``j`` are then summed per size by a matrix
    product with the membership bits (exact in float64: every count is below 2**53).

    Returns ``total`` (n + 2,) and ``with_member`` (h, n + 2).
    """
    h = int(q.sizes.max())
    cap = other.big - 2
    total = np.zeros(n + 2, dtype=np.int64)
    with_member = np.zeros((h, n + 2), dtype=np.int64)
    bits = ((q.masks[None, :] >> np.arange(h)[:, None]) & 1).astype(np.float64)
    ends = np.cumsum(np.bincount(q.sizes, minlength=h + 1))
    for a in range(h + 1):
        lo, hi = int(ends[a - 1]) if a else 0, int(ends[a])
        rows = np.empty((other.size + 1, hi - lo), dtype=np.float64)
        for b in range(other.size + 1):
            bound = int(upper[a + b])
            band = int(other.starts[b + 1] - other.starts[b])
            if bound < 0 or bound >= cap:  # nothing or the whole band
                rows[b] = band if bound >= cap else 0
            else:
                rows[b] = other.at_most(b, bound - q.sums[lo:hi])
        total[a : a + other.size + 1] += rows.sum(axis=1).astype(np.int64)
        product = np.rint(bits[:, lo:hi] @ rows.T).astype(np.int64)
        with_member[:, a : a + other.size + 1] += product
    return total, with_member


def _member_too_light(q: _Queries, other: _Sorted, j: int, weight: int,
                      lower_base: Int64Array, n: int) -> Int64Array:
    """Coalitions without member ``j`` of this half, by size, that stay losing with it."""
    keep = (q.masks >> j) & 1 == 0  # subsets of the half without member j
    cap = int(other.big) - 2 - weight
    return _partner_counts(q.sizes[keep], q.sums[keep], other, lower_base - weight, n + 1, cap)


def swing_counts(weights: Int64Array, thresholds: Int64Array,
                 workers: int = 2) -> tuple[Int64Array, int]:
    """Exact swing counts of a size-threshold game, by meet-in-the-middle.

    Parameters
    ----------
    weights : int64 array, shape (n,)
        Populations of the voting members (persons), all positive.
    thresholds : int64 array, shape (n + 1,)
        ``thresholds[k]``: least population with which a coalition of ``k`` members wins;
        ``0`` always wins, ``sum(weights) + 1`` never does. Must not increase with ``k``.
    workers : int
        Threads for the per-member searches (NumPy releases the GIL while searching).

    Returns
    -------
    swings : int64 array, shape (n, n)
        ``swings[i, k]``: coalitions of ``k`` members, without ``i``, for which ``i`` is a
        swing.
    losing : int
        Number of losing coalitions among all ``2**n``.
    """
    w = np.asarray(weights, dtype=np.int64)
    t = np.asarray(thresholds, dtype=np.int64)
    if (np.diff(t) > 0).any():
        raise ValueError("thresholds must not increase with coalition size (monotone game)")
    n = w.size
    big = int(w.sum()) + 2
    upper = np.concatenate([t - 1, [np.int64(-1)]])  # losing: w(S) <= T[k] - 1
    lower_base = np.concatenate([t[1:], [0, 0]]) - 1  # minus w_i: w(S) < T[k+1] - w_i
    halves = (np.arange(n // 2), np.arange(n // 2, n))
    swings = np.zeros((n, n), dtype=np.int64)
    losing = -1
    for here, there in (halves[::-1], halves):
        if here.size == 0:
            continue
        q = _query_half(w[here])
        other = _sorted_half(w[there], big)
        total, with_member = _losing_counts(q, other, upper, n)
        losing = int(total.sum())

        def one(j: int, q: _Queries = q, other: _Sorted = other,
                here: NDArray[np.int64] = here) -> Int64Array:
            return _member_too_light(q, other, j, int(w[here[j]]), lower_base, n)

        with ThreadPoolExecutor(max(1, workers)) as pool:
            for j, too_light in enumerate(pool.map(one, range(here.size))):
                swings[here[j]] = (total - with_member[j])[:n] - too_light[:n]
    return swings, losing
