"""A logit with one latent factor per vote, fitted by integrating the factor out exactly.

For vote ``v`` and member ``m`` with binary outcome ``y`` (say, "dissents"),

    P(y_vm = 1 | z_v) = σ(η_vm + λ_m z_v),      z_v ~ N(0, 1) shared by the vote,
    η_vm = Σ_b θ_b[index_b(v, m)]               (additive effect blocks: intercept,
                                                 member, policy area, rule, ...)

so every member's propensity moves together with the vote's latent ``z_v`` (its
contestedness) with member-specific loadings ``λ_m ≥ 0``. A vote's likelihood

    L_v = ∫ Π_m σ(±(η_vm + λ_m z)) φ(z) dz

is computed in log space with the trapezoidal rule on a uniform grid of step ``h`` over
``[-8, 8]``. The integrand is analytic in the strip ``|Im z| < π / max λ`` (the poles of the
logistic function), where the trapezoidal rule converges geometrically, with error of order
``exp(-2π² / (h max λ))``: with loadings bounded by :data:`MAX_LOADING` and ``h = 0.2`` that
is below 1e-10 relative, and the tails beyond ±8 weigh less than 1e-14; Gauss–Hermite rules
with as many nodes are orders of magnitude less accurate here. The fit maximises
``Σ_v w_v log L_v`` minus Gaussian (ridge) penalties on the effect blocks, with the analytic
gradient (the posterior node weights times the residuals) and SciPy's L-BFGS-B, from a
fixed starting point: no random numbers, so the same data give the same parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import expit, logsumexp

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

STEP = 0.2
"""Grid step of the quadrature (in standard deviations of the latent factor)."""
COARSE_STEP = 0.4
"""Step of the first pass of a fit (the second pass polishes at the final step)."""
SPAN = 8.0
MAX_LOADING = 4.0
"""Upper bound of the loadings ``λ`` (keeps the quadrature error bound above)."""


def quadrature(step: float | None = STEP) -> tuple[FloatArray, FloatArray]:
    """Nodes ``x`` and log-weights for ``∫ f(z) φ(z) dz ≈ Σ_q exp(logw_q) f(x_q)``
    (``step=None``: no latent factor, the single node 0 of weight 1)."""
    if step is None:
        return np.zeros(1), np.zeros(1)
    half = round(SPAN / step)
    x = step * np.arange(-half, half + 1, dtype=np.float64)
    logw = np.log(step) - 0.5 * x**2 - 0.5 * np.log(2 * np.pi)
    return x, logw


@dataclass(frozen=True)
class Block:
    """One additive effect: ``index[v, m]`` picks a level (``-1``: no effect in that cell).

    ``prior_sd`` is the standard deviation of the Gaussian penalty centred on 0 (``None``:
    unpenalised).
    """

    name: str
    index: IntArray
    levels: int
    prior_sd: float | None


@dataclass(frozen=True, eq=False)
class Design:
    """Outcomes ``y`` (N, M) in {0, 1}, cells used ``mask``, vote weights and effects."""

    y: FloatArray
    mask: NDArray[np.bool_]
    weight: FloatArray
    blocks: tuple[Block, ...]
    latent: bool = True
    loading_sd: float = 2.0

    @property
    def size(self) -> int:
        """Length of the parameter vector: block levels, then one loading per member."""
        return sum(b.levels for b in self.blocks) + (self.y.shape[1] if self.latent else 0)


def split(theta: FloatArray, design: Design) -> tuple[list[FloatArray], FloatArray]:
    """The block parameters and the loadings (zeros without a latent) of ``theta``."""
    out, at = [], 0
    for block in design.blocks:
        out.append(theta[at:at + block.levels])
        at += block.levels
    members = design.y.shape[1]
    loadings = theta[at:at + members] if design.latent else np.zeros(members)
    return out, loadings


def linear(params: list[FloatArray], blocks: tuple[Block, ...], shape: tuple[int, int]
           ) -> FloatArray:
    """``η`` (N, M): the sum of the blocks' effects."""
    eta = np.zeros(shape)
    for values, block in zip(params, blocks, strict=True):
        padded = np.append(values, 0.0)  # index -1 -> the zero at the end
        eta += padded[block.index]
    return eta


def vote_loglik(eta: FloatArray, loadings: FloatArray, y: FloatArray,
                mask: NDArray[np.bool_], step: float | None = STEP
                ) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``log L_v`` (N,), the posterior node weights (N, Q) and the residuals (N, M, Q)."""
    x, logw = quadrature(step)
    t = eta[:, :, None] + loadings[None, :, None] * x[None, None, :]
    soft = np.logaddexp(0.0, t)            # log(1 + e^t)
    used = mask[:, :, None]
    yy = y[:, :, None]
    joint = np.where(used, yy * t - soft, 0.0).sum(axis=1) + logw[None, :]
    ll = logsumexp(joint, axis=1)
    post = np.exp(joint - ll[:, None])
    resid = np.where(used, yy - np.exp(t - soft), 0.0)
    return ll, post, resid


def objective(theta: FloatArray, design: Design, step: float = STEP
              ) -> tuple[float, FloatArray]:
    """Penalised negative weighted log likelihood and its gradient."""
    params, loadings = split(theta, design)
    eta = linear(params, design.blocks, design.y.shape)
    ll, post, resid = vote_loglik(eta, loadings, design.y, design.mask,
                                  step if design.latent else None)
    w = design.weight
    value = -float(w @ ll)
    g_eta = np.matmul(resid, post[:, :, None])[:, :, 0] * w[:, None]
    grad = []
    for values, block in zip(params, design.blocks, strict=True):
        index = block.index.ravel()
        used = index >= 0
        g: FloatArray = -np.bincount(index[used], weights=g_eta.ravel()[used],
                                     minlength=block.levels).astype(np.float64)
        if block.prior_sd is not None:
            value += float(values @ values) / (2 * block.prior_sd**2)
            g = g + values / block.prior_sd**2
        grad.append(g)
    if design.latent:
        x, _ = quadrature(step)
        g_load = -np.matmul(resid, (post * x[None, :])[:, :, None])[:, :, 0].T @ w
        value += float(loadings @ loadings) / (2 * design.loading_sd**2)
        grad.append(g_load + loadings / design.loading_sd**2)
    return value, np.concatenate(grad)


@dataclass(frozen=True)
class FitReport:
    """How a fit went: final penalised log likelihood, iterations, convergence."""

    loglik: float
    iterations: int
    converged: bool
    message: str


def compress(design: Design) -> Design:
    """The same likelihood on fewer rows: votes with identical effects, outcomes and cells
    (most unanimous votes) become one row whose weight is the sum of theirs."""
    n = design.y.shape[0]
    key = np.hstack([b.index.reshape(n, -1) for b in design.blocks]
                    + [design.y.astype(np.intp), design.mask.astype(np.intp)])
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    weight = np.bincount(inverse.ravel(), weights=design.weight,
                         minlength=first.size).astype(np.float64)
    blocks = tuple(Block(b.name, b.index[first], b.levels, b.prior_sd) for b in design.blocks)
    return Design(design.y[first], design.mask[first], weight, blocks, design.latent,
                  design.loading_sd)


def fit_design(design: Design, start: FloatArray | None = None,
               step: float = STEP) -> tuple[FloatArray, FitReport]:
    """Maximise the penalised weighted likelihood of ``design``; deterministic."""
    design = compress(design)
    members = design.y.shape[1]
    if start is None:
        theta0 = np.zeros(design.size)
        rate = float(design.y[design.mask].mean()) if design.mask.any() else 0.5
        rate = min(max(rate, 1e-6), 1 - 1e-6)
        if design.blocks and design.blocks[0].prior_sd is None:
            theta0[0] = np.log(rate / (1 - rate))  # the unpenalised intercept
        if design.latent:
            theta0[-members:] = 1.0
    else:
        theta0 = np.asarray(start, dtype=float)
    bounds: list[tuple[float | None, float | None]] = [(None, None)] * (
        design.size - (members if design.latent else 0))
    if design.latent:
        bounds += [(0.0, MAX_LOADING)] * members
    steps = (COARSE_STEP, step) if design.latent and step < COARSE_STEP else (step,)
    iterations = 0
    for each in steps:
        result = minimize(objective, theta0, args=(design, each), jac=True,
                          method="L-BFGS-B", bounds=bounds,
                          options={"maxiter": 3000, "ftol": 1e-13, "gtol": 1e-7})
        theta0, iterations = result.x, iterations + int(result.nit)
    return result.x, FitReport(-float(result.fun), iterations, bool(result.success),
                               str(result.message))


def marginal(eta: FloatArray, loadings: FloatArray, step: float | None = STEP
             ) -> FloatArray:
    """``P(y = 1)`` with the latent integrated out, same shape as ``eta``."""
    x, logw = quadrature(step)
    t = eta[..., None] + loadings[..., None] * x
    return np.asarray(expit(t) @ np.exp(logw))
