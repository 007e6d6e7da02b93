"""The accession-measures procedure and its lifting counterpart, as chains of steps.

COM(2020) 57 as described in the Dutch government's answer of 6 December 2022 (see
``docs/eu-rules.md`` §3, §5): on a request or its own initiative the Commission assesses and
proposes a measure; Coreper prepares (Art 240(1) TFEU); the Council decides — by reverse
qualified majority by default, or by QMV (older negotiating frameworks) or unanimity (the
intergovernmental conference) for comparison; an adopted measure takes effect. Lifting
follows the same path. The Council's ballots come from :mod:`sim.behaviour` with the
measure's severity and the issue's current intensity; the verdict from the rule kernel,
through the generic voting body (:class:`sim.engine.bodies.MemberBody`).

Timing (``docs/eu-rules.md`` §1, §8): Coreper meets weekly [M]; a proposal goes to the next
Council meeting whose provisional agenda could still include it (circulated at least 14 days
ahead [M]); or, for a reverse rule with ``decision = "window"``, it is deemed adopted unless
rejected within the window — at a Council meeting inside the window, or else by written
procedure on its last day (RQMV windows in EU law: 10 days, one month — Reg (EU) 1173/2011
Art 6 [T]).
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


def prepare(ctx: RunContext, case: Case) -> StepResult:
    """Coreper examines the proposal and prepares the Council's decision (Art 240(1) TFEU).

    In window mode the window's end is fixed now; if Coreper would meet after it, the
    examination falls on the window's last day and the Council decides by written procedure.
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
        inside = ctx.calendar.councils_between(earliest, case.data["window_end"])
        when, venue = ((float(inside[0][0]), inside[0][1]) if inside
                       else (max(ctx.now, case.data["window_end"]), WRITTEN_PROCEDURE))
    else:
        meeting, venue = ctx.calendar.next_council(earliest)
        when = float(meeting)
    case.data["scheduled_day"], case.data["venue"] = when, venue
    ctx.log("Coreper", "coreper", f"examines the proposal; the Council decides at: "
            f"{venue}, {ctx.recorder.date(when)}", case.number)
    return True


def vote(ctx: RunContext, case: Case) -> StepResult:
    """The Council votes under the run's rule on the day :func:`prepare` set; the rule
    kernel gives the verdict."""
    if not (yield from wait(ctx, case, case.data["scheduled_day"] - ctx.now,
                            Priority.COUNCIL)):
        return False
    lifting = case.data["lifting"]
    row = COUNCIL.vote(ctx, case, rule=ctx.rule, step="lift" if lifting else "impose",
                       extra={"measure": case.data["measure"], "lifting": lifting,
                              "venue": case.data["venue"]})
    council = ctx.council_on(ctx.now)
    against = [c for c in council.codes if row[f"vote_{c}"] == "no"]
    row["n_reject"] = case.data["n_reject"] = len(against)
    row["n_not_participating"] = council.size - row["participants"]
    row["pop_reject_share"] = case.data["pop_reject_share"] = council.share(against)
    what = ("lifting: " if lifting else "") + describe_in(ctx, case.data["measure"])
    ctx.log("Council", "vote", f"{case.data['venue']}: vote under {rule_spec(ctx.rule).name} "
            f"on {what}", case.number)
    return True


def decide(ctx: RunContext, case: Case) -> StepResult:
    """Record the decision: adopted (for a reverse rule: deemed adopted when the window
    closes) or rejected. Ends the procedure on rejection, or when the Commission withdrew
    the proposal while the window was still open: until the window closes the Council has
    not acted, so the Commission may still withdraw it (Art 293(2) TFEU)."""
    if not case.adopted:
        case.days["decided"] = ctx.now
        text = ("rejected by a qualified majority: the proposal falls"
                if rule_spec(ctx.rule).reverse else "not adopted: the proposal falls")
        ctx.log("Council", "rejected", text, case.number)
        return False
    end = case.data.get("window_end", math.nan)
    if windowed(ctx) and end > ctx.now and not (
            yield from wait(ctx, case, end - ctx.now, Priority.EFFECT)):
        return False  # withdrawn before the window closed (Art 293(2) TFEU)
    case.days["decided"] = ctx.now
    what = "the measure is lifted" if case.data["lifting"] else "the measure takes effect"
    text = (f"deemed adopted, {what}: no qualified majority rejected it within the "
            f"{ctx.scenario.council.window_days:.0f}-day window" if windowed(ctx)
            else f"adopted: {what}")
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

