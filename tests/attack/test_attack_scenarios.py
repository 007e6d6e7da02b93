"""Attack: mutated scenarios, as TOML files on the command line and as dicts in Python.

A mutated scenario is either refused — one line, exit status 2, nothing written (on the
command line) or one :class:`~sim.errors.InputError` (in Python) — or accepted, and then it
runs to an outcome. Mutations replace values by hostile ones (NaN, infinities, huge or tiny
numbers, paths as names, far dates, wrong kinds), delete keys, add unknown ones, or corrupt
the file's bytes.
"""

from __future__ import annotations

import itertools
import tempfile
import tomllib
from pathlib import Path

import pytest
from attack_contract import check, record
from hostile import corrupted, mutated, python_values, to_toml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sizes import heavy

from sim.engine.run import simulate
from sim.errors import InputError
from sim.scenario import scenario_from_dict

ROOT = Path(__file__).resolve().parents[2]
BASE = tomllib.loads((ROOT / "scenarios" / "generic_backsliding.toml").read_text("utf-8"))
SHORT = {**BASE, "horizon_days": 400}
PATHS = [*sorted(SHORT), "candidate.step_days", "commission.review_days",
         "behaviour.stance_weight", "issue.intensity"]
"""Top-level keys and a few dotted paths for ``with_changes``."""
"""The teaching template with a shorter horizon, so each accepted mutation runs quickly."""
SETTINGS = settings(max_examples=heavy(600, 30), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
_names = itertools.count()

pytestmark = pytest.mark.heavy


@SETTINGS
@given(data=mutated(SHORT))
def test_mutated_toml_scenarios_keep_the_contract(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / f"mutant_{next(_names)}.toml"
        path.write_text(to_toml(data), encoding="utf-8")
        outcome = check("scenario TOML", ["run", path.name, "--seed", "1", "--json"], folder)
        if outcome.status == 0:
            assert '"adopted"' in outcome.stdout or '"outcome"' in outcome.stdout \
                or outcome.stdout.lstrip().startswith("{")


@SETTINGS
@given(blob=corrupted(to_toml(SHORT)))
def test_corrupted_toml_bytes_keep_the_contract(blob):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / f"broken_{next(_names)}.toml"
        path.write_bytes(blob)
        check("scenario bytes", ["story", path.name, "--seed", "2"], folder)


@SETTINGS
@given(data=mutated(SHORT, value=python_values))
def test_mutated_scenario_dicts_are_refused_or_run(data):
    """In Python: only :class:`InputError`, or a scenario that runs."""
    try:
        scenario = scenario_from_dict(data, source="mutant")
    except InputError as exc:
        problem = None if "\n" not in str(exc) else "a multi-line message"
        record("scenario dict", problem)
        assert problem is None, str(exc)
        return
    except Exception as exc:  # pragma: no cover - reported as a failure
        record("scenario dict", f"{type(exc).__name__}")
        raise
    try:
        result = simulate(scenario, seed=3)
    except InputError:
        record("scenario dict", None)  # e.g. a calendar the run cannot use: told in one line
        return
    except Exception:
        record("scenario dict", "the accepted scenario failed to run")
        raise
    record("scenario dict", None)
    assert "adopted" in result.outcome or result.outcome


@SETTINGS
@given(path=st.sampled_from(PATHS),
       value=python_values)
def test_with_changes_is_refused_or_valid(path, value):
    """``Scenario.with_changes`` (what ``sweep --param`` uses) with any value at a path."""
    scenario = scenario_from_dict(SHORT)
    try:
        variant = scenario.with_changes({path: value})
    except InputError as exc:
        problem = None if "\n" not in str(exc) else "a multi-line message"
        record("with_changes", problem)
        assert problem is None, str(exc)
        return
    except Exception:
        record("with_changes", "an exception other than InputError")
        raise
    record("with_changes", None)
    assert variant.name
