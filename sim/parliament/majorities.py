"""The Parliament's majorities: vectorised verdicts and the explained count of one vote.

=============  ==============================================  ==========================
majority       passes when                                     used for
=============  ==============================================  ==========================
``component``  votes in favour > half the component members    objecting to a delegated
               (361 of 720); abstentions and absences count    act, Art 290(2) TFEU [T]
               as not in favour
``cast``       votes in favour > votes against; abstentions    consent to an agreement,
               are not votes cast; no vote cast, no majority   Art 218(6)(a) TFEU, by the
                                                               EP's Rules of Procedure [M]
=============  ==============================================  ==========================

Votes are counted per group as seat counts: arrays of shape (runs, G) of members voting
yes, no and abstaining (the rest are absent). Integer tests only, so 360 / 361 is exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.errors import InputError


@dataclass(frozen=True)
class Majority:
    """A Parliament majority: its name, title and source."""

    name: str
    title: str
    article: str


MAJORITIES: dict[str, Majority] = {
    "component": Majority("component", "majority of its component members",
                          "Art 290(2) TFEU"),
    "cast": Majority("cast", "majority of the votes cast",
                     "Art 218(6)(a) TFEU; EP Rules of Procedure"),
}


def _check(majority: str) -> Majority:
    try:
        return MAJORITIES[majority]
    except KeyError:
        raise InputError(f"unknown Parliament majority {majority!r} "
                         f"(majorities: {', '.join(MAJORITIES)})") from None


def passes(majority: str, yes: ArrayLike, no: ArrayLike, members: int) -> NDArray[np.bool_]:
    """Whether each vote passes: ``yes`` and ``no`` are totals per run, shape (runs,)."""
    rule = _check(majority)
    y = np.asarray(yes, dtype=np.int64)
    n = np.asarray(no, dtype=np.int64)
    if rule.name == "component":
        return np.asarray(2 * y > members, dtype=np.bool_)
    return np.asarray(y > n, dtype=np.bool_)


@dataclass(frozen=True)
class Count:
    """One Parliament vote, counted and explained."""

    majority: str
    article: str
    passed: bool
    yes: int
    no: int
    abstain: int
    absent: int
    needed: int
    explanation: str


def tally(majority: str, yes: ArrayLike, no: ArrayLike, abstain: ArrayLike,
          members: int) -> Count:
    """The count of one vote from per-group seat counts (each shape (G,)), in words."""
    rule = _check(majority)
    y, n, a = (int(np.asarray(v, dtype=np.int64).sum()) for v in (yes, no, abstain))
    if y + n + a > members:
        raise InputError(f"{y + n + a} votes in a Parliament of {members}")
    needed = members // 2 + 1 if rule.name == "component" else n + 1
    passed = bool(passes(majority, [y], [n], members)[0])
    base = (f"{members} component members" if rule.name == "component"
            else f"{y + n} votes cast")
    verb = "passes" if passed else "fails"
    text = (f"The motion {verb}: {y} in favour, {n} against, {a} abstaining "
            f"({members - y - n - a} absent); a {rule.title} needs {needed} in favour "
            f"of {base} ({rule.article}).")
    return Count(rule.name, rule.article, passed, y, n, a, members - y - n - a, needed, text)
