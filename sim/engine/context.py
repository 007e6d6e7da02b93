"""One run's context: the SimPy environment, the shared ingredients, the cases and signals.

Nothing lives in module globals: :func:`sim.engine.run.simulate` builds one
:class:`RunContext` per run. The context is not a locator: it holds no actor. Actors talk
through the cases (:class:`Case`, a generic file with a ``data`` dict for a procedure's
scalars), through :class:`Signals` (named SimPy events) and through the procedure's own
shared ``board`` of public facts.

Same-day events are ordered by explicit priorities (:class:`Priority`), then by insertion
order — both deterministic — so the event log is reproducible bit for bit. The priority rides
on a :class:`Wake`, a :class:`simpy.Timeout` carrying it, which :class:`Environment` (a SimPy
environment overriding its public ``schedule`` method) honours.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import simpy

from sim.behaviour import BehaviourModel
from sim.council.members import Council
from sim.engine.calendar import Calendar
from sim.engine.delays import Delay, draw_days
from sim.engine.records import Recorder
from sim.rng import Streams


class Priority(IntEnum):
    """Order of events falling on the same day (after SimPy's own, which use 0 and 1).

    Historical notes first, then the candidate's (or third country's) step, member states'
    reviews, the Commission, the voting bodies' meetings and votes, and last the effects.
    """

    NOTE = 2
    CANDIDATE = 3
    MEMBERS = 4
    COMMISSION = 5
    COUNCIL = 6
    EFFECT = 7


class Wake(simpy.Timeout):
    """A timeout ordered by ``priority`` among the events of its day."""

    def __init__(self, env: simpy.Environment, delay: float, priority: Priority) -> None:
        self.priority = int(priority)
        super().__init__(env, delay)


class Environment(simpy.Environment):
    """A SimPy environment that schedules a :class:`Wake` at its own priority."""

    def schedule(self, event: simpy.Event, priority: Any = 1, delay: Any = 0) -> None:
        if type(event) is Wake:
            priority = event.priority
        super().schedule(event, priority, delay)


class Signals:
    """Named happenings one actor announces and others react to, as SimPy events.

    ``on(topic, handler)`` subscribes; ``emit(topic, value)`` triggers a fresh SimPy event
    whose callbacks call every handler with ``value`` when the environment processes it —
    on the same day, before any later :class:`Priority`. The emitter never knows who listens.
    """

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.handlers: dict[str, list[Callable[[Any], None]]] = defaultdict(list)

    def on(self, topic: str, handler: Callable[[Any], None]) -> None:
        """Call ``handler(value)`` whenever ``topic`` is emitted."""
        self.handlers[topic].append(handler)

    def emit(self, topic: str, value: Any = None) -> simpy.Event:
        """Announce ``topic`` now; returns the triggered event."""
        event = self.env.event()
        for handler in self.handlers.get(topic, ()):
            event.callbacks.append(_caller(handler))
        return event.succeed(value)


def _caller(handler: Callable[[Any], None]) -> Callable[[simpy.Event], None]:
    """A SimPy callback calling ``handler`` with the event's value."""
    def call(event: simpy.Event) -> None:
        handler(event.value)
    return call


@dataclass(slots=True, eq=False)
class Case:
    """One proposal's file, from its trigger to its effect, whatever the procedure.

    ``trigger``: what opened it (``request``, ``initiative``, ``notification``, ...);
    ``by``: who. ``step``: the step it is at. ``days``: the day each step happened
    (``proposed``, ``voted``, ``decided``, ``effect``, ...). ``adopted``: the last
    decision's verdict (``None`` until one). ``data``: the procedure's own scalars (the
    measure, whether it lifts one, ...).
    """

    number: int
    procedure: str
    trigger: str
    by: str
    trigger_day: float
    step: str = ""
    days: dict[str, float] = field(default_factory=dict)
    adopted: bool | None = None
    withdrawn: bool = False
    data: dict[str, Any] = field(default_factory=dict)

    def day(self, name: str) -> float:
        """The day step ``name`` happened, NaN if not (yet)."""
        return self.days.get(name, math.nan)

    @property
    def voted(self) -> bool:
        """Whether a body has voted on it."""
        return "voted" in self.days

    @property
    def decided(self) -> bool:
        """Whether the deciding body has acted (adopted or rejected it; in a window, only
        when the window closes). Until then the Commission may withdraw it (Art 293(2)
        TFEU)."""
        return "decided" in self.days


@dataclass(eq=False)
class RunContext:
    """Everything one run shares: built by :func:`sim.engine.run.simulate`, discarded after.

    ``variant``: the procedure's legal variant in this run (set by the procedure's
    ``start``); ``board``: the procedure's shared public facts (its own type).
    """

    env: simpy.Environment
    scenario: Any
    procedure: str
    membership: Council
    calendar: Calendar
    behaviour: BehaviourModel
    rule: str
    recorder: Recorder
    streams: Streams
    signals: Signals
    variant: str = ""
    cases: list[Case] = field(default_factory=list)
    board: Any = None
    tables: dict[int, tuple[int, Council]] = field(default_factory=dict)

    @property
    def now(self) -> float:
        """The current simulated day."""
        return float(self.env.now)

    def council_on(self, day: float) -> Council:
        """The Council (members and population table) a vote on ``day`` is counted on: the
        table in force on its date (Council Rules of Procedure, Art 11(6))."""
        return self.table_on(day)[1]

    def table_on(self, day: float) -> tuple[int, Council]:
        """(year of the population table, its Council) for a vote on ``day``."""
        entry = self.tables.get(int(self.recorder.date(day)[:4]))
        return entry if entry is not None else (-1, self.membership)

    def wake(self, delay: float, priority: Priority) -> Wake:
        """An event ``delay`` days from now, ordered by ``priority`` among same-day events."""
        return Wake(self.env, delay, priority)

    def delay(self, spec: Delay) -> float:
        """A whole number of days drawn from ``spec`` on the ``timing`` stream."""
        return draw_days(spec, self.streams["timing"])

    def open_case(self, trigger: str, by: str, **data: Any) -> Case:
        """A new case of this run's procedure, opened now."""
        case = Case(len(self.cases), self.procedure, trigger, by, self.now, data=data)
        self.cases.append(case)
        return case

    def log(self, actor: str, event: str, details: str, case: int = -1) -> None:
        """Record an event now."""
        self.recorder.log(self.env.now, actor, event, details, case)
