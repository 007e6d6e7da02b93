"""Engine overhead per event against a bare SimPy loop with the same number of events.

Runs a scenario many times (its SimPy events counted in a separate pass), then a bare SimPy
process that yields the same total number of timeouts, in the same Python process, and
prints events per second of each and the per-event overhead ratio (target: at most 3).
Setup per run (building actors, the outcome row) counts against the scenario.

    python benchmarks/bench_engine.py [SCENARIO] [--runs N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Generator
from typing import Any

import simpy

from sim.engine.run import count_events, simulate
from sim.scenario import load_scenario


def bare_simpy(events: int) -> float:
    """Seconds to process ``events`` timeouts in a bare SimPy environment (one process)."""
    def ticker(env: simpy.Environment, n: int) -> Generator[Any, Any, None]:
        for _ in range(n):
            yield env.timeout(1)

    start = time.perf_counter()
    env = simpy.Environment()
    env.process(ticker(env, events))
    env.run()
    return time.perf_counter() - start


def scenario_runs(name: str, runs: int) -> tuple[float, int]:
    """Seconds for ``runs`` runs of scenario ``name`` and the SimPy events processed."""
    scenario = load_scenario(name)
    simulate(scenario, 0)  # warm the scenario's cached calendar and behaviour model
    events = sum(count_events(scenario, seed) for seed in range(runs))
    start = time.perf_counter()
    for seed in range(runs):
        simulate(scenario, seed)
    return time.perf_counter() - start, events


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*",
                        default=["serbia_2022", "montenegro_backsliding", "generic_backsliding"])
    parser.add_argument("--runs", type=int, default=400)
    args = parser.parse_args()
    print(f"{'scenario':<24}{'runs':>6}{'events':>9}{'ms/run':>9}{'events/s':>12}"
          f"{'bare ev/s':>12}{'ratio':>7}")
    for name in args.scenarios:
        t_scen, events = scenario_runs(name, args.runs)
        t_bare = min(bare_simpy(events) for _ in range(3))
        rate, bare = events / t_scen, events / t_bare
        print(f"{name:<24}{args.runs:>6}{events:>9}{1e3 * t_scen / args.runs:>9.2f}"
              f"{rate:>12,.0f}{bare:>12,.0f}{bare / rate:>7.1f}")
    print("ratio = per-event time of the scenario / per-event time of bare SimPy (target ≤ 3)")


if __name__ == "__main__":
    main()
