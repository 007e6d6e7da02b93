"""Benchmark of start-up: what a user waits for before a quick command answers (a command,
not a test).

Prints, measured in the same run, interleaved so that a busy machine slows all alike:

* ``python -c "import numpy"`` — the floor: the vote calculator needs NumPy;
* ``eusim --help``, ``eusim vote qmv --no DE``, ``eusim power --rule qmv`` and, for
  contrast, ``eusim run single_vote`` (which loads the Monte Carlo machinery);

each as the best and the median wall time of ``--repeat`` fresh processes, and the ratio of
each best to the NumPy floor. The target for ``eusim vote qmv --no DE`` is at most 2×.

Usage::

    python benchmarks/bench_startup.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

TARGET = 2.0
"""``eusim vote`` may take at most this many times as long as importing NumPy."""

ENTRY = "from sim.cli import run; run()"
COMMANDS: dict[str, list[str]] = {
    'python -c "import numpy"': [sys.executable, "-c", "import numpy"],
    "eusim --help": [sys.executable, "-c", ENTRY, "--help"],
    "eusim vote qmv --no DE": [sys.executable, "-c", ENTRY, "vote", "qmv", "--no", "DE"],
    "eusim power --rule qmv": [sys.executable, "-c", ENTRY, "power", "--rule", "qmv"],
    "eusim run single_vote": [sys.executable, "-c", ENTRY, "run", "single_vote"],
}


def wall(argv: list[str]) -> float:
    """Seconds from start to exit of one fresh process (its output discarded)."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="fresh processes per command")
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():  # warm the file cache once
        wall(argv)
    for _ in range(args.repeat):
        for name, argv in COMMANDS.items():
            times[name].append(wall(argv))
    floor = min(times['python -c "import numpy"'])
    print(f"{'command':<28}{'best s':>9}{'median s':>10}{'best / numpy':>14}")
    for name, values in times.items():
        print(f"{name:<28}{min(values):>9.3f}{statistics.median(values):>10.3f}"
              f"{min(values) / floor:>13.2f}×")
    ratio = min(times["eusim vote qmv --no DE"]) / floor
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"eusim vote: {ratio:.2f}× the NumPy import ({verdict} the target of {TARGET:g}×)")


if __name__ == "__main__":
    main()
