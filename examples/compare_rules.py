"""Load a scenario, vary it, replicate it under several rules, plot and save.

    python examples/compare_rules.py [OUT_DIR] [RUNS]

Serbia 2022 with the Commission acting on its own initiative once three breaches are open:
how often is the first measure adopted under reverse QMV, QMV and unanimity, on the same
replications (common random numbers)? Writes ``adoption.png``, ``runs.csv`` and
``summary.txt`` into OUT_DIR (default ``results/example``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from matplotlib.figure import Figure

import sim


def main(out: Path, runs: int) -> None:
    scenario = sim.load_scenario("serbia_2022").with_changes(
        {"commission.initiative_threshold": 3})
    result = sim.compare_rules(scenario, ["rqmv", "qmv", "unanimity"], runs, seed=3)
    figure = Figure(figsize=(6.4, 4.0), layout="constrained")
    sim.plots.plot_adoption(result, ax=figure.add_subplot())
    out.mkdir(parents=True, exist_ok=True)
    figure.savefig(out / "adoption.png", dpi=120)
    result.runs.to_csv(out / "runs.csv", index=False)
    adopted = result.runs.groupby("rule")["adopted"].mean()
    lines = [f"{rule}: first measure adopted in {share:.0%} of {runs} replications"
             for rule, share in adopted.items()]
    (out / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "results/example"),
         int(sys.argv[2]) if len(sys.argv) > 2 else 200)
