"""Flat records of one run: the event log, the vote records and the run's result.

Every step of a procedure appends one :class:`Event` (day, ISO date, actor, event kind, a
one-line factual ``details``, and the number of the case it belongs to). Every decision of
any body — a Council vote, a committee opinion, a window closing with nobody voting — appends
one flat vote record (a dict of scalars, :func:`vote_record`) with the keys of
:data:`VOTE_KEYS`, one ``vote_<CODE>`` column per member, and the procedure's extra columns.
The recorder holds plain Python lists; tables are built in bulk by callers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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


class Recorder:
    """Collects the events and vote records of one run, in order."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.events: list[Event] = []
        self.votes: list[dict[str, Any]] = []
        self.date = calendar.date

    def log(self, day: float, actor: str, event: str, details: str, case: int = -1) -> None:
        """Append one event."""
        self.events.append(Event(float(day), self.date(day), actor, event, details, case))

    def vote(self, row: dict[str, Any]) -> None:
        """Append one vote record."""
        self.votes.append(row)


def vote_record(*, day: float, date: str, case: int, procedure: str, variant: str,
                step: str, body: str, rule: str, outcome: str, adopted: bool,
                codes: Sequence[str], ballots: np.ndarray | None,
                population: np.ndarray | None,
                extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One vote record with the keys of :data:`VOTE_KEYS`, then ``vote_<CODE>`` per member
    (when ``ballots`` are given), then ``extra``.

    ``ballots``: the members' vote codes (:class:`~sim.council.rules.Vote`), in ``codes``
    order; members coded ``NOT_PARTICIPATING`` are not participants (Art 238(3) TFEU).
    ``population``: the members' populations on the record's date (for ``pop_no_share``,
    the share of the participants' population that voted no).
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    row: dict[str, Any] = {"day": day, "date": date, "case": case, "procedure": procedure,
                           "variant": variant, "step": step, "body": body, "rule": rule}
    if ballots is None:
        row |= {"participants": 0, "not_participating": "", "outcome": outcome,
                "adopted": adopted, "n_yes": 0, "n_no": 0, "n_abstain": 0,
                "pop_no_share": float("nan")}
    else:
        values = ballots.tolist()
        absent = [c for c, v in zip(codes, values, strict=True) if v == Vote.NOT_PARTICIPATING]
        no = ballots == Vote.NO
        share = float("nan")
        if population is not None:
            taking_part = float(population[ballots != Vote.NOT_PARTICIPATING].sum())
            share = float(population[no].sum()) / taking_part if taking_part else share
        row |= {"participants": len(values) - len(absent), "not_participating": ",".join(absent),
                "outcome": outcome, "adopted": adopted, "n_yes": values.count(Vote.YES),
                "n_no": values.count(Vote.NO), "n_abstain": values.count(Vote.ABSTAIN),
                "pop_no_share": share}
        row.update(zip([f"vote_{c}" for c in codes], [VOTE_WORDS[v] for v in values],
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
