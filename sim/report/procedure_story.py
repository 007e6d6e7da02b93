"""The narrated story of a plug-in procedure's run, or of every route of a comparison.

Each event becomes one line ``DATE Actor: what happened``; each vote is told with its
explained count — the Council's, a committee's or a conference's by
:func:`sim.council.tally.tally` (participants, population shares, the article), the
Parliament's by :func:`sim.parliament.majorities.tally` — and the verdict must agree with the
one the run reached, else this raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from sim.council.members import Council, load_council
from sim.council.tally import tally
from sim.engine.records import VOTE_WORDS, Event
from sim.engine.run import compiled
from sim.parliament import load_parliament
from sim.parliament import tally as ep_tally

WORD_CODES = {word: code for code, word in VOTE_WORDS.items()}
VOTE_EVENTS = ("vote", "window-closed")


def _members(codes: tuple[str, ...]) -> str:
    return ", ".join(codes) if codes else "none"


def member_sentence(row: dict[str, Any], council: Council) -> str:
    """A member-state body's vote in words, checked against the recorded verdict."""
    ballots = np.array([WORD_CODES[row[f"vote_{c}"]] for c in council.codes], dtype=np.int8)
    body = row["body"]
    if body == "committee":  # the opinion: a QMV for (positive) or against (negative)
        result = tally("rqmv" if row["outcome"] == "negative" else "qmv", ballots, council)
        ok = (result.adopted != (row["outcome"] == "negative")) if row["outcome"] != \
            "no_opinion" else not row["adopted"]
    else:
        result = tally(row["rule"], ballots, council)
        ok = result.adopted == row["adopted"]
    if not ok:
        raise AssertionError(f"tally disagrees with the recorded verdict of case {row['case']}")
    if body == "igc":
        vetoes = tuple(c for c in council.codes if row[f"vote_{c}"] == "no")
        head = (f"Vetoed by {_members(vetoes)}: unanimity fails." if vetoes else
                "No member vetoes: adopted by unanimity.")
        return f"{head} {result.explanation}"
    who = f"Against: {_members(result.against)}"
    if result.abstaining:
        who += f"; abstaining: {_members(result.abstaining)}"
    if result.not_participating:
        who += f"; not taking part: {_members(result.not_participating)}"
    if body == "committee" and row["outcome"] == "no_opinion":
        return (f"No opinion: neither a qualified majority for nor one against "
                f"({row['n_yes']} for, {row['n_no']} against among {row['participants']}). "
                f"{who}.")
    return f"{result.explanation} {who}."


def parliament_sentence(row: dict[str, Any]) -> str:
    """The Parliament's vote in words (by group), checked against the recorded verdict."""
    ep = load_parliament()
    if not row.get("voted", True):
        return "No vote: the window closes without a motion."
    counts = [[row[f"group_{g}_{side}"] for g in ep.groups] for side in ("yes", "no", "abstain")]
    result = ep_tally(row["rule"], counts[0], counts[1], counts[2], ep.members)
    if result.passed != row["adopted"]:
        raise AssertionError(f"count disagrees with the recorded verdict of case {row['case']}")
    groups = "; ".join(f"{g} {y}-{n}-{a}" for g, y, n, a in zip(ep.groups, *counts, strict=True))
    return f"{result.explanation} By group (for-against-abstaining): {groups}."


def _line(ev: Event, votes: Iterator[dict[str, Any]], council: Council) -> str:
    if ev.actor == "history":
        actor, _, text = ev.details.partition(":")
        return f"{ev.date} (history) {actor}: {text.strip()}"
    text = ev.details
    if ev.event in VOTE_EVENTS and ev.actor in ("Council", "Committee", "Parliament", "IGC"):
        row = next(votes)
        year = int(row.get("population_year", -1))  # the table the vote was counted on
        sentence = (parliament_sentence(row) if row["body"] == "parliament"
                    else member_sentence(row, load_council(year) if year >= 0 else council))
        text = f"{text}. {sentence}"
    return f"{ev.date} {ev.actor}: {text}"


def lines(scenario: Any, result: Any) -> Iterator[str]:
    """The story's lines for ``result``, a run of the procedure scenario ``scenario``."""
    council = compiled(scenario).membership
    votes = iter(result.votes)
    for ev in result.events:
        yield _line(ev, votes, council)


def summary(outcome: dict[str, Any]) -> str:
    """One closing line from a procedure's outcome row."""
    if outcome["procedure"] == "agreement":
        return (f"Agreements signed: {outcome['signed']} of {outcome['partners']}, consented: "
                f"{outcome['consented']}, concluded: {outcome['concluded']}.")
    took = (f"a suspension took effect on {outcome['effect_date']}" if outcome["adopted"]
            else "no suspension took effect")
    stop = f"; stopped by: {outcome['stopped_by']}" if outcome["stopped_by"] else ""
    full = "; the delegated act entered into force" if outcome["full_suspension"] else ""
    return f"Rules of {outcome['variant']}: {took}{full}{stop}."
