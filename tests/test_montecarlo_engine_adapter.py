"""The engine adapter, exercised with a stand-in for ``sim.scenario`` and ``sim.engine``.

The real engine lands on another branch; these stand-ins have exactly the contract's shape
(``load_scenario``, ``Scenario.name/parameters/with_changes``, ``simulate(scenario, seed,
rule=...)``), so the adapter's plumbing is tested before the merge.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, replace

import pytest

from sim.errors import InputError
from sim.montecarlo.models import load_model
from sim.montecarlo.models.engine import EngineModel
from sim.montecarlo.models.single_vote import SingleVote
from sim.montecarlo.replicate import run_replications, run_sweep


@dataclass(frozen=True)
class _Scenario:
    name: str
    reject: float = 0.5

    def parameters(self):
        return {"behaviour.reject": self.reject}

    def with_changes(self, changes):
        unknown = set(changes) - {"behaviour.reject"}
        if unknown:
            raise InputError(f"unknown path {unknown.pop()}")
        return replace(self, reject=float(changes.get("behaviour.reject", self.reject)))


def _simulate(scenario, seed, *, rule=None):
    return SingleVote(reject=scenario.reject).simulate(seed, rule=rule)


@pytest.fixture
def engine(monkeypatch):
    """Install the stand-in engine modules for one test."""
    scenario = types.ModuleType("sim.scenario")
    scenario.load_scenario = lambda spec: _Scenario(name=str(spec).rsplit("/", 1)[-1])
    engine = types.ModuleType("sim.engine.run")
    engine.simulate = _simulate
    monkeypatch.setitem(sys.modules, "sim.scenario", scenario)
    monkeypatch.setitem(sys.modules, "sim.engine.run", engine)


def test_load_model_hands_other_specs_to_the_scenario_loader(engine):
    """A non-built-in spec becomes an EngineModel that knows its source and changes."""
    model = load_model("toy_scenario")
    assert isinstance(model, EngineModel) and model.name == "toy_scenario"
    changed = model.with_changes({"behaviour.reject": 0.3})
    assert changed.reference() == ("toy_scenario", {"behaviour.reject": 0.3})
    assert changed.name == "toy_scenario"
    with pytest.raises(InputError):
        model.with_changes({"nope": 1})


def test_engine_scenarios_run_and_sweep_like_the_built_in_model(engine):
    """Replications and sweeps go through simulate(scenario, seed, rule=...)."""
    result = run_replications("toy_scenario", 10, seed=4, rule="qmv", batch_size=3)
    assert (result.runs["rule"] == "qmv").all() and len(result.runs) == 10
    sweep = run_sweep("toy_scenario", [{"behaviour.reject": 0.2}, {"behaviour.reject": 0.7}],
                      10, seed=4, batch_size=10)
    assert sorted(sweep.runs["behaviour.reject"].unique()) == [0.2, 0.7]
