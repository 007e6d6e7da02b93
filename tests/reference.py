"""A slow, obviously-correct reference for the voting rules, written from the Treaty text.

Plain Python integers and loops, one member at a time; independent of both the vectorised
kernel (:mod:`sim.rules`) and the explained tally (:mod:`sim.tally`).
"""

from __future__ import annotations

from collections.abc import Sequence

NOT_PARTICIPATING, YES, NO, ABSTAIN = 0, 1, 2, 3


def blocking_minimum(votes: Sequence[int], pops: Sequence[int]) -> int:
    """Art 16(4) TEU (all take part: 4) and Art 238(3)(a) TFEU (the minimum plus one)."""
    present = [p for v, p in zip(votes, pops, strict=True) if v != NOT_PARTICIPATING]
    if len(present) == len(votes):
        return 4
    total = sum(present)
    held = 0
    for count, p in enumerate(sorted(present, reverse=True), start=1):
        held += p
        if held * 100 > 35 * total:
            return count + 1
    return len(present) + 1


def qualified(votes: Sequence[int], pops: Sequence[int], side: int, member_pct: int,
              clause: bool, floor: int = 0) -> bool:
    """Is a qualified majority of votes ``side`` attained among the participants?"""
    n_part = n_side = pop_part = pop_side = 0
    for v, p in zip(votes, pops, strict=True):
        if v == NOT_PARTICIPATING:
            continue
        n_part += 1
        pop_part += p
        if v == side:
            n_side += 1
            pop_side += p
    if n_part == 0:
        return False
    if n_side * 100 < member_pct * n_part:  # the member condition always applies
        return False
    if n_part == len(votes) and n_side < floor:  # Art 16(4) TEU: at least fifteen, not 238(3)
        return False
    if pop_side * 100 >= 65 * pop_part:
        return True
    # too few members not on this side to block: the population condition is deemed met
    return clause and (n_part - n_side) < blocking_minimum(votes, pops)


def reference_adopted(rule: str, votes: Sequence[int], pops: Sequence[int]) -> bool:
    """The verdict of ``rule`` on one vote (for ``rqmv``: does the proposal stand)."""
    if all(v == NOT_PARTICIPATING for v in votes):
        return rule == "rqmv"
    if rule == "qmv":
        return qualified(votes, pops, YES, 55, clause=True, floor=15)
    if rule == "reinforced-qmv":
        return qualified(votes, pops, YES, 72, clause=False)
    if rule == "rqmv":
        return not qualified(votes, pops, NO, 55, clause=True, floor=15)
    if rule == "simple-majority":
        return sum(1 for v in votes if v == YES) * 2 > len(votes)
    if rule == "unanimity":
        return all(v != NO for v in votes)
    raise ValueError(rule)
