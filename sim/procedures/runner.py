"""A minimal runner for the plug-in procedures (visa suspension, agreements).

It follows the procedure plug-in contract (``docs/architecture.md``): a procedure package
exposes ``PLUGIN`` with ``name``, ``spec``, ``outcome_keys``, ``start(ctx)`` and
``outcome(ctx)``; :func:`simulate` builds one :class:`ProcedureContext` per run (SimPy
environment, Council membership, calendar, behaviour, recorder, named random streams from
:func:`sim.rng.named_streams`), calls ``start``, runs to the horizon and returns a
:class:`~sim.engine.records.RunResult` whose outcome is the generic columns followed by the
plug-in's. Procedures communicate only through the context (its cases and signals).
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import simpy

from sim.behaviour import BehaviourModel
from sim.council.bodies import BodyVote
from sim.council.members import Council, load_council
from sim.engine.calendar import Calendar, build_calendar
from sim.engine.context import Priority, Wake
from sim.engine.delays import Delay, draw_days
from sim.engine.records import Recorder, RunResult
from sim.errors import InputError
from sim.rng import as_seed_sequence, named_streams

STREAMS = ("votes", "candidate", "members", "timing", "commission", "parliament", "igc")
"""Named random streams of a run; add new purposes at the end only. The first four are
those of the accession procedure, so member states' ballots draw the same numbers."""

ADAPTED: dict[str, str] = {
    "visa-suspension": "sim.procedures.visa_suspension",
    "agreement": "sim.procedures.agreement",
}
"""The procedures that still run here rather than on :mod:`sim.engine` (their lines in
:data:`sim.procedures.registry.PROCEDURES` stay commented out until they are ported)."""

GENERIC_KEYS = ("scenario", "procedure", "variant", "rule", "n_votes")
"""Outcome columns every procedure run starts with."""


class Procedure(Protocol):
    """What a procedure package's ``PLUGIN`` provides."""

    name: str
    outcome_keys: tuple[str, ...]

    def start(self, ctx: ProcedureContext) -> None: ...

    def outcome(self, ctx: ProcedureContext) -> dict[str, bool | int | float | str]: ...


@dataclass(eq=False)
class ProcedureContext:
    """Everything one run shares; built by :func:`simulate`, discarded after."""

    env: simpy.Environment
    scenario: Any
    spec: Any
    membership: Council
    calendar: Calendar
    behaviour: BehaviourModel
    recorder: Recorder
    streams: dict[str, np.random.Generator]
    variant: str = ""
    signals: dict[str, simpy.Event] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def now(self) -> float:
        """The current simulated day."""
        return float(self.env.now)

    def wake(self, delay: float, priority: Priority) -> Wake:
        """An event ``delay`` days from now, ordered by ``priority`` among same-day events."""
        return Wake(self.env, max(delay, 0.0), priority)

    def delay(self, spec: Delay, stream: str = "timing") -> float:
        """A whole number of days drawn from ``spec``."""
        return draw_days(spec, self.streams[stream])

    def log(self, actor: str, event: str, details: str, case: int = -1) -> None:
        """Record an event now."""
        self.recorder.log(self.env.now, actor, event, details, case)

    def record(self, case: int, procedure: str, step: str, vote: BodyVote,
               voted: bool = True) -> dict[str, Any]:
        """Append the vote row of ``vote`` (the shared record contract) and return it.

        ``voted``: False for a window that closed without a vote (still a row)."""
        row = {"day": self.now, "date": self.recorder.date(self.now), "case": case,
               "procedure": procedure, "variant": self.variant, "step": step,
               **vote.record(), "article": vote.article, "voted": voted}
        self.recorder.vote(row)
        return row


def plugin(name: str) -> Procedure:
    """The ``PLUGIN`` of the procedure registered as ``name``."""
    try:
        module = ADAPTED[name]
    except KeyError:
        raise InputError(f"unknown procedure {name!r} (procedures: "
                         f"{', '.join(ADAPTED)})") from None
    found: Procedure = importlib.import_module(module).PLUGIN
    return found


def build(scenario: Any, seed: np.random.SeedSequence | int) -> ProcedureContext:
    """A ready-to-run context with the procedure's processes started."""
    proc = plugin(scenario.procedure)
    membership = load_council(scenario.population_year)
    calendar = build_calendar(scenario.start, scenario.horizon_days, scenario.calendar, 60.0)
    section = scenario.section()
    ctx = ProcedureContext(
        env=simpy.Environment(), scenario=scenario, spec=section, membership=membership,
        calendar=calendar,
        behaviour=BehaviourModel.from_spec(scenario.behaviour, membership.codes),
        recorder=Recorder(calendar),
        streams=named_streams(as_seed_sequence(seed), STREAMS),
        variant=str(getattr(section, "variant", "")))
    ctx.env.process(_notes(ctx))
    proc.start(ctx)
    return ctx


def _notes(ctx: ProcedureContext) -> Any:
    """SimPy process: narrate the scenario's historical notes on their dates."""
    for note in sorted(ctx.scenario.notes, key=lambda n: n.date):
        day = (note.date - ctx.scenario.start).days
        if 0 <= day <= ctx.scenario.horizon_days:
            yield ctx.wake(day - ctx.now, Priority.NOTE)
            ctx.log("history", "note", f"{note.actor}: {note.text}")


def simulate(scenario: Any, seed: np.random.SeedSequence | int) -> RunResult:
    """Run a procedure scenario once; the same seed gives the same records, bit for bit."""
    ctx = build(scenario, seed)
    ctx.env.run(until=math.nextafter(scenario.horizon_days, math.inf))
    proc = plugin(scenario.procedure)
    own = proc.outcome(ctx)
    if tuple(own) != proc.outcome_keys:
        raise AssertionError(f"{proc.name} outcome keys differ from its outcome_keys")
    rules = sorted({str(v["rule"]) for v in ctx.recorder.votes})
    generic = {"scenario": scenario.name, "procedure": proc.name, "variant": ctx.variant,
               "rule": ",".join(rules), "n_votes": len(ctx.recorder.votes)}
    return RunResult(generic | own, ctx.recorder.votes, ctx.recorder.events)
