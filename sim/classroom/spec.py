"""A classroom session's specification: the proposal, the Council, the rules, the seats.

:class:`SessionSpec` is a validated, frozen pydantic model; a session is stored as its JSON
and rebuilt from it, so a restarted server sees exactly the session it had. It can be
written by hand (the lecturer's form, the JSON API) or derived from a scenario with
:func:`from_scenario`.

Who takes part is law, not a choice: on a justice-and-home-affairs measure (Title V of
Part Three TFEU) Denmark does not take part (Protocol No 22 to the Treaties, Art 1) and
neither does Ireland unless it opts in (Protocol No 21, Arts 1 and 3); eusim takes the
default of no opt-in. Their seats then show "not taking part" and every threshold applies
to the participants (Art 238(3) TFEU).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.behaviour import BehaviourSpec
from sim.council.members import (
    ALL_CANDIDATES,
    WESTERN_BALKANS,
    Council,
    available_years,
    candidate_table,
    load_council,
)
from sim.council.rules import RULES, Vote
from sim.errors import InputError
from sim.procedures.accession.measures import MEASURES
from sim.scenario import load_scenario
from sim.scenario.load import scenario_directories
from sim.spec import format_errors

JHA_NOT_PARTICIPATING = ("DK", "IE")
"""Members that do not take part in justice-and-home-affairs measures (Protocols 21, 22)."""

DEFAULT_RULES = ("rqmv", "qmv", "unanimity")
ADD_PRESETS = {"WB6": WESTERN_BALKANS, "ALL": ALL_CANDIDATES}
"""Enlargement presets: the Western Balkans six, or all nine candidate countries."""


def _rule(name: str) -> str:
    if name not in RULES:
        raise ValueError(f"unknown rule {name!r} (rules: {', '.join(RULES)})")
    return name


def _year(year: int | None) -> int | None:
    if year is not None and year not in available_years():
        raise ValueError(f"no population table for {year} "
                         f"(available: {', '.join(map(str, available_years()))})")
    return year


def _measure(name: str | None) -> str | None:
    if name is not None and name not in MEASURES:
        raise ValueError(f"unknown measure {name!r} (measures: {', '.join(MEASURES)})")
    return name


class SessionSpec(BaseModel):
    """Everything a classroom session needs; every field has a default.

    Seats: ``seats`` lists the members each student plays (one list per student); or
    ``groups`` = G splits the Council into G groups of similar population for a small class;
    with neither, every member is one seat. Members in no seat are unplayed and vote as
    ``unplayed`` says.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field("Reduce pre-accession funding to the candidate", min_length=1,
                       max_length=200, description="The proposal, as the room reads it.")
    candidate: str | None = Field("RS", description="Candidate country concerned (a code "
                                  "of sim/data/candidates.csv), or none.")
    measure: Annotated[str | None, AfterValidator(_measure)] = Field(
        "reduce-funding", description="A rung of the measures ladder (sim.measures); sets "
        "the severity the behaviour model sees.")
    severity: float | None = Field(None, ge=0.0, le=1.0, description="Severity in [0, 1] "
                                   "(illustrative scale); default: the measure's.")
    lifting: bool = Field(False, description="The proposal lifts a measure instead.")
    intensity: float = Field(1.0, ge=0.0, le=10.0, description="How acute the issue is "
                             "(unitless, as the scenario's issue.intensity).")
    rules: tuple[Annotated[str, AfterValidator(_rule)], ...] = Field(
        DEFAULT_RULES, min_length=1, max_length=len(RULES),
        description="Rules to compare; the first is the procedure's (it names the buttons).")
    year: Annotated[int | None, AfterValidator(_year)] = Field(
        None, description="Population table year (default: the newest shipped).")
    add: tuple[str, ...] = Field((), max_length=12, description="Candidate countries that "
                                 "join the Council (codes, or the presets WB6 and ALL).")
    jha: bool = Field(False, description="A justice-and-home-affairs measure: DK and IE do "
                      "not take part (Protocols No 21 and 22).")
    seats: tuple[tuple[str, ...], ...] | None = Field(
        None, description="Members per student seat; default: one seat per member.")
    groups: int | None = Field(None, ge=1, le=60, description="Number of student seats, "
                               "each a group of members of similar total population "
                               "(largest first, each to the smallest group).")
    unplayed: Literal["model", "yes", "no", "abstain"] = Field(
        "model", description="How members nobody plays vote: drawn from the behaviour "
        "model, or a fixed choice.")
    missing: Literal["abstain", "model"] = Field(
        "abstain", description="How a played member that has not voted when the round "
        "closes is counted.")
    live_tally: bool = Field(True, description="Show the tally on the projector while the "
                             "round is open (else only after the reveal).")
    behaviour: BehaviourSpec = Field(BehaviourSpec(), description="The behaviour model of "
                                     "unplayed seats and of 'how likely was this'.")
    samples: int = Field(2000, ge=100, le=20000, description="Draws from the behaviour "
                         "model for 'how likely was this' (votes).")
    seed: int = Field(2022, ge=0, description="Root seed of every draw in the session.")
    scenario: str | None = Field(None, description="The scenario the session came from.")

    @model_validator(mode="after")
    def _seats_or_groups(self) -> SessionSpec:
        if len(set(self.rules)) != len(self.rules):
            raise ValueError("a rule is listed twice")
        if self.candidate is not None and self.candidate not in candidate_table():
            raise ValueError(f"unknown candidate {self.candidate!r}")
        if self.seats is not None and self.groups is not None:
            raise ValueError("give seats or groups, not both")
        expand_add(self.add)
        return self

    @property
    def procedure_rule(self) -> str:
        """The rule the Council actually uses (the first listed)."""
        return self.rules[0]

    @property
    def effective_severity(self) -> float:
        """``severity``, or the measure's, or 0.5 for a plain vote."""
        if self.severity is not None:
            return self.severity
        return MEASURES[self.measure].severity if self.measure else 0.5


def expand_add(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Candidate codes with the presets expanded, in order, each once (ValueError if unknown)."""
    out: list[str] = []
    known = candidate_table()
    for raw in codes:
        key = raw.strip().upper()
        for code in ADD_PRESETS.get(key, (key,)):
            if code not in known:
                raise ValueError(f"unknown candidate {raw!r} (candidates: {', '.join(known)}; "
                                 f"presets: {', '.join(ADD_PRESETS)})")
            if code not in out:
                out.append(code)
    return tuple(out)


def parse_spec(data: object) -> SessionSpec:
    """A :class:`SessionSpec` from a mapping; problems raise :class:`InputError` (one line)."""
    try:
        return SessionSpec.model_validate(data)
    except ValidationError as exc:
        raise InputError(format_errors(exc, "session")) from None


def build_council(spec: SessionSpec) -> Council:
    """The session's Council: the EU-27 of ``year``, enlarged by ``add``."""
    return load_council(spec.year).enlarged(expand_add(spec.add))


def build_seats(spec: SessionSpec, council: Council) -> tuple[tuple[str, ...], ...]:
    """Members per seat, checked: known codes, each member in at most one seat."""
    if spec.seats is not None:
        seen: set[str] = set()
        out = []
        for seat in spec.seats:
            codes = tuple(c.strip().upper() for c in seat if c.strip())
            if not codes:
                raise InputError("a seat has no member")
            council.index(codes)  # unknown codes raise
            for code in codes:
                if code in seen:
                    raise InputError(f"member {code} is in two seats")
                seen.add(code)
            out.append(codes)
        if not out:
            raise InputError("no seats: give at least one")
        return tuple(out)
    if spec.groups is None:
        return tuple((c,) for c in council.codes)
    if spec.groups > council.size:
        raise InputError(f"{spec.groups} groups but only {council.size} members")
    # largest first, each to the group with the smallest population so far (then fewest)
    order = np.argsort(-council.population, kind="stable")
    groups: list[list[str]] = [[] for _ in range(spec.groups)]
    totals = [0] * spec.groups
    for i in order:
        g = min(range(spec.groups), key=lambda k: (totals[k], len(groups[k]), k))
        groups[g].append(council.codes[int(i)])
        totals[g] += int(council.population[int(i)])
    return tuple(tuple(g) for g in groups)


def participation(spec: SessionSpec, council: Council) -> NDArray[np.bool_]:
    """Which members take part (shape (M,)); DK and IE not on a JHA measure."""
    taking_part = np.ones(council.size, dtype=np.bool_)
    if spec.jha:
        for code in JHA_NOT_PARTICIPATING:
            if code in council.codes:
                taking_part[council.codes.index(code)] = False
    return taking_part


FIXED_CHOICE = {"yes": Vote.YES, "no": Vote.NO, "abstain": Vote.ABSTAIN}
"""The fixed choices for unplayed seats (under ``rqmv`` ``no`` is a vote to reject)."""


def from_scenario(name: str, **changes: object) -> SessionSpec:
    """A session on the scenario's candidate, first measure, rule, year and behaviour.

    The comparison rules are the scenario's rule followed by the other defaults.
    """
    scenario: Any = load_scenario(name)
    if scenario.procedure != "accession-measures":
        raise InputError(f"scenario {scenario.name!r} runs the {scenario.procedure} procedure; "
                         "a classroom session needs an accession-measures scenario")
    first = scenario.commission.ladder[0]
    rules = (scenario.council.rule, *(r for r in DEFAULT_RULES if r != scenario.council.rule))
    data: dict[str, object] = {
        "title": f"{MEASURES[first].title} — {scenario.candidate.code}",
        "candidate": scenario.candidate.code, "measure": first, "rules": rules,
        "year": scenario.council.population_year, "intensity": scenario.issue.intensity,
        "behaviour": scenario.behaviour, "scenario": scenario.name,
    }
    data.update(changes)
    return parse_spec(data)


def shipped_scenarios() -> list[str]:
    """Bare names of the scenarios a session can start from (``scenarios/`` folders)."""
    names = {p.stem for folder in scenario_directories() if folder.is_dir()
             for p in folder.iterdir() if p.suffix in (".py", ".toml")}
    return sorted(names)
