"""The notebooks in ``notebooks/`` (jupytext percent scripts) run, from start to finish.

Each is run as the script it is stored as, in a fresh folder, with a non-interactive
figure backend: the same cells, in the same order, that the documentation executes. Their
own ``assert`` lines check that what the prose claims is what the numbers say. They may use
only the public API (``sim``, ``sim.council``, ``sim.scenario``) and the command line.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
PUBLIC = {"sim", "sim.council", "sim.scenario", "sim.cli"}
HEADER = "# ---\n# jupyter:\n#   jupytext:\n"


def test_there_are_the_three_notebooks():
    names = {p.stem for p in NOTEBOOKS}
    assert {"why_reverse_qmv", "enlargement_power", "your_own_scenario"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_format_and_imports(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEADER) and "format_name: percent" in text
    cells = text.split("# %%")
    assert cells[1].startswith(" [markdown]\n# # "), "the first cell is the notebook's title"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sim"):
            assert node.module in PUBLIC, f"{path.name} imports {node.module}"
            if node.module == "sim.cli":
                assert [a.name for a in node.names] == ["main"]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert not alias.name.startswith("sim.") or alias.name in PUBLIC


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, str(path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr
    assert list(tmp_path.iterdir()) == [], "a notebook wrote into its working folder"
