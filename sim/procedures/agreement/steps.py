"""The step chain of an agreement under Art 218 TFEU, one case per partner.

Commission recommendation → Council decision authorising negotiations and adopting
directives (Art 218(3)-(4)) → negotiation → Council decision on signature, possibly with
provisional application (Art 218(5)) → signature → the Parliament's consent where required
(Art 218(6)(a); a majority of the votes cast) → Council decision concluding it (Art 218(6)).
The Council acts by a qualified majority throughout, by unanimity where the field requires
it (Art 218(8)); members not taking part (e.g. IE and DK for Schengen-building border
measures: Council Decision (EU) 2024/1639, recitals 4-5) make Art 238(3) TFEU apply.

Each partner's agreement is one :class:`~sim.engine.context.Case` (``data``: the partner,
who stopped it); its steps are the engine's (:mod:`sim.engine.steps`): delays, the Council
as a :class:`~sim.engine.bodies.MemberBody` and the Parliament as a
:class:`~sim.engine.bodies.DecidingBody`. The days of a case: ``mandate``, ``initialled``,
``signature``, ``consent``, ``conclusion``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.council.bodies import BodyVote
from sim.council.rules import rule_spec
from sim.engine import steps
from sim.engine.bodies import DecidingBody, MemberBody
from sim.engine.context import Case, Priority, RunContext
from sim.parliament.behaviour import ParliamentBehaviour
from sim.parliament.seats import load_parliament
from sim.parliament.vote import parliament_vote

PROCEDURE = "agreement"


def _ballots(ctx: RunContext, case: Case) -> NDArray[np.int8]:
    """Member states' ballots on a Council decision (the calibrated base rates)."""
    draws = ctx.behaviour.draws(ctx.streams["votes"])
    return np.asarray(ctx.behaviour.ballots(0.0, False, 0.0, draws), dtype=np.int8)


def _consent(ctx: RunContext, case: Case) -> BodyVote:
    ep = load_parliament()
    beh = ParliamentBehaviour.from_spec(ctx.scenario.parliament, ep)
    return parliament_vote("consent", *beh.votes(beh.draws(ctx.streams["parliament"])), ep)


PARLIAMENT = DecidingBody("parliament", _consent)
"""The European Parliament's consent, a majority of the votes cast (Art 218(6)(a))."""


def _meeting(ctx: RunContext) -> Generator[Any, Any, None]:
    """Wait for the next Council meeting (the decision is taken there)."""
    day, _ = ctx.calendar.next_council(ctx.now)
    yield ctx.wake(day - ctx.now, Priority.COUNCIL)


def _council(ctx: RunContext, case: Case, step: str, what: str) -> Generator[Any, Any, bool]:
    """The Council decides at its next meeting under ``ctx.rule``, among the participants."""
    yield from _meeting(ctx)
    body = MemberBody("council", _ballots, tuple(c for c in ctx.membership.codes
                                                 if c not in ctx.scenario.not_taking_part))
    row = body.vote(ctx, case, rule=ctx.rule, step=step, extra={"voted": True})
    article = rule_spec(ctx.rule).source(not row["not_participating"])
    row["article"] = article
    case.days["decided"] = ctx.now
    ctx.log("Council", "vote", f"decision {what} the {ctx.scenario.subject} with "
            f"{case.data['partner']}: {row['outcome']} ({article}; Art 218 TFEU)", case.number)
    if not case.adopted:
        case.data["stopped_by"] = "council"
    return bool(case.adopted)


def chain(ctx: RunContext, case: Case, mandate_day: float | None) -> Generator[Any, Any, None]:
    """SimPy process: one partner's agreement from the recommendation to its conclusion."""
    spec, partner = ctx.scenario, case.data["partner"]
    if mandate_day is None:
        ctx.log("Commission", "proposal", f"recommends opening negotiations with "
                f"{partner} (Art 218(3) TFEU)", case.number)
        yield from steps.delay(ctx, case, spec.recommendation, Priority.COUNCIL)
    else:
        yield from steps.wait(ctx, case, mandate_day - ctx.now, Priority.COUNCIL)
    if not (yield from _council(ctx, case, "authorisation", "authorising negotiations on")):
        return
    case.days["mandate"] = ctx.now
    yield from steps.delay(ctx, case, spec.negotiation)
    case.days["initialled"] = ctx.now
    ctx.log("Commission", "initialled", f"negotiations with {partner} end: the text "
            "is initialled", case.number)
    yield from steps.delay(ctx, case, spec.signature_decision, Priority.COUNCIL)
    if not (yield from _council(ctx, case, "signature", "on signing")):
        return
    yield from steps.delay(ctx, case, spec.signing, Priority.EFFECT)
    case.days["signature"] = ctx.now
    ctx.log(partner, "signed", f"signs the {spec.subject} with the Union", case.number)
    if spec.consent_required:
        yield from steps.delay(ctx, case, spec.consent, Priority.COUNCIL)
        row = PARLIAMENT.vote(ctx, case, step="consent", extra={"voted": True})
        ctx.log("Parliament", "vote", f"consent to the {spec.subject} with {partner}: "
                f"{row['n_yes']}-{row['n_no']}-{row['n_abstain']}, "
                f"{str(row['outcome']).replace('_', ' ')} (Art 218(6)(a) TFEU, majority of "
                "the votes cast)", case.number)
        if not case.adopted:
            case.data["stopped_by"] = "parliament"
            return
        case.days["consent"] = ctx.now
    yield from steps.delay(ctx, case, spec.conclusion, Priority.COUNCIL)
    if (yield from _council(ctx, case, "conclusion", "concluding")):
        case.days["conclusion"] = ctx.now
