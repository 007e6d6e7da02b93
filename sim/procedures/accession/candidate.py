"""The candidate country: negotiation state from data, reforms, backsliding, measures' effects.

State (``docs/eu-rules.md`` §3-§4): chapters 1-35, each not opened, open or
provisionally closed; the six clusters, some possibly on hold; negotiation status (active or
suspended); pre-accession funding per year with its civil-society share, which is never
withheld (IPA III, Reg (EU) 2021/1529 [T/S]); the open breaches of the scenario's issue
(e.g. third countries whose nationals it admits visa-free while the EU requires visas).

Every ``step_days`` it draws six uniforms from the ``candidate`` stream — always six — and
may remedy its first open breach (probability ``p_reform + reform_per_pressure × pressure``,
pressure growing with the measures in force and pending), backslide (a further breach), and,
while negotiations are active, open or provisionally close a chapter outside paused
clusters. The probabilities are the scenario's illustrative assumptions.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

from sim.engine.context import Priority, RunContext
from sim.procedures.accession.measures import MEASURES
from sim.procedures.accession.structure import CLOSED, NOT_OPENED, OPEN, cluster_of

DAYS_PER_YEAR = 365.0


def breaches(n: int) -> str:
    """``"1 breach"``, ``"2 breaches"``: for the event log."""
    return f"{n} breach" if n == 1 else f"{n} breaches"


class CandidateCountry:
    """The candidate's state in one run, its monthly dynamics and the measures' effects."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        spec, issue = ctx.scenario.candidate, ctx.scenario.issue
        self.spec = spec
        self.name = ctx.candidate_name
        self.chapters = [NOT_OPENED] * 36  # index 1..35
        for ch in spec.opened:
            self.chapters[ch] = OPEN
        for ch in spec.provisionally_closed:
            self.chapters[ch] = CLOSED
        self.status = spec.status
        self.paused: list[int] = sorted(set(spec.paused_clusters))
        self.paused_by_measure: list[int] = []
        self.integration_paused = False
        self.breaches = list(issue.breaches)
        self.further = list(issue.further_breaches)
        self.initial_breaches = len(issue.breaches)
        self.tolerated = issue.tolerated_breaches
        self.in_force: dict[str, float] = {}  # measure -> day it took effect
        self.reopened: list[int] = []
        self.withheld = 0.0  # EUR
        self.civil_society_withheld = 0.0  # EUR; stays 0 by construction (IPA III)
        self._rate = 0.0  # EUR withheld per day
        self._accrued_to = 0.0
        self.realigned_day = math.nan

    # ------------------------------------------------------------------ state queries

    def compliant(self) -> bool:
        """Whether no more breaches than tolerated remain (the candidate has realigned)."""
        return len(self.breaches) <= self.tolerated

    def intensity(self) -> float:
        """The issue's current intensity: its initial value × share of breaches still open."""
        return self.ctx.scenario.issue.intensity * len(self.breaches) / self.initial_breaches

    def pressure(self) -> float:
        """Severity of the measures in force + pending weight × severity of a pending one."""
        total = sum(MEASURES[m].severity for m in self.in_force)
        case = self.ctx.commission.case
        if case is not None and not case.lifting and not math.isnan(case.proposed_day):
            total += self.spec.pending_weight * MEASURES[case.measure].severity
        return total

    def final_status(self) -> str:
        """``suspended``, ``paused:<clusters>`` or ``active``."""
        if self.status == "suspended":
            return "suspended"
        if self.paused:
            return "paused:" + ",".join(map(str, self.paused))
        return "active"

    def count(self, state: int) -> int:
        """Number of chapters in ``state``."""
        return sum(1 for s in self.chapters[1:] if s == state)

    # --------------------------------------------------------------------- dynamics

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
        ctx = self.ctx
        p_reform = min(1.0, self.spec.p_reform + self.spec.reform_per_pressure * self.pressure())
        if self.breaches and u[0] < p_reform:
            self.remedy()
        if u[1] < self.spec.p_backslide:
            self.backslide()
        if self.status != "active" or (self.spec.progress_needs_compliance
                                        and not self.compliant()):
            return
        if u[2] < self.spec.p_open_chapter:
            eligible = self._eligible(NOT_OPENED)
            if eligible:
                ch = eligible[int(u[3] * len(eligible))]
                self.chapters[ch] = OPEN
                ctx.log(self.name, "chapter-opened", f"chapter {ch} opened at the "
                        "intergovernmental conference")
        if u[4] < self.spec.p_close_chapter:
            eligible = self._eligible(OPEN)
            if eligible:
                ch = eligible[int(u[5] * len(eligible))]
                self.chapters[ch] = CLOSED
                ctx.log(self.name, "chapter-closed", f"chapter {ch} provisionally closed")

    def _eligible(self, state: int) -> list[int]:
        return [ch for ch in range(1, 36)
                if self.chapters[ch] == state and cluster_of(ch) not in self.paused]

    def remedy(self) -> None:
        """Remedy the first open breach; realign when few enough remain."""
        fixed = self.breaches.pop(0)
        self.ctx.log(self.name, "reform", f"remedies: {fixed} ({breaches(len(self.breaches))} "
                     "left)")
        if self.compliant() and len(self.breaches) + 1 > self.tolerated:
            if math.isnan(self.realigned_day):
                self.realigned_day = self.ctx.now
            self.ctx.log(self.name, "realigned", f"has realigned: "
                         f"{breaches(len(self.breaches))} left, {self.tolerated} tolerated")
            self.ctx.commission.on_realigned()

    def backslide(self) -> None:
        """Add a further breach (the next named one, or a generic one)."""
        was_compliant = self.compliant()
        name = self.further.pop(0) if self.further else "a further breach"
        self.breaches.append(name)
        self.ctx.log(self.name, "backslide", f"backslides: {name} "
                     f"({breaches(len(self.breaches))} open)")
        if was_compliant and not self.compliant():
            self.ctx.log(self.name, "relapsed", "no longer aligned")
            self.ctx.commission.on_relapsed()

    # ------------------------------------------------------------------ measures

    def accrue(self, now: float) -> None:
        """Add the funding withheld since the last change, at the current rate."""
        if now > self._accrued_to:
            self.withheld += self._rate * (now - self._accrued_to)
            self._accrued_to = now

    def _set_rate(self) -> None:
        cut = 0.0
        if "halt-funding" in self.in_force:
            cut = 1.0
        elif "reduce-funding" in self.in_force:
            cut = self.ctx.scenario.measures.funding_cut_share
        share = 1.0 - self.spec.civil_society_share  # civil society is never withheld
        self._rate = self.spec.funding_eur_per_year / DAYS_PER_YEAR * share * cut

    def apply(self, measure: str) -> str:
        """Put ``measure`` into force now; returns what it did, for the log."""
        now = self.ctx.now
        self.accrue(now)
        self.in_force[measure] = now
        if measure in ("reduce-funding", "halt-funding"):
            self._set_rate()
            return (f"withholds EUR {self._rate * DAYS_PER_YEAR:,.0f} a year of pre-accession "
                    f"funding; civil-society support ({self.spec.civil_society_share:.0%}) "
                    "untouched")
        if measure == "pause-integration":
            self.integration_paused = True
            return "benefits of closer integration paused"
        if measure == "pause-clusters":
            added = [c for c in self.ctx.scenario.measures.pause_clusters if c not in self.paused]
            self.paused_by_measure = added
            self.paused = sorted(self.paused + added)
            return f"negotiations on hold in cluster(s) {', '.join(map(str, self.paused))}"
        if measure == "reopen-chapters":
            return self._reopen()
        self.status = "suspended"
        return "accession negotiations suspended: no chapter opens or closes"

    def _reopen(self) -> str:
        wanted = self.ctx.scenario.measures.reopen_chapters or tuple(range(1, 36))
        chosen = [ch for ch in sorted(set(wanted)) if self.chapters[ch] == CLOSED]
        for ch in chosen:
            self.chapters[ch] = OPEN
        self.reopened.extend(chosen)
        if not chosen:
            return "no provisionally closed chapter to reopen"
        return f"provisionally closed chapter(s) {', '.join(map(str, chosen))} reopened"

    def lift(self, measure: str) -> str:
        """Lift ``measure`` now; returns what it did, for the log."""
        now = self.ctx.now
        self.accrue(now)
        self.in_force.pop(measure, None)
        if measure in ("reduce-funding", "halt-funding"):
            self._set_rate()
            return "pre-accession funding restored for the future (withheld sums not repaid)"
        if measure == "pause-integration":
            self.integration_paused = False
            return "benefits of closer integration resumed"
        if measure == "pause-clusters":
            self.paused = [c for c in self.paused if c not in self.paused_by_measure]
            self.paused_by_measure = []
            return "negotiations resume in the paused cluster(s)"
        if measure == "reopen-chapters":
            return "reopened chapters stay open until the conference closes them again"
        self.status = "active"
        return "accession negotiations resume"
