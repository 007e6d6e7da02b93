"""Seeded Monte Carlo estimates of Banzhaf and Shapley–Shubik power, with standard errors.

For Councils too large to count exactly (or to check the exact counts against theory).
The game is a :class:`sim.power.PowerGame` (any rule of Art 16(4) TEU / Art 238 TFEU):

* **Banzhaf**: draw coalitions of the participants uniformly (each joins with probability
  1/2); member ``i`` is a swing when the coalition with ``i`` wins and without ``i`` loses.
  The absolute index is the swing frequency; the normalised index is a ratio of means,
  with a delta-method standard error.
* **Shapley–Shubik**: draw uniformly random orders of the participants; the pivot is the
  member whose arrival first makes the coalition win. The index is the pivot frequency.

Random numbers come only from :func:`sim.rng.as_generator`; draws are made in fixed-size
chunks, so the same seed gives identical results.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.errors import InputError
from sim.power.games import PowerGame, PowerResult
from sim.rng import SeedLike, as_generator

CHUNK = 8192
"""Coalitions (or orders) drawn per block."""
MAX_SAMPLES = 10**8
"""Most samples accepted (a few minutes of work; standard errors then about 5e-5, far below
any use), so that no request runs for days."""

Float = NDArray[np.float64]


def _banzhaf_sums(game: PowerGame, rng: np.random.Generator, samples: int) -> NDArray[np.float64]:
    """Per-member sums over ``samples`` coalitions, stacked (4, n): swings X_i, X_i * S,
    and in columns 0 of rows 2-3 the totals of S and S**2 (S = swings in the sample)."""
    w = game.weights
    n = w.size
    acc = np.zeros((4, n))
    for start in range(0, samples, CHUNK):
        m = min(CHUNK, samples - start)
        member = rng.random((m, n)) < 0.5
        size = member.sum(axis=1)[:, None] - member
        pop = (member @ w)[:, None] - member * w
        swing = game.wins(size + 1, pop + w) & ~game.wins(size, pop)
        s = swing.sum(axis=1).astype(np.float64)
        acc[0] += swing.sum(axis=0)
        acc[1] += swing.T @ s
        acc[2, 0] += s.sum()
        acc[3, 0] += (s * s).sum()
    return acc


def _shapley_counts(game: PowerGame, rng: np.random.Generator, samples: int) -> Float:
    """Pivot counts per member over ``samples`` random orders, shape (n,)."""
    w = game.weights
    n = w.size
    counts = np.zeros(n)
    size = np.arange(1, n + 1)
    if game.wins(np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64))[0]:
        return counts  # the empty coalition wins: nobody is ever pivotal
    for start in range(0, samples, CHUNK):
        m = min(CHUNK, samples - start)
        order = np.argsort(rng.random((m, n)), axis=1)
        won = game.wins(size[None, :], np.cumsum(w[order], axis=1))
        has = won.any(axis=1)
        pivot = order[np.arange(m), np.argmax(won, axis=1)][has]
        counts += np.bincount(pivot, minlength=n)
    return counts


def _spread(game: PowerGame, values: Float) -> Float:
    out = np.zeros(game.council.size)
    out[game.participating] = values
    return out


def monte_carlo_power(game: PowerGame, samples: int = 100_000,
                      seed: SeedLike = None) -> PowerResult:
    """Estimate the power indices of ``game`` from ``samples`` coalitions and orders.

    Parameters
    ----------
    game : PowerGame
        See :func:`sim.power.power_game`.
    samples : int
        Random coalitions for Banzhaf, and as many random orders for Shapley–Shubik.
    seed : int, SeedSequence, Generator or None
        Passed to :func:`sim.rng.as_generator`.

    Returns
    -------
    PowerResult
        ``method="monte-carlo"``, with standard errors in ``*_se`` (arrays of shape (M,)).
    """
    if not 2 <= samples <= MAX_SAMPLES:
        raise InputError(f"Monte Carlo needs between 2 and {MAX_SAMPLES:,} samples, "
                         f"got {samples:,}")
    rng = as_generator(seed)
    acc = _banzhaf_sums(game, rng, samples) / samples
    beta, xs, mean_s, mean_s2 = acc[0], acc[1], acc[2, 0], acc[3, 0]
    beta_se = np.sqrt(beta * (1 - beta) / samples)
    if mean_s > 0:
        eta = beta / mean_s  # delta method for the ratio of means E[X_i] / E[S]
        var = (beta - 2 * eta * xs + eta**2 * mean_s2) / mean_s**2
        eta_se = np.sqrt(np.maximum(var, 0.0) / samples)
    else:
        eta, eta_se = np.zeros_like(beta), np.zeros_like(beta)
    phi = _shapley_counts(game, rng, samples) / samples
    phi_se = np.sqrt(phi * (1 - phi) / samples)
    passage = _passage(game, rng, samples)
    return PowerResult(game, "monte-carlo", _spread(game, beta), _spread(game, eta),
                       _spread(game, phi), passage, samples, _spread(game, beta_se),
                       _spread(game, eta_se), _spread(game, phi_se))


def _passage(game: PowerGame, rng: np.random.Generator, samples: int) -> float:
    """Share of uniformly random coalitions that win."""
    w = game.weights
    wins = 0
    for start in range(0, samples, CHUNK):
        member = rng.random((min(CHUNK, samples - start), w.size)) < 0.5
        wins += int(game.wins(member.sum(axis=1), member @ w).sum())
    return wins / samples
