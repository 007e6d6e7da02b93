"""The Treaty voting rules of the Council: vote codes, each rule's thresholds, their checks.

Each rule has two faces that must always agree:

* :func:`sim.council.kernel.adopted` — a vectorised kernel over a vote matrix of shape
  ``(runs, members)``, used by the Monte Carlo and the event engine;
* :func:`sim.council.tally.tally` — an explained tally of one vote, for people.

Votes are coded as small integers (:class:`Vote`): ``0`` not participating (Art 238(3)
TFEU), ``1`` yes, ``2`` no, ``3`` abstain. Populations are integer persons, and every
threshold is tested with integer arithmetic, so the 65 % boundary is exact.

The rules (``docs/eu-rules.md`` §1):

===================  =========================================================  ============
name                 adopted when                                               source
===================  =========================================================  ============
``qmv``              ≥ 55 % of participating members in favour, representing    Art 16(4) TEU,
                     ≥ 65 % of their population; the population condition is    Art 238(3)(a)
                     deemed met if fewer members than a blocking minority are   TFEU
                     not in favour
``reinforced-qmv``   ≥ 72 % of participating members, ≥ 65 % of population,     Art 238(2),
                     no blocking-minority clause                                238(3)(b) TFEU
``rqmv``             the proposal stands unless a QMV (as ``qmv``) of the       e.g. Reg (EU)
                     members voting to reject it is attained                    1173/2011 Art 6
``simple-majority``  a majority of the Council's component members in favour    Art 238(1) TFEU
``unanimity``        no participating member votes against; abstentions do      Art 238(4) TFEU
                     not prevent adoption
===================  =========================================================  ============

How the blocking-minority clause is read: "a blocking minority must include at least four
Council members, failing which the qualified majority shall be deemed attained" (Art 16(4)
TEU; Art 238(3)(a) TFEU with its own minimum) waives the *population* condition when too
few members are not in favour; the member condition (55 %) must still hold. With the full
EU-27 the two conditions cannot conflict (24 members in favour always exceed 15), but in
small or partial councils they can, and a qualified majority without a majority of members
is not one. The Treaty's "comprising at least fifteen of them" (Art 16(4) TEU) is implied
by 55 % in any Council of 26 or more members but binds in smaller ones (14 of 25 members
are 55 %, yet 15 are needed; in a Council of fewer than 15 no qualified majority of Art 16(4)
can be reached); eusim applies it when every member takes part, and not under Art 238(3)
TFEU, which sets only percentages.

Conventions where the Treaty is silent: a vote in which no member participates adopts
nothing under any rule (and under ``rqmv`` therefore rejects nothing: the proposal stands);
under ``unanimity`` a vote in which every participant abstains is adopted, as the literal
text of Art 238(4) TFEU gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

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
    partial_article: str = ""
    """The article that applies when not all members take part (Art 238(3) TFEU)."""
    member_floor: int = 0
    """Fewest members in favour when every member takes part: "comprising at least fifteen
    of them" (Art 16(4) TEU). Not under Art 238(3) TFEU (partial participation)."""

    def members_needed(self, n_participating: int, full: bool) -> int:
        """Members the majority needs among ``n_participating``: ``member_pct`` of them,
        and with every member taking part at least ``member_floor`` (Art 16(4) TEU)."""
        need = -(-self.member_pct * n_participating // 100)
        return max(need, self.member_floor) if full else need

    def source(self, full: bool) -> str:
        """The article to cite for a vote with (``full``) or without every member."""
        return self.article if full or not self.partial_article else self.partial_article


RULES: dict[str, RuleSpec] = {
    spec.name: spec
    for spec in (
        RuleSpec("qmv", "qualified majority", "Art 16(4) TEU", "qualified", 55, 65,
                 blocking_clause=True, partial_article="Art 238(3)(a) TFEU",
                 member_floor=15),
        RuleSpec("rqmv", "reverse qualified majority", "reverse QMV: Art 16(4) TEU applied "
                 "to the votes to reject",
                 "qualified", 55, 65, blocking_clause=True, reverse=True,
                 partial_article="reverse QMV: Art 238(3)(a) TFEU applied to the votes to "
                 "reject", member_floor=15),
        RuleSpec("reinforced-qmv", "reinforced qualified majority", "Art 238(2) TFEU",
                 "qualified", 72, 65, partial_article="Art 238(3)(b) TFEU"),
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
    if arr.dtype == np.int8:  # one pass: negative codes wrap to >= 128 as uint8
        bad = arr.size > 0 and int(arr.view(np.uint8).max()) > 3
    else:
        bad = arr.size > 0 and (int(arr.min()) < 0 or int(arr.max()) > 3)
    if bad:
        raise InputError("vote codes must be 0 (not participating), 1, 2 or 3")
    return np.ascontiguousarray(arr, dtype=np.int8)
