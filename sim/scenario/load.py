"""Loading scenarios: from a TOML file, a Python script defining ``SCENARIO``, or a name.

A Python scenario is code: loading it runs it with the user's rights.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Union

from pydantic import ValidationError

from sim.errors import InputError
from sim.scenario.spec import Scenario, scenario_from_dict
from sim.spec import format_errors

SHIPPED = Path(__file__).resolve().parents[1] / "scenarios"
"""The scenarios shipped inside the package (``sim/scenarios/``, package data; the
repository's ``scenarios/`` folder holds the same files, checked by a test)."""

if TYPE_CHECKING:
    from sim.scenario.procedure import ProcedureScenario, Routes

AnyScenario = Union[Scenario, "ProcedureScenario", "Routes"]
"""What a scenario file may define: the accession measures' scenario, a plug-in
procedure's, or a comparison of routes."""


def scenario_directories() -> tuple[Path, ...]:
    """Where bare scenario names are looked up: ``./scenarios``, then the shipped ones."""
    here = Path.cwd() / "scenarios"
    return (here, SHIPPED)


def resolve_scenario_path(path_or_name: str | Path) -> Path:
    """The file a path or bare name refers to; a missing one raises :class:`InputError`."""
    path = Path(path_or_name)
    if path.suffix in (".py", ".toml"):
        if not path.is_file():
            raise InputError(f"scenario file {str(path)!r} not found")
        return path
    for folder in scenario_directories():
        for suffix in (".py", ".toml"):
            candidate = folder / f"{path.name}{suffix}"
            if candidate.is_file():
                return candidate
    raise InputError(f"no scenario called {str(path_or_name)!r} (looked in "
                     f"{', '.join(str(d) for d in scenario_directories())})")



def load_scenario(path_or_name: str | Path) -> AnyScenario:
    """Load a scenario from a ``.toml`` file, a ``.py`` script defining ``SCENARIO``, or a
    bare name of a file in ``scenarios/``. Any problem raises :class:`InputError`."""
    path = resolve_scenario_path(path_or_name)
    if path.suffix == ".toml":
        return _load_toml(path)
    return _load_script(path)


def _load_toml(path: Path) -> AnyScenario:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"scenario {path.name}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot read scenario {str(path)!r}: {exc.strerror}") from None
    if data.get("procedure", "accession-measures") != "accession-measures":
        from sim.scenario.procedure import procedure_scenario

        return procedure_scenario(data, source=f"scenario {path.name}")
    data.pop("procedure", None)
    return scenario_from_dict(data, source=f"scenario {path.name}")


def _load_script(path: Path) -> AnyScenario:
    module_name = f"_eusim_scenario_{path.stem}_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise InputError(f"cannot import scenario script {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except ValidationError as exc:
        raise InputError(format_errors(exc, f"scenario {path.name}")) from None
    finally:
        sys.modules.pop(module_name, None)
    from sim.scenario.procedure import ProcedureScenario, Routes

    scenario = getattr(module, "SCENARIO", None)
    if not isinstance(scenario, Scenario | ProcedureScenario | Routes):
        raise InputError(f"scenario script {path.name} must define SCENARIO = Scenario(...)")
    return scenario

