"""How member states vote on measures against a candidate, and when they ask for one.

Pure NumPy, no SimPy. For member ``m`` and a measure of severity ``s`` (:mod:`sim.measures`)
the probability of voting **against** the measure (under ``rqmv``: to reject it) is

    logit p_m = logit(base_against_m) − stance_weight × stance_m
                − salience_weight × salience_m × intensity + severity_weight × s + σ Z

and for a proposal to **lift** a measure the signs of stance and salience flip (members that
favour pressure resist lifting) and severity drops out. ``Z ~ N(0, 1)`` is one shared factor
per vote (σ = ``correlation``): it moves every member's propensity together, so the numbers
voting against cluster as in real Councils, where most decisions are consensual and dissent
comes in waves, rather than following independent coin flips. Each member abstains with its
base abstention rate and does not take part with its base absence rate.

Base rates: the ``calibrated`` preset takes each member's share of votes against, abstentions
and (optionally) non-participation from the Council's public voting record 2009-2026
(``sim/data/council_voting_record.csv``; ``docs/eu-rules.md`` §9 [S]). Stances,
saliences and weights are illustrative assumptions stated by each scenario.

Common random numbers: :meth:`BehaviourModel.draws` takes one normal and ``2 M`` uniforms per
vote whatever the rule or the measure, so the same seed gives the same behaviour draws when a
run is repeated under another rule.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import AfterValidator, Field

from sim.council.members import MEMBER_CODES
from sim.council.rules import Vote
from sim.spec import MAX_WEIGHT, Probability, Spec, Weight


def _check_member(code: str) -> str:
    if code not in MEMBER_CODES:
        raise ValueError(f"unknown member {code!r}")
    return code



MemberCode = Annotated[str, AfterValidator(_check_member)]
Threshold = Annotated[float, Field(gt=0.0, le=MAX_WEIGHT)]
"""A concern threshold (stance + salience × intensity): positive, at most ``MAX_WEIGHT``."""


class MemberSpec(Spec):
    """One member state's stance, salience and (optional) overridden base rates.

    ``stance`` in [-1, 1]: positive = critical of the candidate (favours pressure), negative =
    friendly. ``salience`` in [0, 1]: how much the issue matters to it (e.g. migration inflow).
    ``None`` base rates come from the behaviour preset.
    """

    stance: Annotated[float, Field(ge=-1.0, le=1.0)] = Field(
        0.0, description="attitude to the candidate, -1 friendly to +1 critical [scale -1..1]")
    salience: Probability = Field(0.0, description="how much the issue matters to it [scale 0..1]")
    base_against: Probability | None = Field(
        None, description="base probability of voting against; none: the preset's "
        "[probability]")
    base_abstain: Probability | None = Field(
        None, description="base probability of abstaining; none: the preset's [probability]")
    base_absent: Probability | None = Field(
        None, description="probability of not taking part; none: the preset's [probability]")
    request_threshold: Threshold | None = Field(
        None, description="concern at which it asks for measures; none: the common one "
        "[concern]")



class BehaviourSpec(Spec):
    """The member-state behaviour model (:mod:`sim.behaviour`); illustrative defaults.

    ``preset``: ``calibrated`` takes each member's base rates of voting against and
    abstaining from the Council's public voting record (``docs/eu-rules.md`` §9); ``uniform``
    gives every member ``uniform_against`` and ``uniform_abstain``. ``count_opt_outs``: also
    take the record's not-participating rates (mostly justice-and-home-affairs opt-outs,
    which do not apply to enlargement). Weights are on the logit scale of the probability of
    voting against a measure: ``stance_weight`` per unit of stance, ``salience_weight`` per
    unit of salience × current issue intensity, ``severity_weight`` per unit of severity.
    ``correlation``: standard deviation of the shared factor added to every member's logit in
    a vote (0 = independent votes). A member whose concern (stance + salience × intensity)
    reaches ``request_threshold`` files a request with probability ``request_probability``
    at each Council meeting.
    """

    preset: Literal["calibrated", "uniform"] = Field(
        "calibrated", description="calibrated: base rates from the Council's voting record; "
        "uniform: the two rates below [preset]")
    uniform_against: Probability = Field(
        0.02, description="uniform preset: probability of voting against [probability]")
    uniform_abstain: Probability = Field(
        0.03, description="uniform preset: probability of abstaining [probability]")
    count_opt_outs: bool = Field(
        False, description="also take the record's not-participating rates [yes/no]")
    stance_weight: Weight = Field(
        2.5, description="shift per unit of stance [logit]")
    salience_weight: Weight = Field(
        1.0, description="shift per unit of salience x issue intensity [logit]")
    severity_weight: Weight = Field(
        2.0, description="shift per unit of a measure's severity [logit]")
    correlation: Weight = Field(
        0.8, description="standard deviation of the shared factor of a vote [logit]")
    request_threshold: Threshold = Field(
        1.0, description="concern (stance + salience x intensity) at which a member asks for "
        "measures [concern]")
    request_probability: Probability = Field(
        0.5, description="chance per Council meeting that a member over its threshold files "
        "[probability]")
    members: dict[MemberCode, MemberSpec] = Field(
        default_factory=dict, description="per-member stance, salience and overrides [members]")



FloatArray = NDArray[np.float64]


@cache
def voting_record() -> dict[str, tuple[float, float, float]]:
    """Each member's share of votes against, abstentions, non-participation (0-1)."""
    text = resources.files("sim.data").joinpath("council_voting_record.csv").read_text("utf-8")
    rows = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out = {}
    for row in csv.DictReader(io.StringIO("\n".join(rows))):
        total = float(row["votes"])
        out[row["code"]] = (int(row["against"]) / total, int(row["abstain"]) / total,
                            int(row["not_participating"]) / total)
    return out


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(q / (1 - q))


@dataclass(frozen=True, eq=False)
class BehaviourModel:
    """Per-member parameters (arrays of shape (M,), in ``codes`` order) and weights.

    Override :meth:`logit_against` to change how propensities are formed; :meth:`ballots`
    checks shapes and ranges around it.
    """

    codes: tuple[str, ...]
    base_against: FloatArray
    base_abstain: FloatArray
    base_absent: FloatArray
    stance: FloatArray
    salience: FloatArray
    request_threshold: FloatArray
    stance_weight: float
    salience_weight: float
    severity_weight: float
    correlation: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "_base_logit", _logit(self.base_against))

    @classmethod
    def from_spec(cls, spec: BehaviourSpec, codes: tuple[str, ...] = MEMBER_CODES
                  ) -> BehaviourModel:
        """Build the model of ``spec`` for the members ``codes``."""
        record = voting_record()
        m = len(codes)
        against, abstain, absent = np.empty(m), np.empty(m), np.zeros(m)
        stance, salience, threshold = np.zeros(m), np.zeros(m), np.empty(m)
        for i, code in enumerate(codes):
            if spec.preset == "calibrated" and code in record:
                against[i], abstain[i], rec_absent = record[code]
                absent[i] = rec_absent if spec.count_opt_outs else 0.0
            else:
                against[i], abstain[i] = spec.uniform_against, spec.uniform_abstain
            threshold[i] = spec.request_threshold
            member = spec.members.get(code)
            if member is None:
                continue
            stance[i], salience[i] = member.stance, member.salience
            if member.base_against is not None:
                against[i] = member.base_against
            if member.base_abstain is not None:
                abstain[i] = member.base_abstain
            if member.base_absent is not None:
                absent[i] = member.base_absent
            if member.request_threshold is not None:
                threshold[i] = member.request_threshold
        return cls(codes, against, abstain, absent, stance, salience, threshold,
                   spec.stance_weight, spec.salience_weight, spec.severity_weight,
                   spec.correlation)

    @property
    def size(self) -> int:
        """Number of members M."""
        return len(self.codes)

    def concern(self, intensity: float) -> FloatArray:
        """Each member's concern about the candidate: stance + salience × intensity."""
        return self.stance + self.salience * intensity

    def logit_against(self, severity: float, lifting: bool, intensity: float) -> FloatArray:
        """Logit of each member's probability of voting against the proposal, before the
        shared factor: see the module docstring."""
        push = self.stance_weight * self.stance + self.salience_weight * self.salience * intensity
        base: FloatArray = self._base_logit  # type: ignore[attr-defined]
        if lifting:
            return base + push
        return base - push + self.severity_weight * severity

    def probabilities(self, severity: float, lifting: bool, intensity: float, shared: float = 0.0
                      ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(p_absent, p_against, p_abstain), each (M,), given the shared factor's value."""
        logits = self.logit_against(severity, lifting, intensity) + self.correlation * shared
        against = 1.0 / (1.0 + np.exp(-logits))
        abstain = np.minimum(self.base_abstain, 1.0 - against)
        return self.base_absent, against, abstain

    def draws(self, rng: np.random.Generator) -> tuple[float, FloatArray]:
        """One vote's randomness: the shared factor and a (2, M) block of uniforms.

        Always the same amount, whatever the rule or measure (common random numbers).
        """
        return float(rng.standard_normal()), rng.random((2, self.size))

    def ballots(self, severity: float, lifting: bool, intensity: float,
                draws: tuple[float, FloatArray]) -> NDArray[np.int8]:
        """Each member's :class:`~sim.rules.Vote` (int8, (M,)) from ``draws``.

        ``NO`` is a vote against the proposal (under ``rqmv``: to reject it).
        """
        shared, uniforms = draws
        if uniforms.shape != (2, self.size):
            raise ValueError(f"draws must have shape (2, {self.size})")
        absent, against, abstain = self.probabilities(severity, lifting, intensity, shared)
        part_u, vote_u = uniforms
        votes = np.full(self.size, Vote.YES, dtype=np.int8)
        votes[vote_u < against + abstain] = Vote.ABSTAIN
        votes[vote_u < against] = Vote.NO
        votes[part_u < absent] = Vote.NOT_PARTICIPATING
        return votes
