"""Voting power in the Council: exact Banzhaf and Shapley–Shubik indices.

A member's *Banzhaf* (Penrose) power is the probability that its vote decides the outcome
when every other member votes yes or no at random (absolute index); the *normalised* index
divides by the sum over members. Its *Shapley–Shubik* power is the probability that it is
the pivot when members join a coalition in a random order. Both are computed here exactly,
from integer swing counts (:mod:`sim.power_count`), for every rule of :mod:`sim.rules`:

* ``qmv`` — Art 16(4) TEU: 55 % of members and 65 % of population, with the 4-member
  blocking clause; with members not participating, Art 238(3)(a) TFEU on the participants;
* ``reinforced-qmv`` — Art 238(2) and 238(3)(b) TFEU: 72 % of members, no clause;
* ``rqmv`` — the ``qmv`` game played on the votes to *reject* (``side="reject"``), or its
  dual, the power to *keep* the proposal (``side="keep"``). A member swings ``S`` in a game
  exactly when it swings the complement of ``S + i`` in the dual, so the two sides have the
  same Banzhaf and Shapley–Shubik indices; their passage probabilities differ;
* ``simple-majority`` (Art 238(1) TFEU) and ``unanimity`` (Art 238(4) TFEU).

Each reduces to a *size-threshold game*: ``S`` wins iff ``pop(S) >= T[|S|]``, with integer
quotas (``100 * pop >= 65 * total`` becomes ``pop >= ceil(65 * total / 100)``), so the
65 % boundary is exact.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from sim.council.members import ALL_CANDIDATES, WESTERN_BALKANS, Council, split_codes
from sim.council.rules import RuleSpec, blocking_minimum, rule_spec
from sim.errors import InputError
from sim.power.count import MAX_EXACT_MEMBERS, swing_counts

PRESETS: dict[str, tuple[str, ...]] = {
    "WB6": WESTERN_BALKANS,
    "WESTERN-BALKANS": WESTERN_BALKANS,
    "ALL": ALL_CANDIDATES,
    "CANDIDATES": ALL_CANDIDATES,
}
"""Named sets of candidate countries accepted by :func:`parse_codes`."""


@dataclass(frozen=True, eq=False)
class PowerGame:
    """A Council rule as a size-threshold game on the participating members.

    Attributes
    ----------
    rule, side : str
        Rule name; ``"adopt"``, or for ``rqmv`` ``"reject"`` / ``"keep"``.
    council : Council
        All members (``M``), participating or not.
    participating : bool array, shape (M,)
        Who takes part in the vote (Art 238(3) TFEU); the others have no power.
    thresholds : int64 array, shape (n + 1,)
        ``n`` participants; a coalition of ``k`` of them wins iff its population is
        ``>= thresholds[k]`` (persons; ``0`` always, ``total + 1`` never).
    """

    rule: str
    side: str
    council: Council
    participating: NDArray[np.bool_]
    thresholds: NDArray[np.int64]

    @property
    def weights(self) -> NDArray[np.int64]:
        """Populations of the participants, shape (n,)."""
        return self.council.population[self.participating]

    def wins(self, size: NDArray[np.int64], population: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Whether coalitions of ``size`` participants and ``population`` persons win."""
        return np.asarray(population >= self.thresholds[size], dtype=bool)


def _thresholds(spec: RuleSpec, n: int, total: int, members: int,
                minimum: int) -> NDArray[np.int64]:
    """Per-size quotas ``T[k]`` (persons) of ``spec`` for ``n`` participants (Art 16(4) TEU,
    Art 238 TFEU); ``members`` is the component membership, ``minimum`` the blocking minimum."""
    k = np.arange(n + 1, dtype=np.int64)
    never = np.int64(total + 1)
    if spec.kind == "unanimity":  # Art 238(4): no participant against
        return np.where(k == n, 0, never).astype(np.int64)
    if spec.kind == "simple":  # Art 238(1): a majority of the component members
        return np.where(2 * k > members, 0, never).astype(np.int64)
    quota = -(-spec.population_pct * total // 100)  # least pop with 100 pop >= pct total
    members_ok = k >= spec.members_needed(n, n == members)
    t = np.where(members_ok, np.int64(quota), never)
    if spec.blocking_clause:  # too few against to block: the population test is waived
        t = np.where(members_ok & (n - k < minimum), 0, t)
    return t.astype(np.int64)


def power_game(rule: str | RuleSpec, council: Council, not_participating: Iterable[str] = (),
               side: str | None = None) -> PowerGame:
    """The size-threshold game of ``rule`` in ``council``.

    ``not_participating`` lists members that do not take part (Art 238(3) TFEU: thresholds
    and the blocking minimum then count participants only). ``side`` is ``"reject"``
    (default) or ``"keep"`` for ``rqmv``, and ``"adopt"`` for every other rule.
    """
    spec = rule if isinstance(rule, RuleSpec) else rule_spec(rule)
    sides = ("reject", "keep") if spec.reverse else ("adopt",)
    side = side or sides[0]
    if side not in sides:
        raise InputError(f"rule {spec.name} has no side {side!r} (sides: {', '.join(sides)})")
    participating = np.ones(council.size, dtype=bool)
    participating[council.index(list(not_participating))] = False
    w = council.population[participating]
    if w.size == 0:
        raise InputError("no member takes part in the vote")
    total = int(w.sum())
    minimum = blocking_minimum(w, full=bool(participating.all()))
    t = _thresholds(spec, w.size, total, council.size, minimum)
    if side == "keep":  # dual game: S keeps the proposal iff the others cannot reject it
        t = np.int64(total + 1) - t[::-1]
    participating.setflags(write=False)
    t.setflags(write=False)
    return PowerGame(spec.name, side, council, participating, t)


@dataclass(frozen=True, eq=False)
class PowerResult:
    """Power indices of every member of a game's Council (arrays of shape (M,)).

    Non-participants have zero power. ``*_se`` are Monte Carlo standard errors (``None``
    for exact results); ``passage`` is the share of all coalitions that win.
    """

    game: PowerGame
    method: str
    banzhaf: NDArray[np.float64]
    banzhaf_normalised: NDArray[np.float64]
    shapley_shubik: NDArray[np.float64]
    passage: float
    samples: int = 0
    banzhaf_se: NDArray[np.float64] | None = None
    banzhaf_normalised_se: NDArray[np.float64] | None = None
    shapley_shubik_se: NDArray[np.float64] | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """Member codes, in Council order."""
        return self.game.council.codes

    def square_root(self) -> NDArray[np.float64]:
        """Penrose square-root benchmark shares of the participants (0 for the others)."""
        return square_root_shares(self.game.council.population, self.game.participating)

    @property
    def passage_se(self) -> float | None:
        """Standard error of a Monte Carlo ``passage`` (``None`` when exact)."""
        if not self.samples:
            return None
        return float(np.sqrt(self.passage * (1 - self.passage) / self.samples))

    def records(self) -> list[dict[str, object]]:
        """One flat record per member: population share (of the whole Council), indices,
        the square-root benchmark (over participants) and the ratio to it; Monte Carlo
        results add the standard errors ``*_se``."""
        pop = self.game.council.population
        root = self.square_root()
        ratio = np.divide(self.banzhaf_normalised, root, out=np.full(root.size, np.nan),
                          where=root > 0)
        errors = {name: getattr(self, f"{name}_se") for name in
                  ("banzhaf", "banzhaf_normalised", "shapley_shubik")}
        out: list[dict[str, object]] = []
        for i, c in enumerate(self.codes):
            row: dict[str, object] = {
                "code": c, "population": int(pop[i]),
                "participating": bool(self.game.participating[i]),
                "population_share": float(pop[i] / pop.sum()),
                "banzhaf": float(self.banzhaf[i]),
                "banzhaf_normalised": float(self.banzhaf_normalised[i]),
                "shapley_shubik": float(self.shapley_shubik[i]), "square_root": float(root[i]),
                "ratio_to_square_root": None if np.isnan(ratio[i]) else float(ratio[i])}
            for name, se in errors.items():
                if se is not None:
                    row[f"{name}_se"] = float(se[i])
            out.append(row)
        return out


def square_root_shares(population: NDArray[np.int64],
                       participating: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
    """Penrose's benchmark: shares proportional to the square root of population, shape (M,).

    Under it each citizen's indirect Banzhaf power is the same in every member state.
    """
    root = np.sqrt(np.asarray(population, dtype=np.float64))
    if participating is not None:
        root = np.where(participating, root, 0.0)
    return np.asarray(root / root.sum(), dtype=np.float64)


Fractions = list[Fraction]


def indices_from_swings(swings: NDArray[np.int64]) -> tuple[Fractions, Fractions, Fractions]:
    """Exact absolute Banzhaf, normalised Banzhaf and Shapley–Shubik from swing counts.

    ``swings[i, k]`` counts coalitions of ``k`` of the other ``n - 1`` participants that
    ``i`` turns from losing to winning; Shapley–Shubik weighs each by ``k! (n-1-k)! / n!``.
    """
    n = swings.shape[0]
    totals = [int(s) for s in swings.sum(axis=1)]
    grand = sum(totals)
    weight = [math.factorial(k) * math.factorial(n - 1 - k) for k in range(n)]
    nfact = math.factorial(n)
    banzhaf = [Fraction(t, 2 ** (n - 1)) for t in totals]
    normalised = [Fraction(t, grand) if grand else Fraction(0) for t in totals]
    ss = [Fraction(sum(int(c) * wk for c, wk in zip(row, weight, strict=True)), nfact)
          for row in swings]
    return banzhaf, normalised, ss


def _spread(game: PowerGame, values: list[Fraction]) -> NDArray[np.float64]:
    out = np.zeros(game.council.size)
    out[game.participating] = [float(v) for v in values]
    return out


def exact_power(game: PowerGame) -> PowerResult:
    """Exact indices of ``game`` by meet-in-the-middle swing counting (see :mod:`sim.power_count`).

    At most :data:`~sim.power_count.MAX_EXACT_MEMBERS` participants; use
    :func:`sim.power_mc.monte_carlo_power` beyond.
    """
    n = int(game.participating.sum())
    if n > MAX_EXACT_MEMBERS:
        raise InputError(f"{n} voting members: exact power is limited to {MAX_EXACT_MEMBERS}")
    swings, losing = swing_counts(game.weights, game.thresholds)
    banzhaf, normalised, ss = indices_from_swings(swings)
    return PowerResult(game, "exact", _spread(game, banzhaf), _spread(game, normalised),
                       _spread(game, ss), float(Fraction(2**n - losing, 2**n)))


def voting_power(rule: str, council: Council, not_participating: Iterable[str] = (),
                 side: str | None = None) -> PowerResult:
    """Exact power indices of ``rule`` in ``council`` (see :func:`power_game`)."""
    return exact_power(power_game(rule, council, not_participating, side))


def parse_codes(text: str | Iterable[str]) -> tuple[str, ...]:
    """Country codes from ``"RS,ME"`` or a list; presets (:data:`PRESETS`) expand in place."""
    items = split_codes(text) if isinstance(text, str) else [i.strip().upper() for i in text]
    out: list[str] = []
    for item in items:
        for code in PRESETS.get(item, (item,) if item else ()):
            if code not in out:
                out.append(code)
    return tuple(out)
