"""Scoring a calibrated model and the two baselines on votes: the predictive checks.

For each predictor, over the scored votes:

``marginal_log_loss``
    mean over recorded (vote, member) cells of ``-log p(observed outcome)`` (natural log,
    four outcomes; lower is better);
``joint_log_score``
    mean over votes of ``log P(observed profile)``, the probability of the whole vote (for
    the model, its latent factors integrated out by quadrature; for the independent
    baselines, the sum of the members' logs; higher is better);
``dissent_tv``
    total-variation distance between the observed distribution of the number of
    dissenters per vote (against or abstaining: 0, 1, 2, 3, 4, 5+) and the predictor's
    distribution, averaged over the scored votes. That distribution is computed exactly
    (a convolution over members at each quadrature node) rather than by simulation, so it
    carries no sampling noise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit, log_expit

from sim.calibration import latent
from sim.calibration.baselines import BASELINES, baseline_rates
from sim.calibration.model import OUTCOME_CODES, CalibratedModel, fit
from sim.calibration.votes import UNRECORDED, Votes
from sim.council.rules import Vote
from sim.errors import InputError

BINS = 6
"""Dissenter counts 0, 1, 2, 3, 4 and 5 or more."""
METHODS = ("model", *BASELINES)
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Scores:
    """One predictor's scores, with its cell probabilities (N, M, 4) and per-vote values."""

    marginal_log_loss: float
    joint_log_score: float
    dissent_tv: float
    dissent: FloatArray
    probabilities: FloatArray
    joint: FloatArray

    def as_dict(self) -> dict[str, float]:
        """The three headline scores."""
        return {"marginal_log_loss": self.marginal_log_loss,
                "joint_log_score": self.joint_log_score, "dissent_tv": self.dissent_tv}


@dataclass(frozen=True, eq=False)
class Validation:
    """Scores of the model and the baselines on ``votes``; ``outcome`` (N, M) is the
    observed column of each cell in ``p_yes, p_against, p_abstain, p_not_participating``
    order (-1: not recorded)."""

    votes: Votes
    train_range: tuple[str, str]
    outcome: NDArray[np.intp]
    observed: FloatArray
    methods: dict[str, Scores]

    def summary(self) -> dict[str, Any]:
        """The object printed by ``eusim validate --json``."""
        out: dict[str, Any] = {name: s.as_dict() for name, s in self.methods.items()}
        out["votes"] = len(self.votes)
        out["train_range"] = list(self.train_range)
        return out


def outcome_columns(votes: Votes) -> NDArray[np.intp]:
    """Each cell's outcome column (0 yes, 1 against, 2 abstain, 3 not participating; -1)."""
    out = np.full(votes.votes.shape, -1, dtype=np.intp)
    for col, code in enumerate(OUTCOME_CODES):
        out[votes.votes == int(code)] = col
    return out


def dissenters(votes: Votes) -> NDArray[np.intp]:
    """Number of members voting against or abstaining in each vote."""
    v = votes.votes
    return np.asarray(((v == Vote.NO) | (v == Vote.ABSTAIN)).sum(axis=1), dtype=np.intp)


def histogram(counts: NDArray[np.intp]) -> FloatArray:
    """Share of votes with 0, 1, 2, 3, 4, 5+ dissenters."""
    return np.bincount(np.minimum(counts, BINS - 1), minlength=BINS) / max(counts.size, 1)


def count_distribution(p: FloatArray) -> FloatArray:
    """Distribution (..., 6) of the number of successes among independent Bernoulli(p)
    over the last axis (0, ..., 4, 5+): the Poisson-binomial by convolution."""
    dist = np.zeros((*p.shape[:-1], BINS))
    dist[..., 0] = 1.0
    for m in range(p.shape[-1]):
        q = p[..., m, None]
        moved = np.zeros_like(dist)
        moved[..., 1:] = dist[..., :-1]
        moved[..., -1] += dist[..., -1]  # 5+ absorbs
        dist = dist * (1 - q) + moved * q
    return dist


def _scores(probs: FloatArray, joint: FloatArray, dissent: FloatArray,
            outcome: NDArray[np.intp], observed: FloatArray) -> Scores:
    used = outcome >= 0
    picked = np.take_along_axis(probs, np.maximum(outcome, 0)[..., None], axis=2)[..., 0]
    mll = -float(np.log(picked[used]).mean())
    tv = 0.5 * float(np.abs(dissent.mean(axis=0) - observed).sum())
    return Scores(mll, float(joint.mean()), tv, dissent.mean(axis=0), probs, joint)


def model_scores(model: CalibratedModel, votes: Votes, outcome: NDArray[np.intp],
                 observed: FloatArray) -> Scores:
    """The calibrated model's scores on ``votes``."""
    lin = model.for_votes(votes)
    v = votes.votes
    recorded = v != UNRECORDED
    part = recorded & (v != Vote.NOT_PARTICIPATING)
    dissent = (v == Vote.NO) | (v == Vote.ABSTAIN)
    step = model.step
    (zeta, mu), (eta, lam), (kappa, _) = (lin[p] for p in
                                           ("participation", "dissent", "abstention"))
    joint = (latent.vote_loglik(zeta, mu, (v == Vote.NOT_PARTICIPATING).astype(float),
                                recorded, step)[0]
             + latent.vote_loglik(eta, lam, dissent.astype(float), part, step)[0]
             + np.where(dissent, np.where(v == Vote.ABSTAIN, log_expit(kappa),
                                          log_expit(-kappa)), 0.0).sum(axis=1))
    p_np, p_d, q_ab = latent.marginal(zeta, mu, step), latent.marginal(eta, lam, step), \
        expit(kappa)
    probs = np.stack([(1 - p_np) * (1 - p_d), (1 - p_np) * p_d * (1 - q_ab),
                      (1 - p_np) * p_d * q_ab, p_np], axis=2)
    # dissent counts: exact convolution at each node of the (u, z) grid (coarse step: the
    # quadrature error stays below 1e-6 for loadings up to 2.5)
    x, logw = latent.quadrature(latent.COARSE_STEP)
    w = np.exp(logw)
    rows = []
    for i in range(len(votes)):
        p_part = 1 - expit(zeta[i][None, :] + mu[None, :] * x[:, None])     # (Qu, M)
        p_dis = expit(eta[i][None, :] + lam[None, :] * x[:, None])         # (Qz, M)
        cell = (p_part[:, None, :] * p_dis[None, :, :]) * recorded[i]
        dist = count_distribution(cell)                                     # (Qu, Qz, 6)
        rows.append(np.einsum("a,b,abk->k", w, w, dist))
    return _scores(probs, joint, np.array(rows), outcome, observed)


def baseline_scores(probs_m: FloatArray, votes: Votes, outcome: NDArray[np.intp],
                    observed: FloatArray) -> Scores:
    """Scores of an independent predictor with per-member rates ``probs_m`` (M, 4)."""
    probs = np.broadcast_to(probs_m[None, :, :], (*votes.votes.shape, 4))
    used = outcome >= 0
    picked = np.take_along_axis(probs, np.maximum(outcome, 0)[..., None], axis=2)[..., 0]
    joint = np.where(used, np.log(picked), 0.0).sum(axis=1)
    p_d = (probs[..., 1] + probs[..., 2]) * used
    return _scores(np.array(probs), joint, count_distribution(p_d), outcome, observed)


def validate(model: CalibratedModel, votes: Votes) -> Validation:
    """Score ``model`` and the baselines fitted on its training votes on ``votes``."""
    if not len(votes):
        raise InputError("no votes to score")
    outcome = outcome_columns(votes)
    observed = histogram(dissenters(votes))
    counts = model.document["training_counts"]
    methods = {"model": model_scores(model, votes, outcome, observed)}
    for name in BASELINES:
        methods[name] = baseline_scores(baseline_rates(counts, votes.codes, name), votes,
                                        outcome, observed)
    return Validation(votes, model.data_range, outcome, observed, methods)


def holdout(votes: Votes, split: str | dt.date, seed: int = 0, settings: Any = None
            ) -> tuple[CalibratedModel, Validation]:
    """Fit on the votes before ``split``; score the model and baselines on the rest."""
    scored = votes.since(split)
    if not len(scored):
        raise InputError(f"no votes on or after {split} to score")
    model = fit(votes, until=split, seed=seed, settings=settings)
    return model, validate(model, scored)


def training_votes(model: CalibratedModel) -> Votes:
    """The votes file a model was fitted on (as recorded in it), checked unchanged."""
    from sim.calibration.votes import SHIPPED, read_votes

    data = model.document["data"]
    table = read_votes(None if data["source"] == SHIPPED else data["source"])
    if data.get("sha256") and table.sha256 != data["sha256"]:
        raise InputError(f"votes file {data['source']!r} has changed since the model was "
                         "fitted (its SHA-256 differs)")
    return table
