"""Fitting the calibrated behaviour model to a :class:`~sim.calibration.votes.Votes` table.

Three parts, each a :mod:`~sim.calibration.latent` logit fitted on its own cells:

``participation``
    whether a recorded member does *not* take part; effects: member, policy area, member ×
    justice-and-home-affairs (the opt-outs of Denmark, Protocol 22, and of Ireland and the
    United Kingdom, Protocol 21, to the Treaties), and a latent factor of the vote (opt-outs
    come together: an act under Title V TFEU is one for all three);
``dissent``
    whether a participating member votes against or abstains; effects: member, policy
    area, rule, and the vote's latent contestedness;
``abstention``
    whether a dissenting member abstains rather than votes against; effects: member, rule.

Time enters through recency weights: a vote ``a`` years older than the last training vote
counts ``0.5 ** (a / half_life_years)`` in the likelihood, so members' drifting dissent is
fitted to recent years. Only the votes given (before ``until``) enter the fit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.calibration import latent
from sim.calibration.votes import MISSING_AREA, RULE_LABELS, UNRECORDED, Votes, read_votes
from sim.council.rules import Vote
from sim.errors import InputError

JHA = "Justice and Home Affairs"
"""The policy area of the Area of Freedom, Security and Justice (Title V TFEU)."""


@dataclass(frozen=True)
class Settings:
    """Overridable fitting parameters (not law: modelling choices, documented in the docs).

    ``half_life_years``: recency half-life of a vote's weight (years; ``None``: equal
    weights). ``member_sd``, ``area_sd``, ``rule_sd``, ``jha_sd``, ``loading_sd``:
    standard deviations (logit units) of the Gaussian penalties that shrink the effects
    toward the typical member, area and rule. ``step``: grid step of the quadrature over the
latent factor (see :mod:`~sim.calibration.latent`).
    """

    half_life_years: float | None = 3.0
    member_sd: float = 1.5
    area_sd: float = 1.0
    rule_sd: float = 2.0
    jha_sd: float = 3.0
    loading_sd: float = 2.0
    step: float = latent.STEP

    def check(self) -> Settings:
        """Self, or :class:`InputError` naming a bad value."""
        if self.half_life_years is not None and not self.half_life_years > 0:
            raise InputError(f"half_life_years must be positive, not {self.half_life_years}")
        for name in ("member_sd", "area_sd", "rule_sd", "jha_sd", "loading_sd"):
            if not getattr(self, name) > 0:
                raise InputError(f"{name} must be positive")
        if not 0.01 <= self.step <= latent.COARSE_STEP:
            raise InputError(f"step must be between 0.01 and {latent.COARSE_STEP}")
        return self


PARTS: dict[str, tuple[str, ...]] = {
    "participation": ("intercept", "member", "area", "member_jha"),
    "dissent": ("intercept", "member", "area", "rule"),
    "abstention": ("intercept", "member", "rule"),
}
LATENT = {"participation": True, "dissent": True, "abstention": False}


def recency_weights(votes: Votes, half_life_years: float | None) -> np.ndarray:
    """Each vote's weight: 1 for the last vote, halving every ``half_life_years``."""
    if half_life_years is None or not len(votes):
        return np.ones(len(votes))
    age = (votes.dates.max() - votes.dates).astype(np.float64) / 365.25
    return np.asarray(0.5 ** (age / half_life_years))


def _cells(votes: Votes, part: str) -> tuple[np.ndarray, np.ndarray]:
    v = votes.votes
    recorded = v != UNRECORDED
    if part == "participation":
        return (v == Vote.NOT_PARTICIPATING).astype(float), recorded
    dissent = (v == Vote.NO) | (v == Vote.ABSTAIN)
    if part == "dissent":
        return dissent.astype(float), recorded & (v != Vote.NOT_PARTICIPATING)
    return (v == Vote.ABSTAIN).astype(float), dissent


def area_levels(votes: Votes) -> tuple[str, ...]:
    """The policy areas that get an effect (every label but ``Missing``)."""
    return tuple(a for a in votes.areas if a != MISSING_AREA)


def _blocks(votes: Votes, part: str, settings: Settings) -> tuple[latent.Block, ...]:
    n, m = votes.votes.shape
    levels = area_levels(votes)
    area_of = np.array([levels.index(a) if a in levels else -1 for a in votes.areas],
                       dtype=np.intp)
    area = np.broadcast_to(area_of[votes.area.astype(np.intp)][:, None], (n, m))
    member = np.broadcast_to(np.arange(m, dtype=np.intp)[None, :], (n, m))
    jha = np.array([votes.areas[i] == JHA for i in votes.area])
    make = {
        "intercept": lambda: latent.Block("intercept", np.zeros((n, m), np.intp), 1, None),
        "member": lambda: latent.Block("member", member, m, settings.member_sd),
        "area": lambda: latent.Block("area", area, len(levels), settings.area_sd),
        "rule": lambda: latent.Block(
            "rule", np.broadcast_to(votes.rule.astype(np.intp)[:, None], (n, m)),
            len(RULE_LABELS), settings.rule_sd),
        "member_jha": lambda: latent.Block(
            "member_jha", np.where(jha[:, None], member, -1), m, settings.jha_sd),
    }
    return tuple(make[name]() for name in PARTS[part])


def fit_part(votes: Votes, part: str, settings: Settings, weight: np.ndarray
             ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Named parameters and diagnostics of one part fitted on ``votes``."""
    y, mask = _cells(votes, part)
    blocks = _blocks(votes, part, settings)
    design = latent.Design(y, mask, weight, blocks, LATENT[part], settings.loading_sd)
    theta, report = latent.fit_design(design, step=settings.step)
    values, loadings = latent.split(theta, design)
    seen = np.asarray(mask.any(axis=0))  # members with no cell keep the typical values
    codes = [c for c, s in zip(votes.codes, seen.tolist(), strict=True) if s]
    params: dict[str, Any] = {}
    for block, vals in zip(blocks, values, strict=True):
        if block.name == "intercept":
            params["intercept"] = float(vals[0])
        elif block.name in ("member", "member_jha"):
            params[block.name] = {c: float(vals[votes.codes.index(c)]) for c in codes}
        elif block.name == "area":
            params["area"] = dict(zip(area_levels(votes), map(float, vals), strict=True))
        else:
            params["rule"] = dict(zip(RULE_LABELS, map(float, vals), strict=True))
    if design.latent:
        params["loading"] = {c: float(loadings[votes.codes.index(c)]) for c in codes}
    diagnostics = {"penalised_loglik": report.loglik, "iterations": report.iterations,
                   "converged": report.converged, "cells": int(mask.sum()),
                   "events": int(y[mask].sum())}
    return params, diagnostics


def training_counts(votes: Votes) -> dict[str, list[int]]:
    """Per member, how many recorded votes fell in each :class:`Vote` code (0-3)."""
    out = {}
    for j, code in enumerate(votes.codes):
        col = votes.votes[:, j]
        if (col != UNRECORDED).any():
            out[code] = [int((col == k).sum()) for k in range(4)]
    return out


def fit_votes(votes: Votes | str | Path | None, until: str | dt.date | None = None,
              seed: int = 0, settings: Settings | None = None) -> dict[str, Any]:
    """The model document (see :class:`~sim.calibration.model.CalibratedModel`)."""
    settings = (settings or Settings()).check()
    table = votes if isinstance(votes, Votes) else read_votes(votes)
    train = table.before(until) if until is not None else table
    if len(train) < 20:
        raise InputError(f"only {len(train)} votes to fit on (need at least 20)"
                         + (f" before {until}" if until is not None else ""))
    weight = recency_weights(train, settings.half_life_years)
    parts, diagnostics = {}, {}
    for part in PARTS:
        parts[part], diagnostics[part] = fit_part(train, part, settings, weight)
    first, last = train.date_range()
    return {
        "format": "eusim-calibration/1",
        "seed": int(seed),
        "data": {"source": table.source, "sha256": table.sha256, "first": first,
                 "last": last, "votes": len(train),
                 "until": None if until is None else str(until),
                 "citation": CITATION},
        "settings": asdict(settings),
        "parts": parts,
        "diagnostics": diagnostics,
        "training_counts": training_counts(train),
    }


CITATION = ("SWP EU Council Monitor: N. von Ondarza and P. Bochtler, Public Voting Data of "
            "the Council of the EU, GESIS, doi:10.7802/2560, CC BY 4.0; from the Council's "
            "public voting results (© Council of the EU)")
