"""Benchmark: the vectorised rule kernel against three honest baselines, same run.

Run ``python benchmarks/bench_rules.py [--runs N] [--repeat R]``. For each rule it times
:func:`sim.council.kernel.adopted` on ``N`` random vote profiles of the EU-27 (2025 table)
and, in the same process on the same profiles:

* ``chunked``: the naive float-matmul approach — boolean matrices cast to float and
  multiplied with the population vector (``(votes == YES).astype(float) @ population``),
  the blocking minimum from a per-row sort — in chunks of :data:`CHUNK_ROWS` rows, so that
  its temporaries stay in cache (unchunked, on 10**6 rows, they are 216 MB);
* ``packbits``: the best straightforward NumPy — the yes (and participating) members of
  each row packed into 4 bytes with ``np.packbits``, their counts and populations looked up
  in 4 tables of 256 entries (population and count in one integer), every test in integers
  (tables of 65,536 entries per 16 members were slower: they do not stay in cache);
* ``numba``: a compiled loop over the rows, one pass per row in integers (when numba is
  installed: ``pip install 'eusim[bench]'``; compilation is not timed).

Each figure is the best of ``R`` repeats, in CPU seconds of this process (so other load on
the machine distorts it less) and in wall seconds. Every implementation must give the
kernel's verdicts.

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


CHUNK_ROWS = 1 << 16
"""Rows per chunk of the chunked naive baseline."""


def chunked_adopted(rule: str, votes: np.ndarray, population: np.ndarray) -> np.ndarray:
    """:func:`naive_adopted` over chunks of :data:`CHUNK_ROWS` rows."""
    return np.concatenate([naive_adopted(rule, votes[i:i + CHUNK_ROWS], population)
                           for i in range(0, len(votes), CHUNK_ROWS)])


def _tables(population: np.ndarray) -> np.ndarray:
    """Per byte of packed members: ``population * 32 + count`` of each of its 256 subsets."""
    groups = -(-population.size // 8)
    pop = np.zeros(8 * groups, dtype=np.int64)
    pop[:population.size] = population
    bits = (np.arange(256)[:, None] >> np.arange(7, -1, -1)) & 1  # packbits is big-endian
    return np.stack([bits @ pop[8 * g:8 * g + 8] * 32 + bits.sum(axis=1)
                     for g in range(groups)])


def _lookup(mask: np.ndarray, tables: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Count and population of the members set in each row of ``mask``."""
    packed = np.packbits(mask, axis=1)
    value = tables[0][packed[:, 0]]
    for g in range(1, packed.shape[1]):
        value += tables[g][packed[:, g]]
    return value & 31, value >> 5


def packbits_adopted(rule: str, votes: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Counts and populations by packed bytes and look-up tables; integer tests."""
    spec = rule_spec(rule)
    tables = _tables(population)
    members = votes.shape[1]
    if spec.kind == "unanimity":
        return ~(votes == Vote.NO).any(axis=1) & (votes != Vote.NOT_PARTICIPATING).any(axis=1)
    n_fav, pop_fav = _lookup(votes == (Vote.NO if spec.reverse else Vote.YES), tables)
    if spec.kind == "simple":
        return 2 * n_fav > members
    part = votes != Vote.NOT_PARTICIPATING
    if part.all():
        n_part = np.full(len(votes), members)
        pop_part = np.full(len(votes), int(population.sum()))
    else:
        n_part, pop_part = _lookup(part, tables)
    ok = (100 * n_fav >= spec.member_pct * n_part) & (
        100 * pop_fav >= spec.population_pct * pop_part)
    if spec.blocking_clause:
        minimum = np.full(votes.shape[0], 4)
        rows = np.flatnonzero(n_part < members)
        ranked = -np.sort(-(part[rows] * population), axis=1)
        over = 100 * np.cumsum(ranked, axis=1) > 35 * pop_part[rows, None]
        minimum[rows] = np.argmax(over, axis=1) + 2
        ok |= (n_part - n_fav) < minimum
    ok &= n_part > 0
    return ~ok if spec.reverse else ok


def numba_kernel() -> Callable[..., np.ndarray] | None:
    """A compiled loop with the same tests (None when numba is not installed)."""
    try:
        import numba
    except ImportError:
        return None

    @numba.njit(cache=False)
    def loop(votes, population, fav_code, kind, member_pct, pop_pct, clause, reverse):
        rows, members = votes.shape
        out = np.empty(rows, dtype=np.bool_)
        pops = np.empty(members, dtype=np.int64)
        for r in range(rows):
            n_fav = n_part = n_no = 0
            pop_fav = pop_part = 0
            for j in range(members):
                v = votes[r, j]
                if v != 0:
                    n_part += 1
                    pop_part += population[j]
                if v == fav_code:
                    n_fav += 1
                    pop_fav += population[j]
                if v == 2:
                    n_no += 1
            if kind == 2:  # unanimity
                out[r] = n_no == 0 and n_part > 0
                continue
            if kind == 1:  # simple majority of the component members
                out[r] = 2 * n_fav > members
                continue
            ok = 100 * n_fav >= member_pct * n_part and 100 * pop_fav >= pop_pct * pop_part
            if clause:
                minimum = 4
                if n_part < members:
                    k = 0
                    for j in range(members):
                        if votes[r, j] != 0:
                            pops[k] = population[j]
                            k += 1
                    ranked = np.sort(pops[:k])[::-1]
                    total = 0
                    for i in range(k):
                        total += ranked[i]
                        if 100 * total > 35 * pop_part:
                            minimum = i + 2
                            break
                ok = ok or (n_part - n_fav) < minimum
            ok = ok and n_part > 0
            out[r] = (not ok) if reverse else ok
        return out

    def adopted_numba(rule: str, votes: np.ndarray, population: np.ndarray) -> np.ndarray:
        spec = rule_spec(rule)
        kind = {"qualified": 0, "simple": 1, "unanimity": 2}[spec.kind]
        fav = int(Vote.NO if spec.reverse else Vote.YES)
        return loop(votes, population.astype(np.int64), fav, kind, spec.member_pct,
                    spec.population_pct, spec.blocking_clause, spec.reverse)

    return adopted_numba


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
    population = np.asarray(council.population, dtype=np.int64)
    rng = np.random.default_rng(args.seed)
    baselines: dict[str, Callable[..., np.ndarray]] = {
        "chunked": chunked_adopted, "packbits": packbits_adopted}
    compiled = numba_kernel()
    if compiled is not None:
        compiled("qmv", profiles(100, True, rng), population)  # compile outside the timing
        baselines["numba"] = compiled
    else:
        print("numba is not installed: no compiled baseline (pip install 'eusim[bench]')")
    print(f"{args.runs:,} random profiles, EU-27 (2025), best of {args.repeat}; million "
          "profiles per second by CPU time (wall time in brackets); ratio = baseline CPU "
          "time / kernel CPU time")
    print(f"{'rule':<16}{'particip.':<10}{'kernel':>14}"
          + "".join(f"{name:>16}{'ratio':>7}" for name in baselines))
    ratios: dict[tuple[str, str, bool], float] = {}
    for partial in (False, True):
        votes = profiles(args.runs, partial, rng)
        for rule in RULES:
            k_cpu, k_wall, fast = best_of(
                args.repeat, lambda r=rule, v=votes: adopted(r, v, council))
            line = (f"{rule:<16}{'partial' if partial else 'full':<10}"
                    f"{args.runs / k_cpu / 1e6:>7.1f} ({args.runs / k_wall / 1e6:>4.1f})")
            for name, fn in baselines.items():
                cpu, wall, slow = best_of(
                    args.repeat, lambda r=rule, v=votes, f=fn: f(r, v, population))
                if not np.array_equal(fast, slow):
                    raise SystemExit(f"kernel and {name} disagree for {rule}")
                ratios[(name, rule, partial)] = cpu / k_cpu
                line += (f"{args.runs / cpu / 1e6:>9.1f} ({args.runs / wall / 1e6:>4.1f})"
                         f"{cpu / k_cpu:>6.2f}x")
            print(line)
    for name in baselines:
        qmv = ratios[(name, "qmv", False)]
        every = [r for (n, _, _), r in ratios.items() if n == name]
        target = {"packbits": " (target >= 1.5x)", "numba": " (target >= 0.67x: within "
                  "1.5x of numba)"}.get(name, "")
        print(f"kernel vs {name}: qmv full participation {qmv:.2f}x{target}; every rule "
              f"and participation {min(every):.2f}x to {max(every):.2f}x")


if __name__ == "__main__":
    main()
