"""The Commission: watches the candidate, proposes measures and their lifting, withdraws.

COM(2020) 57 (``docs/eu-rules.md`` §3 [S/M]): on serious or prolonged stagnation or
backsliding the Commission may propose measures at any time, on its own initiative or on the
duly motivated request of a member state, chosen from a graduated ladder
(:mod:`sim.measures`), and proposes to lift them once the candidate complies. Under
Art 293(2) TFEU it may withdraw or alter its proposal as long as the Council has not acted:
here it withdraws a pending proposal when the candidate realigns (or a pending lifting
proposal when the candidate relapses). The Council has acted once its decision is recorded —
at the vote, or, in an RQMV window, only when the window closes without a rejection — so a
proposal the Council voted on but that is still waiting for its window to close is withdrawn
too: no measure takes effect on a candidate that has realigned.

It reviews the candidate every ``review_days``: on its own initiative when the open breaches
reach ``initiative_threshold``; to escalate when a measure has been in force
``escalation_days`` without realignment; and, while the candidate complies, to propose
again to lift a measure whose lifting the Council rejected ``lift_retry_days`` ago (measures
are reversible once the candidate complies, COM(2020) 57). It handles one proposal of a
measure at a time and one lifting file per measure.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

from sim.engine.context import Case, Priority, RunContext
from sim.procedures.accession.candidate import breaches
from sim.procedures.accession.measures import MEASURES, describe_in
from sim.procedures.accession.procedure import ACCESSION_MEASURES, LIFTING

ACTOR = "Commission"


class Commission:
    """The Commission's files in one run."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.spec = ctx.scenario.commission
        self.case: Case | None = None  # the open file on a measure, if any
        self.lifting: dict[str, Case] = {}  # open lifting files, by measure
        self.proposals = 0
        self.last_rejection = -math.inf
        self.last_adoption = -math.inf
        self.lifting_rejected: dict[str, float] = {}  # measure -> day lifting last fell

    # ------------------------------------------------------------------ watching

    def process(self) -> Generator[Any, Any, None]:
        """SimPy process: a review of the candidate every ``review_days``."""
        while True:
            yield self.ctx.wake(self.spec.review_days, Priority.COMMISSION)
            self.review()

    def review(self) -> None:
        """Open a file on its own initiative or to escalate, if the conditions hold; while
        the candidate complies, propose again to lift measures still in force."""
        ctx = self.ctx
        cand = ctx.candidate
        if cand.compliant():
            self.retry_lifting()
            return
        if self.case is not None or not self.can_propose(ctx.now):
            return
        if cand.in_force:
            if ctx.now - self.last_adoption >= self.spec.escalation_days:
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
        if self.case is not None:
            return
        now, wait = self.ctx.now, self.spec.lift_retry_days
        for measure in self._by_severity(self.ctx.candidate.in_force):
            last = self.lifting_rejected.get(measure, -math.inf)
            if measure in self.lifting or now - last < wait:
                continue
            why = (f" (the Council rejected lifting it {now - last:.0f} days ago)"
                   if math.isfinite(last) else "")
            self._open_lifting(measure, "review", "starts assessing again whether to lift",
                               why)

    @staticmethod
    def _by_severity(measures: dict[str, float]) -> list[str]:
        """``measures`` from the most severe down (lifting the harshest first)."""
        return sorted(measures, key=lambda m: -MEASURES[m].severity)

    def next_measure(self) -> str | None:
        """The first rung of the ladder more severe than every measure in force."""
        top = max((MEASURES[m].severity for m in self.ctx.candidate.in_force), default=0.0)
        for name in self.spec.ladder:
            if MEASURES[name].severity > top:
                return name
        return None

    def can_propose(self, now: float) -> bool:
        """Whether a new proposal of a measure is possible now."""
        return (self.proposals < self.spec.max_proposals
                and now - self.last_rejection >= self.spec.retry_days
                and self.next_measure() is not None)

    def accepts_request(self, now: float) -> bool:
        """Whether a member's request now would open a file."""
        if self.case is not None or not self.can_propose(now):
            return False
        return (not self.ctx.candidate.in_force
                or now - self.last_adoption >= self.spec.escalation_days)

    def receive_request(self, member: str) -> None:
        """A member state's duly motivated request: open a file."""
        self.open_case("request", member, f"assesses {member}'s request")

    # ------------------------------------------------------------------ files

    def open_case(self, trigger: str, by: str, why: str) -> None:
        """Open a file on the next measure and start the accession-measures procedure."""
        measure = self.next_measure()
        assert measure is not None
        case = self._new_case(ACCESSION_MEASURES.name, measure, False, trigger, by)
        self.case = case
        if trigger != "request":
            self.ctx.log(ACTOR, trigger, f"acts on its own initiative: {why}", case.number)
        self.ctx.log(ACTOR, "assessment", f"starts assessing whether to propose: "
                     f"{describe_in(self.ctx, measure)}", case.number)
        self.ctx.env.process(ACCESSION_MEASURES.run(self.ctx, case))

    def _new_case(self, procedure: str, measure: str, lifting: bool, trigger: str,
                  by: str) -> Case:
        case = Case(len(self.ctx.cases), procedure, measure, lifting, trigger, by, self.ctx.now)
        self.ctx.cases.append(case)
        return case

    def proposed(self, case: Case) -> None:
        """Count a proposal of a measure (called by the propose step)."""
        if not case.lifting:
            self.proposals += 1

    def closed(self, case: Case) -> None:
        """A procedure has ended (decided, withdrawn or dropped)."""
        if case.lifting:
            if self.lifting.get(case.measure) is case:  # not a newer file on the measure
                del self.lifting[case.measure]
            if case.adopted is False:
                self.lifting_rejected[case.measure] = self.ctx.now
            return
        if self.case is case:
            self.case = None
        if case.adopted is True and not case.withdrawn:
            self.last_adoption = self.ctx.now
        elif case.adopted is False:
            self.last_rejection = self.ctx.now

    # ------------------------------------------------------------- the candidate moves

    def on_realigned(self) -> None:
        """Withdraw a pending proposal (Art 293(2) TFEU) and propose lifting every measure."""
        case = self.case
        if case is not None and not case.decided:
            self._withdraw(case, "the candidate has realigned")
            self.case = None
        for measure in self._by_severity(self.ctx.candidate.in_force):
            if measure not in self.lifting:
                self._open_lifting(measure, "realignment", "starts assessing whether to lift")

    def _open_lifting(self, measure: str, trigger: str, what: str, why: str = "") -> None:
        """Open a lifting file on ``measure`` and start the lifting procedure."""
        lift = self._new_case(LIFTING.name, measure, True, trigger, ACTOR)
        self.lifting[measure] = lift
        self.ctx.log(ACTOR, "assessment", f"{what}: {describe_in(self.ctx, measure)}{why}",
                     lift.number)
        self.ctx.env.process(LIFTING.run(self.ctx, lift))

    def on_relapsed(self) -> None:
        """Withdraw pending lifting proposals (Art 293(2) TFEU)."""
        for measure in list(self.lifting):
            lift = self.lifting[measure]
            if not lift.decided:
                self._withdraw(lift, "the candidate has relapsed")
                del self.lifting[measure]

    def _withdraw(self, case: Case, why: str) -> None:
        """Withdraw ``case`` before the Council has acted (Art 293(2) TFEU) and log it."""
        case.withdrawn = True
        proposed = not math.isnan(case.proposed_day)
        verb = "withdraws its proposal" if proposed else "drops the file before proposing"
        if case.voted:
            verb += " before the window closes"
        self.ctx.log(ACTOR, "withdrawal", f"{verb} ({why}; Art 293(2) TFEU)", case.number)
