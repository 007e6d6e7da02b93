"""Flat records of one run: the event log and the Council's votes.

Every step of a procedure appends one :class:`Event` (day, ISO date, actor, event kind, a
one-line factual ``details``, and the number of the case it belongs to). Every Council vote
appends one flat row (a dict of scalars) with one ``vote_<CODE>`` column per member. The
recorder holds plain Python lists; tables are built in bulk by callers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from sim.council.rules import Vote

if TYPE_CHECKING:
    from sim.engine.calendar import Calendar

VOTE_WORDS = {
    int(Vote.NOT_PARTICIPATING): "not-participating",
    int(Vote.YES): "yes",
    int(Vote.NO): "no",
    int(Vote.ABSTAIN): "abstain",
}
"""How a member's vote is written in a vote row (``no`` = against the measure)."""

OUTCOME_KEYS: tuple[str, ...] = (
    "measure", "rule", "proposed", "adopted", "time_to_decision_days", "n_reject",
    "pop_reject_share", "realigned", "realigned_day", "eur_withheld", "measures_adopted",
    "final_status",
)
"""Keys of :attr:`RunResult.outcome` that every model provides (a model may add more)."""

EVENT_KINDS = (
    "note", "concern", "request", "initiative", "escalation", "assessment", "proposal",
    "withdrawal", "coreper", "vote", "adopted", "rejected", "measure-applied", "lift-applied",
    "reform", "backslide", "realigned", "relapsed", "chapter-opened", "chapter-closed",
    "chapters-reopened", "clusters-paused", "negotiations-suspended",
)
"""Every event kind the engine records (the ``event`` field)."""


class Event(NamedTuple):
    """One step of a run.

    Attributes
    ----------
    day : float
        Simulated day (0 = the scenario's start date).
    date : str
        ISO date of ``day``.
    actor : str
        Who acts: ``Commission``, ``Council``, ``Coreper``, a member code, the candidate's
        name, or ``history`` for a scenario's notes.
    event : str
        One of :data:`EVENT_KINDS`.
    details : str
        One line of facts, for people.
    case : int
        Number of the proposal's case, or -1 when the event belongs to none.
    """

    day: float
    date: str
    actor: str
    event: str
    details: str
    case: int = -1


class Recorder:
    """Collects the events and vote rows of one run, in order."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.events: list[Event] = []
        self.votes: list[dict[str, Any]] = []
        self.date = calendar.date

    def log(self, day: float, actor: str, event: str, details: str, case: int = -1) -> None:
        """Append one event."""
        self.events.append(Event(float(day), self.date(day), actor, event, details, case))

    def vote(self, row: dict[str, Any]) -> None:
        """Append one vote row."""
        self.votes.append(row)


@dataclass
class RunResult:
    """The flat records of one run, whatever the model.

    Attributes
    ----------
    outcome : dict
        One row of scalars with at least :data:`OUTCOME_KEYS`, the same keys for every run
        of a scenario (NaN / False / "" where undefined).
    votes : list of dict
        One row per Council vote: ``day``, ``date``, ``procedure``, ``measure``, ``rule``,
        ``adopted``, ``n_reject``, ``pop_reject_share`` and one ``vote_<CODE>`` column per
        member (values from :data:`VOTE_WORDS`).
    events : list of Event
        The event log, in time order.
    """

    outcome: dict[str, Any]
    votes: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
