"""Reusable procedure steps: assess, propose, prepare, vote within a window, apply, lift.

A step is a generator function ``step(ctx, case)`` that yields SimPy events and returns
``True`` to go on to the next step or ``False`` to end the procedure. A
:class:`Procedure` chains steps; the Commission starts one per file. The accession-measures
procedure (:mod:`sim.procedures.accession`) is the first built this way; the same pieces fit
the procedures to come:

* visa suspension (Reg (EU) 2018/1806 Art 8): a notification or the Commission's analysis,
  ``assess``, ``propose``, a committee opinion under the examination procedure (a vote step
  whose only blocking outcome is a QMV against, Reg (EU) 182/2011 Art 5), an ``apply`` with a
  fixed duration, then a delegated act with an objection ``window``;
* agreements under Art 218 TFEU: recommendation, authorisation vote (QMV or unanimity),
  negotiation delay, signature vote, consent, conclusion vote — the same propose / prepare /
  vote steps in sequence;
* opening or closing chapters at the intergovernmental conference: a vote step under
  ``unanimity`` on a conference day.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from sim.engine.context import Case, Priority, RunContext
from sim.procedures.accession.measures import describe_in

StepResult = Generator[Any, Any, bool]
Step = Callable[[RunContext, Case], StepResult]


@dataclass(frozen=True)
class Procedure:
    """A named chain of steps run for one :class:`~sim.context.Case`."""

    name: str
    steps: tuple[Step, ...]

    def run(self, ctx: RunContext, case: Case) -> Generator[Any, Any, None]:
        """SimPy process: the steps in order until one returns ``False``."""
        for step in self.steps:
            go = yield from step(ctx, case)
            if not go:
                break
        ctx.commission.closed(case)


def assess(ctx: RunContext, case: Case) -> StepResult:
    """The Commission assesses the request or its own finding before proposing (a delay).

    COM(2020) 57: measures follow the Commission's assessment; the delay is the scenario's
    ``commission.assessment`` (or ``lifting_assessment``) [illustrative].
    """
    spec = ctx.scenario.commission
    days = ctx.delay(spec.lifting_assessment if case.lifting else spec.assessment)
    yield ctx.wake(days, Priority.COMMISSION)
    return not case.withdrawn


def propose(ctx: RunContext, case: Case) -> StepResult:
    """The Commission tables its proposal to the Council (COM(2020) 57; Art 293 TFEU)."""
    case.proposed_day = ctx.now
    ctx.commission.proposed(case)
    what = describe_in(ctx, case.measure)
    verb = "proposes to lift the measure" if case.lifting else "proposes"
    ctx.log("Commission", "proposal", f"{verb}: {what}", case.number)
    return True
    yield  # a generator, like every step


def prepare(ctx: RunContext, case: Case) -> StepResult:
    """Coreper examines the proposal and prepares the Council's decision (Art 240(1) TFEU).

    In a window whose end comes before Coreper could meet, the Council decides by written
    procedure on the window's last day instead.
    """
    day = ctx.council.coreper_day(ctx.now, case)
    yield ctx.wake(day - ctx.now, Priority.COUNCIL)
    if case.withdrawn:
        return False
    case.scheduled_day, case.venue = ctx.council.vote_day(ctx.now, case)
    ctx.log("Coreper", "coreper", f"examines the proposal; the Council decides at: "
            f"{case.venue}, {ctx.recorder.date(case.scheduled_day)}", case.number)
    return True


def vote(ctx: RunContext, case: Case) -> StepResult:
    """The Council votes under the rule on the day :func:`prepare` set — a meeting day or a
    day inside the window; the rule core gives the verdict (:meth:`CouncilActor.vote`)."""
    yield ctx.wake(case.scheduled_day - ctx.now, Priority.COUNCIL)
    if case.withdrawn:
        return False
    ctx.council.vote(case)
    return True


def decide(ctx: RunContext, case: Case) -> StepResult:
    """Record the decision: adopted (for a reverse rule: deemed adopted when the window
    closes) or rejected. Ends the procedure on rejection, or when the Commission withdrew
    the proposal while the window was still open: until the window closes the Council has
    not acted, so the Commission may still withdraw it (Art 293(2) TFEU)."""
    if not case.adopted:
        case.decision_day = ctx.now
        ctx.log("Council", "rejected", _rejection_text(ctx, case), case.number)
        return False
    if ctx.council.window and not math.isnan(case.window_end) and case.window_end > ctx.now:
        yield ctx.wake(case.window_end - ctx.now, Priority.EFFECT)
        if case.withdrawn:  # withdrawn before the window closed (Art 293(2) TFEU)
            return False
    case.decision_day = ctx.now
    effect = "the measure is lifted" if case.lifting else "the measure takes effect"
    text = (f"deemed adopted, {effect}: no qualified majority rejected it within the "
            f"{ctx.scenario.council.window_days:.0f}-day window" if ctx.council.window
            else f"adopted: {effect}")
    ctx.log("Council", "adopted", text, case.number)
    return True


def _rejection_text(ctx: RunContext, case: Case) -> str:
    if ctx.council.rule.reverse:
        return "rejected by a qualified majority: the proposal falls"
    return "not adopted: the proposal falls"


def apply(ctx: RunContext, case: Case) -> StepResult:
    """The measure takes effect on the candidate (COM(2020) 57)."""
    case.effect_day = ctx.now
    ctx.log(ctx.candidate.name, "measure-applied", ctx.candidate.apply(case.measure), case.number)
    return True
    yield


def lift(ctx: RunContext, case: Case) -> StepResult:
    """The measure is lifted (COM(2020) 57: measures are reversible once the candidate
    complies)."""
    case.effect_day = ctx.now
    ctx.log(ctx.candidate.name, "lift-applied", ctx.candidate.lift(case.measure), case.number)
    return True
    yield
