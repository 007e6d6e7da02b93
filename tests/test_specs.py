"""One spec system: every field of every spec says what it means and its unit, and
``Scenario.describe_parameters`` shows them for every dotted parameter."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import sim
from sim.scenario import load_scenario
from sim.spec import Spec, meaning_and_unit


def _all_specs() -> list[type[Spec]]:
    for info in pkgutil.walk_packages(sim.__path__, "sim."):
        if not info.name.startswith(("sim.cli", "sim.classroom")):
            importlib.import_module(info.name)
    out, todo = [], list(Spec.__subclasses__())
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted({c for c in out if c.__module__.startswith("sim.")},
                  key=lambda c: c.__qualname__)


@pytest.mark.parametrize("spec", _all_specs(), ids=lambda c: c.__qualname__)
def test_every_field_has_a_meaning_and_a_unit(spec: type[Spec]) -> None:
    missing = [name for name, field in spec.model_fields.items()
               if not all(meaning_and_unit(field.description))]
    assert not missing, f"{spec.__qualname__}: fields without 'meaning [unit]': {missing}"


def test_the_check_fails_on_a_field_without_a_unit() -> None:
    assert meaning_and_unit("how long a run lasts") == ("how long a run lasts", "")
    assert meaning_and_unit("how long a run lasts [days]") == ("how long a run lasts", "days")


@pytest.mark.parametrize("name", ["serbia_2022", "generic_backsliding",
                                  "montenegro_backsliding"])
def test_describe_parameters_covers_every_parameter(name: str) -> None:
    scenario = load_scenario(name)
    rows = scenario.describe_parameters()
    assert [r["path"] for r in rows] == list(scenario.parameters())
    assert all(r["unit"] and r["meaning"] for r in rows)
    by_path = {r["path"]: r for r in rows}
    assert by_path["horizon_days"]["unit"] == "days"
    assert by_path["commission.assessment.mean"]["meaning"].startswith("from a request")
