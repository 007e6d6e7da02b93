"""The package works installed as a wheel: scenarios and data ship inside it.

The repository's ``scenarios/`` and the shipped ``sim/scenarios/`` hold the same files; the
wheel is built, installed without dependencies into a fresh virtual environment (the
dependencies come from the test's own environment, on ``PYTHONPATH``), and ``eusim story``
and a small ``eusim run`` are run from an unrelated folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_scenarios_match_the_repository_folder() -> None:
    """Copy a new scenario into both folders: ``sim/scenarios/`` is what a wheel ships."""
    repo = {p.name: p.read_bytes() for p in (ROOT / "scenarios").iterdir() if p.is_file()}
    shipped = {p.name: p.read_bytes() for p in (ROOT / "sim" / "scenarios").iterdir()
               if p.is_file()}
    assert repo == shipped


@pytest.mark.heavy
def test_the_wheel_installs_and_runs_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "-q", "-w", str(dist), str(ROOT)],
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("eusim-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("sim/scenarios/serbia_2022.py", "sim/scenarios/generic_backsliding.toml",
                    "sim/data/population_2025.csv", "sim/data/candidates.csv"):
        assert shipped in names
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    target = subprocess.run([str(python), "-c", "import sysconfig; "
                             "print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                              "--target", target, str(wheel)],
                             capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    where = subprocess.run([str(python), "-c", "import sim; print(sim.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(target), where  # the wheel's copy, not the repository's
    cli = [str(python), "-c", "import sim.cli; sim.cli.run()"]
    story = subprocess.run([*cli, "story", "serbia_2022", "--seed", "1"], cwd=elsewhere,
                           env=env, capture_output=True, text=True, check=False)
    assert story.returncode == 0, story.stderr
    assert "Serbia" in story.stdout and "Council" in story.stdout
    run = subprocess.run([*cli, "run", "serbia_2022", "--runs", "3", "--seed", "1", "--out",
                          "out", "--no-plots"], cwd=elsewhere, env=env, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert (elsewhere / "out" / "manifest.json").is_file()
    assert not (elsewhere / "scenarios").exists()
