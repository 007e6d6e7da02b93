"""eusim: a simulator of EU Council decision procedures.

The public API, loaded on first use (so ``import sim`` stays cheap)::

    council = sim.load_council(2025)                 # members and population table
    sim.adopted("qmv", votes, council)               # the rule kernel over (runs, members)
    sim.tally("qmv", votes[0], council)              # one vote, explained
    scenario = sim.load_scenario("serbia_2022")      # a validated, frozen scenario
    sim.simulate(scenario, seed=1)                   # one run: outcome, votes, events
    sim.replicate(scenario, 200, seed=1)             # Monte Carlo replications
    sim.compare_rules(scenario, ["rqmv", "qmv"], 200, seed=1)
    sim.power("qmv", council)                        # exact Banzhaf and Shapley-Shubik

The layers, from the bottom up, are drawn in ``docs/architecture.md``: the Council and its
rules (:mod:`sim.council`), voting power (:mod:`sim.power`), behaviour, the discrete-event
engine (:mod:`sim.engine`), the procedures (:mod:`sim.procedures`), scenarios
(:mod:`sim.scenario`), Monte Carlo (:mod:`sim.montecarlo`), reports (:mod:`sim.report`)
and the command line (:mod:`sim.cli`).
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing is not imported at run time: start-up stays short
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_API = {
    "Council": "sim.council.members",
    "load_council": "sim.council.members",
    "adopted": "sim.council.kernel",
    "tally": "sim.council.tally",
    "Scenario": "sim.scenario.spec",
    "load_scenario": "sim.scenario.load",
    "simulate": "sim.engine.run",
    "replicate": ("sim.montecarlo.replicate", "run_replications"),
    "compare_rules": "sim.montecarlo.replicate",
    "run_sweep": "sim.montecarlo.replicate",
    "power": ("sim.power.games", "voting_power"),
    "plots": ("sim.report.plots", None),
    "InputError": "sim.errors",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    """Import a public name's module when the name is first used (PEP 562)."""
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    module_name, attr = target if isinstance(target, tuple) else (target, name)
    module = import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
