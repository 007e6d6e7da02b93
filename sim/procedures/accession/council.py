"""The Council as an actor: Coreper, meeting days, the vote and its recorded tally.

A proposal is examined by Coreper (weekly [M]) and put to the next Council meeting whose
provisional agenda could still include it (circulated at least 14 days ahead [M]); or, for a
reverse rule with ``decision = "window"``, it is deemed adopted unless rejected within the
window — at a Council meeting inside the window, or else by written procedure on its last day
(RQMV windows in EU law: 10 days, one month — Reg (EU) 1173/2011 Art 6 [T]; see
``docs/eu-rules.md`` §1, §8). The verdict always comes from the rule core,
:func:`sim.rules.adopted`; the members' ballots come from :mod:`sim.behaviour`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.council.kernel import adopted
from sim.council.rules import Vote, rule_spec
from sim.engine.context import Case, RunContext
from sim.engine.records import VOTE_WORDS
from sim.procedures.accession.measures import MEASURES, describe_in

WRITTEN_PROCEDURE = "written procedure"


class CouncilActor:
    """The Council's calendar, voting and records in one run."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.spec = ctx.scenario.council
        self.rule = rule_spec(ctx.rule)
        self.window = self.spec.decision == "window" and self.rule.reverse
        pop = ctx.membership.population
        self.population = pop
        self.total = float(pop.sum())
        self.columns = [f"vote_{c}" for c in ctx.membership.codes]
        self.rng = ctx.streams["votes"]

    def coreper_day(self, now: float, case: Case) -> float:
        """The Coreper meeting that examines ``case``, proposed on ``now``.

        In window mode it also fixes the window's end; if Coreper would meet after it, the
        examination falls on the window's last day (and the vote goes to written procedure).
        """
        day = float(self.ctx.calendar.next_coreper(now + self.spec.coreper_min_days))
        if self.window:
            case.window_end = case.proposed_day + self.spec.window_days
            day = min(day, case.window_end)
        return day

    def vote_day(self, now: float, case: Case) -> tuple[float, str]:
        """When and where the Council votes on ``case`` after Coreper on ``now``."""
        earliest = now + self.spec.agenda_notice_days
        if self.window:
            inside = self.ctx.calendar.councils_between(earliest, case.window_end)
            if inside:
                return float(inside[0][0]), inside[0][1]
            return max(now, case.window_end), WRITTEN_PROCEDURE
        day, name = self.ctx.calendar.next_council(earliest)
        return float(day), name

    def vote(self, case: Case) -> bool:
        """Hold the vote on ``case`` now: draw ballots, ask the rule core, record the tally.

        Returns whether the proposal is adopted (under a reverse rule: whether it stands).
        """
        ctx = self.ctx
        severity = MEASURES[case.measure].severity
        intensity = ctx.candidate.intensity()
        draws = ctx.behaviour.draws(self.rng)  # same draws under every rule
        ballots = ctx.behaviour.ballots(severity, case.lifting, intensity, draws)
        verdict = bool(adopted(self.rule, ballots, ctx.membership)[0])
        case.vote_day = ctx.now
        case.adopted = verdict
        against = ballots == Vote.NO
        case.n_reject = int(against.sum())
        case.pop_reject_share = float(self.population[against].sum()) / self.total
        ctx.recorder.vote(self._row(case, ballots, verdict))
        what = ("lifting: " if case.lifting else "") + describe_in(ctx, case.measure)
        ctx.log("Council", "vote", f"{case.venue}: vote under {self.rule.name} on {what}",
                case.number)
        return verdict

    def _row(self, case: Case, ballots: np.ndarray, verdict: bool) -> dict[str, Any]:
        codes = ballots.tolist()
        row: dict[str, Any] = {
            "day": self.ctx.now,
            "date": self.ctx.recorder.date(self.ctx.now),
            "case": case.number,
            "procedure": case.procedure,
            "measure": case.measure,
            "lifting": case.lifting,
            "rule": self.rule.name,
            "venue": case.venue,
            "adopted": verdict,
            "n_yes": codes.count(Vote.YES),
            "n_reject": case.n_reject,
            "n_abstain": codes.count(Vote.ABSTAIN),
            "n_not_participating": codes.count(Vote.NOT_PARTICIPATING),
            "pop_reject_share": case.pop_reject_share,
        }
        row.update(zip(self.columns, [VOTE_WORDS[c] for c in codes], strict=True))
        return row
