"""Attack: hand-edited manifests of a real results folder, then ``eusim plot`` or
``eusim run --resume`` on it.

A mutated manifest is refused in one line (exit status 2, the folder and the figures folder
untouched), or it is a valid manifest and the command does its job.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from attack_contract import check
from hostile import corrupted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sizes import heavy

from sim.cli import main

HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
SETTINGS = settings(max_examples=heavy(400, 15), deadline=None, suppress_health_check=HEALTH)
FEW = settings(max_examples=heavy(100, 4), deadline=None, suppress_health_check=HEALTH)
"""For inputs that are mostly valid, so that each draws every figure (seconds apiece)."""
pytestmark = pytest.mark.heavy

HOSTILE = [None, "x", "", "abc", -1, 0, 1, 20, 25, 2**63, 2**80, 10**15, 1.5, True, False,
           [], {}, [20], {"a": 1}, "../../escaped", "/tmp/eusim-escaped", "single_vote",
           "eusim-montecarlo/2", [{}], [{"behaviour.reject": 0.3}], ["x"], {"x": [1]}]
"""Values a hand edit may leave. Counts stay small when valid, so no accepted edit runs long."""
KEYS = ["format", "complete", "scenario", "source", "changes", "rule", "root_seed", "runs",
        "points", "sweep_keys", "replications_done", "replications_requested",
        "parameters_digest", "unknown"]


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """A real, complete results folder of 20 replications."""
    folder = tmp_path_factory.mktemp("attack-manifest")
    status = main(["run", "single_vote", "--runs", "20", "--seed", "3", "--out",
                   str(folder / "res"), "--no-plots", "--quiet"])
    assert status == 0
    return folder / "res"


@st.composite
def edits(draw: st.DrawFn) -> dict[str, object]:
    """1-3 entries replaced (``...`` deletes one)."""
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3, unique=True))
    return {k: draw(st.sampled_from([*HOSTILE, ...])) for k in keys}


@SETTINGS
@given(edit=edits(), command=st.sampled_from(["plot", "resume"]))
def test_edited_manifests_keep_the_contract(results, edit, command):
    manifest = json.loads((results / "manifest.json").read_text("utf-8"))
    for key, value in edit.items():
        if value is ...:
            manifest.pop(key, None)
        else:
            manifest[key] = value
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(results, folder / "res")
        (folder / "res" / "manifest.json").write_text(json.dumps(manifest), "utf-8")
        argv = (["plot", "res", "--plots", "figs"] if command == "plot"
                else ["run", "--resume", "res", "--no-plots", "--quiet"])
        check(f"manifest {command}", argv, folder)


@SETTINGS
@given(blob=st.one_of(st.binary(max_size=40), st.just(b"[" * 100_000),
                      st.just(b'{"format": "eusim-montecarlo/1"}'),
                      st.sampled_from([b"null", b"[]", b'"x"', b"1e999", b"NaN"])),
       extra=st.booleans())
def test_garbage_manifests_keep_the_contract(results, blob, extra):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(results, folder / "res")
        target = folder / "res" / "manifest.json"
        target.write_bytes(blob)
        if extra:  # a broken timeline as well
            (folder / "res" / "events.csv").write_bytes(b"\xff\xfe,,\n1")
        check("manifest bytes", ["plot", "res", "--plots", "figs"], folder)


@FEW
@given(data=st.data())
def test_corrupted_events_tables_keep_the_contract(results, data):
    text = (results / "events.csv").read_text("utf-8")
    blob = data.draw(corrupted(text))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(results, folder / "res")
        (folder / "res" / "events.csv").write_bytes(blob)
        check("events table", ["plot", "res", "--plots", "figs"], folder)
