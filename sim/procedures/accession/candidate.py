"""The candidate country as an actor: reforms, backsliding and progress in the negotiations.

Every ``step_days`` it draws six uniforms from the ``candidate`` stream — always six — and
may remedy its first open breach (probability ``p_reform + reform_per_pressure × pressure``,
pressure growing with the measures in force and pending, :func:`.policy.pressure`),
backslide (a further breach), and, while negotiations are active, open or provisionally
close a chapter outside paused clusters. The probabilities are the scenario's illustrative
assumptions. It updates the candidate's part of the board and announces ``realigned`` and
``relapsed`` (:class:`sim.engine.context.Signals`); it never calls another actor.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

from sim.engine.context import Priority, RunContext
from sim.procedures.accession.board import Board
from sim.procedures.accession.policy import pressure
from sim.procedures.accession.structure import CLOSED, NOT_OPENED, OPEN, cluster_of


def remedy_text(breach: str) -> str:
    """The remedy of ``breach`` worded as such: "introduces visas for nationals of Burundi"
    for "visa-free entry for nationals of Burundi", else "remedies: <breach>"."""
    prefix = "visa-free entry for "
    if breach.startswith(prefix):
        return "introduces visas for " + breach[len(prefix):]
    return f"remedies the breach: {breach}"


def breaches(n: int) -> str:
    """``"1 breach"``, ``"2 breaches"``: for the event log."""
    return f"{n} breach" if n == 1 else f"{n} breaches"


class CandidateCountry:
    """The candidate's monthly dynamics in one run."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.spec = ctx.scenario.candidate
        self.board: Board = ctx.board
        self.state = self.board.candidate

    def process(self) -> Generator[Any, Any, None]:
        """SimPy process: one step every ``step_days``."""
        rng = self.ctx.streams["candidate"]
        steps = int(self.ctx.scenario.horizon_days // self.spec.step_days)
        # the steps' uniforms in one call: row k is what step k would draw on its own
        for u in rng.random((steps, 6)).tolist():
            yield self.ctx.wake(self.spec.step_days, Priority.CANDIDATE)
            self.step(u)

    def step(self, u: list[float]) -> None:
        """One step given six uniforms: reform, backslide, open, which, close, which."""
        ctx, spec, state = self.ctx, self.spec, self.state
        p_reform = min(1.0, spec.p_reform + spec.reform_per_pressure
                       * pressure(self.board, spec.pending_weight))
        if state.breaches and u[0] < p_reform:
            self.remedy()
        if u[1] < spec.p_backslide:
            self.backslide()
        if state.status != "active" or (spec.progress_needs_compliance
                                        and not state.compliant()):
            return
        if u[2] < spec.p_open_chapter:
            eligible = self._eligible(NOT_OPENED)
            if eligible:
                ch = eligible[int(u[3] * len(eligible))]
                state.chapters[ch] = OPEN
                ctx.log(state.name, "chapter-opened", f"chapter {ch} opened at the "
                        "intergovernmental conference")
        if u[4] < spec.p_close_chapter:
            eligible = self._eligible(OPEN)
            if eligible:
                ch = eligible[int(u[5] * len(eligible))]
                state.chapters[ch] = CLOSED
                ctx.log(state.name, "chapter-closed", f"chapter {ch} provisionally closed")

    def _eligible(self, chapter_state: int) -> list[int]:
        chapters, paused = self.state.chapters, self.state.paused
        return [ch for ch in range(1, 36)
                if chapters[ch] == chapter_state and cluster_of(ch) not in paused]

    def remedy(self) -> None:
        """Remedy the first open breach; realign when few enough remain."""
        state, ctx = self.state, self.ctx
        fixed = state.breaches.pop(0)
        ctx.log(state.name, "reform", f"{remedy_text(fixed)} ({breaches(len(state.breaches))} "
                "still open)")
        if state.compliant() and len(state.breaches) + 1 > state.tolerated:
            if math.isnan(state.realigned_day):
                state.realigned_day = ctx.now
            ctx.log(state.name, "realigned", f"has realigned: "
                    f"{breaches(len(state.breaches))} left, {state.tolerated} tolerated")
            ctx.signals.emit("realigned")

    def backslide(self) -> None:
        """Add a further breach (the next named one, or a generic one)."""
        state, ctx = self.state, self.ctx
        was_compliant = state.compliant()
        name = state.further.pop(0) if state.further else "a further breach"
        state.breaches.append(name)
        ctx.log(state.name, "backslide", f"backslides, a new breach: {name} "
                f"({breaches(len(state.breaches))} open)")
        if was_compliant and not state.compliant():
            ctx.log(state.name, "relapsed", "no longer aligned")
            ctx.signals.emit("relapsed")
