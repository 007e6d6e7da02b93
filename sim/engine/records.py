"""Flat records of one run: the event log, the vote records and the run's result.

Every step of a procedure appends one :class:`Event` (day, ISO date, actor, event kind, a
one-line factual ``details``, and the number of the case it belongs to). Every decision of
any body — a Council vote, a committee opinion, a window closing with nobody voting — appends
one flat vote record (a dict of scalars, :func:`vote_record`) with the keys of
:data:`VOTE_KEYS`, one ``vote_<CODE>`` column per member, and the procedure's extra columns.
The recorder holds plain Python lists; tables are built in bulk by callers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from sim.council.rules import Vote

if TYPE_CHECKING:
    from sim.engine.calendar import Calendar

VOTE_WORDS = {
    int(Vote.NOT_PARTICIPATING): "not-participating",
    int(Vote.YES): "yes",
    int(Vote.NO): "no",
    int(Vote.ABSTAIN): "abstain",
}
"""How a member's vote is written in a vote record (``no`` = against the proposal)."""

OUTCOMES = ("adopted", "rejected", "deemed_adopted", "positive", "negative", "no_opinion",
            "objection", "no_objection", "consent", "no_consent", "veto", "unanimous")
"""The words a vote record's ``outcome`` may take (the fixed vocabulary of every body)."""

VOTE_KEYS: tuple[str, ...] = (
    "day", "date", "case", "procedure", "variant", "step", "body", "rule", "participants",
    "not_participating", "outcome", "adopted", "n_yes", "n_no", "n_abstain", "pop_no_share",
)
"""Leading keys of every vote record, before the per-member columns and the procedure's."""

GENERIC_OUTCOME_KEYS: tuple[str, ...] = ("scenario", "procedure", "variant", "rule", "n_votes")
"""Outcome columns every run of the engine has, before its procedure's own."""

OUTCOME_KEYS: tuple[str, ...] = (
    "measure", "rule", "proposed", "adopted", "time_to_decision_days", "n_reject",
    "pop_reject_share", "realigned", "realigned_day", "eur_withheld", "measures_adopted",
    "final_status",
)
"""Outcome keys the Monte Carlo summary reads (the accession measures and the single-vote
model provide them)."""


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
        The kind of step (each procedure lists its kinds).
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


_new_event = tuple.__new__  # an Event from its fields without the NamedTuple's Python __new__


class Recorder:
    """Collects the events and vote records of one run, in order."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.events: list[Event] = []
        self.votes: list[dict[str, Any]] = []
        self.date = calendar.date

    def log(self, day: float, actor: str, event: str, details: str, case: int = -1) -> None:
        """Append one event."""
        day = float(day)
        self.events.append(_new_event(Event, (day, self.date(day), actor, event, details, case)))

    def vote(self, row: dict[str, Any]) -> None:
        """Append one vote record."""
        self.votes.append(row)


@lru_cache(maxsize=64)
def vote_columns(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The per-member column names of a vote record, ``vote_<CODE>`` (made once per Council)."""
    return tuple(f"vote_{c}" for c in codes)


_NOT_PARTICIPATING, _YES, _NO, _ABSTAIN = (int(v) for v in (
    Vote.NOT_PARTICIPATING, Vote.YES, Vote.NO, Vote.ABSTAIN))


def vote_record(*, day: float, date: str, case: int, procedure: str, variant: str,
                step: str, body: str, rule: str, outcome: str, adopted: bool,
                codes: Sequence[str], ballots: np.ndarray | Sequence[int] | None,
                population: np.ndarray | Sequence[int] | None,
                extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One vote record with the keys of :data:`VOTE_KEYS`, then ``vote_<CODE>`` per member
    (when ``ballots`` are given), then ``extra``.

    ``ballots``: the members' vote codes (:class:`~sim.council.rules.Vote`), in ``codes``
    order (an array or a sequence of ints); members coded ``NOT_PARTICIPATING`` are not
    participants (Art 238(3) TFEU). ``population``: the members' populations on the
    record's date (for ``pop_no_share``, the share of the participants' population that
    voted no).
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if ballots is None:
        row: dict[str, Any] = {
            "day": day, "date": date, "case": case, "procedure": procedure, "variant": variant,
            "step": step, "body": body, "rule": rule, "participants": 0,
            "not_participating": "", "outcome": outcome, "adopted": adopted, "n_yes": 0,
            "n_no": 0, "n_abstain": 0, "pop_no_share": math.nan}
    else:
        values = ballots.tolist() if isinstance(ballots, np.ndarray) else list(ballots)
        absent = [c for c, v in zip(codes, values, strict=True) if v == _NOT_PARTICIPATING]
        share = math.nan  # one object, so equal records compare equal
        if population is not None:
            pops = population.tolist() if isinstance(population, np.ndarray) else population
            taking_part = no = 0
            for v, p in zip(values, pops, strict=True):
                if v != _NOT_PARTICIPATING:
                    taking_part += p
                    if v == _NO:
                        no += p
            share = float(no) / float(taking_part) if taking_part else share
        row = {"day": day, "date": date, "case": case, "procedure": procedure,
               "variant": variant, "step": step, "body": body, "rule": rule,
               "participants": len(values) - len(absent), "not_participating": ",".join(absent),
               "outcome": outcome, "adopted": adopted, "n_yes": values.count(_YES),
               "n_no": values.count(_NO), "n_abstain": values.count(_ABSTAIN),
               "pop_no_share": share}
        row.update(zip(vote_columns(tuple(codes)), map(VOTE_WORDS.__getitem__, values),
                       strict=True))
    if extra:
        row.update(extra)
    return row


@dataclass
class RunResult:
    """The flat records of one run, whatever the model.

    Attributes
    ----------
    outcome : dict
        One row of scalars, the same keys for every run of a scenario (NaN / False / ""
        where undefined): the engine's :data:`GENERIC_OUTCOME_KEYS`, then the procedure's.
    votes : list of dict
        One vote record per decision (:func:`vote_record`).
    events : list of Event
        The event log, in time order.
    """

    outcome: dict[str, Any]
    votes: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
