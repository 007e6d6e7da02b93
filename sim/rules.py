"""The Treaty voting rules of the Council, as pure NumPy kernels.

Each rule has two faces that must always agree:

* :func:`adopted` — a vectorised kernel over a vote matrix of shape ``(runs, members)``,
  used by the Monte Carlo and the event engine;
* :func:`sim.tally.tally` — an explained tally of one vote, for people.

Votes are coded as small integers (:class:`Vote`): ``0`` not participating (Art 238(3)
TFEU), ``1`` yes, ``2`` no, ``3`` abstain. Populations are integer persons, and every
threshold is tested with integer arithmetic, so the 65 % boundary is exact.

The rules (``eu-rules.md`` §1 of the project's reference notes):

===================  =========================================================  ============
name                 adopted when                                               source
===================  =========================================================  ============
``qmv``              ≥ 55 % of participating members in favour, representing    Art 16(4) TEU,
                     ≥ 65 % of their population; deemed attained if fewer       Art 238(3)(a)
                     members than a blocking minority are not in favour         TFEU
``reinforced-qmv``   ≥ 72 % of participating members, ≥ 65 % of population,     Art 238(2),
                     no blocking-minority clause                                238(3)(b) TFEU
``rqmv``             the proposal stands unless a QMV (as ``qmv``) of the       e.g. Reg (EU)
                     members voting to reject it is attained                    1173/2011 Art 6
``simple-majority``  a majority of the Council's component members in favour    Art 238(1) TFEU
``unanimity``        no participating member votes against; abstentions do      Art 238(4) TFEU
                     not prevent adoption
===================  =========================================================  ============

Edge case, by convention rather than law: a vote in which no member participates adopts
nothing under any rule (and under ``rqmv`` therefore rejects nothing: the proposal stands).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.council import Council
from sim.errors import InputError


class Vote(IntEnum):
    """How one member votes. Under ``rqmv``, ``NO`` is a vote to reject the proposal."""

    NOT_PARTICIPATING = 0
    YES = 1
    NO = 2
    ABSTAIN = 3


@dataclass(frozen=True)
class RuleSpec:
    """The parameters of one voting rule.

    ``member_pct`` and ``population_pct`` are percentages of the *participating* members and
    population (Art 238(3) TFEU); for ``simple-majority`` the member test is "more than
    half of the component members" (Art 238(1)).
    """

    name: str
    title: str
    article: str
    kind: str  # "qualified", "simple" or "unanimity"
    member_pct: int = 0
    population_pct: int = 0
    blocking_clause: bool = False
    reverse: bool = False


RULES: dict[str, RuleSpec] = {
    spec.name: spec
    for spec in (
        RuleSpec("qmv", "qualified majority", "Art 16(4) TEU; Art 238(3)(a) TFEU",
                 "qualified", 55, 65, blocking_clause=True),
        RuleSpec("rqmv", "reverse qualified majority", "Art 16(4) TEU applied to the "
                 "votes to reject (e.g. Reg (EU) 1173/2011 Art 6)",
                 "qualified", 55, 65, blocking_clause=True, reverse=True),
        RuleSpec("reinforced-qmv", "reinforced qualified majority",
                 "Art 238(2) TFEU; Art 238(3)(b) TFEU", "qualified", 72, 65),
        RuleSpec("simple-majority", "simple majority", "Art 238(1) TFEU", "simple"),
        RuleSpec("unanimity", "unanimity", "Art 238(4) TFEU", "unanimity"),
    )
}
"""Every rule eusim knows, by its command-line name."""

FULL_COUNCIL_BLOCKING_MINIMUM = 4
"""A blocking minority must include at least four Council members (Art 16(4) TEU)."""
BLOCKING_POPULATION_PCT = 35
"""Art 238(3)(a) TFEU: the blocking minimum counts members holding more than 35 %."""


def rule_spec(name: str) -> RuleSpec:
    """The :class:`RuleSpec` called ``name``; an unknown name raises :class:`InputError`."""
    try:
        return RULES[name]
    except KeyError:
        raise InputError(f"unknown rule {name!r} (rules: {', '.join(RULES)})") from None


def blocking_minimum(participating_population: NDArray[np.int64], full: bool) -> int:
    """Fewest members a blocking minority must include.

    With every member taking part it is four (Art 16(4) TEU). Otherwise it is the minimum
    number of participating members representing more than 35 % of the participating
    population, plus one (Art 238(3)(a) TFEU).

    Parameters
    ----------
    participating_population : int array, shape (P,)
        Populations of the participating members only.
    full : bool
        Whether every member of the Council participates.
    """
    if full:
        return FULL_COUNCIL_BLOCKING_MINIMUM
    ranked = np.sort(participating_population)[::-1]
    total = int(ranked.sum())
    running = 0
    for k, p in enumerate(ranked, start=1):
        running += int(p)
        if 100 * running > BLOCKING_POPULATION_PCT * total:
            return k + 1
    return len(ranked) + 1


def validate_votes(votes: ArrayLike, members: int) -> NDArray[np.int8]:
    """``votes`` as an int8 matrix of shape (runs, members), checked.

    A 1-D vector is one run. Codes outside :class:`Vote` or a wrong width raise
    :class:`InputError`.
    """
    arr = np.asarray(votes)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != members:
        raise InputError(f"vote matrix must have shape (runs, {members}), got {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() > 3):
        raise InputError("vote codes must be 0 (not participating), 1, 2 or 3")
    return np.ascontiguousarray(arr, dtype=np.int8)


@dataclass(frozen=True)
class Aggregates:
    """Per-run sums of a vote matrix, all int64 arrays of shape (runs,).

    ``favour`` counts the votes the rule's majority is built from: votes in favour, or for
    ``rqmv`` the votes to reject.
    """

    n_participating: NDArray[np.int64]
    pop_participating: NDArray[np.int64]
    n_favour: NDArray[np.int64]
    pop_favour: NDArray[np.int64]
    n_no: NDArray[np.int64]


# ---------------------------------------------------------------------------------------
# Hot path. Four members' 2-bit vote codes are packed into one byte, and per-byte lookup
# tables hold the population and member counts each byte contributes, so one run costs a
# handful of table look-ups instead of a pass over every member.

_GROUP = 4                  # members packed per byte (2 bits each)
_PACK = np.uint32(0x01041040)  # x * _PACK >> 24 packs 4 bytes of values 0..3 into one byte
_CHUNK = 1 << 14            # runs per block, so temporaries stay in cache


@lru_cache(maxsize=64)
def _tables(population: bytes, favour_code: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per-group lookup tables, shapes (G, 256): packed populations and packed counts.

    ``pops[g, b]`` = population in favour (low 32 bits) + participating population
    (high 32 bits) of group ``g``'s members under byte ``b``; ``counts[g, b]`` packs the
    numbers in favour, against and participating into bits 0-15, 16-31 and 32-47.
    """
    pop = np.frombuffer(population, dtype=np.int64)
    groups = -(-pop.size // _GROUP)
    padded = np.zeros(groups * _GROUP, dtype=np.int64)
    padded[: pop.size] = pop
    byte = np.arange(256)
    codes = (byte[:, None] >> (2 * np.arange(_GROUP))) & 3  # (256, 4): vote of each slot
    part = codes != Vote.NOT_PARTICIPATING
    fav = codes == favour_code
    no = codes == Vote.NO
    pops = np.empty((groups, 256), dtype=np.int64)
    counts = np.empty((groups, 256), dtype=np.int64)
    for g in range(groups):
        w = padded[g * _GROUP : (g + 1) * _GROUP]
        real = np.arange(g * _GROUP, (g + 1) * _GROUP) < pop.size
        pops[g] = (fav @ w) + ((part @ w) << 32)
        counts[g] = (
            (fav & real).sum(1) + ((no & real).sum(1) << 16) + ((part & real).sum(1) << 32)
        )
    return pops, counts


def aggregate(votes: NDArray[np.int8], population: NDArray[np.int64], reverse: bool) -> Aggregates:
    """Sum a checked vote matrix (runs, M) into per-run counts and populations (exact)."""
    runs, members = votes.shape
    if int(population.sum()) >= 1 << 31:  # packed tables hold 31-bit population sums
        return _aggregate_plain(votes, population, reverse)
    favour_code = Vote.NO if reverse else Vote.YES
    pops_t, counts_t = _tables(population.astype(np.int64).tobytes(), int(favour_code))
    groups = pops_t.shape[0]
    width = groups * _GROUP
    pops = np.empty(runs, dtype=np.int64)
    counts = np.empty(runs, dtype=np.int64)
    block = np.zeros((min(_CHUNK, max(runs, 1)), width), dtype=np.int8)
    for start in range(0, runs, _CHUNK):
        stop = min(start + _CHUNK, runs)
        n = stop - start
        block[:n, :members] = votes[start:stop]
        # little-endian view: member 4g+j sits in byte j of word g
        words = block[:n].view(np.uint32)
        packed = ((words * _PACK) >> np.uint32(24)).astype(np.intp)
        acc_p = pops_t[0, packed[:, 0]]
        acc_c = counts_t[0, packed[:, 0]]
        for g in range(1, groups):
            acc_p += pops_t[g, packed[:, g]]
            acc_c += counts_t[g, packed[:, g]]
        pops[start:stop] = acc_p
        counts[start:stop] = acc_c
    low16 = np.int64(0xFFFF)
    return Aggregates(
        n_participating=counts >> 32,
        pop_participating=pops >> 32,
        n_favour=counts & low16,
        pop_favour=pops & np.int64(0xFFFFFFFF),
        n_no=(counts >> 16) & low16,
    )


def _aggregate_plain(
    votes: NDArray[np.int8], population: NDArray[np.int64], reverse: bool
) -> Aggregates:
    """Straightforward exact int64 sums; used when populations are too large to pack."""
    favour_code = Vote.NO if reverse else Vote.YES
    part = (votes != Vote.NOT_PARTICIPATING).astype(np.int64)
    fav = (votes == favour_code).astype(np.int64)
    return Aggregates(
        n_participating=part.sum(1),
        pop_participating=part @ population,
        n_favour=fav.sum(1),
        pop_favour=fav @ population,
        n_no=(votes == Vote.NO).sum(1).astype(np.int64),
    )


def _blocking_minima(votes: NDArray[np.int8], population: NDArray[np.int64],
                     agg: Aggregates) -> NDArray[np.int64]:
    """Blocking minimum per run (see :func:`blocking_minimum`), vectorised."""
    members = votes.shape[1]
    minima = np.full(votes.shape[0], FULL_COUNCIL_BLOCKING_MINIMUM, dtype=np.int64)
    partial = np.flatnonzero(agg.n_participating < members)
    if partial.size == 0:
        return minima
    order = np.argsort(-population, kind="stable")
    part = votes[partial][:, order] != Vote.NOT_PARTICIPATING
    cum_pop = np.cumsum(part * population[order], axis=1)
    cum_n = np.cumsum(part, axis=1)
    over = 100 * cum_pop > BLOCKING_POPULATION_PCT * agg.pop_participating[partial, None]
    first = np.argmax(over, axis=1)
    k = np.where(over.any(axis=1), cum_n[np.arange(partial.size), first], cum_n[:, -1])
    minima[partial] = k + 1
    return minima


def decide(spec: RuleSpec, agg: Aggregates, members: int,
           minima: NDArray[np.int64] | None) -> NDArray[np.bool_]:
    """Adoption per run from the aggregates (the rule's legal test, in integers)."""
    held = agg.n_participating > 0
    if spec.kind == "unanimity":
        return held & (agg.n_no == 0)
    if spec.kind == "simple":
        return held & (2 * agg.n_favour > members)
    members_ok = 100 * agg.n_favour >= spec.member_pct * agg.n_participating
    pop_ok = 100 * agg.pop_favour >= spec.population_pct * agg.pop_participating
    attained = members_ok & pop_ok
    if spec.blocking_clause:
        assert minima is not None
        attained = attained | (agg.n_participating - agg.n_favour < minima)
    attained = np.asarray(attained & held, dtype=bool)
    return ~attained if spec.reverse else attained


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
    agg = aggregate(mat, council.population, spec.reverse)
    minima = _blocking_minima(mat, council.population, agg) if spec.blocking_clause else None
    return decide(spec, agg, council.size, minima)
