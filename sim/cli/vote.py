"""``eusim vote``: the voting calculator, one rule or several side by side.

``eusim vote RULES [--year Y] [--population FILE] [--council EU27|EU33|EU36|EU37]
[--add CODES] [--yes CODES] [--no CODES] [--abstain CODES] [--not-participating CODES]
[--others yes|no|abstain] [--json]``

``RULES`` is one rule or a comma-separated list (``qmv,rqmv,unanimity``), in any case.
Members are named by code or country name (``HU``, ``hu``, ``Hungary``); members not
listed vote as ``--others`` (default ``yes``); a list option may be repeated
(``--no DE --no FR`` lists both). Under ``rqmv``, ``--no`` lists the members
voting to *reject* the Commission's proposal, and ``adopted`` means that the proposal
stands. ``--council`` and ``--add`` add candidate countries (:mod:`sim.council.countries`).
"""

from __future__ import annotations

import json

import click
import numpy as np

from sim.cli.app import app
from sim.cli.vote_text import VOTE_NAMES, record, render, render_many
from sim.council.countries import COUNCIL_PRESETS, candidate_codes, member_codes, preset_council
from sim.council.members import Council, load_council
from sim.council.rules import RULES, Vote
from sim.council.tally import tally
from sim.errors import InputError


def split_items(text: str | None) -> list[str]:
    """Comma-separated items, stripped, case kept (codes and names are matched later)."""
    if not text:
        return []
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_rules(text: str) -> list[str]:
    """Rule names from ``"QMV,rqmv"``: case-insensitive, ``_`` for ``-``, each at most once."""
    names: list[str] = []
    for item in split_items(text):
        name = item.lower().replace("_", "-")
        if name not in RULES:
            raise InputError(f"rule {item!r} is not one of {', '.join(RULES)}")
        if name in names:
            raise InputError(f"rule {name} is given twice")
        names.append(name)
    if not names:
        raise InputError(f"no rule given (rules: {', '.join(RULES)})")
    return names


def build_votes(council: Council, lists: dict[Vote, list[str]], others: Vote) -> np.ndarray:
    """The vote vector (M,) from the listed members; a member in two lists is an error."""
    votes = np.full(council.size, int(others), dtype=np.int8)
    seen: dict[str, Vote] = {}
    for kind, items in lists.items():
        codes = member_codes(items, council)
        for code, index in zip(codes, council.index(codes), strict=True):
            if code in seen:
                first, second = VOTE_NAMES[seen[code]], VOTE_NAMES[kind]
                raise InputError(f"member {code} is listed twice: as {first} and as {second}")
            seen[code] = kind
            votes[index] = int(kind)
    return votes


def build_council(year: int | None, population_file: str | None, preset: str | None,
                  add: str | None) -> Council:
    """The Council to vote in: a year's table or the user's, then the preset, then ``--add``."""
    council = load_council(year=year, population=population_file)
    if preset is not None:
        council = preset_council(preset, council)
    added = candidate_codes(split_items(add))
    if added:
        council = council.enlarged(added)
    return council


@app.command()
@click.argument("rules", metavar="RULES")
@click.option("--year", type=int, default=None,
              help="Population table year (default: the newest shipped).")
@click.option("--population", "population_file", type=click.Path(dir_okay=False),
              default=None, help="CSV with header code,population (one row per EU-27 member).")
@click.option("--council", "preset", metavar="|".join(COUNCIL_PRESETS), default=None,
              help="An enlarged Council as the EU30+ calculator defines it: EU33 = EU27 + "
                   "the Western Balkans six, EU36 = EU33 + GE, MD, UA, EU37 = EU36 + TR.")
@click.option("--add", metavar="CODES", multiple=True,
              help="Candidate countries to add (codes or names).")
@click.option("--yes", "yes_codes", metavar="CODES", multiple=True, help="Members voting yes.")
@click.option("--no", "no_codes", metavar="CODES", multiple=True,
              help="Members voting no (under rqmv: voting to reject the proposal).")
@click.option("--abstain", "abstain_codes", metavar="CODES", multiple=True,
              help="Members abstaining.")
@click.option("--not-participating", "absent_codes", metavar="CODES", multiple=True,
              help="Members not taking part (Art 238(3) TFEU).")
@click.option("--others", type=click.Choice(["yes", "no", "abstain"]), default="yes",
              show_default=True, help="How members not listed vote.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: one object for one rule, a list of them for several.")
def vote(rules: str, year: int | None, population_file: str | None, preset: str | None,
         add: tuple[str, ...], yes_codes: tuple[str, ...], no_codes: tuple[str, ...],
         abstain_codes: tuple[str, ...], absent_codes: tuple[str, ...], others: str,
         as_json: bool) -> None:
    """Count and explain one Council vote under each of RULES.

    RULES is one rule or a comma-separated list of: qmv, rqmv, reinforced-qmv,
    simple-majority, unanimity (any case). CODES are member codes or country names,
    comma-separated (DE,fr,Hungary); a repeated option adds to the list (--no DE --no FR).
    """
    names = parse_rules(rules)
    council = build_council(year, population_file, preset, ",".join(add) or None)
    lists = {
        Vote.YES: split_items(",".join(yes_codes)), Vote.NO: split_items(",".join(no_codes)),
        Vote.ABSTAIN: split_items(",".join(abstain_codes)),
        Vote.NOT_PARTICIPATING: split_items(",".join(absent_codes)),
    }
    default = {"yes": Vote.YES, "no": Vote.NO, "abstain": Vote.ABSTAIN}[others]
    votes = build_votes(council, lists, default)
    results = [tally(name, votes, council) for name in names]
    table_year = None if population_file else (year or int(load_council().label))
    if as_json:
        records = [record(r, council, table_year) for r in results]
        click.echo(json.dumps(records[0] if len(records) == 1 else records, indent=2))
    elif len(results) == 1:
        click.echo(render(results[0], council, votes))
    else:
        click.echo(render_many(results, council, votes))
