"""What ``eusim vote`` prints: one rule's explanation and member table, several rules side by
side, and the JSON records.

Under reverse QMV (``rqmv``) the majority is built from the votes *to reject* the
Commission's proposal, so the records name that side for what it is: ``to_reject`` and
``rejected`` beside the historical ``against`` and ``adopted`` (which there means that the
proposal stands).
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from sim.council.members import Council
from sim.council.rules import Vote, rule_spec
from sim.council.tally import Tally, pct

WIDTH = 88
"""Explanations of several rules are wrapped to this many characters."""

VOTE_NAMES = {
    Vote.YES: "yes", Vote.NO: "no", Vote.ABSTAIN: "abstain",
    Vote.NOT_PARTICIPATING: "not participating",
}


def verdict(result: Tally) -> str:
    """The verdict in words: ``adopted``/``not adopted``, or under a reverse rule
    ``proposal stands``/``rejected``."""
    if rule_spec(result.rule).reverse:
        return "proposal stands" if result.adopted else "rejected"
    return "adopted" if result.adopted else "not adopted"


def record(result: Tally, council: Council, year: int | None) -> dict[str, Any]:
    """The JSON record of one rule's tally (the fields of :meth:`Tally.to_dict` and more)."""
    out: dict[str, Any] = {"rule": result.rule, "year": year, **result.to_dict()}
    out.update(verdict=verdict(result), council=council.label,
               members=council.size)
    if rule_spec(result.rule).reverse:
        out.update(to_reject=list(result.against), rejected=not result.adopted,
                   proposal_stands=result.adopted,
                   population_to_reject_pct=result.population_against_pct)
    return out


def member_table(council: Council, votes: np.ndarray, reverse: bool | None) -> list[str]:
    """One line per member, largest first; ``reverse``: mark ``no`` as a vote to reject
    (``None``: several rules, one of them reverse; say so in the heading)."""
    total = council.total_population
    heading = "vote" if reverse is not None else "vote (under rqmv, no = reject)"
    lines = [f"{'member':<24}{'population':>12}{'share':>10}  {heading}"]
    for i in np.argsort(-council.population, kind="stable"):
        name = VOTE_NAMES[Vote(int(votes[i]))]
        if reverse and votes[i] == Vote.NO:
            name = "no (reject)"
        member = f"{council.codes[i]} {council.name(council.codes[i])}"
        lines.append(f"{member:<24}{int(council.population[i]):>12,}"
                     f"{pct(int(council.population[i]), total):>10}  {name}")
    lines.append(f"{'total':<24}{total:>12,}")
    return lines


def render(result: Tally, council: Council, votes: np.ndarray) -> str:
    """Plain-text report of one rule: the explanation and a table of members."""
    lines = [result.explanation, "",
             f"rule: {result.rule} ({result.article}); population: {council.label}", ""]
    lines += member_table(council, votes, result.rule == "rqmv")
    return "\n".join(lines)


def _counted(result: Tally, council: Council) -> tuple[str, str, str]:
    """(who counts, their population share, what is needed) for the side-by-side table."""
    spec = rule_spec(result.rule)
    n_part = len(result.participating)
    if spec.kind == "unanimity":
        return f"{len(result.against)} against", "not counted", "no vote against"
    side = result.against if spec.reverse else result.in_favour
    if spec.kind == "simple":
        return (f"{len(side)} of {council.size} in favour", "not counted",
                f"{result.members_required} members")
    pops = dict(zip(council.codes, (int(p) for p in council.population), strict=True))
    whole = sum(pops[c] for c in result.participating)
    share = pct(sum(pops[c] for c in side), whole, spec.population_pct)
    word = "to reject" if spec.reverse else "in favour"
    needed = f"{result.members_required} members, {spec.population_pct} %"
    return f"{len(side)} of {n_part} {word}", share, needed


def render_many(results: list[Tally], council: Council, votes: np.ndarray) -> str:
    """Several rules on the same votes: a verdict per rule side by side, each rule's
    explanation, then the table of members."""
    counts = {kind: int(np.count_nonzero(votes == kind)) for kind in Vote}
    lines = [f"{council.size} members ({council.label}): {counts[Vote.YES]} yes, "
             f"{counts[Vote.NO]} no, {counts[Vote.ABSTAIN]} abstaining, "
             f"{counts[Vote.NOT_PARTICIPATING]} not participating", ""]
    rows: list[list[str]] = [["", *(r.rule for r in results)],
                             ["verdict", *(verdict(r).upper() for r in results)]]
    parts = [_counted(r, council) for r in results]
    rows.append(["counted", *(p[0] for p in parts)])
    rows.append(["population", *(p[1] for p in parts)])
    rows.append(["needed", *(p[2] for p in parts)])
    rows.append(["blocking", *("-" if r.blocking_minimum is None else
                               f"{r.blocking_minimum} members" for r in results)])
    rows.append(["decided by", *(r.decided_by for r in results)])
    widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
              for row in rows]
    lines.append("")
    for r in results:
        title = rule_spec(r.rule).title
        lines += [f"{r.rule} ({title}):" if title != r.rule else f"{r.rule}:",
                  *textwrap.wrap(r.explanation, WIDTH, initial_indent="  ",
                                 subsequent_indent="  ", break_on_hyphens=False), ""]
    any_reverse = any(rule_spec(r.rule).reverse for r in results)
    lines += member_table(council, votes, None if any_reverse else False)
    return "\n".join(lines)
