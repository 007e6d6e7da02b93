"""``eusim vote``: the voting calculator.

``eusim vote RULE [--year Y] [--population FILE] [--yes CODES] [--no CODES]
[--abstain CODES] [--not-participating CODES] [--others yes|no|abstain] [--json]``

Each list option may be repeated (``--no DE --no FR`` lists both). Members not listed vote
as ``--others`` (default ``yes``). Under ``rqmv``, ``--no`` lists
the members voting to *reject* the Commission's proposal, and ``adopted`` means that the
proposal stands.
"""

from __future__ import annotations

import json

import click
import numpy as np

from sim.cli import app
from sim.council.members import Council, load_council, split_codes
from sim.council.rules import RULES, Vote
from sim.council.tally import Tally, pct, tally
from sim.errors import InputError

_VOTE_NAMES = {
    Vote.YES: "yes", Vote.NO: "no", Vote.ABSTAIN: "abstain",
    Vote.NOT_PARTICIPATING: "not participating",
}


def build_votes(council: Council, lists: dict[Vote, list[str]], others: Vote) -> np.ndarray:
    """The vote vector (M,) from the listed codes; a member in two lists is an error."""
    votes = np.full(council.size, int(others), dtype=np.int8)
    seen: dict[str, Vote] = {}
    for kind, codes in lists.items():
        for code, index in zip(codes, council.index(codes), strict=True):
            if code in seen:
                first, second = _VOTE_NAMES[seen[code]], _VOTE_NAMES[kind]
                raise InputError(f"member {code} is listed twice: as {first} and as {second}")
            seen[code] = kind
            votes[index] = int(kind)
    return votes


def render(result: Tally, council: Council, votes: np.ndarray) -> str:
    """Plain-text report: the explanation and a table of members."""
    total = council.total_population
    lines = [result.explanation, "",
             f"rule: {result.rule} ({result.article}); population: {council.label}", "",
             f"{'member':<24}{'population':>12}{'share':>10}  vote"]
    order = np.argsort(-council.population, kind="stable")
    for i in order:
        name = _VOTE_NAMES[Vote(int(votes[i]))]
        if result.rule == "rqmv" and votes[i] == Vote.NO:
            name = "no (reject)"
        member = f"{council.codes[i]} {council.name(council.codes[i])}"
        lines.append(f"{member:<24}{int(council.population[i]):>12,}"
                     f"{pct(int(council.population[i]), total):>10}  {name}")
    lines.append(f"{'total':<24}{total:>12,}")
    return "\n".join(lines)


@app.command()
@click.argument("rule", type=click.Choice(list(RULES)), metavar="RULE")
@click.option("--year", type=int, default=None,
              help="Population table year (default: the newest shipped).")
@click.option("--population", "population_file", type=click.Path(dir_okay=False),
              default=None, help="CSV with header code,population (one row per member).")
@click.option("--yes", "yes_codes", metavar="CODES", multiple=True,
              help="Members voting yes.")
@click.option("--no", "no_codes", metavar="CODES", multiple=True,
              help="Members voting no (under rqmv: voting to reject the proposal).")
@click.option("--abstain", "abstain_codes", metavar="CODES", multiple=True,
              help="Members abstaining.")
@click.option("--not-participating", "absent_codes", metavar="CODES", multiple=True,
              help="Members not taking part (Art 238(3) TFEU).")
@click.option("--others", type=click.Choice(["yes", "no", "abstain"]), default="yes",
              show_default=True, help="How members not listed vote.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def vote(rule: str, year: int | None, population_file: str | None,
         yes_codes: tuple[str, ...], no_codes: tuple[str, ...],
         abstain_codes: tuple[str, ...], absent_codes: tuple[str, ...],
         others: str, as_json: bool) -> None:
    """Count and explain one Council vote under RULE.

    RULE is one of: qmv, rqmv, reinforced-qmv, simple-majority, unanimity.
    """
    council = load_council(year=year, population=population_file)
    lists = {
        Vote.YES: split_codes(",".join(yes_codes)), Vote.NO: split_codes(",".join(no_codes)),
        Vote.ABSTAIN: split_codes(",".join(abstain_codes)),
        Vote.NOT_PARTICIPATING: split_codes(",".join(absent_codes)),
    }
    default = {"yes": Vote.YES, "no": Vote.NO, "abstain": Vote.ABSTAIN}[others]
    votes = build_votes(council, lists, default)
    result = tally(rule, votes, council)
    if as_json:
        record = {"rule": result.rule,
                  "year": None if population_file else int(council.label),
                  **result.to_dict()}
        click.echo(json.dumps(record, indent=2))
    else:
        click.echo(render(result, council, votes))
