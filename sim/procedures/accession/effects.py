"""What an adopted measure, or its lifting, does to the candidate (COM(2020) 57).

Funding measures withhold pre-accession funding except the civil-society share (IPA III,
Reg (EU) 2021/1529); pausing clusters puts their chapters on hold; reopening turns
provisionally closed chapters back to open; suspension stops every chapter opening or
closing. Each can be lifted once the candidate complies (``docs/eu-rules.md`` §3 [S/M]).
Each effect returns one line saying what it did, for the event log.
"""

from __future__ import annotations

from sim.engine.context import Case, RunContext
from sim.procedures.accession.board import DAYS_PER_YEAR, Board, CandidateState
from sim.procedures.accession.structure import CLOSED, OPEN


def _set_rate(cand: CandidateState, cut_share: float) -> None:
    cut = 0.0
    if "halt-funding" in cand.in_force:
        cut = 1.0
    elif "reduce-funding" in cand.in_force:
        cut = cut_share
    share = 1.0 - cand.civil_society_share  # civil society is never withheld
    cand.rate = cand.funding_eur_per_year / DAYS_PER_YEAR * share * cut


def money(eur: float) -> str:
    """``EUR 95 million``, ``EUR 1.2 billion``, ``EUR 950,000``: amounts written as money."""
    if eur >= 1e9:
        return f"EUR {eur / 1e9:.3g} billion"
    if eur >= 1e6:
        return f"EUR {eur / 1e6:.3g} million"
    return f"EUR {eur:,.0f}"


FUNDING = ("reduce-funding", "halt-funding")


def apply_measure(ctx: RunContext, case: Case) -> str:
    """Put the case's measure into force now; returns what it did."""
    board: Board = ctx.board
    cand, measure, spec = board.candidate, case.data["measure"], ctx.scenario.measures
    cand.accrue(ctx.now)
    cand.in_force[measure] = ctx.now
    if measure in ("reduce-funding", "halt-funding"):
        _set_rate(cand, spec.funding_cut_share)
        return (f"withholds {money(cand.rate * DAYS_PER_YEAR)} a year of pre-accession "
                f"funding from {cand.name}; support to civil society "
                f"({cand.civil_society_share:.0%} of the funding) continues")
    if measure == "pause-integration":
        cand.integration_paused = True
        return "benefits of closer integration paused"
    if measure == "pause-clusters":
        added = [c for c in spec.pause_clusters if c not in cand.paused]
        cand.paused_by_measure = added
        cand.paused = sorted(cand.paused + added)
        return f"negotiations on hold in cluster(s) {', '.join(map(str, cand.paused))}"
    if measure == "reopen-chapters":
        wanted = spec.reopen_chapters or tuple(range(1, 36))
        chosen = [ch for ch in sorted(set(wanted)) if cand.chapters[ch] == CLOSED]
        for ch in chosen:
            cand.chapters[ch] = OPEN
        cand.reopened.extend(chosen)
        if not chosen:
            return "no provisionally closed chapter to reopen"
        return f"provisionally closed chapter(s) {', '.join(map(str, chosen))} reopened"
    cand.status = "suspended"
    return "accession negotiations suspended: no chapter opens or closes"


def lift_measure(ctx: RunContext, case: Case) -> str:
    """Lift the case's measure now; returns what it did."""
    board: Board = ctx.board
    cand, measure = board.candidate, case.data["measure"]
    cand.accrue(ctx.now)
    cand.in_force.pop(measure, None)
    if measure in FUNDING:
        _set_rate(cand, ctx.scenario.measures.funding_cut_share)
        if cand.rate > 0:  # another funding measure is still in force
            return (f"lifts this cut, but still withholds "
                    f"{money(cand.rate * DAYS_PER_YEAR)} a year from {cand.name} under the "
                    "funding measure still in force")
        return (f"restores pre-accession funding to {cand.name} for the future (sums "
                "withheld are not repaid)")
    if measure == "pause-integration":
        cand.integration_paused = False
        return "benefits of closer integration resumed"
    if measure == "pause-clusters":
        cand.paused = [c for c in cand.paused if c not in cand.paused_by_measure]
        cand.paused_by_measure = []
        return "negotiations resume in the paused cluster(s)"
    if measure == "reopen-chapters":
        return "reopened chapters stay open until the conference closes them again"
    cand.status = "active"
    return "accession negotiations resume"
