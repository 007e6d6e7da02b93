"""A dated, narrated timeline of one run, for people (``eusim story``).

Each event of the log becomes one line ``DATE Actor: what happened``; each Council vote is
told with its explained tally (:func:`sim.tally.tally`: who voted how, their share of the
population, what the rule needs, the verdict and its article) — e.g. "The proposal stands:
9 members (21.4 % of the population) voted to reject; a rejection needs 15 members ...".
The verdict is the one the rule core gave during the run; the tally must agree with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from sim.council.members import Council, load_council
from sim.council.rules import RULES
from sim.council.tally import tally
from sim.engine.records import VOTE_WORDS, Event, RunResult
from sim.engine.run import compiled, simulate
from sim.procedures.registry import DEFAULT_PROCEDURE
from sim.scenario import Scenario

WORD_CODES = {word: code for code, word in VOTE_WORDS.items()}


def _members(codes: tuple[str, ...]) -> str:
    return ", ".join(codes) if codes else "none"


def vote_sentence(row: dict[str, Any], council: Council) -> str:
    """The tally of one vote row in words (:func:`sim.tally.tally`), with who voted how.

    The rule core decided the vote during the run; the tally of the recorded ballots must
    agree with it, else this raises (the story never tells a verdict the run did not reach).
    """
    ballots = np.array([WORD_CODES[row[f"vote_{c}"]] for c in council.codes], dtype=np.int8)
    result = tally(row["rule"], ballots, council)
    if result.adopted != row["adopted"]:
        raise AssertionError(f"tally disagrees with the recorded verdict of case {row['case']}")
    word = "to reject" if RULES[row["rule"]].reverse else "against"
    who = f"Voting {word}: {_members(result.against)}"
    if result.abstaining:
        who += f"; abstaining: {_members(result.abstaining)}"
    if result.not_participating:
        who += f"; not taking part: {_members(result.not_participating)}"
    return f"{result.explanation} {who}."


def lines(scenario: Scenario, result: RunResult) -> Iterator[str]:
    """The story's lines for ``result``, a run of ``scenario``."""
    fallback = compiled(scenario).membership
    votes = iter(row for row in result.votes if row["body"] == "council")
    pinned = scenario.council.population_year
    for ev in result.events:
        yield _line(ev, votes, fallback, pinned)


def _table_note(row: dict[str, Any], pinned: int | None) -> tuple[Council | None, str]:
    """The Council a vote was counted on, and a note when its table is not the vote's year
    (Council Rules of Procedure, Art 11(6): each year's figures apply from 1 January)."""
    year = int(row.get("population_year", -1))
    if year < 0:
        return None, ""
    vote_year = int(str(row["date"])[:4])
    if year == vote_year:
        note = ""
    elif pinned is not None:
        note = f" Counted on the {year} population table, as the scenario sets."
    else:
        note = (f" Counted on the {year} population table: the {vote_year} figures are not "
                "shipped with eusim.")
    return load_council(year), note


def _line(ev: Event, votes: Iterator[dict[str, Any]], fallback: Council,
          pinned: int | None) -> str:
    actor = "(history) " + ev.details.split(":", 1)[0] if ev.actor == "history" else ev.actor
    text = ev.details.split(":", 1)[1].strip() if ev.actor == "history" else ev.details
    if ev.event == "vote":
        row = next(votes)
        if row["participants"]:  # else a window closed with nobody voting: the event says so
            council, note = _table_note(row, pinned)
            text = f"{text}. {vote_sentence(row, council or fallback)}{note}"
    return f"{ev.date} {actor}: {text}"


def summary(result: RunResult) -> str:
    """One closing line from the outcome row."""
    out = result.outcome
    if not out["proposed"]:
        return "No measure was proposed in this run."
    days = out["time_to_decision_days"]
    took = f"; decided {days:.0f} days after the {out['trigger']}" if not np.isnan(
        float(days)) else ""
    realigned = "realigned" if out["realigned"] else "did not realign"
    return (f"First measure: {out['measure']} — {'took effect' if out['adopted'] else 'no effect'}"
            f"{took}. Measures adopted: {out['measures_adopted']}, lifted: "
            f"{out['measures_lifted']}. The candidate {realigned}; EUR "
            f"{float(out['eur_withheld']):,.0f} withheld; negotiations: {out['final_status']}.")


def story_text(scenario: Any, seed: int, rule: str | None = None) -> str:
    """The whole story of one run of ``scenario`` with ``seed``, as text (for a comparison
    of routes, every route's story, each seeded alike)."""
    if not isinstance(scenario, Scenario) or scenario.procedure != DEFAULT_PROCEDURE:
        return _other_story(scenario, seed, rule)
    result = simulate(scenario, seed, rule=rule)
    head = [f"{scenario.title or scenario.name}",
            f"seed {seed}, rule {result.outcome['rule']}, from {scenario.start.isoformat()} for "
            f"{scenario.horizon_days:.0f} days", ""]
    if result.outcome["rule"] == "rqmv" and result.outcome["procedure"] == "accession-measures":
        head[-1:] = ["Reverse qualified majority, as COM(2020) 57 and the Dutch government's "
                     "answer of 6 December 2022 describe it: the proposal stands unless a "
                     "qualified majority (Art 16(4) TEU) rejects it.", ""]
    return "\n".join([*head, *lines(scenario, result), "", summary(result)])


def _other_story(scenario: Any, seed: int, rule: str | None) -> str:
    """The story of a run of another procedure, or of each route of a comparison."""
    from sim.montecarlo.models.routes import RoutesModel
    from sim.report import procedure_story
    from sim.scenario.routes import Routes

    if isinstance(scenario, Routes):
        model = RoutesModel(scenario.name, scenario)
        parts = [scenario.title or scenario.name, f"seed {seed}: every route on the same "
                 "member-state draws", ""]
        for label in scenario.labels:
            route = scenario.route(label)
            run = model.with_changes({"route": label}).simulate(seed, rule=rule)
            parts += [f"=== route {label} ===", ""]
            if route.procedure == DEFAULT_PROCEDURE:
                parts += [*lines(route, run), "", summary(run), ""]
            else:
                parts += [*procedure_story.lines(route, run), "",
                          procedure_story.summary(run.outcome), ""]
        return "\n".join(parts).rstrip()
    run = simulate(scenario, seed, rule=rule)
    head = [scenario.title or scenario.name, f"seed {seed}, procedure {scenario.procedure}, "
            f"from {scenario.start.isoformat()} for {scenario.horizon_days:.0f} days", ""]
    return "\n".join([*head, *procedure_story.lines(scenario, run), "",
                      procedure_story.summary(run.outcome)])


def print_story(scenario: Any, seed: int = 0, rule: str | None = None) -> None:
    """Print :func:`story_text`."""
    print(story_text(scenario, seed, rule))
