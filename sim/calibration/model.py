"""The calibrated behaviour model: probabilities and samples of how members vote.

A :class:`CalibratedModel` wraps the parameter document written by
:func:`~sim.calibration.fitting.fit_votes` (and by ``eusim calibrate``). For member ``m`` in
a vote of policy area ``a`` under rule ``r``, with the vote's two latent factors
``u, z ~ N(0, 1)`` (independent):

    P(not participating)         = σ(ζ_m,a + μ_m u)
    P(dissent | participating)   = σ(η_m,a,r + shift_m + λ_m z)
    P(abstain | dissent)         = σ(κ_m,r)

with dissent = voting against or abstaining. Members the model has no votes of (candidate
countries) take the typical member's values: no member effect, the median loading.
Outcome columns of :meth:`CalibratedModel.probabilities` are ``p_yes, p_against, p_abstain,
p_not_participating``; samples use the :class:`~sim.rules.Vote` codes (0 not participating,
1 yes, 2 against, 3 abstain).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

from sim.calibration import latent
from sim.calibration.fitting import JHA, PARTS
from sim.calibration.votes import CODES, MEMBERSHIP, RULE_LABELS, Votes, is_member, parse_day
from sim.council.members import candidate_council
from sim.council.rules import Vote
from sim.errors import InputError
from sim.rng import SeedLike, as_generator

FORMAT = "eusim-calibration/1"
SHIPPED_MODEL = "calibrated_model.json"
OUTCOMES = ("yes", "against", "abstain", "not_participating")
"""Column order of :meth:`CalibratedModel.probabilities`."""
OUTCOME_CODES = (Vote.YES, Vote.NO, Vote.ABSTAIN, Vote.NOT_PARTICIPATING)
RULE_ALIASES = {"qmv": 0, "rqmv": 0, "qualified majority": 0, "unanimity": 1}

FloatArray = NDArray[np.float64]


def rule_label(rule: str) -> str:
    """The data's label for ``rule`` (``qmv``, ``rqmv``, ``unanimity`` or the labels)."""
    key = str(rule).strip().lower()
    if key not in RULE_ALIASES:
        raise InputError(f"unknown rule {rule!r} for the calibrated model "
                         f"(known: {', '.join(RULE_ALIASES)})")
    return RULE_LABELS[RULE_ALIASES[key]]


def _codes(members: Sequence[str] | Any) -> tuple[str, ...]:
    codes = getattr(members, "codes", members)
    if isinstance(codes, str):
        raise InputError("members must be a sequence of member codes, not one string")
    return tuple(str(c).strip().upper() for c in codes)


class CalibratedModel:
    """Member behaviour fitted on the Council's votes (see the module docstring)."""

    def __init__(self, document: dict[str, Any]) -> None:
        _check(document)
        self.document = document
        self.parts: dict[str, dict[str, Any]] = document["parts"]
        self.codes: tuple[str, ...] = tuple(
            c for c in CODES if c in self.parts["dissent"]["member"])
        known = set(CODES) | set(candidate_council().codes)
        self._known = frozenset(known)
        self._typical = {p: float(np.median(list(v["loading"].values())))
                         for p, v in self.parts.items() if "loading" in v}

    # -- the data ------------------------------------------------------------------------
    @property
    def data_range(self) -> tuple[str, str]:
        """First and last day of the training votes (ISO)."""
        return (self.document["data"]["first"], self.document["data"]["last"])

    @property
    def step(self) -> float:
        """Quadrature step used for the latent factors."""
        return float(self.document["settings"]["step"])

    def to_json(self) -> str:
        """The model document as JSON text (sorted keys: same model, same bytes)."""
        return json.dumps(self.document, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CalibratedModel:
        """A model from :meth:`to_json` text; anything else raises :class:`InputError`."""
        try:
            document = json.loads(text)
        except ValueError as exc:
            raise InputError(f"model is not JSON: {exc}") from None
        return cls(document)

    # -- linear predictors ---------------------------------------------------------------
    def linear(self, part: str, codes: tuple[str, ...], areas: Sequence[str],
               rules: Sequence[str]) -> tuple[FloatArray, FloatArray]:
        """``(eta (N, M), loading (M,))`` of ``part`` for votes of ``areas``/``rules``."""
        p = self.parts[part]
        member = np.array([p["member"].get(c, 0.0) for c in codes])
        eta = np.full((len(areas), len(codes)), p["intercept"]) + member[None, :]
        if "area" in p:
            eta += np.array([p["area"].get(a, 0.0) for a in areas])[:, None]
        if "rule" in p:
            eta += np.array([p["rule"][r] for r in rules])[:, None]
        if "member_jha" in p:
            jha = np.array([p["member_jha"].get(c, 0.0) for c in codes])
            eta += np.array([a == JHA for a in areas], dtype=float)[:, None] * jha[None, :]
        if "loading" not in p:
            return eta, np.zeros(len(codes))
        typical = self._typical[part]
        return eta, np.array([p["loading"].get(c, typical) for c in codes])

    def _one(self, members: Sequence[str] | Any, area: str | None, rule: str,
             date: str | dt.date | None, shift: Any) -> tuple[
                 tuple[str, ...], dict[str, tuple[FloatArray, FloatArray]]]:
        codes = _codes(members)
        unknown = [c for c in codes if c not in self._known]
        if unknown:
            raise InputError(f"unknown member code(s) {', '.join(unknown)}")
        if len(set(codes)) != len(codes):
            raise InputError("a member is listed twice")
        if date is not None:
            day = date if isinstance(date, dt.date) else parse_day(str(date), "date")
            for c in codes:
                if c in MEMBERSHIP and not is_member(c, day):
                    raise InputError(f"{c} is not a member of the Council on {day}")
        label = rule_label(rule)
        area_label = "" if area is None else str(area)
        out = {p: self.linear(p, codes, [area_label], [label]) for p in PARTS}
        if shift is not None:
            s = np.broadcast_to(np.asarray(shift, dtype=float), (len(codes),))
            if not np.isfinite(s).all():
                raise InputError("shift must be finite")
            eta, load = out["dissent"]
            out["dissent"] = (eta + s[None, :], load)
        return codes, out

    def probabilities(self, members: Sequence[str] | Any, area: str | None = None,
                      rule: str = "qmv", date: str | dt.date | None = None,
                      shift: Any = None) -> FloatArray:
        """Marginal probabilities (M, 4): ``p_yes, p_against, p_abstain,
        p_not_participating`` of each member in one vote.

        ``area``: the Council's policy-area label (``None`` or an unknown label: the
        typical area); ``rule``: ``qmv``, ``rqmv`` or ``unanimity``; ``date``: checks
        membership (the United Kingdom after 31 January 2020 is an error); ``shift``: added
        to each member's dissent log-odds (scalar or (M,)).
        """
        _, lin = self._one(members, area, rule, date, shift)
        p_np = latent.marginal(*lin["participation"], self.step)[0]
        p_d = latent.marginal(*lin["dissent"], self.step)[0]
        q_ab = expit(lin["abstention"][0][0])
        part = 1.0 - p_np
        return np.column_stack([part * (1 - p_d), part * p_d * (1 - q_ab),
                                part * p_d * q_ab, p_np])

    def sample(self, rng: SeedLike, n: int, members: Sequence[str] | Any,
               area: str | None = None, rule: str = "qmv",
               date: str | dt.date | None = None, shift: Any = None) -> NDArray[np.int8]:
        """``n`` simulated vote profiles, int8 (n, M) of :class:`~sim.rules.Vote` codes.

        Each profile draws the vote's two latent factors, then each member's outcome; the
        draws per profile are always 2 normals and 2 M uniforms (common random numbers:
        the same generator state gives the same factors whatever ``shift``).
        """
        if not isinstance(n, int | np.integer) or n < 0:
            raise InputError(f"n must be a non-negative integer, not {n!r}")
        codes, lin = self._one(members, area, rule, date, shift)
        gen = as_generator(rng)
        factors = gen.standard_normal((n, 2))
        uniforms = gen.random((n, len(codes), 2))
        (zeta, mu), (eta, lam) = lin["participation"], lin["dissent"]
        p_np = expit(zeta + mu[None, :] * factors[:, 1:2])
        p_d = expit(eta + lam[None, :] * factors[:, 0:1])
        p_ag = p_d * (1 - expit(lin["abstention"][0]))
        out = np.full((n, len(codes)), Vote.YES, dtype=np.int8)
        out[uniforms[:, :, 1] < p_d] = Vote.ABSTAIN
        out[uniforms[:, :, 1] < p_ag] = Vote.NO
        out[uniforms[:, :, 0] < p_np] = Vote.NOT_PARTICIPATING
        return out

    def base_rates(self, members: Sequence[str] | Any, area: str | None = None,
                   rule: str = "qmv", date: str | dt.date | None = None
                   ) -> dict[str, FloatArray | float]:
        """Per-member marginal rates ``against``, ``abstain``, ``absent`` (M,) and the
        median dissent loading ``correlation``: the calibrated model in the terms of a
        base-rate behaviour model with one shared normal factor."""
        p = self.probabilities(members, area, rule, date)
        return {"against": p[:, 1], "abstain": p[:, 2], "absent": p[:, 3],
                "correlation": self._typical["dissent"]}

    def for_votes(self, votes: Votes) -> dict[str, tuple[FloatArray, FloatArray]]:
        """The linear predictors of every part for the votes of a table (its codes)."""
        areas = [votes.areas[i] for i in votes.area]
        rules = [RULE_LABELS[int(r)] for r in votes.rule]
        return {p: self.linear(p, votes.codes, areas, rules) for p in PARTS}


def _check(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"not an eusim calibration model (format {FORMAT} expected)")
    try:
        for part, names in PARTS.items():
            params = document["parts"][part]
            for name in names:
                value = params[name]
                values = value.values() if isinstance(value, dict) else [value]
                if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
                    raise InputError(f"model parameter {part}.{name} is not finite numbers")
            if "rule" in params and set(params["rule"]) != set(RULE_LABELS):
                raise InputError(f"model parameter {part}.rule must name {RULE_LABELS}")
        for key in ("first", "last", "votes", "source"):
            _ = document["data"][key]
        float(document["settings"]["step"])
        if not document["parts"]["dissent"]["member"]:
            raise InputError("model has no members")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"model document lacks or mangles {exc}") from None


def fit(votes: Votes | str | None = None, until: str | dt.date | None = None,
        seed: int = 0, settings: Any = None) -> CalibratedModel:
    """Fit the model on ``votes`` (a table, a CSV path, ``None``: the shipped votes) dated
    before ``until``. Deterministic: the fit draws no random numbers; ``seed`` is recorded
    as the default seed of the model's validation samples."""
    from sim.calibration.fitting import fit_votes

    return CalibratedModel(fit_votes(votes, until, seed, settings))


@cache
def default_model() -> CalibratedModel:
    """The model shipped with eusim, fitted on the shipped 2010–2020 votes."""
    text = resources.files("sim.data").joinpath(SHIPPED_MODEL).read_text("utf-8")
    return CalibratedModel.from_json(text)
