"""Exact adoption probability of one vote with independent members.

When every member takes part, each rule's verdict depends only on the set of members whose
votes the rule's majority is built from (:class:`sim.rules.Aggregates` ``favour``: votes in
favour, or for ``rqmv`` votes to reject; for ``unanimity`` the votes against). With members
voting independently, member ``i`` is in that set with probability ``q[i]``; the set's
probability is then a product, and the verdict a function of its size and population.

A meet-in-the-middle enumeration makes this exact for the full EU-27: the members are split
into two halves (at most 2^14 subsets each); for every subset of the first half and every
size of the second, the probability mass of the second half's subsets that reach the
population threshold is read from sorted cumulative sums. The tests check it against brute
force on small councils and use it as the oracle for the Monte Carlo.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.council.members import Council
from sim.council.rules import FULL_COUNCIL_BLOCKING_MINIMUM, rule_spec


def _subsets(q: NDArray[np.float64], pop: NDArray[np.int64]) -> tuple[
        NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Size, population and probability of every subset of a group, each shape (2^n,)."""
    n = q.size
    masks = np.arange(1 << n)
    inside = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    size = inside.sum(1).astype(np.int64)
    population = inside.astype(np.int64) @ pop
    prob = np.where(inside, q, 1.0 - q).prod(axis=1)
    return size, population, prob


def _mass_at_least(q: NDArray[np.float64], pop: NDArray[np.int64], members_needed: int,
                   pop_needed: int) -> float:
    """P(favour set has >= members_needed members and >= pop_needed persons)."""
    half = q.size // 2
    size_a, pop_a, prob_a = _subsets(q[:half], pop[:half])
    size_b, pop_b, prob_b = _subsets(q[half:], pop[half:])
    total = 0.0
    for k in range(q.size - half + 1):
        sel = size_b == k
        order = np.argsort(pop_b[sel], kind="stable")
        sorted_pop = pop_b[sel][order]
        tail = np.concatenate([np.cumsum(prob_b[sel][order][::-1])[::-1], [0.0]])
        ok = size_a + k >= members_needed
        first = np.searchsorted(sorted_pop, pop_needed - pop_a[ok], side="left")
        total += float((prob_a[ok] * tail[first]).sum())
    return total


def adoption_probability(rule: str, council: Council, reject: NDArray[np.float64],
                         abstain: float) -> float:
    """Exact probability that the act is adopted (``rqmv``: the proposal stands).

    Parameters
    ----------
    rule : str
        A :data:`sim.rules.RULES` name.
    council : Council
        Every member takes part.
    reject : float array, shape (M,)
        Probability that each member votes no (against the measure).
    abstain : float
        Common probability of abstaining; the rest vote yes.
    """
    spec = rule_spec(rule)
    m = council.size
    pop = council.population.astype(np.int64)
    total = int(pop.sum())
    reject = np.asarray(reject, dtype=np.float64)
    yes = 1.0 - reject - abstain
    if spec.kind == "unanimity":
        return float(np.prod(1.0 - reject))
    q = reject if spec.reverse else yes
    none = np.zeros(m, dtype=np.int64)
    if spec.kind == "simple":
        return _mass_at_least(q, none, m // 2 + 1, 0)
    members_needed = spec.members_needed(m, True)  # every member votes: Art 16(4) floor
    pop_needed = -(-spec.population_pct * total // 100)
    attained = _mass_at_least(q, pop, members_needed, pop_needed)
    if spec.blocking_clause:
        # the population test is waived when fewer than four members are outside the
        # favour set (the member test still holds, see sim.rules); subtract the overlap
        # (sets that also meet the population test) to count each set once
        few_outside = max(m - FULL_COUNCIL_BLOCKING_MINIMUM + 1, members_needed)
        attained += _mass_at_least(q, none, few_outside, 0) - _mass_at_least(
            q, pop, few_outside, pop_needed)
    return 1.0 - attained if spec.reverse else attained
