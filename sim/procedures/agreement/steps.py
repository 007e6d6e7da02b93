"""The step chain of an agreement under Art 218 TFEU, one case per partner.

Commission recommendation → Council decision authorising negotiations and adopting
directives (Art 218(3)-(4)) → negotiation → Council decision on signature, possibly with
provisional application (Art 218(5)) → signature → the Parliament's consent where required
(Art 218(6)(a); a majority of the votes cast) → Council decision concluding it (Art 218(6)).
The Council acts by a qualified majority throughout, by unanimity where the field requires
it (Art 218(8)); members not taking part (e.g. IE and DK for Schengen-building border
measures: Council Decision (EU) 2024/1639, recitals 4-5) make Art 238(3) TFEU apply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sim.council.bodies import council_decision, exclude
from sim.engine.context import Priority
from sim.parliament.behaviour import ParliamentBehaviour
from sim.parliament.seats import load_parliament
from sim.parliament.vote import parliament_vote
from sim.procedures.runner import ProcedureContext

PROCEDURE = "agreement"


@dataclass
class AgreementCase:
    """One partner's agreement (days; NaN until it happens)."""

    number: int
    partner: str
    mandate_day: float = math.nan
    initialled_day: float = math.nan
    signature_day: float = math.nan
    consent_day: float = math.nan
    conclusion_day: float = math.nan
    stopped_by: str = ""


def _meeting(ctx: ProcedureContext) -> Any:
    """Wait for the next Council meeting (the decision is taken there)."""
    day, _ = ctx.calendar.next_council(ctx.now)
    yield ctx.wake(day - ctx.now, Priority.COUNCIL)


def _council(ctx: ProcedureContext, case: AgreementCase, step: str, what: str) -> bool:
    spec = ctx.spec
    draws = ctx.behaviour.draws(ctx.streams["votes"])
    ballots = exclude(ctx.behaviour.ballots(0.0, False, 0.0, draws), ctx.membership,
                      tuple(spec.not_taking_part))
    vote = council_decision(ballots, ctx.membership, spec.rule)
    ctx.record(case.number, PROCEDURE, step, vote)
    ctx.log("Council", "vote", f"decision {what} the {spec.subject} with {case.partner}: "
            f"{vote.outcome} ({vote.article}; Art 218 TFEU)", case.number)
    if not vote.adopted:
        case.stopped_by = "council"
    return vote.adopted


def _consent(ctx: ProcedureContext, case: AgreementCase) -> bool:
    ep = load_parliament()
    beh = ParliamentBehaviour.from_spec(ctx.spec.parliament, ep)
    vote = parliament_vote("consent", *beh.votes(beh.draws(ctx.streams["parliament"])), ep)
    ctx.record(case.number, PROCEDURE, "consent", vote)
    ctx.log("Parliament", "vote", f"consent to the {ctx.spec.subject} with {case.partner}: "
            f"{vote.n_yes}-{vote.n_no}-{vote.n_abstain}, {vote.outcome.replace('_', ' ')} "
            f"(Art 218(6)(a) TFEU, majority of the votes cast)", case.number)
    if not vote.adopted:
        case.stopped_by = "parliament"
    return vote.adopted


def chain(ctx: ProcedureContext, case: AgreementCase, mandate_day: float | None) -> Any:
    """SimPy process: one partner's agreement from the recommendation to its conclusion."""
    spec = ctx.spec
    if mandate_day is None:
        ctx.log("Commission", "proposal", f"recommends opening negotiations with "
                f"{case.partner} (Art 218(3) TFEU)", case.number)
        yield ctx.wake(ctx.delay(spec.recommendation), Priority.COUNCIL)
    else:
        yield ctx.wake(mandate_day - ctx.now, Priority.COUNCIL)
    yield from _meeting(ctx)
    if not _council(ctx, case, "authorisation", "authorising negotiations on"):
        return
    case.mandate_day = ctx.now
    yield ctx.wake(ctx.delay(spec.negotiation), Priority.COMMISSION)
    case.initialled_day = ctx.now
    ctx.log("Commission", "initialled", f"negotiations with {case.partner} end: the text "
            "is initialled", case.number)
    yield ctx.wake(ctx.delay(spec.signature_decision), Priority.COUNCIL)
    yield from _meeting(ctx)
    if not _council(ctx, case, "signature", "on signing"):
        return
    yield ctx.wake(ctx.delay(spec.signing), Priority.EFFECT)
    case.signature_day = ctx.now
    ctx.log(case.partner, "signed", f"signs the {spec.subject} with the Union",
            case.number)
    if spec.consent_required:
        yield ctx.wake(ctx.delay(spec.consent), Priority.COUNCIL)
        if not _consent(ctx, case):
            return
        case.consent_day = ctx.now
    yield ctx.wake(ctx.delay(spec.conclusion), Priority.COUNCIL)
    yield from _meeting(ctx)
    if _council(ctx, case, "conclusion", "concluding"):
        case.conclusion_day = ctx.now
