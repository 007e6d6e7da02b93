"""One run's context: the SimPy environment, the scenario, the random streams, the actors.

Nothing lives in module globals: :func:`sim.engine.simulate` builds one :class:`RunContext`
per run. Same-day events are ordered by explicit priorities (:class:`Priority`), then by
insertion order — both deterministic — so the event log is reproducible bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import numpy as np
import simpy
from simpy.events import Event as SimEvent

from sim.behaviour import BehaviourModel
from sim.council.members import Council
from sim.engine.calendar import Calendar
from sim.engine.delays import Delay, draw_days
from sim.engine.records import Recorder


class Priority(IntEnum):
    """Order of events falling on the same day (after SimPy's own, which use 0 and 1).

    Historical notes first, then the candidate's monthly step, member states' reviews, the
    Commission, the Council's meetings and votes, and last the effects of decisions.
    """

    NOTE = 2
    CANDIDATE = 3
    MEMBERS = 4
    COMMISSION = 5
    COUNCIL = 6
    EFFECT = 7


class Wake(SimEvent):
    """A timeout with an explicit :class:`Priority` (SimPy's ``Timeout`` is always NORMAL)."""

    def __init__(self, env: simpy.Environment, delay: float, priority: Priority) -> None:
        # Same initialisation as simpy.events.Timeout, with our priority.
        self.env = env
        self.callbacks: list[Any] = []
        self._value = None
        self._ok = True
        env.schedule(self, priority, delay)  # type: ignore[arg-type]


@dataclass(slots=True)
class Case:
    """One proposal's file, from its trigger to its effect (days; NaN until it happens).

    ``lifting``: a proposal to lift ``measure`` rather than impose it. ``trigger``:
    ``request``, ``initiative``, ``escalation``, ``realignment`` or ``review`` (a lifting
    proposed again after a rejection); ``by``: who triggered it.
    """

    number: int
    procedure: str
    measure: str
    lifting: bool
    trigger: str
    by: str
    trigger_day: float
    proposed_day: float = math.nan
    vote_day: float = math.nan
    decision_day: float = math.nan
    effect_day: float = math.nan
    scheduled_day: float = math.nan
    window_end: float = math.nan
    venue: str = ""
    adopted: bool | None = None
    withdrawn: bool = False
    n_reject: int = 0
    pop_reject_share: float = math.nan

    @property
    def voted(self) -> bool:
        """Whether the Council has voted on it."""
        return not math.isnan(self.vote_day)

    @property
    def decided(self) -> bool:
        """Whether the Council has acted: adopted or rejected it (in an RQMV window, deemed
        adopted only when the window closes). Until then the Commission may withdraw it
        (Art 293(2) TFEU)."""
        return not math.isnan(self.decision_day)


@dataclass(eq=False)
class RunContext:
    """Everything one run shares: built by :func:`sim.engine.simulate`, discarded after."""

    env: simpy.Environment
    scenario: Any
    membership: Council
    calendar: Calendar
    behaviour: BehaviourModel
    candidate_name: str
    rule: str
    recorder: Recorder
    streams: dict[str, np.random.Generator]
    cases: list[Case] = field(default_factory=list)
    candidate: Any = field(init=False)
    members: Any = field(init=False)
    commission: Any = field(init=False)
    council: Any = field(init=False)

    @property
    def now(self) -> float:
        """The current simulated day."""
        return float(self.env.now)

    def wake(self, delay: float, priority: Priority) -> Wake:
        """An event ``delay`` days from now, ordered by ``priority`` among same-day events."""
        return Wake(self.env, delay, priority)

    def delay(self, spec: Delay) -> float:
        """A whole number of days drawn from ``spec`` on the ``timing`` stream."""
        return draw_days(spec, self.streams["timing"])

    def log(self, actor: str, event: str, details: str, case: int = -1) -> None:
        """Record an event now."""
        self.recorder.log(self.env.now, actor, event, details, case)

