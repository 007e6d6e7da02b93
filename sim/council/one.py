"""The verdict of one vote in plain Python: :func:`decide_one`, the event engine's path.

The same legal tests as the vectorised kernel (:func:`sim.council.kernel.decide`, rules in
:mod:`sim.council.rules`), on one vote given as a sequence of :class:`~sim.council.rules.Vote`
codes: Python integer sums over at most a few dozen members cost a microsecond or two,
where a NumPy call costs more than that in overhead alone. The tests check it against the
kernel and the explained tally (:mod:`sim.council.tally`) on random councils, rules and
participation.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.council.members import Council
from sim.council.rules import (
    BLOCKING_POPULATION_PCT,
    FULL_COUNCIL_BLOCKING_MINIMUM,
    RuleSpec,
    Vote,
    rule_spec,
)
from sim.errors import InputError

_NOT_PARTICIPATING, _YES, _NO, _ABSTAIN = (int(v) for v in (
    Vote.NOT_PARTICIPATING, Vote.YES, Vote.NO, Vote.ABSTAIN))


def _blocking_minimum(pops: Sequence[int], votes: Sequence[int], total: int) -> int:
    """Fewest members a blocking minority must include when not every member takes part:
    the fewest participants holding more than 35 % of the participating population ``total``,
    plus one (Art 238(3)(a) TFEU)."""
    running = 0
    ranked = sorted((p for p, v in zip(pops, votes, strict=True) if v), reverse=True)
    for k, p in enumerate(ranked, start=1):
        running += p
        if 100 * running > BLOCKING_POPULATION_PCT * total:
            return k + 1
    return len(ranked) + 1


def decide_one(rule: str | RuleSpec, votes: Sequence[int], council: Council) -> bool:
    """Is the act adopted (for a reverse rule: does the proposal stand) on this one vote?

    ``votes``: one :class:`~sim.council.rules.Vote` code per member, in ``council.codes``
    order (a list of ints, or any sequence of integer codes). Codes outside ``Vote`` or a
    wrong length raise :class:`~sim.errors.InputError`. The tests are those of
    :func:`sim.council.kernel.decide`, written in integers: ``count >= ceil(pct * base /
    100)``.
    """
    spec = rule if isinstance(rule, RuleSpec) else rule_spec(rule)
    pops = council.population_values
    members = len(pops)
    if len(votes) != members:
        raise InputError(f"vote matrix must have shape (runs, {members}), got (1, {len(votes)})")
    favour = _NO if spec.reverse else _YES
    n_part = pop_part = n_fav = pop_fav = n_no = 0
    for v, p in zip(votes, pops, strict=True):
        if v == _NOT_PARTICIPATING:
            continue
        if v != _YES and v != _NO and v != _ABSTAIN:
            raise InputError("vote codes must be 0 (not participating), 1, 2 or 3")
        n_part += 1
        pop_part += p
        if v == favour:
            n_fav += 1
            pop_fav += p
        if v == _NO:
            n_no += 1
    full = n_part == members
    if spec.kind == "unanimity":
        result = n_no == 0
    elif spec.kind == "simple":
        result = 2 * n_fav > members
    else:
        members_ok = n_fav >= spec.members_needed(n_part, full)  # Art 16(4) TEU floor too
        result = members_ok and pop_fav >= -(-(spec.population_pct * pop_part) // 100)
        if spec.blocking_clause and members_ok and not result:
            minimum = (FULL_COUNCIL_BLOCKING_MINIMUM if full
                       else _blocking_minimum(pops, votes, pop_part))
            result = n_part - n_fav < minimum  # too few against to block
    if not full:
        result = result and n_part > 0  # nothing is decided without participants
    return not result if spec.reverse else result
