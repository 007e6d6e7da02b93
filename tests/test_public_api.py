"""The public API of ``sim``: its names are pinned, each public call accepts what the previous
one returned, a wrong type is a TypeError naming what is expected, and the shipped example
script runs."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim

ROOT = Path(__file__).resolve().parents[1]

PUBLIC = {"Council", "load_council", "adopted", "tally", "Scenario", "load_scenario",
          "simulate", "replicate", "compare_rules", "run_sweep", "power", "plots",
          "InputError"}


def test_the_public_names_are_pinned_and_resolve() -> None:
    """``__all__`` is exactly the documented dozen, and each name resolves."""
    assert set(sim.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(sim, name) is not None
    with pytest.raises(AttributeError):
        _ = sim.no_such_name  # type: ignore[attr-defined]


def test_import_sim_is_lazy() -> None:
    """``import sim`` loads neither the engine nor pandas."""
    code = ("import sys, sim; bad = [m for m in ('sim.engine.run', 'pandas', 'simpy') "
            "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_scenario_script_path_works_as_written() -> None:
    """load -> with_changes -> compare_rules -> plot, as a new user writes it."""
    scenario = sim.load_scenario("serbia_2022").with_changes(
        {"commission.initiative_threshold": 3})
    result = sim.compare_rules(scenario, ["rqmv", "qmv"], 8, seed=3)
    assert sorted(result.runs["rule"].unique()) == ["qmv", "rqmv"]
    assert result.manifest["scenario"] == "serbia_2022"
    assert sim.plots.plot_time_to_decision(result.runs) is not None
    for draw in (sim.plots.plot_adoption, sim.plots.plot_time_to_decision,
                 sim.plots.plot_reject_share, sim.plots.plot_swing):
        assert draw(result) is not None and draw(result.votes) is not None
    with pytest.raises(TypeError, match="draws from the votes table"):
        sim.plots.plot_adoption(result.runs)
    one = sim.replicate(scenario, 4, seed=3)
    assert len(one.runs) == 4 and (one.runs["commission.initiative_threshold"] == 3).all()


@pytest.mark.parametrize("call, expected", [
    (lambda: sim.compare_rules(42, ["qmv"], 2, seed=1), "expected a Scenario"),
    (lambda: sim.replicate(["serbia_2022"], 2, seed=1), "expected a Scenario"),
    (lambda: sim.plots.plot_adoption({"runs": 1}), "takes a MonteCarloResult"),
    (lambda: sim.simulate("serbia_2022", 1), "needs a Scenario"),
    (lambda: sim.load_scenario("serbia_2022").with_changes([("a", 1)]), "takes a mapping"),
])
def test_a_wrong_type_is_a_type_error_naming_what_is_expected(call, expected) -> None:
    with pytest.raises(TypeError, match=expected):
        call()


def test_the_example_script_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """examples/compare_rules.py: load, vary, replicate under three rules, plot, save."""
    monkeypatch.setattr(sys, "argv", ["compare_rules.py", str(tmp_path / "out"), "6"])
    runpy.run_path(str(ROOT / "examples" / "compare_rules.py"), run_name="__main__")
    out = tmp_path / "out"
    assert (out / "adoption.png").stat().st_size > 1000
    runs = pd.read_csv(out / "runs.csv")
    assert sorted(runs["rule"].unique()) == ["qmv", "rqmv", "unanimity"] and len(runs) == 18
    assert len((out / "summary.txt").read_text().splitlines()) == 3
