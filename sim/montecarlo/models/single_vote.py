"""A teaching model: one Council vote on one Commission proposal.

The Commission proposes a measure on day 0; after a decision delay the Council votes on it
under a Treaty rule (reverse QMV by default, as the Dutch government's answer of 6 December
2022 describes for accession measures; ``docs/eu-rules.md`` §1 and §3). Each member votes to
reject with its own probability, abstains with a common probability and otherwise supports
the measure. Votes are correlated through one shared factor (a Gaussian copula): a member's
latent ``z = sqrt(rho) F + sqrt(1 - rho) e`` with ``F`` shared and ``e`` its own, so each
member keeps its marginal probabilities whatever ``rho``. The verdict comes from
:func:`sim.rules.adopted`. After the decision the candidate realigns with a probability that
depends on the verdict, after an exponential wait.

Every number here is an illustrative assumption, not a calibration. With ``rho = 0`` the
adoption probability has an exact value (:mod:`sim.models.exact`), which the tests compare
the Monte Carlo against.

Randomness comes from three named streams (:func:`sim.rng.named_streams`): ``behaviour``
(the votes), ``delay`` and ``candidate``. Every stream is drawn the same way whatever the
rule or the verdict, so runs that share a seed share their draws (common random numbers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr

from sim.council.kernel import adopted
from sim.council.members import Council, default_year, load_council
from sim.council.rules import Vote, rule_spec
from sim.engine.records import VOTE_WORDS, Event, RunResult
from sim.errors import InputError
from sim.montecarlo.models.base import Scalar
from sim.rng import as_seed_sequence, named_streams

STREAMS = ("behaviour", "delay", "candidate")
"""Named random streams, in spawn order (append only: earlier streams stay unchanged)."""
DELAYS = ("fixed", "gamma", "uniform")
"""Decision-delay distributions: all have mean ``delay.mean_days``, spread ``delay.sd_days``."""

# dotted parameter path -> dataclass field (per-member paths are handled apart)
_PATHS: dict[str, str] = {
    "measure.name": "measure",
    "measure.eur_at_stake": "eur_at_stake",
    "council.rule": "rule",
    "council.year": "year",
    "behaviour.reject": "reject",
    "behaviour.abstain": "abstain",
    "behaviour.correlation": "correlation",
    "delay.distribution": "delay_distribution",
    "delay.mean_days": "delay_mean_days",
    "delay.sd_days": "delay_sd_days",
    "candidate.realign_if_adopted": "realign_if_adopted",
    "candidate.realign_if_rejected": "realign_if_rejected",
    "candidate.realign_mean_days": "realign_mean_days",
    "start_date": "start_date",
}
_MEMBER_PREFIX = "behaviour.reject."


@dataclass(frozen=True)
class SingleVote:
    """One Council vote on a Commission proposal (see the module docstring).

    Parameters (dotted paths for :meth:`with_changes` in brackets)
    -----------------------------------------------------------------
    measure : str [measure.name]
    eur_at_stake : float [measure.eur_at_stake]
        EUR withheld from the candidate if the measure is adopted.
    rule : str [council.rule]
        A :data:`sim.rules.RULES` name.
    year : int [council.year]
        Population table of the Council.
    reject : float [behaviour.reject]
        Common probability that a member votes to reject (no = against the measure).
    reject_by_member : tuple of (code, probability) [behaviour.reject.<CODE>]
        Per-member overrides of ``reject``.
    abstain : float [behaviour.abstain]
        Probability of abstaining; ``reject + abstain`` must not exceed 1 for any member.
    correlation : float [behaviour.correlation]
        Correlation of the members' latent leanings, in [0, 1).
    delay_distribution, delay_mean_days, delay_sd_days [delay.*]
        Days from the proposal to the Council's vote: ``fixed`` (the mean), ``gamma`` or
        ``uniform`` with that mean and standard deviation.
    realign_if_adopted, realign_if_rejected : float [candidate.*]
        Probability that the candidate realigns after each verdict.
    realign_mean_days : float [candidate.realign_mean_days]
        Mean wait (days, exponential) from the decision to the realignment.
    start_date : str [start_date]
        ISO date of day 0.
    """

    measure: str = "halt-funding"
    eur_at_stake: float = 0.0
    rule: str = "rqmv"
    year: int = field(default_factory=default_year)
    reject: float = 0.5
    reject_by_member: tuple[tuple[str, float], ...] = ()
    abstain: float = 0.05
    correlation: float = 0.2
    delay_distribution: str = "gamma"
    delay_mean_days: float = 30.0
    delay_sd_days: float = 10.0
    realign_if_adopted: float = 0.6
    realign_if_rejected: float = 0.1
    realign_mean_days: float = 45.0
    start_date: str = "2022-11-01"

    name = "single_vote"

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not math.isfinite(value):
                path = next((p for p, n in _PATHS.items() if n == f.name), f.name)
                raise InputError(f"{path} must be a finite number, got {value}")
        if not all(math.isfinite(p) for _, p in self.reject_by_member):
            raise InputError("behaviour.reject.<CODE> must be finite numbers")
        rule_spec(self.rule)
        council = load_council(self.year)
        council.index(code for code, _ in self.reject_by_member)
        for label, value in [("behaviour.reject", self.reject),
                             ("behaviour.abstain", self.abstain),
                             ("candidate.realign_if_adopted", self.realign_if_adopted),
                             ("candidate.realign_if_rejected", self.realign_if_rejected),
                             *((_MEMBER_PREFIX + c, p) for c, p in self.reject_by_member)]:
            _check_probability(label, value)
        if not 0.0 <= self.correlation < 1.0:
            raise InputError(f"behaviour.correlation must be in [0, 1), got {self.correlation}")
        if float(self.reject_probabilities.max()) + self.abstain > 1.0 + 1e-12:
            raise InputError("behaviour.reject + behaviour.abstain must not exceed 1")
        if self.delay_distribution not in DELAYS:
            raise InputError(f"delay.distribution must be one of {', '.join(DELAYS)}, "
                             f"got {self.delay_distribution!r}")
        if self.delay_mean_days <= 0 or self.delay_sd_days < 0 or self.realign_mean_days <= 0:
            raise InputError("delay.mean_days and candidate.realign_mean_days must be > 0, "
                             "delay.sd_days >= 0")
        half_width = self.delay_sd_days * 3**0.5
        if self.delay_distribution == "uniform" and half_width > self.delay_mean_days:
            raise InputError("delay.sd_days too large for a uniform delay starting at day 0")
        if self.eur_at_stake < 0:
            raise InputError("measure.eur_at_stake must be >= 0")
        try:
            dt.date.fromisoformat(self.start_date)
        except ValueError:
            raise InputError(f"start_date must be an ISO date, got {self.start_date!r}") from None

    # ------------------------------------------------------------------ the Model contract
    def parameters(self) -> dict[str, Scalar]:
        """Every parameter as ``{dotted path: scalar}``, per-member probabilities resolved."""
        out: dict[str, Scalar] = {path: getattr(self, name) for path, name in _PATHS.items()}
        for code, p in zip(self.council.codes, self.reject_probabilities, strict=True):
            out[_MEMBER_PREFIX + code] = float(p)
        return out

    def with_changes(self, changes: Mapping[str, Scalar]) -> SingleVote:
        """A validated copy with ``changes`` (dotted paths; strings are converted)."""
        kwargs: dict[str, Any] = {}
        members = dict(self.reject_by_member)
        for path, value in changes.items():
            if path.startswith(_MEMBER_PREFIX):
                code = path[len(_MEMBER_PREFIX):].upper()
                members[code] = float(_coerce(path, value, float))
            elif path in _PATHS:
                name = _PATHS[path]
                kwargs[name] = _coerce(path, value, type(getattr(self, name)))
            else:
                raise InputError(f"unknown parameter {path!r} of single_vote "
                                 f"(parameters: {', '.join(_PATHS)}, {_MEMBER_PREFIX}<CODE>)")
        kwargs["reject_by_member"] = tuple(sorted(members.items()))
        return dataclasses.replace(self, **kwargs)

    def reference(self) -> tuple[str, dict[str, Scalar]]:
        """``("single_vote", changes)`` rebuilding this model from the defaults."""
        base = SingleVote(year=self.year).parameters()
        mine = self.parameters()
        changes: dict[str, Scalar] = {p: mine[p] for p in _PATHS if mine[p] != base[p]}
        changes["council.year"] = self.year
        changes |= {_MEMBER_PREFIX + code: p for code, p in self.reject_by_member}
        return self.name, changes

    def simulate(self, seed: np.random.SeedSequence | int, *,
                 rule: str | None = None) -> RunResult:
        """One run: draws, the vote under ``rule`` (default ``council.rule``), realignment."""
        spec = rule_spec(rule or self.rule)
        streams = named_streams(as_seed_sequence(seed), STREAMS)
        votes = self.draw_votes(streams["behaviour"])
        day = self.draw_delay(streams["delay"])
        u, wait = streams["candidate"].random(), streams["candidate"].exponential(
            self.realign_mean_days)
        ok = bool(adopted(spec, votes, self.council)[0])
        rejecting = votes == Vote.NO
        n_reject = int(rejecting.sum())
        share = float(self.council.population[rejecting].sum()) / self.council.total_population
        realigned = bool(u < (self.realign_if_adopted if ok else self.realign_if_rejected))
        realigned_day = day + wait if realigned else math.nan
        outcome = {
            "measure": self.measure, "rule": spec.name, "proposed": True, "adopted": ok,
            "time_to_decision_days": day, "n_reject": n_reject, "pop_reject_share": share,
            "realigned": realigned, "realigned_day": realigned_day,
            "eur_withheld": self.eur_at_stake if ok else 0.0,
            "measures_adopted": int(ok), "final_status": "adopted" if ok else "rejected",
        }
        vote_row = {"day": day, "date": self.date(day), "procedure": "single-vote",
                    "measure": self.measure, "rule": spec.name, "adopted": ok,
                    "n_reject": n_reject, "pop_reject_share": share}
        vote_row |= {f"vote_{c}": VOTE_WORDS[v] for c, v in zip(self.council.codes, votes,
                                                               strict=True)}
        return RunResult(outcome, [vote_row], self.events(day, ok, n_reject, share,
                                                           spec.name, realigned_day))

    # ------------------------------------------------------------------ pieces of a run
    @cached_property
    def council(self) -> Council:
        """The Council of ``year``."""
        return load_council(self.year)

    @cached_property
    def reject_probabilities(self) -> NDArray[np.float64]:
        """Probability that each member votes to reject, shape (M,), Council order."""
        council = load_council(self.year)
        p = np.full(council.size, self.reject, dtype=np.float64)
        for code, value in self.reject_by_member:
            p[council.index([code])[0]] = value
        p.setflags(write=False)
        return p

    def draw_votes(self, rng: np.random.Generator) -> NDArray[np.int8]:
        """Vote codes, shape (M,): reject below ``p``, abstain up to ``p + abstain``."""
        common = rng.standard_normal()
        own = rng.standard_normal(self.council.size)
        u = ndtr(math.sqrt(self.correlation) * common + math.sqrt(1 - self.correlation) * own)
        p = self.reject_probabilities
        return np.where(u < p, Vote.NO,
                        np.where(u < p + self.abstain, Vote.ABSTAIN, Vote.YES)).astype(np.int8)

    def draw_delay(self, rng: np.random.Generator) -> float:
        """Days from the proposal to the vote (always one draw of two uniforms' worth)."""
        mean, sd = self.delay_mean_days, self.delay_sd_days
        if self.delay_distribution == "fixed" or sd == 0:
            rng.random()
            return float(mean)
        if self.delay_distribution == "uniform":
            half = sd * 3**0.5
            return float(rng.uniform(mean - half, mean + half))
        shape = (mean / sd) ** 2
        return float(rng.gamma(shape, sd**2 / mean))

    def date(self, day: float) -> str:
        """The ISO calendar date of simulated ``day`` (day 0 = ``start_date``)."""
        start = dt.date.fromisoformat(self.start_date)
        return (start + dt.timedelta(days=math.floor(day))).isoformat()

    def events(self, day: float, ok: bool, n_reject: int, share: float, rule: str,
               realigned_day: float) -> list[Event]:
        """The run's steps: proposal, vote, verdict, and the realignment if any."""
        verdict = "adopted" if ok else "rejected"
        out = [Event(0.0, self.date(0.0), "Commission", "proposal", f"proposes {self.measure}"),
               Event(day, self.date(day), "Council", "vote",
                     f"{n_reject} members ({100 * share:.1f} % of the population) voted to "
                     f"reject under {rule}"),
               Event(day, self.date(day), "Council", verdict, f"{self.measure} {verdict}")]
        if not math.isnan(realigned_day):
            out.append(Event(realigned_day, self.date(realigned_day), "Candidate",
                             "realignment", "realigns its policy"))
        return out


def _check_probability(label: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise InputError(f"{label} must be a probability in [0, 1], got {value}")


def _coerce(path: str, value: Scalar, kind: type) -> Scalar:
    """``value`` as ``kind`` (float, int or str); strings from the command line parse."""
    try:
        if kind is float and not isinstance(value, bool):
            return float(value)
        if kind is int and not isinstance(value, bool) and float(value) == int(float(value)):
            return int(float(value))
        if kind is str and isinstance(value, str):
            return value
    except (TypeError, ValueError):
        pass
    raise InputError(f"parameter {path} must be {kind.__name__}, got {value!r}")
