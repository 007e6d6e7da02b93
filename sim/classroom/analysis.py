"""What a round's ballots decide: verdicts, explanations, pivotal members, likelihood.

Every verdict is the rule kernel's (:func:`sim.rules.adopted`) on the stored ballots; the
explanation beside it is :func:`sim.tally.tally`'s, and the two must agree (they are the
two faces of each rule). A member is pivotal when switching its side alone changes the
verdict, with the sides as :mod:`sim.pivotal` defines them: yes (and, under ``rqmv`` and
``unanimity``, abstain) switches to no; no (and, under the other rules, abstain) to yes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.classroom.bots import draw_votes
from sim.classroom.spec import SessionSpec, participation
from sim.council import Council
from sim.council.kernel import adopted
from sim.council.rules import Vote, rule_spec
from sim.council.tally import tally


def verdict(rule: str, votes: NDArray[np.int8], council: Council) -> dict[str, Any]:
    """One rule's verdict on one vote (M,), with the counts and thresholds the room sees."""
    spec = rule_spec(rule)
    kernel = bool(adopted(spec, votes, council)[0])
    explained = tally(spec, votes, council)
    if explained.adopted != kernel:  # the two faces of a rule disagree: never show either
        raise RuntimeError(f"rule kernel and tally disagree under {rule}")
    return {
        "rule": rule, "title": spec.title, "reverse": spec.reverse, "adopted": kernel,
        "article": explained.article, "explanation": explained.explanation,
        "members": {"yes": len(explained.in_favour), "no": len(explained.against),
                    "abstain": len(explained.abstaining),
                    "participating": len(explained.participating),
                    "not_participating": len(explained.not_participating)},
        "population_pct": {"yes": explained.population_in_favour_pct,
                           "no": explained.population_against_pct,
                           "abstain": explained.population_abstaining_pct},
        "members_required": explained.members_required,
        "population_required_pct": explained.population_required_pct,
        "blocking_minimum": explained.blocking_minimum,
        "decided_by": explained.decided_by,
    }


def pivotal_members(rule: str, votes: NDArray[np.int8], council: Council) -> list[str]:
    """Members whose switch alone changes the verdict of ``votes`` (M,) under ``rule``."""
    spec = rule_spec(rule)
    base = bool(adopted(spec, votes, council)[0])
    abstain_against = not spec.reverse and spec.kind != "unanimity"
    flipped = np.tile(votes, (council.size, 1))
    for j, v in enumerate(votes.tolist()):
        counts_for = v == Vote.YES or (v == Vote.ABSTAIN and not abstain_against)
        against = v == Vote.NO or (v == Vote.ABSTAIN and abstain_against)
        flipped[j, j] = Vote.NO if counts_for else Vote.YES if against else v
    changed = adopted(spec, flipped, council) != base
    return [c for c, hit in zip(council.codes, changed.tolist(), strict=True) if hit]


def likelihood(spec: SessionSpec, council: Council, round_number: int,
               votes: NDArray[np.int8]) -> dict[str, Any]:
    """How likely was the room's outcome if every seat were drawn from the behaviour model?

    Returns per rule the share of ``spec.samples`` draws that adopt (for ``rqmv``: in which
    the proposal stands) and the share with the room's verdict; and the distribution of the
    number of members voting against, with the room's number.
    """
    draws = draw_votes(spec, council, round_number, "likelihood", spec.samples)
    draws[:, ~participation(spec, council)] = Vote.NOT_PARTICIPATING
    against = (draws == Vote.NO).sum(axis=1)
    counts = np.bincount(against, minlength=council.size + 1)
    rules = []
    for rule in spec.rules:
        room = bool(adopted(rule, votes, council)[0])
        share = float(adopted(rule, draws, council).mean())
        rules.append({"rule": rule, "title": rule_spec(rule).title, "p_adopted": share,
                      "room_adopted": room, "p_room": share if room else 1.0 - share})
    return {"samples": spec.samples, "rules": rules,
            "against": {"counts": counts.tolist(),
                        "room": int((votes == Vote.NO).sum())}}


def analyse(spec: SessionSpec, council: Council, round_number: int,
            votes: NDArray[np.int8]) -> dict[str, Any]:
    """A closed round's result: verdicts, pivotal members per rule and the likelihood."""
    return {
        "verdicts": [verdict(r, votes, council) for r in spec.rules],
        "pivotal": {r: pivotal_members(r, votes, council) for r in spec.rules},
        "likelihood": likelihood(spec, council, round_number, votes),
    }
