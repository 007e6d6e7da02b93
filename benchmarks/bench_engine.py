"""Engine time per SimPy event against bare SimPy stepping the same events, run by run.

For each run of a scenario the SimPy events it processes are counted (a separate stepping
pass); the baseline then makes a fresh SimPy environment per run and steps exactly that many
bare timeouts, so the fixed cost of an environment is in both. Both are timed in the same
Python process (best of ``--repeat``); the ratio is the scenario's time per event over the
baseline's (target at most 5, aim 3). ``--profile`` prints where the scenario's time goes.

    python benchmarks/bench_engine.py [SCENARIO ...] [--runs N] [--repeat K] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Generator
from typing import Any

import simpy

from sim.engine.run import count_events, simulate
from sim.rng import replication_seed
from sim.scenario import load_scenario


def bare_simpy(counts: list[int]) -> float:
    """Seconds to step ``counts[i]`` bare timeouts in a fresh environment, for every i."""
    def ticker(env: simpy.Environment, n: int) -> Generator[Any, Any, None]:
        for _ in range(n - 1):  # the process's start is an event too
            yield env.timeout(1)

    start = time.perf_counter()
    for n in counts:
        env = simpy.Environment()
        env.process(ticker(env, n))
        env.run()
    return time.perf_counter() - start


def scenario_runs(scenario: Any, seeds: list[Any]) -> float:
    """Seconds for one run per seed, as the Monte Carlo runs them."""
    start = time.perf_counter()
    for seed in seeds:
        simulate(scenario, seed)
    return time.perf_counter() - start


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*",
                        default=["serbia_2022", "montenegro_backsliding", "generic_backsliding"])
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    print(f"{'scenario':<24}{'runs':>6}{'events':>9}{'µs/run':>9}{'µs/event':>10}"
          f"{'bare µs/ev':>11}{'ratio':>7}")
    for name in args.scenarios:
        scenario = load_scenario(name)
        seeds = [replication_seed(1, scenario.name, r) for r in range(args.runs)]
        simulate(scenario, seeds[0])  # warm the scenario's calendar and behaviour model
        counts = [count_events(scenario, s) for s in seeds]
        events = sum(counts)
        t_scen = min(scenario_runs(scenario, seeds) for _ in range(args.repeat))
        t_bare = min(bare_simpy(counts) for _ in range(args.repeat))
        per, bare = 1e6 * t_scen / events, 1e6 * t_bare / events
        print(f"{name:<24}{args.runs:>6}{events:>9}{1e6 * t_scen / args.runs:>9.0f}"
              f"{per:>10.2f}{bare:>11.2f}{per / bare:>7.1f}")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(scenario_runs, scenario, seeds)
            pstats.Stats(profile).sort_stats("tottime").print_stats(15)
    print("ratio = time per event of the scenario / of bare SimPy stepping the same events "
          "in a fresh environment per run (target ≤ 5, aim 3)")


if __name__ == "__main__":
    main()
