"""Benchmark: the vectorised rule kernel against the naive float-matmul approach.

Run ``python benchmarks/bench_rules.py [--runs N] [--repeat R]``. For each rule it times
:func:`sim.rules.adopted` on ``N`` random vote profiles of the EU-27 (2025 table) and a
naive implementation run in the same process on the same profiles: boolean matrices cast
to float and multiplied with the population vector (``(votes == YES).astype(float) @
population``), with the blocking minimum from a per-row sort. Each figure is the best of
``R`` repeats, in CPU seconds of this process (so other load on the machine distorts it
less) and in wall seconds. Both implementations must give the same verdicts.

BLAS is limited to one thread (before NumPy is imported) so that both sides run on one
core: otherwise idle BLAS worker threads spinning after the naive matmul are charged to
the process and distort the CPU times.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import time
from collections.abc import Callable

import numpy as np

from sim.council.kernel import adopted
from sim.council.members import load_council
from sim.council.rules import RULES, Vote, rule_spec


def naive_adopted(rule: str, votes: np.ndarray, population: np.ndarray) -> np.ndarray:
    """The textbook vectorisation: float matmuls of boolean matrices with the population
    vector, computing only what the rule needs, and sorting only the rows in which some
    member does not take part (for the Art 238(3)(a) blocking minimum)."""
    spec = rule_spec(rule)
    pop = population.astype(np.float64)
    members = votes.shape[1]
    if spec.kind == "unanimity":
        return ~(votes == Vote.NO).any(axis=1) & (votes != Vote.NOT_PARTICIPATING).any(axis=1)
    fav = (votes == (Vote.NO if spec.reverse else Vote.YES)).astype(np.float64)
    n_fav = fav.sum(axis=1)
    if spec.kind == "simple":
        return n_fav > members / 2
    part = (votes != Vote.NOT_PARTICIPATING).astype(np.float64)
    n_part, pop_fav, pop_part = part.sum(axis=1), fav @ pop, part @ pop
    ok = (n_fav >= spec.member_pct / 100 * n_part) & (
        pop_fav >= spec.population_pct / 100 * pop_part)
    if spec.blocking_clause:
        minimum = np.full(votes.shape[0], 4.0)
        rows = np.flatnonzero(n_part < members)
        ranked = -np.sort(-(part[rows] * pop), axis=1)
        over = np.cumsum(ranked, axis=1) > 0.35 * pop_part[rows, None]
        minimum[rows] = np.argmax(over, axis=1) + 2
        ok |= (n_part - n_fav) < minimum
    ok &= n_part > 0
    return ~ok if spec.reverse else ok


def profiles(runs: int, partial: bool, rng: np.random.Generator) -> np.ndarray:
    """Random profiles: yes 70 %, no 20 %, abstain 10 %; with ``partial``, each member is
    absent with probability 5 %."""
    votes = rng.choice(np.array([Vote.YES, Vote.NO, Vote.ABSTAIN], dtype=np.int8),
                       size=(runs, 27), p=[0.7, 0.2, 0.1])
    if partial:
        votes[rng.random(votes.shape) < 0.05] = Vote.NOT_PARTICIPATING
    return votes


def best_of(repeat: int, fn: Callable[[], np.ndarray]) -> tuple[float, float, np.ndarray]:
    """Best CPU and wall seconds over ``repeat`` calls, and the last result."""
    cpu = wall = float("inf")
    result = np.empty(0)
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    council = load_council(2025)
    rng = np.random.default_rng(args.seed)
    print(f"{args.runs:,} random profiles, EU-27 (2025), best of {args.repeat}; "
          "profiles per second by CPU time (wall time in brackets)")
    print(f"{'rule':<16}{'participation':<15}{'kernel':>22}{'naive':>22}{'ratio':>8}")
    ratios: dict[tuple[str, bool], float] = {}
    for partial in (False, True):
        votes = profiles(args.runs, partial, rng)
        for rule in RULES:
            k_cpu, k_wall, fast = best_of(
                args.repeat, lambda r=rule, v=votes: adopted(r, v, council))
            n_cpu, n_wall, slow = best_of(
                args.repeat, lambda r=rule, v=votes: naive_adopted(r, v, council.population))
            if not np.array_equal(fast, slow):
                raise SystemExit(f"kernel and naive disagree for {rule}")
            ratio = n_cpu / k_cpu
            ratios[(rule, partial)] = ratio
            print(f"{rule:<16}{'partial' if partial else 'full':<15}"
                  f"{args.runs / k_cpu:>12,.0f} ({args.runs / k_wall:>7.2g})"
                  f"{args.runs / n_cpu:>12,.0f} ({args.runs / n_wall:>7.2g}){ratio:>7.1f}x")
    qualified = [r for (rule, partial), r in ratios.items()
                 if rule_spec(rule).kind == "qualified" and not partial]
    print(f"qmv, full participation: kernel is {ratios[('qmv', False)]:.1f}x the naive "
          f"baseline (target >= 10x)")
    print(f"qualified-majority rules, full participation: {min(qualified):.1f}x to "
          f"{max(qualified):.1f}x; every rule and participation: {min(ratios.values()):.1f}x "
          f"to {max(ratios.values()):.1f}x (simple majority and unanimity need no matmul "
          "in the naive approach either, so their gains are smaller)")


if __name__ == "__main__":
    main()
