"""The shared public facts of one accession run: the candidate's state and the Commission's
files, which every actor reads and each updates only for its own part.

The candidate's state (``docs/eu-rules.md`` §3-§4): chapters 1-35, each not opened, open or
provisionally closed; the six clusters, some possibly on hold; negotiation status (active or
suspended); pre-accession funding per year with its civil-society share, which is never
withheld (IPA III, Reg (EU) 2021/1529 [T/S]); the open breaches of the scenario's issue; the
measures in force. The Commission's files: the open file on a measure, the lifting files,
when it last saw a measure adopted or rejected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sim.engine.context import Case
from sim.procedures.accession.structure import CLOSED, NOT_OPENED, OPEN

DAYS_PER_YEAR = 365.0


@dataclass(eq=False)
class CandidateState:
    """The candidate's negotiation state, breaches, measures in force and funding withheld."""

    name: str
    chapters: list[int]
    status: str
    paused: list[int]
    breaches: list[str]
    further: list[str]
    initial_breaches: int
    tolerated: int
    intensity_at_start: float
    funding_eur_per_year: float
    civil_society_share: float
    paused_by_measure: list[int] = field(default_factory=list)
    integration_paused: bool = False
    in_force: dict[str, float] = field(default_factory=dict)  # measure -> day it took effect
    reopened: list[int] = field(default_factory=list)
    withheld: float = 0.0  # EUR
    civil_society_withheld: float = 0.0  # EUR; stays 0 by construction (IPA III)
    rate: float = 0.0  # EUR withheld per day
    accrued_to: float = 0.0
    realigned_day: float = math.nan

    @classmethod
    def from_scenario(cls, scenario: Any, name: str) -> CandidateState:
        """The state at day 0 from the scenario's ``candidate`` and ``issue``."""
        spec, issue = scenario.candidate, scenario.issue
        chapters = [NOT_OPENED] * 36  # index 1..35
        for ch in spec.opened:
            chapters[ch] = OPEN
        for ch in spec.provisionally_closed:
            chapters[ch] = CLOSED
        return cls(name, chapters, spec.status, sorted(set(spec.paused_clusters)),
                   list(issue.breaches), list(issue.further_breaches), len(issue.breaches),
                   issue.tolerated_breaches, issue.intensity, spec.funding_eur_per_year,
                   spec.civil_society_share)

    def compliant(self) -> bool:
        """Whether no more breaches than tolerated remain (the candidate has realigned)."""
        return len(self.breaches) <= self.tolerated

    def intensity(self) -> float:
        """The issue's current intensity: its initial value × share of breaches still open."""
        return self.intensity_at_start * len(self.breaches) / self.initial_breaches

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

    def accrue(self, now: float) -> None:
        """Add the funding withheld since the last change, at the current rate."""
        if now > self.accrued_to:
            self.withheld += self.rate * (now - self.accrued_to)
            self.accrued_to = now


@dataclass(eq=False)
class CommissionFiles:
    """The Commission's open files and its memory of past decisions."""

    case: Case | None = None  # the open file on a measure, if any
    lifting: dict[str, Case] = field(default_factory=dict)  # open lifting files, by measure
    proposals: int = 0
    last_rejection: float = -math.inf
    last_adoption: float = -math.inf
    lifting_rejected: dict[str, float] = field(default_factory=dict)  # measure -> day


@dataclass(eq=False)
class Board:
    """Everything the accession actors share in one run."""

    candidate: CandidateState
    commission: CommissionFiles = field(default_factory=CommissionFiles)
    requests: int = 0
