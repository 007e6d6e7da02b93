"""Scenarios: the validated, frozen spec (:mod:`.spec`), its dotted parameter paths
(:mod:`.paths`) and loading from files and names (:mod:`.load`)."""

from sim.scenario.load import load_scenario, resolve_scenario_path
from sim.scenario.spec import Scenario, scenario_from_dict

__all__ = ["Scenario", "load_scenario", "resolve_scenario_path", "scenario_from_dict"]
