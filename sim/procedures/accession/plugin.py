"""The accession-measures procedure as an engine plug-in: its actors and outcome columns.

``PLUGIN.start`` puts the board of shared facts on the run's context and starts the
candidate's, the member states' and the Commission's processes; the Council's votes happen
inside the cases' step chains (:mod:`.steps`). ``PLUGIN.outcome`` gives the run's accession
columns (:data:`OUTCOME_KEYS`), about the first measure proposed and the run as a whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from sim.council.members import candidate_council
from sim.engine.context import Case, RunContext
from sim.procedures.accession.board import Board, CandidateState
from sim.procedures.accession.candidate import CandidateCountry
from sim.procedures.accession.commission import Commission
from sim.procedures.accession.members import MemberStates
from sim.procedures.accession.spec import AccessionSpec
from sim.procedures.accession.structure import CLOSED, OPEN

OUTCOME_KEYS: tuple[str, ...] = (
    "measure", "trigger", "triggered_by", "proposed", "withdrawn", "voted", "adopted",
    "time_to_decision_days", "decision_date", "n_reject", "pop_reject_share", "realigned",
    "realigned_day", "breaches_open", "eur_withheld", "requests", "measures_proposed",
    "measures_adopted", "measures_lifted", "measures_in_force", "chapters_open",
    "chapters_closed", "chapters_reopened", "final_status",
)
"""The accession columns of a run's outcome, after the engine's generic ones."""


@lru_cache(maxsize=64)
def candidate_name(code: str) -> str:
    """The candidate's name from its code (the shipped candidate table)."""
    return candidate_council().name(code)


@dataclass(frozen=True)
class Actors:
    """The actors of one run (for tests and notebooks; the actors never hold each other)."""

    candidate: CandidateCountry
    members: MemberStates
    commission: Commission


def start_actors(ctx: RunContext) -> Actors:
    """Put the board on ``ctx``, build the actors and start their processes."""
    scenario = ctx.scenario
    ctx.variant = f"council-{scenario.council.decision}"
    ctx.board = Board(CandidateState.from_scenario(scenario,
                                                   candidate_name(scenario.candidate.code)))
    actors = Actors(CandidateCountry(ctx), MemberStates(ctx), Commission(ctx))
    ctx.env.process(actors.candidate.process())
    ctx.env.process(actors.members.process())
    ctx.env.process(actors.commission.process())
    return actors


def _first_measure(ctx: RunContext) -> Case | None:
    for case in ctx.cases:
        if not case.data["lifting"] and "proposed" in case.days:
            return case
    return None


class AccessionMeasures:
    """Measures against a backsliding candidate (COM(2020) 57) and their lifting."""

    name = "accession-measures"
    spec = AccessionSpec
    outcome_keys = OUTCOME_KEYS

    def start(self, ctx: RunContext) -> None:
        """Start the run's actors."""
        start_actors(ctx)

    def outcome(self, ctx: RunContext) -> dict[str, bool | int | float | str]:
        """The run's accession columns; keys never depend on the run."""
        board: Board = ctx.board
        cand = board.candidate
        cand.accrue(ctx.scenario.horizon_days)
        first = _first_measure(ctx)
        measures = [c for c in ctx.cases if not c.data["lifting"]]
        voted = first is not None and first.voted
        decided = first is not None and first.decided
        return {
            "measure": first.data["measure"] if first else "",
            "trigger": first.trigger if first else "",
            "triggered_by": first.by if first else "",
            "proposed": first is not None,
            "withdrawn": bool(first and first.withdrawn),
            "voted": voted,
            "adopted": bool(first and "effect" in first.days),
            "time_to_decision_days": (first.days["decided"] - first.trigger_day
                                      if first and decided else math.nan),
            "decision_date": (ctx.recorder.date(first.days["decided"]) if first and decided
                              else ""),
            "n_reject": first.data["n_reject"] if first and voted else 0,
            "pop_reject_share": first.data["pop_reject_share"] if first and voted else math.nan,
            "realigned": not math.isnan(cand.realigned_day),
            "realigned_day": cand.realigned_day,
            "breaches_open": len(cand.breaches),
            "eur_withheld": cand.withheld,
            "requests": board.requests,
            "measures_proposed": sum(1 for c in measures if "proposed" in c.days),
            "measures_adopted": sum(1 for c in measures if "effect" in c.days),
            "measures_lifted": sum(1 for c in ctx.cases
                                   if c.data["lifting"] and "effect" in c.days),
            "measures_in_force": len(cand.in_force),
            "chapters_open": cand.count(OPEN),
            "chapters_closed": cand.count(CLOSED),
            "chapters_reopened": len(cand.reopened),
            "final_status": cand.final_status(),
        }


PLUGIN = AccessionMeasures()
"""The plug-in the registry names ``accession-measures``."""
