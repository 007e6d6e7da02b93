"""Exact swing counting for size-threshold games, by meet-in-the-middle.

Every Council rule that :mod:`sim.power` handles reduces to a *size-threshold game*: a
coalition ``S`` of the ``n`` voting members wins when its population reaches a quota that
depends only on its number of members, ``w(S) >= T[|S|]`` (Art 16(4) TEU, Art 238 TFEU; see
:func:`sim.power.power_game`). Member ``i`` is a *swing* for ``S`` (``i`` not in ``S``) when
``S`` loses and ``S + i`` wins, i.e. when ``T[k+1] - w_i <= w(S) <= T[k] - 1`` with
``k = |S|``. So the swings of ``i`` by size are the differences of two counts of
coalitions without ``i`` whose population is at most a bound that depends on the size:
``T[k] - 1`` and ``T[k+1] - w_i - 1``.

Each count is exact and in integers:

1. put the ``ceil(n/2)`` most populous members in half ``H`` and the others in ``O``;
   enumerate every subset of each half as (member count, population) and sort them by
   count, then population;
2. a coalition is a pair (subset of ``H`` with ``a`` members and population ``x``, subset
   of ``O`` with ``b`` members and population ``y``); for each ``a`` and ``b`` the subsets
   of ``H`` with ``x <= bound - max y`` pair with every subset of size ``b`` and those with
   ``x > bound - min y`` with none — two binary searches per block;
3. only the subsets of ``H`` in between (few, because the subsets of the small members
   span a narrow range of populations) need a binary search each among ``O``'s subsets;
4. member ``i`` is left out by dropping the subsets that hold it from its half.

Cost per member: at most about ``2**(n/2) * (n/2)`` binary searches, far fewer in
practice (EU36 QMV: 6.7 million for all 36 members together), against ``2**(n-1)``
coalitions for brute force.
"""

from __future__ import annotations

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
class _Half:
    """The subsets of one half, sorted by (count, population).

    ``keys = count * big + population`` ascending, with ``big`` above any population, so
    one :func:`numpy.searchsorted` finds a population bound within one count's band.
    """

    keys: Int64Array    # (m,) sorted
    pops: Int64Array    # (m,) population of each subset
    masks: Int64Array   # (m,) bit mask of each subset
    starts: Int64Array  # (h + 2,) index of the first subset of each count; last = m
    big: int
    size: int           # h, members in the half

    @classmethod
    def of(cls, weights: Int64Array, big: int) -> _Half:
        sizes, sums = subset_sums(weights)
        keys = sizes * big + sums
        order = np.argsort(keys, kind="stable")
        return cls._build(keys[order], sums[order], order.astype(np.int64), big, weights.size)

    @classmethod
    def _build(cls, keys: Int64Array, pops: Int64Array, masks: Int64Array, big: int,
               h: int) -> _Half:
        starts = np.searchsorted(keys, np.arange(h + 2, dtype=np.int64) * big)
        return cls(keys, pops, masks, starts.astype(np.int64), big, h)

    def without(self, j: int) -> _Half:
        """The subsets that do not hold member ``j`` (order kept)."""
        keep = (self.masks >> j) & 1 == 0
        return _Half._build(self.keys[keep], self.pops[keep], self.masks[keep], self.big,
                            self.size)


def _ranges(starts: Int64Array, stops: Int64Array) -> Int64Array:
    """Concatenation of ``arange(starts[i], stops[i])`` over ``i``."""
    lengths = stops - starts
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.arange(int(lengths.sum()), dtype=np.int64) + offsets


def count_pairs(q: _Half, o: _Half, bounds: Int64Array) -> Int64Array:
    """``c[r, k]``: coalitions of ``k`` members (``a`` from ``q``, ``b`` from ``o``) whose
    population is ``<= bounds[r, k]``; ``bounds`` has shape ``(R, K)``, ``K > q.size +
    o.size``.

    This is the hot loop. Per count ``b`` of ``o``, and for every bound row and count
    ``a`` at once, two vectorised searches split block ``a`` of ``q`` (sorted by
    population ``x``) into the subsets that pair with the whole band (``x <= bound -
    max y``), with none (``x > bound - min y``), and the few in between; only those are
    searched for in ``o``.
    """
    big = q.big
    n_bounds, out_len = bounds.shape
    a = np.arange(q.size + 1, dtype=np.int64)
    first = q.starts[:-1]
    counts = np.zeros((n_bounds, out_len), dtype=np.int64)
    for b in range(o.size + 1):
        s, e = int(o.starts[b]), int(o.starts[b + 1])
        if s == e:
            continue
        y_min, y_max = int(o.keys[s]) - b * big, int(o.keys[e - 1]) - b * big
        bnd = bounds[:, a + b]  # (R, h + 1)
        full = np.searchsorted(q.keys, a * big + np.clip(bnd - y_max, -1, big - 2), "right")
        live = np.searchsorted(q.keys, a * big + np.clip(bnd - y_min, -1, big - 2), "right")
        counts[:, a + b] += (full - first) * (e - s)
        lengths = (live - full).ravel()
        if not lengths.any():
            continue
        # one label per (bound row, a) block; descending x gives ascending search keys
        rows = _ranges(full.ravel(), live.ravel())[::-1]
        label = np.repeat(np.arange(lengths.size), lengths)[::-1]
        # within [full, live) the bound minus x lies in [y_min, y_max): no clipping needed
        found = np.searchsorted(o.keys, b * big + bnd.ravel()[label] - q.pops[rows], "right")
        # float64 sums of counts below 2**53 are exact
        per_block = np.bincount(label, weights=found - s, minlength=lengths.size)
        counts[:, a + b] += per_block.reshape(bnd.shape).astype(np.int64)
    return counts


def _member_swings(h_half: _Half, o_half: _Half, j: int, in_h: bool, weight: int,
                   upper: Int64Array, lower_base: Int64Array, n: int) -> Int64Array:
    """Swings by coalition size, shape (n,), of member ``j`` of the ``H`` or ``O`` half."""
    q = h_half.without(j) if in_h else h_half
    o = o_half if in_h else o_half.without(j)
    losing, too_light = count_pairs(q, o, np.stack([upper, lower_base - weight]))
    return (losing - too_light)[:n]


def swing_counts(weights: Int64Array, thresholds: Int64Array) -> tuple[Int64Array, int]:
    """Exact swing counts of a size-threshold game, by meet-in-the-middle.

    Parameters
    ----------
    weights : int64 array, shape (n,)
        Populations of the voting members (persons), all positive.
    thresholds : int64 array, shape (n + 1,)
        ``thresholds[k]``: least population with which a coalition of ``k`` members wins;
        ``0`` always wins, ``sum(weights) + 1`` never does. Must not increase with ``k``.

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
    upper = np.concatenate([t - 1, [-1]])  # losing: w(S) <= T[k] - 1
    lower_base = np.concatenate([t[1:], [0, 0]]) - 1  # minus w_i: w(S) <= T[k+1] - w_i - 1
    ranked = np.argsort(-w, kind="stable")
    h_members, o_members = ranked[: n - n // 2], ranked[n - n // 2 :]
    h_half, o_half = _Half.of(w[h_members], big), _Half.of(w[o_members], big)
    losing = int(count_pairs(h_half, o_half, upper[None, :]).sum())
    swings = np.zeros((n, n), dtype=np.int64)
    for in_h, members in ((True, h_members), (False, o_members)):
        for j, member in enumerate(members):
            swings[member] = _member_swings(h_half, o_half, j, in_h, int(w[member]), upper,
                                            lower_base, n)
    return swings, losing
