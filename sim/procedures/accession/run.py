"""One replication of a scenario: :func:`simulate` and its :class:`RunResult`.

Each run builds a fresh SimPy environment, the Council, one random stream per purpose
(:func:`sim.rng.named_streams`: ``votes``, ``candidate``, ``members``, ``timing``) and the
actors, runs to the horizon and returns flat records. The same seed gives the identical event
log; a different ``rule`` reuses the same behaviour draws (common random numbers), so runs
under ``rqmv``, ``qmv`` and ``unanimity`` can be compared pair by pair.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

from sim.behaviour import BehaviourModel
from sim.council.members import Council, candidate_council, load_council
from sim.council.rules import rule_spec
from sim.engine.calendar import Calendar, build_calendar
from sim.engine.context import Case, Priority, RunContext
from sim.engine.records import Recorder, RunResult
from sim.procedures.accession.candidate import CandidateCountry
from sim.procedures.accession.commission import Commission
from sim.procedures.accession.council import CouncilActor
from sim.procedures.accession.members import MemberStates
from sim.procedures.accession.structure import CLOSED, OPEN
from sim.rng import as_seed_sequence, named_streams

STREAMS = ("votes", "candidate", "members", "timing")
"""The named random streams of a run; add new purposes at the end only."""


@dataclass(frozen=True)
class Compiled:
    """What every run of a scenario shares, computed once and kept on the scenario."""

    membership: Council
    calendar: Calendar
    behaviour: BehaviourModel
    candidate_name: str


def compiled(scenario: Any) -> Compiled:
    """The scenario's shared run ingredients (cached on the frozen scenario)."""
    cached = scenario._compiled
    if cached is None:
        council = scenario.council
        membership = load_council(council.population_year)
        lookahead = council.coreper_min_days + council.agenda_notice_days
        cached = Compiled(
            membership,
            build_calendar(scenario.start, scenario.horizon_days, council.calendar, lookahead),
            BehaviourModel.from_spec(scenario.behaviour, membership.codes),
            candidate_council().name(scenario.candidate.code),
        )
        scenario._compiled = cached
    return cached


def build(scenario: Any, seed: np.random.SeedSequence | int,
          rule: str | None = None) -> RunContext:
    """A ready-to-run context with every actor's process started."""
    parts = compiled(scenario)
    rule_name = rule_spec(rule if rule is not None else scenario.council.rule).name
    ctx = RunContext(
        env=simpy.Environment(),
        scenario=scenario,
        membership=parts.membership,
        calendar=parts.calendar,
        behaviour=parts.behaviour,
        candidate_name=parts.candidate_name,
        rule=rule_name,
        recorder=Recorder(parts.calendar),
        streams=named_streams(as_seed_sequence(seed), STREAMS),
    )
    ctx.candidate = CandidateCountry(ctx)
    ctx.members = MemberStates(ctx)
    ctx.commission = Commission(ctx)
    ctx.council = CouncilActor(ctx)
    env = ctx.env
    env.process(_notes(ctx))
    env.process(ctx.candidate.process())
    env.process(ctx.members.process())
    env.process(ctx.commission.process())
    return ctx


def _notes(ctx: RunContext) -> Any:
    """SimPy process: narrate the scenario's historical notes on their dates."""
    for note in sorted(ctx.scenario.notes, key=lambda n: n.date):
        day = (note.date - ctx.scenario.start).days
        if 0 <= day <= ctx.scenario.horizon_days:
            yield ctx.wake(day - ctx.now, Priority.NOTE)
            ctx.log("history", "note", f"{note.actor}: {note.text}")


def run_to_horizon(ctx: RunContext) -> None:
    """Process every event up to and including the horizon day."""
    ctx.env.run(until=math.nextafter(ctx.scenario.horizon_days, math.inf))


def count_events(scenario: Any, seed: np.random.SeedSequence | int,
                 rule: str | None = None) -> int:
    """SimPy events one run processes (a separate, stepping run; for benchmarks)."""
    ctx = build(scenario, seed, rule)
    env, horizon, steps = ctx.env, scenario.horizon_days, 0
    while env.peek() <= horizon:
        env.step()
        steps += 1
    return steps


def simulate(scenario: Any, seed: np.random.SeedSequence | int, *,
             rule: str | None = None) -> RunResult:
    """Run ``scenario`` once.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario (:func:`sim.scenario.load_scenario`).
    seed : SeedSequence or int
        The run's seed; the same seed gives the identical event log.
    rule : str, optional
        Override the decision rule of the Council's votes on measures and their lifting
        (``rqmv``, ``qmv``, ``unanimity``, ...); default: the scenario's.
    """
    ctx = build(scenario, seed, rule)
    run_to_horizon(ctx)
    ctx.candidate.accrue(scenario.horizon_days)
    return RunResult(outcome(ctx), ctx.recorder.votes, ctx.recorder.events)


def _first_measure(ctx: RunContext) -> Case | None:
    for case in ctx.cases:
        if not case.lifting and not math.isnan(case.proposed_day):
            return case
    return None


def outcome(ctx: RunContext) -> dict[str, bool | int | float | str]:
    """The run's one-row summary (see :class:`RunResult`); keys never depend on the run."""
    first = _first_measure(ctx)
    cand = ctx.candidate
    measures = [c for c in ctx.cases if not c.lifting]
    voted = first is not None and first.voted
    decided = first is not None and not math.isnan(first.decision_day)
    return {
        "scenario": ctx.scenario.name,
        "rule": ctx.rule,
        "measure": first.measure if first else "",
        "trigger": first.trigger if first else "",
        "triggered_by": first.by if first else "",
        "proposed": first is not None,
        "withdrawn": bool(first and first.withdrawn),
        "voted": voted,
        "adopted": bool(first and not math.isnan(first.effect_day)),
        "time_to_decision_days": (first.decision_day - first.trigger_day
                                  if first and decided else math.nan),
        "decision_date": ctx.recorder.date(first.decision_day) if first and decided else "",
        "n_reject": first.n_reject if first and voted else 0,
        "pop_reject_share": first.pop_reject_share if first and voted else math.nan,
        "realigned": not math.isnan(cand.realigned_day),
        "realigned_day": cand.realigned_day,
        "breaches_open": len(cand.breaches),
        "eur_withheld": cand.withheld,
        "requests": ctx.members.requests,
        "measures_proposed": sum(1 for c in measures if not math.isnan(c.proposed_day)),
        "measures_adopted": sum(1 for c in measures if not math.isnan(c.effect_day)),
        "measures_lifted": sum(1 for c in ctx.cases if c.lifting and not math.isnan(c.effect_day)),
        "measures_in_force": len(cand.in_force),
        "n_votes": len(ctx.recorder.votes),
        "chapters_open": cand.count(OPEN),
        "chapters_closed": cand.count(CLOSED),
        "chapters_reopened": len(cand.reopened),
        "final_status": cand.final_status(),
    }
