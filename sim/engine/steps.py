"""Generic procedure steps, and the chain that runs them for one case.

A step is a generator function that yields SimPy events and returns ``True`` to go on to the
next step or ``False`` to end the procedure. Steps take what they need as arguments — a
delay, a voting body (:mod:`sim.engine.bodies`), a rule, an effect callable — never a
procedure's object; a procedure binds them into a :class:`Chain` of named steps:

* :func:`wait` and :func:`delay`: time passes (an assessment, a negotiation);
* :func:`vote`: a body votes now under a rule, through the rule kernel;
* :func:`window`: an objection or reverse-majority window: the proposal is deemed adopted when
  the window closes unless the body's qualified majority rejects it — a vote record even
  when nobody votes;
* :func:`effect`: the decision takes effect (a callable that changes the world and says how).

A proposal stays withdrawable until the deciding body has acted (Art 293(2) TFEU): every
waiting step ends the chain when the case has been withdrawn in the meantime.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any

from sim.engine.bodies import Body
from sim.engine.context import Case, Priority, RunContext
from sim.engine.delays import Delay

StepResult = Generator[Any, Any, bool]
Step = Callable[[RunContext, Case], StepResult]


@dataclass(frozen=True)
class Chain:
    """A named chain of named steps, run in order for one case."""

    name: str
    steps: tuple[tuple[str, Step], ...]

    def run(self, ctx: RunContext, case: Case) -> Generator[Any, Any, bool]:
        """The steps in order until one returns ``False``; returns whether all went through.

        ``case.step`` names the step under way (and, after a ``False``, the one that ended
        the chain)."""
        for label, step in self.steps:
            case.step = label
            if not (yield from step(ctx, case)):
                return False
        return True


def wait(ctx: RunContext, case: Case, days: float,
         priority: Priority = Priority.COMMISSION) -> StepResult:
    """``days`` pass; goes on unless the case was withdrawn meanwhile."""
    yield ctx.wake(max(0.0, days), priority)
    return not case.withdrawn


def delay(ctx: RunContext, case: Case, spec: Delay,
          priority: Priority = Priority.COMMISSION) -> StepResult:
    """A random delay drawn from ``spec`` (the ``timing`` stream) passes."""
    return (yield from wait(ctx, case, ctx.delay(spec), priority))


def vote(ctx: RunContext, case: Case, body: Body, rule: str, *, step: str,
         words: tuple[str, str] = ("adopted", "rejected"),
         extra: Mapping[str, Any] | None = None) -> StepResult:
    """``body`` votes on ``case`` now under ``rule``; goes on if the proposal passed.

    The body records the vote; the step marks the case decided."""
    body.vote(ctx, case, rule=rule, step=step, words=words, extra=extra)
    case.days["decided"] = ctx.now
    return bool(case.adopted)
    yield  # a generator, like every step


def window(ctx: RunContext, case: Case, days: float, body: Body, rule: str, *, step: str,
           words: tuple[str, str] = ("deemed_adopted", "rejected"),
           extra: Mapping[str, Any] | None = None,
           priority: Priority = Priority.COUNCIL) -> StepResult:
    """A window of ``days``: when it closes, the proposal is deemed adopted unless ``body``
    rejects it under ``rule`` (a reverse rule: the majority needed is one to reject).

    Members' positions are taken when the window closes and recorded as one vote record
    whatever they are (``words[0]`` when it stands). A case withdrawn before the window
    closes ends the chain with no record."""
    if not (yield from wait(ctx, case, days, priority)):
        return False
    return (yield from vote(ctx, case, body, rule, step=step, words=words, extra=extra))


def effect(ctx: RunContext, case: Case, fn: Callable[[RunContext, Case], str], *,
           actor: str, kind: str) -> StepResult:
    """The decision takes effect now: ``fn(ctx, case)`` changes the world and returns what
    it did, logged as ``kind`` by ``actor``."""
    case.days["effect"] = ctx.now
    ctx.log(actor, kind, fn(ctx, case), case.number)
    return True
    yield
