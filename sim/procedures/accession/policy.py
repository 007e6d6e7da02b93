"""The Commission's rules for proposing measures, as pure functions of the shared board.

COM(2020) 57 (``docs/eu-rules.md`` §3 [S/M]): the Commission chooses from a graduated
ladder (:mod:`.measures`) the first rung more severe than any measure in force; it handles
one proposal of a measure at a time, waits ``retry_days`` after a rejection, and escalates
only after a measure has been in force ``escalation_days`` without realignment. Both the
Commission and the member states (who file a request only when it would open a file) read
these rules; neither calls the other.
"""

from __future__ import annotations

import math
from typing import Any

from sim.procedures.accession.board import Board
from sim.procedures.accession.measures import MEASURES


def by_severity(measures: dict[str, float]) -> list[str]:
    """``measures`` from the most severe down (lifting the harshest first)."""
    return sorted(measures, key=lambda m: -MEASURES[m].severity)


def next_measure(board: Board, spec: Any) -> str | None:
    """The first rung of the ladder more severe than every measure in force."""
    top = max((MEASURES[m].severity for m in board.candidate.in_force), default=0.0)
    for name in spec.ladder:
        if MEASURES[name].severity > top:
            return name
    return None


def can_propose(board: Board, spec: Any, now: float) -> bool:
    """Whether a new proposal of a measure is possible now."""
    files = board.commission
    return (files.proposals < spec.max_proposals
            and now - files.last_rejection >= spec.retry_days
            and next_measure(board, spec) is not None)


def accepts_request(board: Board, spec: Any, now: float) -> bool:
    """Whether a member's request now would open a file."""
    if board.commission.case is not None or not can_propose(board, spec, now):
        return False
    return (not board.candidate.in_force
            or now - board.commission.last_adoption >= spec.escalation_days)


def pressure(board: Board, pending_weight: float) -> float:
    """Severity of the measures in force + ``pending_weight`` × severity of a pending one."""
    total = sum(MEASURES[m].severity for m in board.candidate.in_force)
    case = board.commission.case
    if case is not None and not case.data["lifting"] and not math.isnan(case.day("proposed")):
        total += pending_weight * MEASURES[case.data["measure"]].severity
    return total
