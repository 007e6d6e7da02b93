"""A dated, narrated timeline of one run, for people (``eusim story``).

Each event of the log becomes one line ``DATE Actor: what happened``; each Council vote is
told with its tally — who voted against, their share of the population, what the rule needs
and the verdict — e.g. "9 members (21.4 % of the population) voted to reject; a rejection
needs 15 members and 65 %: the measure stands.". The verdict is the one the rule core gave
during the run; the explanation recomputes only the thresholds (Art 16(4) TEU, Art 238 TFEU).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from sim.council import Council
from sim.engine import RunResult, compiled, simulate
from sim.records import Event
from sim.rules import RULES, RuleSpec
from sim.scenario import Scenario


def _members(codes: list[str]) -> str:
    return ", ".join(codes) if codes else "none"


def vote_sentence(row: dict[str, Any], council: Council) -> str:
    """The tally of one vote row in words, ending with the verdict."""
    spec: RuleSpec = RULES[row["rule"]]
    words = {c: row[f"vote_{c}"] for c in council.codes}
    against = [c for c, w in words.items() if w == "no"]
    yes = [c for c, w in words.items() if w == "yes"]
    abstain = [c for c, w in words.items() if w == "abstain"]
    absent = [c for c, w in words.items() if w == "not-participating"]
    participating = council.size - len(absent)
    pop = council.share(against) * 100 if against else 0.0
    lifting = row.get("lifting", False)
    thing = "the lifting" if lifting else "the measure"
    extra = f"; not taking part: {_members(absent)}" if absent else ""
    if spec.kind == "qualified":
        need = math.ceil(spec.member_pct * participating / 100)
        if spec.reverse:
            verdict = f"{thing} stands" if row["adopted"] else "the proposal is rejected"
            return (f"{len(against)} member(s) ({pop:.1f} % of the population) voted to reject "
                    f"({_members(against)}), {len(abstain)} abstained{extra}; a rejection needs "
                    f"{need} members and {spec.population_pct} %: {verdict}.")
        pop_yes = council.share(yes) * 100 if yes else 0.0
        verdict = f"{thing} is adopted" if row["adopted"] else "the proposal falls"
        return (f"{len(yes)} member(s) ({pop_yes:.1f} % of the population) voted in favour, "
                f"{len(against)} against ({_members(against)}), {len(abstain)} abstained"
                f"{extra}; adoption needs {need} members and {spec.population_pct} %: "
                f"{verdict}.")
    if spec.kind == "unanimity":
        verdict = f"{thing} is adopted" if row["adopted"] else "the proposal falls"
        return (f"{len(against)} member(s) voted against ({_members(against)}), "
                f"{len(abstain)} abstained{extra}; unanimity needs no vote against "
                f"(abstentions do not count): {verdict}.")
    verdict = f"{thing} is adopted" if row["adopted"] else "the proposal falls"
    return (f"{len(yes)} member(s) voted in favour, {len(against)} against; a simple "
            f"majority needs {council.size // 2 + 1} of {council.size} members: {verdict}.")


def lines(scenario: Scenario, result: RunResult) -> Iterator[str]:
    """The story's lines for ``result``, a run of ``scenario``."""
    council = compiled(scenario).membership
    votes = iter(result.votes)
    for ev in result.events:
        yield _line(ev, votes, council)


def _line(ev: Event, votes: Iterator[dict[str, Any]], council: Council) -> str:
    actor = "(history) " + ev.details.split(":", 1)[0] if ev.actor == "history" else ev.actor
    text = ev.details.split(":", 1)[1].strip() if ev.actor == "history" else ev.details
    if ev.event == "vote":
        text = f"{text}. {vote_sentence(next(votes), council)}"
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


def story_text(scenario: Scenario, seed: int, rule: str | None = None) -> str:
    """The whole story of one run of ``scenario`` with ``seed``, as text."""
    result = simulate(scenario, seed, rule=rule)
    head = [f"{scenario.title or scenario.name}",
            f"seed {seed}, rule {result.outcome['rule']}, from {scenario.start.isoformat()} for "
            f"{scenario.horizon_days:.0f} days", ""]
    return "\n".join([*head, *lines(scenario, result), "", summary(result)])


def print_story(scenario: Scenario, seed: int = 0, rule: str | None = None) -> None:
    """Print :func:`story_text`."""
    print(story_text(scenario, seed, rule))
