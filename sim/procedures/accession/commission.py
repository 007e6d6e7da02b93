"""The Commission: watches the candidate, proposes measures and their lifting, withdraws.

COM(2020) 57 (``docs/eu-rules.md`` §3 [S/M]): on serious or prolonged stagnation or
backsliding the Commission may propose measures at any time, on its own initiative or on the
duly motivated request of a member state, chosen from a graduated ladder
(:mod:`.measures`, :mod:`.policy`), and proposes to lift them once the candidate complies.
Under Art 293(2) TFEU it may withdraw or alter its proposal as long as the Council has not
acted: here it withdraws a pending proposal when the candidate realigns (or a pending
lifting proposal when the candidate relapses). The Council has acted once its decision is
recorded — at the vote, or, in an RQMV window, only when the window closes without a
rejection — so a proposal still inside its window is withdrawn too: no measure takes effect
on a candidate that has realigned.

It reviews the candidate every ``review_days``: on its own initiative when the open breaches
reach ``initiative_threshold``; to escalate when a measure has been in force
``escalation_days`` without realignment; and, while the candidate complies, to propose
again to lift a measure whose lifting the Council rejected ``lift_retry_days`` ago (measures
are reversible once the candidate complies, COM(2020) 57). It hears of requests,
realignments and relapses through signals, and keeps its files on the board.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

from sim.engine.context import Case, Priority, RunContext
from sim.engine.steps import Chain
from sim.procedures.accession.board import Board
from sim.procedures.accession.candidate import breaches
from sim.procedures.accession.measures import describe_in
from sim.procedures.accession.policy import by_severity, can_propose, next_measure
from sim.procedures.accession.steps import LIFTING, MEASURE

ACTOR = "Commission"


class Commission:
    """The Commission's files in one run."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.spec = ctx.scenario.commission
        self.board: Board = ctx.board
        self.files = self.board.commission
        ctx.signals.on("request", self.receive_request)
        ctx.signals.on("realigned", self.on_realigned)
        ctx.signals.on("relapsed", self.on_relapsed)

    # ------------------------------------------------------------------ watching

    def process(self) -> Generator[Any, Any, None]:
        """SimPy process: a review of the candidate every ``review_days``."""
        while True:
            yield self.ctx.wake(self.spec.review_days, Priority.COMMISSION)
            self.review()

    def review(self) -> None:
        """Open a file on its own initiative or to escalate, if the conditions hold; while
        the candidate complies, propose again to lift measures still in force."""
        ctx, cand = self.ctx, self.board.candidate
        if cand.compliant():
            self.retry_lifting()
            return
        if self.files.case is not None or not can_propose(self.board, self.spec, ctx.now):
            return
        if cand.in_force:
            if ctx.now - self.files.last_adoption >= self.spec.escalation_days:
                self.open_case("escalation", ACTOR, f"{cand.name} has not realigned "
                               f"{self.spec.escalation_days:.0f} days after the last measure")
            return
        threshold = self.spec.initiative_threshold
        if threshold is not None and len(cand.breaches) >= threshold:
            self.open_case("initiative", ACTOR, f"{breaches(len(cand.breaches))} open "
                           f"reach its threshold of {threshold}")

    def retry_lifting(self) -> None:
        """Propose again to lift each measure still in force on a compliant candidate.

        COM(2020) 57: measures are reversible once the candidate complies, and the
        Commission may propose at any time; a rejected lifting proposal must not leave a
        measure in force for good. It waits ``lift_retry_days`` after the rejection
        [illustrative], and only while no file of a measure is open and no lifting file on
        that measure is.
        """
        if self.files.case is not None:
            return
        now, wait = self.ctx.now, self.spec.lift_retry_days
        for measure in by_severity(self.board.candidate.in_force):
            last = self.files.lifting_rejected.get(measure, -math.inf)
            if measure in self.files.lifting or now - last < wait:
                continue
            why = (f" (the Council rejected lifting it {now - last:.0f} days ago)"
                   if math.isfinite(last) else "")
            self._open_lifting(measure, "review", "starts assessing again whether to lift",
                               why)

    def receive_request(self, member: str) -> None:
        """A member state's duly motivated request: open a file."""
        self.open_case("request", member, f"assesses {member}'s request")

    # ------------------------------------------------------------------ files

    def open_case(self, trigger: str, by: str, why: str) -> None:
        """Open a file on the next measure and start the accession-measures procedure."""
        measure = next_measure(self.board, self.spec)
        assert measure is not None
        case = self.ctx.open_case(trigger, by, measure=measure, lifting=False)
        self.files.case = case
        if trigger != "request":
            self.ctx.log(ACTOR, trigger, f"acts on its own initiative: {why}", case.number)
        self.ctx.log(ACTOR, "assessment", f"starts assessing whether to propose: "
                     f"{describe_in(self.ctx, measure)}", case.number)
        self.ctx.env.process(self._follow(MEASURE, case))

    def _open_lifting(self, measure: str, trigger: str, what: str, why: str = "") -> None:
        """Open a lifting file on ``measure`` and start the lifting procedure."""
        lift = self.ctx.open_case(trigger, ACTOR, measure=measure, lifting=True)
        self.files.lifting[measure] = lift
        self.ctx.log(ACTOR, "assessment", f"{what}: {describe_in(self.ctx, measure)}{why}",
                     lift.number)
        self.ctx.env.process(self._follow(LIFTING, lift))

    def _follow(self, chain: Chain, case: Case) -> Generator[Any, Any, None]:
        """SimPy process: the case's procedure, then the file is closed."""
        yield from chain.run(self.ctx, case)
        self.closed(case)

    def closed(self, case: Case) -> None:
        """A procedure has ended (decided, withdrawn or dropped)."""
        files, measure = self.files, case.data["measure"]
        if case.data["lifting"]:
            if files.lifting.get(measure) is case:  # not a newer file on the measure
                del files.lifting[measure]
            if case.adopted is False:
                files.lifting_rejected[measure] = self.ctx.now
            return
        if files.case is case:
            files.case = None
        if case.adopted is True and not case.withdrawn:
            files.last_adoption = self.ctx.now
        elif case.adopted is False:
            files.last_rejection = self.ctx.now

    # ------------------------------------------------------------- the candidate moves

    def on_realigned(self, _: Any = None) -> None:
        """Withdraw a pending proposal (Art 293(2) TFEU) and propose lifting every measure —
        unless the candidate relapsed again the same day before the Commission heard."""
        if not self.board.candidate.compliant():
            return
        case = self.files.case
        if case is not None and not case.decided:
            self._withdraw(case, "the candidate has realigned")
            self.files.case = None
        for measure in by_severity(self.board.candidate.in_force):
            if measure not in self.files.lifting:
                self._open_lifting(measure, "realignment", "starts assessing whether to lift")

    def on_relapsed(self, _: Any = None) -> None:
        """Withdraw pending lifting proposals (Art 293(2) TFEU) — unless the candidate
        realigned again the same day before the Commission heard."""
        if self.board.candidate.compliant():
            return
        for measure in list(self.files.lifting):
            lift = self.files.lifting[measure]
            if not lift.decided:
                self._withdraw(lift, "the candidate has relapsed")
                del self.files.lifting[measure]

    def _withdraw(self, case: Case, why: str) -> None:
        """Withdraw ``case`` before the Council has acted (Art 293(2) TFEU) and log it."""
        case.withdrawn = True
        proposed = "proposed" in case.days
        verb = "withdraws its proposal" if proposed else "drops the file before proposing"
        if case.voted:
            verb += " before the window closes"
        self.ctx.log(ACTOR, "withdrawal", f"{verb} ({why}; Art 293(2) TFEU)", case.number)
