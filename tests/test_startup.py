"""Fast start: the quick commands import only what they use (issue: start-up time).

Each check runs the command in a fresh interpreter and inspects ``sys.modules`` afterwards,
so an import added at the top of some module shows up here as a failure naming it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from sim.cli.app import COMMANDS, app

HEAVY = ("pandas", "scipy", "matplotlib", "simpy", "pydantic", "pyarrow", "joblib", "tqdm",
         "dask", "sim.engine", "sim.procedures", "sim.scenario", "sim.montecarlo",
         "sim.report", "sim.behaviour")
"""Modules the vote calculator and ``--help`` must not load."""

PROBE = """
import json, sys
from sim.cli import main
status = main({argv!r})
print(json.dumps({{"status": status, "modules": sorted(sys.modules)}}), file=sys.stderr)
"""


def loaded_by(argv: list[str]) -> tuple[int, set[str]]:
    """Exit status and the top-level and ``sim.*`` modules loaded by ``eusim ARGV``."""
    proc = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)],
                          capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    return report["status"], set(report["modules"])


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in modules))


@pytest.mark.parametrize("argv", [["--help"], ["vote", "qmv", "--no", "DE"],
                                  ["vote", "--help"], ["power", "--help"]])
def test_quick_commands_load_nothing_heavy(argv):
    status, modules = loaded_by(argv)
    assert status == 0
    assert heavy_in(modules) == []
    assert "numpy" in modules or argv[-1] == "--help"


def test_power_loads_the_power_package_without_scipy_or_the_engine():
    status, modules = loaded_by(["power", "--rule", "qmv"])
    assert status == 0
    assert "sim.power.games" in modules
    assert heavy_in(modules) == []


def test_the_probe_sees_heavy_imports():
    """The check itself can fail: a Monte Carlo command does load SciPy and the models."""
    status, modules = loaded_by(["run", "single_vote"])
    assert status == 0
    assert {"scipy", "sim.montecarlo"} <= set(heavy_in(modules))


def test_command_table_names_each_module_and_its_help():
    """``eusim --help`` lists the commands from a table: it must match the commands."""
    ctx = click.Context(app)
    for name, (module, short) in COMMANDS.items():
        command = app.get_command(ctx, name)
        assert command is not None, name
        assert sys.modules[command.callback.__module__].__name__ == module
        doc = (command.help or "").strip().splitlines()[0]
        assert short == doc, name
    assert sorted(app.commands) == sorted(COMMANDS)
