"""One replication of any scenario: :func:`simulate` and its :class:`RunResult`.

Each run builds a fresh SimPy environment, the Council of the scenario's population year, the
calendar, the behaviour model and the run's named random streams (:class:`sim.rng.Streams`,
derived from the run's seed alone), hands the :class:`~sim.engine.context.RunContext` to the
scenario's procedure (``plugin.start(ctx)``), runs to the horizon and returns flat records:
the generic outcome columns (:data:`~sim.engine.records.GENERIC_OUTCOME_KEYS`) followed by
the procedure's. The same seed gives the identical event log; a different ``rule`` reuses the
same random numbers (common random numbers), so runs under ``rqmv``, ``qmv`` and
``unanimity`` can be compared pair by pair.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.behaviour import BehaviourModel
from sim.council.members import Council, available_years, load_council
from sim.council.rules import rule_spec
from sim.engine.calendar import Calendar, build_calendar
from sim.engine.context import Environment, Priority, RunContext, Signals
from sim.engine.plugin import ScenarioLike
from sim.engine.records import GENERIC_OUTCOME_KEYS, Recorder, RunResult
from sim.rng import Streams

__all__ = ["RunResult", "build", "compiled", "count_events", "run_to_horizon", "simulate"]


@dataclass(frozen=True)
class Compiled:
    """What every run of a scenario shares, computed once per frozen scenario.

    ``tables``: the Council of each calendar year the run spans, as votes are counted on it
    (:func:`population_tables`)."""

    membership: Council
    calendar: Calendar
    behaviour: BehaviourModel
    tables: dict[int, tuple[int, Council]]


def population_tables(first: int, last: int, pinned: int | None
                      ) -> dict[int, tuple[int, Council]]:
    """For each year ``first..last``: (the year of the table used, its Council).

    Council Rules of Procedure, Art 11(6) and Annex III: votes are counted on the
    population figures the Council sets each year, applying from 1 January. A vote is
    counted on its year's table when it ships; otherwise on the nearest shipped year's (the
    vote record and the story say so). ``pinned``: the scenario's ``council.population_year``,
    one table for every vote.
    """
    years = available_years()
    out = {}
    for year in range(first, last + 1):
        used = pinned if pinned is not None else min(years, key=lambda y: (abs(y - year), -y))
        out[year] = (used, load_council(used))
    return out


_COMPILED: dict[int, tuple[weakref.ref[Any], Compiled]] = {}


def compiled(scenario: ScenarioLike) -> Compiled:
    """The scenario's shared run ingredients, cached per scenario object (scenarios are
    frozen, so they cannot change under the cache; an entry goes with its scenario)."""
    entry = _COMPILED.get(id(scenario))
    if entry is not None and entry[0]() is scenario:
        return entry[1]
    council = scenario.council
    lookahead = council.coreper_min_days + council.agenda_notice_days
    calendar = build_calendar(scenario.start, scenario.horizon_days, council.calendar, lookahead)
    tables = population_tables(scenario.start.year, int(calendar.dates[-1][:4]),
                               council.population_year)
    membership = tables[scenario.start.year][1]
    parts = Compiled(membership, calendar,
                     BehaviourModel.from_spec(scenario.behaviour, membership.codes), tables)
    key = id(scenario)

    def forget(_: object) -> None:
        _COMPILED.pop(key, None)

    _COMPILED[key] = (weakref.ref(scenario, forget), parts)
    return parts


def build(scenario: ScenarioLike, seed: np.random.SeedSequence | int,
          rule: str | None = None, *, start: bool = True) -> RunContext:
    """A ready-to-run context: the historical notes scheduled and, unless ``start`` is
    false (tests that start a procedure's actors themselves), the procedure started."""
    parts = compiled(scenario)
    plugin = scenario.plugin
    env = Environment()
    ctx = RunContext(
        env=env,
        scenario=scenario,
        procedure=plugin.name,
        membership=parts.membership,
        calendar=parts.calendar,
        behaviour=parts.behaviour,
        rule=rule_spec(rule if rule is not None else scenario.council.rule).name,
        recorder=Recorder(parts.calendar),
        streams=Streams(seed),
        signals=Signals(env),
        tables=parts.tables,
    )
    if scenario.notes:
        env.process(_notes(ctx))
    if start:
        plugin.start(ctx)
    return ctx


def _notes(ctx: RunContext) -> Generator[Any, Any, None]:
    """SimPy process: narrate the scenario's historical notes on their dates."""
    for note in sorted(ctx.scenario.notes, key=lambda n: n.date):
        day = (note.date - ctx.scenario.start).days
        if 0 <= day <= ctx.scenario.horizon_days:
            yield ctx.wake(day - ctx.now, Priority.NOTE)
            ctx.log("history", "note", f"{note.actor}: {note.text}")


def run_to_horizon(ctx: RunContext) -> None:
    """Process every event up to and including the horizon day."""
    ctx.env.run(until=math.nextafter(ctx.scenario.horizon_days, math.inf))


def count_events(scenario: ScenarioLike, seed: np.random.SeedSequence | int,
                 rule: str | None = None) -> int:
    """SimPy events one run processes (a separate, stepping run; for benchmarks)."""
    ctx = build(scenario, seed, rule)
    env, horizon, steps = ctx.env, scenario.horizon_days, 0
    while env.peek() <= horizon:
        env.step()
        steps += 1
    return steps


def outcome(ctx: RunContext) -> dict[str, Any]:
    """The run's one-row summary: the generic columns, then the procedure's own."""
    plugin = ctx.scenario.plugin
    own = plugin.outcome(ctx)
    if tuple(own) != tuple(plugin.outcome_keys):
        raise RuntimeError(f"procedure {plugin.name!r} returned outcome keys {tuple(own)}, "
                           f"not its outcome_keys {tuple(plugin.outcome_keys)}")
    row: dict[str, Any] = dict(zip(GENERIC_OUTCOME_KEYS, (
        ctx.scenario.name, ctx.procedure, ctx.variant, ctx.rule, len(ctx.recorder.votes)),
        strict=True))
    return row | own


def simulate(scenario: ScenarioLike, seed: np.random.SeedSequence | int, *,
             rule: str | None = None) -> RunResult:
    """Run ``scenario`` once.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario (:func:`sim.scenario.load_scenario`) of any procedure.
    seed : SeedSequence or int
        The run's seed; the same seed gives the identical event log.
    rule : str, optional
        Override the decision rule of the procedure's main votes (``rqmv``, ``qmv``,
        ``unanimity``, ...); default: the scenario's ``council.rule``.
    """
    if not hasattr(scenario, "plugin"):
        raise TypeError(f"simulate() needs a Scenario (sim.load_scenario), "
                        f"got {type(scenario).__name__}")
    ctx = build(scenario, seed, rule)
    run_to_horizon(ctx)
    return RunResult(outcome(ctx), ctx.recorder.votes, ctx.recorder.events)
