"""Benchmark exact voting power: eusim against brute force and power-bdd, same run.

Usage::

    python benchmarks/bench_power.py [--year Y] [--verify] [--quick]

Prints, for QMV (Art 16(4) TEU, with the 4-member clause) in the EU27 and in the EU36
(EU27 plus the nine candidates): eusim's exact time (Banzhaf and Shapley–Shubik come from
one swing count), power-bdd's times for Banzhaf and for Shapley–Shubik on the same rule and
population table — in each of three weight orders (ascending, descending, table order),
the fastest order reported and compared, every timing the best of the same number of
repetitions as eusim's — and brute-force enumeration of all 2**27 coalitions through the rule
kernel :func:`sim.rules.adopted`. The EU36 brute-force time (2**36 coalitions) is
extrapolated from the EU27 run. ``--verify`` compares brute-force and eusim indices and
fails unless the largest difference is below 1e-12. ``--quick`` skips the EU36 power-bdd
run and the EU27 brute force (unless ``--verify``).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from sim.council.kernel import adopted
from sim.council.members import ALL_CANDIDATES, Council, load_council
from sim.power.games import PowerResult, exact_power, power_game

RULE = "qmv"
CHUNK_BITS = 20


def best_time(fn: Callable[[], object], repeats: int) -> float:
    """Fastest of ``repeats`` wall-clock runs (seconds)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def brute_force_swings(council: Council) -> np.ndarray:
    """swings[i, k] from every coalition's verdict under the rule kernel (full Council).

    Coalitions are bit masks over the members; the kernel judges them in chunks of
    ``2**CHUNK_BITS`` vote rows (coalition members vote yes, the others no).
    """
    n = council.size
    low = min(CHUNK_BITS, n)
    low_votes = np.where((np.arange(2**low)[:, None] >> np.arange(low)) & 1, 1, 2)
    votes = np.empty((2**low, n), dtype=np.int8)
    votes[:, :low] = low_votes
    wins = np.empty(2**n, dtype=bool)
    for chunk in range(2 ** (n - low)):
        votes[:, low:] = np.where((chunk >> np.arange(n - low)) & 1, 1, 2)
        wins[chunk << low : (chunk + 1) << low] = adopted(RULE, votes, council)
    byte = np.array([bin(b).count("1") for b in range(256)], dtype=np.uint8)
    masks = np.arange(2**n, dtype=np.int64)
    size = np.zeros(2**n, dtype=np.uint8)
    for shift in range(0, n, 8):
        size += byte[(masks >> shift) & 255]
    del masks
    swings = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        pairs = wins.reshape(-1, 2, 2**i)
        swing = pairs[:, 1, :] & ~pairs[:, 0, :]
        swings[i] = np.bincount(size.reshape(-1, 2, 2**i)[:, 0, :][swing], minlength=n)
    return swings


def indices_by_definition(swings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Absolute Banzhaf and Shapley–Shubik from swing counts, written out independently."""
    n = swings.shape[0]
    banzhaf = swings.sum(1) / 2.0 ** (n - 1)
    ss = np.array([float(sum(Fraction(int(c) * math.factorial(k) * math.factorial(n - 1 - k),
                                      math.factorial(n)) for k, c in enumerate(row)))
                   for row in swings])
    return banzhaf, ss


ORDERS = ("ascending", "descending", "table")
"""Weight orders tried for power-bdd (the variable order of its diagram)."""


def weight_order(population: np.ndarray, name: str) -> np.ndarray:
    """Member indices in the weight order ``name``."""
    ascending = np.argsort(population, kind="stable")
    return {"ascending": ascending, "descending": ascending[::-1],
            "table": np.arange(population.size)}[name]


def power_bdd(population: np.ndarray,
              order_name: str = "ascending") -> tuple[float, float, np.ndarray, np.ndarray]:
    """power-bdd on QMV with the clause, built as in its own EU example.

    Returns (seconds for Banzhaf incl. building the diagram, further seconds for
    Shapley–Shubik, Banzhaf, Shapley–Shubik).
    """
    from power_bdd.bdd import BDD, WeightedGame

    n, total = population.size, int(population.sum())
    order = weight_order(population, order_name)
    start = time.perf_counter()
    members = BDD(WeightedGame(-(-55 * n // 100), [1] * n))
    people = BDD(WeightedGame(-(-65 * total // 100), [int(population[i]) for i in order]))
    clause = BDD(WeightedGame(n - 3, [1] * n))
    game = members & (people | clause)
    beta_sorted = game.calc_banzhaf()
    mid = time.perf_counter()
    phi_sorted = game.calc_shapley()
    end = time.perf_counter()
    beta, phi = np.zeros(n), np.zeros(n)
    beta[order], phi[order] = beta_sorted, phi_sorted
    return mid - start, end - mid, beta, phi


def report(label: str, council: Council, repeats: int, bdd_repeats: int,
           brute_seconds: float | None) -> PowerResult:
    """Time eusim (and power-bdd) on ``council``; print one block of figures."""
    game = power_game(RULE, council)
    ours = best_time(lambda: exact_power(game), repeats)
    result = exact_power(game)
    print(f"{label}: {council.size} members, table {council.label}")
    print(f"  eusim exact, Banzhaf + Shapley–Shubik: {ours:.3f} s (best of {repeats})")
    if bdd_repeats:
        timings = {}
        for name in ORDERS:
            runs = [power_bdd(council.population, name) for _ in range(bdd_repeats)]
            t_bz, t_ss = min(r[0] for r in runs), min(r[1] for r in runs)
            beta, phi = runs[0][2], runs[0][3]
            diff = max(np.abs(beta - result.banzhaf).max(),
                       np.abs(phi - result.shapley_shubik).max())
            timings[name] = (t_bz, t_ss, diff)
            print(f"  power-bdd, {name} weights: Banzhaf {t_bz:.3f} s; Shapley–Shubik "
                  f"+{t_ss:.3f} s (best of {bdd_repeats}; max difference from eusim "
                  f"{diff:.1e})")
        fastest = min(timings, key=lambda k: timings[k][0] + timings[k][1])
        t_bz, t_ss, _ = timings[fastest]
        print(f"  power-bdd fastest ({fastest} weights): both indices {t_bz + t_ss:.3f} s")
        print(f"  speed-up vs power-bdd: {t_bz / ours:.1f}x (its Banzhaf alone), "
              f"{(t_bz + t_ss) / ours:.1f}x (both indices; target >= 10x)")
    else:
        print("  power-bdd: skipped (--quick)")
    if brute_seconds is not None:
        print(f"  brute force: {brute_seconds:.1f} s; speed-up {brute_seconds / ours:.0f}x")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--verify", action="store_true",
                        help="compare brute force over all 2**27 coalitions with eusim")
    parser.add_argument("--quick", action="store_true",
                        help="skip power-bdd on EU36 and (without --verify) brute force")
    args = parser.parse_args(argv)
    eu27 = load_council(args.year)
    brute_seconds = None
    swings = None
    if args.verify or not args.quick:
        start = time.perf_counter()
        swings = brute_force_swings(eu27)
        brute_seconds = time.perf_counter() - start
    result = report("EU27 QMV", eu27, 5, 5, brute_seconds)
    eu36 = eu27.enlarged(ALL_CANDIDATES)
    extrapolated = None if brute_seconds is None else brute_seconds * 2**9 * 36 / 27
    report("EU36 QMV", eu36, 3, 0 if args.quick else 3, None)
    if extrapolated is not None:
        print(f"  brute force (extrapolated: 2**36 coalitions): {extrapolated / 3600:.1f} h")
    if args.verify and swings is not None:
        banzhaf, ss = indices_by_definition(swings)
        diff = max(np.abs(banzhaf - result.banzhaf).max(),
                   np.abs(ss - result.shapley_shubik).max())
        print(f"verify: all 2**{eu27.size} coalitions enumerated; largest difference from "
              f"eusim: {diff:.3e} (Banzhaf and Shapley–Shubik)")
        if not diff < 1e-12:
            print("verify: FAILED", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
