"""Voting bodies: who takes part, how they vote, and the one record each decision leaves.

Every body decides through the rule kernel's one-vote path, :func:`sim.council.one.decide_one`
(plain Python, checked against :func:`sim.council.kernel.adopted` by the tests). A
:class:`MemberBody` is the Council, a comitology committee or the intergovernmental
conference: one vote per member state, ballots supplied by the procedure (a callable, usually
:mod:`sim.behaviour` with the procedure's stakes). Members that do not take part in a measure
(IE and DK for much of the area of freedom, security and justice, Protocols 21 and 22) are
not participants: code 0 (``Vote.NOT_PARTICIPATING``), so the majorities are computed among
the participants (Art 238(3) TFEU) and the record says who was out.

A :class:`DecidingBody` is a body whose whole decision is one explained vote of
:mod:`sim.council.bodies` or :mod:`sim.parliament.vote` (a :class:`~sim.council.bodies.
BodyVote`): a comitology committee's opinion with its three outcomes (Reg (EU) 182/2011
Art 5), the Council's objection to a delegated act by the reinforced qualified majority
(Art 290(2), 238(3)(b) TFEU), the European Parliament's objection or consent. It leaves the
same vote record (:func:`record_vote`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.typing import NDArray

from sim.council.bodies import BodyVote
from sim.council.one import decide_one
from sim.council.rules import Vote, rule_spec
from sim.engine.records import vote_record

if TYPE_CHECKING:
    from sim.engine.context import Case, RunContext

_NOT_PARTICIPATING = int(Vote.NOT_PARTICIPATING)

Ballots = Callable[["RunContext", "Case"], NDArray[np.int8]]
"""The members' vote codes on a case now, in the Council's protocol order."""


class Body(Protocol):
    """A body that decides: it votes on ``case`` now and returns the vote record."""

    name: str

    def vote(self, ctx: RunContext, case: Case, *, rule: str, step: str,
             words: tuple[str, str] = ("adopted", "rejected"),
             extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        ...


@dataclass(frozen=True)
class MemberBody:
    """A body of member states (``council``, ``committee``, ``igc``).

    ``ballots``: the members' votes on a case (the procedure's behaviour).
    ``participants``: codes of the members taking part (``None``: every member).
    """

    name: str
    ballots: Ballots
    participants: tuple[str, ...] | None = None

    def vote(self, ctx: RunContext, case: Case, *, rule: str, step: str,
             words: tuple[str, str] = ("adopted", "rejected"),
             extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Vote on ``case`` now under ``rule``; record it, set ``case.adopted`` and the
        ``voted`` day. ``words``: the record's outcome when the proposal passes, and when
        it does not."""
        table_year, council = ctx.table_on(ctx.now)
        ballots = self.ballots(ctx, case)
        values = (ballots.tolist() if isinstance(ballots, np.ndarray)
                  else [int(v) for v in ballots])
        if self.participants is not None:
            taking_part = self.participants
            values = [v if c in taking_part else _NOT_PARTICIPATING
                      for c, v in zip(council.codes, values, strict=True)]
        spec = rule_spec(rule)
        verdict = decide_one(spec, values, council)
        case.adopted = verdict
        now = ctx.now
        case.days["voted"] = now
        row = vote_record(day=now, date=ctx.recorder.date(now), case=case.number,
                          procedure=case.procedure, variant=ctx.variant, step=step,
                          body=self.name, rule=spec.name,
                          outcome=words[0] if verdict else words[1], adopted=verdict,
                          codes=council.codes, ballots=values,
                          population=council.population_values, extra=extra)
        row["population_year"] = table_year
        ctx.recorder.vote(row)
        return row


Decision = Callable[["RunContext", "Case"], BodyVote]
"""A body's explained decision on a case now."""


def record_vote(ctx: RunContext, case: Case, step: str, vote: BodyVote,
                extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Append the vote record of ``vote`` (the keys of
    :data:`~sim.engine.records.VOTE_KEYS`, then the per-member or per-group columns, then
    ``article``, for member states' bodies ``population_year``, and ``extra``) and return
    it. A member-state body's decision must be computed on ``ctx.council_on(ctx.now)``."""
    row: dict[str, Any] = {"day": ctx.now, "date": ctx.recorder.date(ctx.now),
                           "case": case.number, "procedure": case.procedure,
                           "variant": ctx.variant, "step": step, **vote.record(),
                           "article": vote.article}
    if vote.body != "parliament":  # member states' votes: the population table of the day
        row["population_year"] = ctx.table_on(ctx.now)[0]
    if extra:
        row.update(extra)
    ctx.recorder.vote(row)
    return row


@dataclass(frozen=True)
class DecidingBody:
    """A body whose decision ``decide`` computes whole (``committee``, ``parliament``, the
    ``council`` objecting): the rule is the one its article sets, so ``vote``'s ``rule``
    and ``words`` are not used."""

    name: str
    decide: Decision

    def vote(self, ctx: RunContext, case: Case, *, rule: str = "", step: str,
             words: tuple[str, str] = ("adopted", "rejected"),
             extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Decide on ``case`` now; record it, set ``case.adopted`` and the ``voted`` day."""
        vote = self.decide(ctx, case)
        case.adopted = vote.adopted
        case.days["voted"] = ctx.now
        return record_vote(ctx, case, step, vote, extra)
