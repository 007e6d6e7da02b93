"""The explained tally of one Council vote.

:func:`tally` evaluates a single vote with plain Python integers, one legal condition at a
time, and says in a sentence which condition decided. It is deliberately the slow,
obviously-correct face of each rule: the test suite checks that the vectorised kernel
:func:`sim.rules.adopted` agrees with it on random vote matrices.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from numpy.typing import ArrayLike

from sim.council.members import Council
from sim.council.rules import (
    BLOCKING_POPULATION_PCT,
    RuleSpec,
    Vote,
    blocking_minimum,
    rule_spec,
    validate_votes,
)


@dataclass(frozen=True)
class Tally:
    """One vote, counted and explained.

    Under ``rqmv`` the sides are the votes *to reject* the Commission's proposal:
    ``against`` lists the members voting to reject, ``in_favour`` those voting for the
    proposal, and ``adopted`` means the proposal stands. Population percentages are of the
    participating population, which is the whole Union when every member takes part.
    """

    rule: str
    article: str
    population_source: str
    adopted: bool
    participating: tuple[str, ...]
    in_favour: tuple[str, ...]
    against: tuple[str, ...]
    abstaining: tuple[str, ...]
    not_participating: tuple[str, ...]
    population_in_favour_pct: float
    population_against_pct: float
    population_abstaining_pct: float
    members_required: int
    population_required_pct: int
    blocking_minimum: int | None
    clause_applied: bool
    decided_by: str
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready mapping (tuples become lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def pct(part: int, whole: int, near: int | None = None) -> str:
    """``part / whole`` as a percentage string, honest near a threshold.

    One decimal normally; if that would print exactly ``near`` (say 65.0) while the true
    share differs from it, more decimals are shown until the difference is visible. Exact
    integer arithmetic (rounding half up), so no float can round a share onto the line.
    """
    if whole == 0:
        return "0.0 %"
    num = 100 * part
    digits = 1
    while True:
        scale = 10**digits
        shown = (2 * num * scale + whole) // (2 * whole)  # round half up
        if near is None or num == near * whole or shown != near * scale:
            return f"{shown // scale}.{shown % scale:0{digits}d} %"
        digits += 1


def _names(codes: tuple[str, ...]) -> str:
    return ", ".join(codes) if codes else "none"


def _members(n: int) -> str:
    return f"{n} member" if n == 1 else f"{n} members"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def tally(rule: str | RuleSpec, votes: ArrayLike, council: Council) -> Tally:
    """Count and explain one vote.

    Parameters
    ----------
    rule : str or RuleSpec
        One of :data:`sim.rules.RULES`.
    votes : int array, shape (M,)
        :class:`sim.rules.Vote` codes in ``council.codes`` order.
    council : Council
    """
    spec = rule if isinstance(rule, RuleSpec) else rule_spec(rule)
    row = [int(v) for v in validate_votes(votes, council.size)[0]]
    pops = [int(p) for p in council.population]
    codes = council.codes

    def who(*kinds: Vote) -> tuple[str, ...]:
        return tuple(c for c, v in zip(codes, row, strict=True) if v in kinds)

    def pop_of(members: tuple[str, ...]) -> int:
        return sum(p for c, p in zip(codes, pops, strict=True) if c in members)

    participating = who(Vote.YES, Vote.NO, Vote.ABSTAIN)
    favour_kind = Vote.NO if spec.reverse else Vote.YES
    favour = who(favour_kind)               # the side the majority is built from
    not_favour = tuple(c for c in participating if c not in favour)
    yes, no, abstain = who(Vote.YES), who(Vote.NO), who(Vote.ABSTAIN)
    pop_part = pop_of(participating)
    ctx = _Context(spec, council, participating, favour, not_favour, pop_part, pop_of(favour))
    if not participating:
        verdict = _Verdict(spec.reverse, 0, None, False, "no-participants",
                           "Nothing is decided: no member takes part in the vote.")
    elif spec.kind == "unanimity":
        verdict = _unanimity(ctx, no, abstain)
    elif spec.kind == "simple":
        verdict = _simple(ctx)
    else:
        verdict = _qualified(ctx)
    return Tally(
        rule=spec.name,
        article=spec.source(len(participating) == council.size),
        population_source=council.label,
        adopted=verdict.adopted,
        participating=participating,
        in_favour=yes,
        against=no,
        abstaining=abstain,
        not_participating=who(Vote.NOT_PARTICIPATING),
        population_in_favour_pct=_share(pop_of(yes), pop_part),
        population_against_pct=_share(pop_of(no), pop_part),
        population_abstaining_pct=_share(pop_of(abstain), pop_part),
        members_required=verdict.members_required,
        population_required_pct=spec.population_pct,
        blocking_minimum=verdict.blocking_minimum,
        clause_applied=verdict.clause_applied,
        decided_by=verdict.decided_by,
        explanation=verdict.explanation,
    )


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


@dataclass(frozen=True)
class _Context:
    spec: RuleSpec
    council: Council
    participating: tuple[str, ...]
    favour: tuple[str, ...]
    not_favour: tuple[str, ...]
    pop_part: int
    pop_favour: int

    @property
    def full(self) -> bool:
        return len(self.participating) == self.council.size


@dataclass(frozen=True)
class _Verdict:
    adopted: bool
    members_required: int
    blocking_minimum: int | None
    clause_applied: bool
    decided_by: str
    explanation: str


def _unanimity(ctx: _Context, no: tuple[str, ...], abstain: tuple[str, ...]) -> _Verdict:
    """Art 238(4) TFEU: abstentions do not prevent adoption; any vote against does."""
    n = len(ctx.participating)
    if no:
        text = (f"Not adopted: {_names(no)} voted against; unanimity requires that no "
                f"member votes against (Art 238(4) TFEU).")
        return _Verdict(False, n, None, False, "vote-against", text)
    note = (f" ({_members(len(abstain))} abstained: {_names(abstain)}; abstentions do not "
            f"prevent adoption)" if abstain else "")
    nobody = ("the only participating member did not vote against" if n == 1
              else f"none of the {n} participating members voted against")
    text = f"Adopted: {nobody}{note} (Art 238(4) TFEU)."
    return _Verdict(True, n, None, False, "no-vote-against", text)


def _simple(ctx: _Context) -> _Verdict:
    """Art 238(1) TFEU: a majority of the component members; others count as not in favour."""
    total = ctx.council.size
    need = total // 2 + 1
    n = len(ctx.favour)
    ok = n >= need
    text = (f"{'Adopted' if ok else 'Not adopted'}: {n} of the Council's {total} members "
            f"voted in favour; a simple majority needs {need}, and abstentions and absences "
            f"count as not in favour (Art 238(1) TFEU).")
    return _Verdict(ok, need, None, False, "members", text)


def _qualified(ctx: _Context) -> _Verdict:
    """Art 16(4) TEU, Art 238(2) and (3) TFEU, and reverse QMV on the votes to reject."""
    spec = ctx.spec
    n_part, n_fav = len(ctx.participating), len(ctx.favour)
    need_members = spec.members_needed(n_part, ctx.full)
    members_ok = n_fav >= need_members
    pop_ok = 100 * ctx.pop_favour >= spec.population_pct * ctx.pop_part
    minimum = None
    clause = False
    if spec.blocking_clause:
        part_pops = ctx.council.population[ctx.council.index(ctx.participating)]
        minimum = blocking_minimum(part_pops, ctx.full)
        # the clause waives the population condition only (see sim.rules)
        clause = members_ok and not pop_ok and len(ctx.not_favour) < minimum
    attained = members_ok and (pop_ok or clause)
    decided_by = ("members" if not members_ok else "blocking-clause" if clause
                  else "both" if attained else "population")
    text = _qualified_text(ctx, need_members, members_ok, pop_ok, minimum, clause, attained)
    adopted = not attained if spec.reverse else attained
    return _Verdict(adopted, need_members, minimum, clause, decided_by, text)


def _qualified_text(ctx: _Context, need: int, members_ok: bool, pop_ok: bool,
                    minimum: int | None, clause: bool, attained: bool) -> str:
    spec = ctx.spec
    n_part, n_fav = len(ctx.participating), len(ctx.favour)
    share = pct(ctx.pop_favour, ctx.pop_part, spec.population_pct)
    whose = "the population" if ctx.full else "the participating population"
    source = f"({spec.source(ctx.full)})"
    scope = ""
    if not ctx.full:
        absent = tuple(c for c in ctx.council.codes if c not in ctx.participating)
        verb = "does" if len(absent) == 1 else "do"
        scope = (f"Only {n_part} of {ctx.council.size} members take part ({_names(absent)} "
                 f"{verb} not), so the thresholds apply to the participants (Art 238(3) TFEU)")
        if minimum is not None:
            scope += (f"; a blocking minority needs the fewest participants holding more "
                      f"than {BLOCKING_POPULATION_PCT} % of their population plus one, here "
                      f"{minimum}")
        scope += ". "
    if spec.reverse:
        return scope + _reverse_text(ctx, need, share, whose, minimum, clause, attained, source)
    counted = f"{n_fav} of {n_part} members in favour, representing {share} of {whose}"
    if clause:
        return scope + (
            f"Adopted: {counted}, below the {spec.population_pct} % required; but the "
            f"{_members(len(ctx.not_favour))} not in favour {_are(len(ctx.not_favour))} "
            f"fewer than the {minimum} a "
            f"blocking minority needs, so a qualified majority is deemed attained {source}.")
    if attained:
        return scope + (
            f"Adopted: {counted}; a qualified majority needs {need} members "
            f"({spec.member_pct} %) representing {spec.population_pct} % {source}.")
    reasons = []
    if not members_ok:
        reasons.append(f"fewer than the {need} members ({spec.member_pct} %) required")
    if not pop_ok:
        reasons.append(f"less than the {spec.population_pct} % of {whose} required")
    blocking = ""
    if minimum is not None and not pop_ok and members_ok:
        blockers = pct(ctx.pop_part - ctx.pop_favour, ctx.pop_part, 100 - spec.population_pct)
        blocking = (f"; the {_members(len(ctx.not_favour))} not in favour "
                    f"({_names(ctx.not_favour)}) hold {blockers} and so form a blocking "
                    f"minority (it needs at least {minimum} members)")
    elif minimum is None and not pop_ok:
        blocking = "; no blocking-minority clause applies to this rule"
    return scope + f"Not adopted: {counted}, {' and '.join(reasons)}{blocking} {source}."


def _reverse_text(ctx: _Context, need: int, share: str, whose: str, minimum: int | None,
                  clause: bool, rejected: bool, source: str) -> str:
    """The reverse-QMV verdict; when the proposal stands, which test of the rejection failed."""
    spec = ctx.spec
    n_rej = len(ctx.favour)
    who_rej = f"{_members(n_rej)} ({share} of {whose}) voted to reject"
    rule = (f"a rejection needs {need} members ({spec.member_pct} %) representing "
            f"{spec.population_pct} %")
    if clause:
        n_other = len(ctx.not_favour)
        return (f"The proposal is rejected: {who_rej}; the {_members(n_other)} not voting to "
                f"reject {_are(n_other)} fewer than the {minimum} a blocking minority needs, so "
                f"the rejection is deemed attained {source}.")
    if rejected:
        return (f"The proposal is rejected: {who_rej}, a qualified majority against it; "
                f"{rule} {source}.")
    reasons = []
    if n_rej < need:
        reasons.append(f"fewer than the {need} members required")
    if 100 * ctx.pop_favour < spec.population_pct * ctx.pop_part:
        reasons.append(f"less than the {spec.population_pct} % of {whose} required")
    why = f" — {' and '.join(reasons)}" if reasons else ""
    return f"The proposal stands: {who_rej}{why}; {rule} {source}."

