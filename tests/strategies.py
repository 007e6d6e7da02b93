"""Shared hypothesis strategies for councils and votes."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from sim.council.members import Council, load_council
from sim.council.rules import RULES, Vote

rules = st.sampled_from(sorted(RULES))
"""Any rule name."""

vote_codes = st.sampled_from([int(v) for v in Vote])
"""Any vote, non-participation included."""

present_codes = st.sampled_from([int(Vote.YES), int(Vote.NO), int(Vote.ABSTAIN)])
"""A vote of a participating member."""


@st.composite
def councils(draw, min_size: int = 1, max_size: int = 12, max_pop: int = 10**8) -> Council:
    """A small council with codes ``M0, M1, …`` and random positive populations."""
    n = draw(st.integers(min_size, max_size))
    pops = draw(st.lists(st.integers(1, max_pop), min_size=n, max_size=n))
    return Council(tuple(f"M{i}" for i in range(n)), np.asarray(pops, dtype=np.int64), "test")


@st.composite
def councils_or_eu(draw) -> Council:
    """Either a small random council or one of the shipped EU-27 tables."""
    if draw(st.booleans()):
        return load_council(draw(st.sampled_from([2023, 2024, 2025])))
    return draw(councils())


@st.composite
def vote_vectors(draw, council: Council, participation: bool = True) -> np.ndarray:
    """One vote per member, shape (M,), int8."""
    codes = vote_codes if participation else present_codes
    return np.asarray(
        draw(st.lists(codes, min_size=council.size, max_size=council.size)), dtype=np.int8
    )


@st.composite
def vote_matrices(draw, council: Council, max_runs: int = 40, participation: bool = True
                  ) -> np.ndarray:
    """A (runs, M) int8 vote matrix; ``participation`` allows code 0 (not participating)."""
    runs = draw(st.integers(1, max_runs))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    # a share of yes votes per member, so that close and lopsided votes both occur
    p_yes = rng.uniform(0, 1, size=council.size)
    mat = rng.integers(1, 4, size=(runs, council.size), dtype=np.int8)
    mat[rng.random((runs, council.size)) < p_yes] = Vote.YES
    if participation:  # from full councils down to a handful of participants
        p_absent = draw(st.sampled_from([0.0, 0.05, 0.3, 0.8, 0.95]))
        mat[rng.random((runs, council.size)) < p_absent] = Vote.NOT_PARTICIPATING
    return mat
