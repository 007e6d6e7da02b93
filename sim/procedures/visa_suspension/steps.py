"""The step chain of the visa suspension mechanism (Reg (EU) 2018/1806 Art 8, 10, 11).

examination (Art 8(4)) → the Commission decides whether action is required (Art 8(5)) →
draft implementing act to the examination committee (Art 11(2); Reg (EU) 182/2011 Art 3(3),
Art 5) → appeal committee after a negative opinion (Art 5(3), Art 6) → implementing act
suspending the exemption for some categories (9 or 12 months) → the Commission's report
whether the circumstances persist (Art 8(6)) → delegated act suspending it for all (18 or
24 months) → objection window of two months, extendable by two (Art 10(5); Art 290(2)
TFEU): the Parliament objects by a majority of its component members, the Council by the
reinforced qualified majority among its participants (Art 238(3)(b)). The chain checks
after every wait whether the third country has realigned: then no further step happens.

The committee, the Parliament and the Council objecting are
:class:`~sim.engine.bodies.DecidingBody` objects; each leaves one vote record of
:mod:`sim.engine.records` (a window closing with no vote too, ``voted`` false).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.council.bodies import BodyVote, committee_opinion, council_objection, exclude
from sim.council.rules import Vote
from sim.engine.bodies import DecidingBody
from sim.engine.context import Case, Priority, RunContext
from sim.parliament.behaviour import ParliamentBehaviour
from sim.parliament.seats import load_parliament
from sim.parliament.vote import parliament_vote
from sim.procedures.visa_suspension.actors import (
    VisaFile,
    ground,
    route_growth,
    the_file,
)


def _ballots(ctx: RunContext) -> np.ndarray:
    """Member states' ballots on the suspension (``NO`` = against), the non-participants
    set to ``NOT_PARTICIPATING``; drawn like the accession procedure's (same stream)."""
    draws = ctx.behaviour.draws(ctx.streams["votes"])
    ballots = ctx.behaviour.ballots(ctx.scenario.severity, False, route_growth(ctx), draws)
    return exclude(ballots, ctx.membership, tuple(ctx.scenario.not_taking_part))


def _opinion(ctx: RunContext, case: Case) -> BodyVote:
    return committee_opinion(_ballots(ctx), ctx.council_on(ctx.now))


COMMITTEE = DecidingBody("committee", _opinion)
"""The examination (or appeal) committee of Reg (EU) 182/2011 Art 5 and 6."""


def _committee(ctx: RunContext, f: VisaFile, step: str) -> str:
    """One committee vote on the draft; returns its opinion."""
    assert f.case is not None
    row = COMMITTEE.vote(ctx, f.case, step=step, extra={"voted": True})
    f.opinion, f.committee_no, f.committee_pop_no_share = (
        row["outcome"], row["n_no"], row["pop_no_share"])
    vote_article = row["article"]
    name = "appeal committee" if step == "appeal" else "committee"
    ctx.log("Committee", "vote", f"{name} on the draft implementing act suspending the visa "
            f"exemption: {str(row['outcome']).replace('_', ' ')} opinion (Reg (EU) 182/2011 "
            f"{'Art 6' if step == 'appeal' else 'Art 5'}; {vote_article})", f.number)
    return str(row["outcome"])


def _objections(ctx: RunContext, f: VisaFile) -> str:
    """The Parliament's and the Council's votes when the objection window closes.

    Each institution votes only if someone wants to object (a group whose line is to
    object tables a motion; a member of the Council asks for a vote); otherwise the window
    closes with no vote, recorded as a row too (``voted`` false). Returns who objected
    (``""``: nobody)."""
    assert f.case is not None
    ep = load_parliament()
    beh = ParliamentBehaviour.from_spec(ctx.scenario.parliament, ep)
    yes, no, abstain = beh.votes(beh.draws(ctx.streams["parliament"]))
    motion = bool((beh.p_yes > 0).any()) and bool(yes.sum() > 0)
    if not motion:
        yes, no, abstain = (np.zeros(ep.size, dtype=np.int64) for _ in range(3))
    ep_vote = parliament_vote("objection", yes, no, abstain, ep)
    DecidingBody("parliament", lambda c, k: ep_vote).vote(
        ctx, f.case, step="delegated-act", extra={"voted": motion})
    ctx.log("Parliament", "vote" if motion else "window-closed",
            ("votes on a motion objecting to the delegated act" if motion else
             "no motion to object is tabled") + f" ({ep_vote.outcome.replace('_', ' ')}; "
            f"Art 290(2) TFEU)", f.number)
    ballots = _ballots(ctx)
    objecting = np.where(ballots == Vote.NO, Vote.YES,
                         np.where(ballots == Vote.YES, Vote.NO, ballots)).astype(np.int8)
    asked = bool((objecting == Vote.YES).any())
    if not asked:  # nobody asks: the window closes without a vote
        objecting = np.where(objecting == Vote.NOT_PARTICIPATING, objecting,
                             Vote.ABSTAIN).astype(np.int8)
    council = council_objection(objecting, ctx.council_on(ctx.now))
    DecidingBody("council", lambda c, k: council).vote(
        ctx, f.case, step="delegated-act", extra={"voted": asked})
    ctx.log("Council", "vote" if asked else "window-closed",
            ("votes on objecting to the delegated act" if asked else
             "no member asks for a vote on objecting") + f" ({council.outcome.replace('_', ' ')}"
            f"; reinforced qualified majority, {council.article})", f.number)
    return "parliament" if ep_vote.adopted else "council" if council.adopted else ""


def chain(ctx: RunContext) -> Any:
    """SimPy process: the file from its first trigger to a suspension or its end."""
    f, com, rng = the_file(ctx), ctx.scenario.commission, ctx.streams["commission"]
    rules = f.rules
    while not f.closed:
        assert f.woken is not None
        yield f.woken  # a notification or the monitoring emitted TRIGGER
        f.woken = ctx.env.event()
        yield ctx.wake(ctx.delay(com.examination), Priority.COMMISSION)
        if f.closed:
            return
        f.examinations += 1
        other = float(rng.random()) < ctx.scenario.triggers.p_other_grounds
        f.ground = ground(ctx, other)
        notified = {c for d, c in f.notifications if ctx.now - d <= 365}
        majority = 2 * len(notified) > ctx.membership.size - len(ctx.scenario.not_taking_part)
        act = bool(f.ground) and (majority or float(rng.random()) < com.p_act)
        found = f"ground: {f.ground}" if f.ground else "no statutory ground in the data"
        states = "member state" if len(notified) == 1 else "member states"
        ctx.log("Commission", "assessment", f"examines the situation ({found}; "
                f"{len(notified)} {states} notified; {rules.act})", f.number)
        if not act:
            f.stopped_by = "no ground" if not f.ground else "commission"
            ctx.log("Commission", "assessment", "decides that no action is required now", f.number)
            f.busy = False
            continue
        yield ctx.wake(ctx.delay(com.drafting) + com.committee_notice_days, Priority.COUNCIL)
        if f.closed:
            return
        opinion = _committee(ctx, f, "implementing-act")
        if opinion == "negative" and float(rng.random()) < com.p_appeal:
            f.appealed = True
            yield ctx.wake(com.appeal_days, Priority.COUNCIL)
            if f.closed:
                return
            opinion = _committee(ctx, f, "appeal")
        if opinion == "negative":
            f.stopped_by, f.closed = "committee", True
            ctx.log("Commission", "rejected", "may not adopt the implementing act after a "
                    "negative opinion (Reg (EU) 182/2011 Art 5(3))", f.number)
            return
        f.implementing_day, f.first_end = ctx.now, ctx.now + rules.first_days
        f.stopped_by = ""
        ctx.log("Commission", "measure-applied", f"adopts the implementing act: visa "
                f"exemption suspended for some categories of nationals for "
                f"{rules.first_days:.0f} days (Art 8(5); {rules.act})", f.number)
        yield ctx.wake(rules.first_days - com.report_before_end_days, Priority.COMMISSION)
        if f.closed:
            return
        ctx.log("Commission", "assessment", "reports that the circumstances persist "
                "(Reg (EU) 2018/1806 Art 8(6))", f.number)
        if float(rng.random()) >= com.p_delegated:
            f.stopped_by = "commission"
            return
        f.delegated_day = ctx.now
        window = rules.objection_days
        if float(rng.random()) < ctx.scenario.p_extend_window:
            f.window_extended, window = True, window + rules.objection_extension_days
        ctx.log("Commission", "proposal", f"adopts a delegated act suspending the exemption "
                f"for all nationals for {rules.extension_days:.0f} days; objection window "
                f"{window:.0f} days (Art 8(6)(b), Art 10(5); Art 290(2) TFEU)", f.number)
        yield ctx.wake(window, Priority.COUNCIL)
        if f.closed:
            return
        f.objection_by = _objections(ctx, f)
        if f.objection_by:
            f.stopped_by = f.objection_by
            ctx.log("Commission", "rejected", f"the delegated act does not enter into force: "
                    f"the {f.objection_by.capitalize()} objected", f.number)
            return
        f.full_day = max(ctx.now, f.first_end)
        f.full_end = f.full_day + rules.extension_days
        ctx.log("Commission", "measure-applied", "the delegated act enters into force when "
                "the first suspension ends: no objection", f.number)
        return
