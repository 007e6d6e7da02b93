"""The accession-measures procedure and its lifting counterpart, as chains of steps.

COM(2020) 57 as described in the Dutch government's answer of 6 December 2022 (see
``docs/eu-rules.md`` §3, §5): on a request or its own initiative the Commission assesses and
proposes a measure; Coreper prepares (Art 240(1) TFEU) for the General Affairs Council
(Council Rules of Procedure, Annex I), which decides — by reverse
qualified majority by default, or by QMV (older negotiating frameworks) or unanimity (the
intergovernmental conference) for comparison; an adopted measure takes effect. Lifting
follows the same path. The Council's ballots come from :mod:`sim.behaviour` with the
measure's severity and the issue's current intensity; the verdict from the rule kernel,
through the generic voting body (:class:`sim.engine.bodies.MemberBody`).

Timing (``docs/eu-rules.md`` §1, §8): Coreper meets weekly [M]; a proposal goes to the next
Council meeting whose provisional agenda could still include it (circulated at least 14 days
ahead [M]); or, for a reverse rule with ``decision = "window"``, no vote is needed: it is
deemed adopted when the window closes unless a qualified majority rejects it — at a GAC
inside the window, or by written procedure on its last day only when every member agreed to
that procedure (RoP Art 12(1)). A window that closes with nobody voting still leaves one
vote record (outcome ``deemed_adopted``, no participants). The reverse majority in
enlargement is the one COM(2020) 57 and the Dutch answer of 6 Dec 2022 describe; windows of
10 days or one month are seen elsewhere in EU law (``docs/eu-rules.md`` §1).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.council.rules import rule_spec
from sim.engine.bodies import MemberBody
from sim.engine.context import Case, Priority, RunContext
from sim.engine.steps import Chain, StepResult, delay, effect, wait
from sim.procedures.accession.board import Board
from sim.procedures.accession.effects import apply_measure, lift_measure
from sim.procedures.accession.measures import MEASURES, describe_in

WRITTEN_PROCEDURE = "written procedure"


def _ballots(ctx: RunContext, case: Case) -> NDArray[np.int8]:
    """The members' ballots on the case's measure (or its lifting), from the ``votes``
    stream: the same draws whatever the rule (common random numbers)."""
    board: Board = ctx.board
    draws = ctx.behaviour.draws(ctx.streams["votes"])
    return ctx.behaviour.ballots(MEASURES[case.data["measure"]].severity,
                                 case.data["lifting"], board.candidate.intensity(), draws)


COUNCIL = MemberBody("council", _ballots)
"""The Council, every member taking part (enlargement is not an opt-out area)."""

NOBODY = MemberBody("council", lambda ctx, case: np.zeros(ctx.council_on(ctx.now).size,
                                                           dtype=np.int8))
"""The Council when a window closes with nobody voting: no member takes part."""


def windowed(ctx: RunContext) -> bool:
    """Whether the Council decides in a window (a reverse rule with ``decision = window``)."""
    return ctx.scenario.council.decision == "window" and rule_spec(ctx.rule).reverse


def assess(ctx: RunContext, case: Case) -> StepResult:
    """The Commission assesses the request or its own finding before proposing (a delay).

    COM(2020) 57: measures follow the Commission's assessment; the delay is the scenario's
    ``commission.assessment`` (or ``lifting_assessment``) [illustrative].
    """
    spec = ctx.scenario.commission
    return (yield from delay(ctx, case, spec.lifting_assessment if case.data["lifting"]
                             else spec.assessment, Priority.COMMISSION))


def propose(ctx: RunContext, case: Case) -> StepResult:
    """The Commission tables its proposal to the Council (COM(2020) 57; Art 293 TFEU)."""
    case.days["proposed"] = ctx.now
    if not case.data["lifting"]:
        board: Board = ctx.board
        board.commission.proposals += 1
    what = describe_in(ctx, case.data["measure"])
    verb = "proposes to lift the measure" if case.data["lifting"] else "proposes"
    ctx.log("Commission", "proposal", f"{verb}: {what}", case.number)
    return True
    yield  # a generator, like every step


def _venue(ctx: RunContext, day: float) -> str:
    """How the story names the Council meeting on ``day``: its formation, with "(an "A"
    item after Coreper)" when it is not the General Affairs Council, and "(date
    approximate)" when the date is generated rather than known."""
    name = dict(ctx.calendar.councils_between(day, day)).get(int(day), "")
    gac = ctx.scenario.council.calendar.council_name
    text = name if name == gac else f"{name}, as an \"A\" item after Coreper (RoP Art 3(6))"
    return text if ctx.calendar.is_real(day) else f"{text} (date approximate)"


def _meetings(ctx: RunContext, first: float, last: float) -> list[int]:
    """Council meetings from ``first`` to ``last`` that may decide the measure: the General
    Affairs Council (RoP Annex I), or any formation when ``a_items`` (RoP Art 3(6))."""
    gac = ctx.scenario.council.calendar.council_name
    return [d for d, name in ctx.calendar.councils_between(first, last)
            if name == gac or ctx.scenario.council.a_items]


def prepare(ctx: RunContext, case: Case) -> StepResult:
    """Coreper examines the proposal and prepares the Council's decision (Art 240(1) TFEU)
    for the General Affairs Council (RoP Annex I).

    ``meeting`` mode: the next GAC whose provisional agenda can still include it (or, with
    ``a_items``, an earlier meeting of another formation, as an "A" item, RoP Art 3(6)).
    Window mode: the window's end is fixed now (Coreper examines it at the latest on its
    last day); the members may reject it at a meeting inside the window, or — only when
    every member has agreed to the written procedure (RoP Art 12(1)) — by written procedure
    on its last day; otherwise the window closes with no vote.
    """
    spec = ctx.scenario.council
    day = float(ctx.calendar.next_coreper(ctx.now + spec.coreper_min_days))
    if windowed(ctx):
        case.data["window_end"] = case.day("proposed") + spec.window_days
        day = min(day, case.data["window_end"])
    if not (yield from wait(ctx, case, day - ctx.now, Priority.COUNCIL)):
        return False
    earliest = ctx.now + spec.agenda_notice_days
    if windowed(ctx):
        end = case.data["window_end"]
        inside = _meetings(ctx, earliest, end)
        if inside:
            when, venue = float(inside[0]), _venue(ctx, inside[0])
            text = f"the members may reject it at the {venue}, {ctx.recorder.date(when)}"
        elif spec.written_procedure:
            when, venue = max(ctx.now, end), WRITTEN_PROCEDURE
            text = (f"no Council meeting falls in the window: the members, who have all "
                    f"agreed to it (RoP Art 12(1)), may reject it by written procedure on "
                    f"{ctx.recorder.date(when)}")
        else:
            when, venue = max(ctx.now, end), ""
            text = (f"no Council meeting falls in the window and the written procedure "
                    f"needs every member's agreement (RoP Art 12(1)): unless rejected, it is "
                    f"deemed adopted on {ctx.recorder.date(when)}")
    else:
        first = _meetings(ctx, earliest, earliest + 400.0)
        when = float(first[0]) if first else float(ctx.calendar.next_meeting_of(
            earliest, spec.calendar.council_name)[0])
        venue = _venue(ctx, when)
        text = f"the Council decides at the {venue}, {ctx.recorder.date(when)}"
    case.data["scheduled_day"], case.data["venue"] = when, venue
    ctx.log("Coreper", "coreper", f"examines the proposal; {text}", case.number)
    return True


def vote(ctx: RunContext, case: Case) -> StepResult:
    """The Council votes under the run's rule on the day :func:`prepare` set; the rule
    kernel gives the verdict. In a window with no meeting and no written procedure nobody
    votes: the record says the proposal is deemed adopted (``participants`` 0)."""
    if not (yield from wait(ctx, case, case.data["scheduled_day"] - ctx.now,
                            Priority.COUNCIL)):
        return False
    lifting = case.data["lifting"]
    step = "lift" if lifting else "impose"
    extra = {"measure": case.data["measure"], "lifting": lifting, "venue": case.data["venue"]}
    what = ("lifting: " if lifting else "") + describe_in(ctx, case.data["measure"])
    name = rule_spec(ctx.rule).title
    if windowed(ctx) and not case.data["venue"]:
        # nobody votes: no member takes part, and under a reverse rule the rule kernel then
        # rejects nothing (sim.council.rules), so the proposal stands
        row = NOBODY.vote(ctx, case, rule=ctx.rule, step=step,
                          words=("deemed_adopted", "rejected"), extra=extra)
        del case.days["voted"]
        row |= {"n_reject": 0, "n_not_participating": 0, "pop_reject_share": math.nan}
        case.data["n_reject"], case.data["pop_reject_share"] = 0, math.nan
        ctx.log("Council", "vote", f"no vote on {what}: nobody voted within the window",
                case.number)
        return True
    words = ("deemed_adopted", "rejected") if windowed(ctx) else ("adopted", "rejected")
    row = COUNCIL.vote(ctx, case, rule=ctx.rule, step=step, words=words, extra=extra)
    council = ctx.council_on(ctx.now)
    against = [c for c in council.codes if row[f"vote_{c}"] == "no"]
    row["n_reject"] = case.data["n_reject"] = len(against)
    row["n_not_participating"] = council.size - row["participants"]
    row["pop_reject_share"] = case.data["pop_reject_share"] = council.share(against)
    venue = case.data["venue"]
    ctx.log("Council", "vote", f"{venue[0].upper() + venue[1:]}: vote by {name} on {what}",
            case.number)
    return True


def decide(ctx: RunContext, case: Case) -> StepResult:
    """Record the decision: adopted (for a reverse rule: deemed adopted when the window
    closes) or rejected. Ends the procedure on rejection, or when the Commission withdrew
    the proposal while the window was still open: until the window closes the Council has
    not acted, so the Commission may still withdraw it (Art 293(2) TFEU)."""
    reverse = rule_spec(ctx.rule).reverse
    if not case.adopted:
        case.days["decided"] = ctx.now
        text = ("rejected by a qualified majority: the proposal falls" if reverse
                else "not adopted: the proposal falls")
        ctx.log("Council", "rejected", text, case.number)
        return False
    end = case.data.get("window_end", math.nan)
    if windowed(ctx) and end > ctx.now and not (
            yield from wait(ctx, case, end - ctx.now, Priority.EFFECT)):
        return False  # withdrawn before the window closed (Art 293(2) TFEU)
    case.days["decided"] = ctx.now
    what = "the measure is lifted" if case.data["lifting"] else "the measure takes effect"
    days = ctx.scenario.council.window_days
    if windowed(ctx):
        text = (f"the {days:.0f}-day window closes; no qualified majority rejected the "
                f"proposal, so it is deemed adopted: {what}")
    elif reverse:
        text = f"the proposal stands, no qualified majority having rejected it: {what}"
    else:
        text = f"adopted: {what}"
    ctx.log("Council", "adopted", text, case.number)
    return True


def _effect(fn: Any, kind: str) -> Any:
    def step(ctx: RunContext, case: Case) -> StepResult:
        return (yield from effect(ctx, case, fn, actor="EU", kind=kind))
    return step


MEASURE = Chain("accession-measures", (
    ("assess", assess), ("propose", propose), ("prepare", prepare), ("vote", vote),
    ("decide", decide), ("apply", _effect(apply_measure, "measure-applied"))))
"""Impose a measure of the ladder on a backsliding candidate."""

LIFTING = Chain("lifting", (
    ("assess", assess), ("propose", propose), ("prepare", prepare), ("vote", vote),
    ("decide", decide), ("lift", _effect(lift_measure, "lift-applied"))))
"""Lift a measure once the candidate has realigned."""

