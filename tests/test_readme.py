"""Every example in the README runs: the console lines, the Python blocks, and the main
job of the first set-up command (its ``eusim`` part).

Commands run in a fresh folder that sees the project's ``scenarios/``, so the results and
figures they write never touch the repository.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", README, flags=re.S)


CONSOLE = [ln[2:] for b in blocks("console") for ln in b.splitlines() if ln.startswith("$ ")]
SETUP = [b.strip() for b in blocks("bash")[:2]]


def _folder(path: Path) -> Path:
    (path / "scenarios").symlink_to(ROOT / "scenarios", target_is_directory=True)
    return path


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A fresh current folder with the project's scenarios beside it."""
    monkeypatch.chdir(_folder(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def shared_folder(tmp_path_factory):
    """One folder for all console examples: later lines may read what earlier ones wrote."""
    return _folder(tmp_path_factory.mktemp("readme"))


def test_readme_starts_with_the_two_setup_commands():
    assert README.startswith("# eusim\n\n```bash\n")
    assert len(SETUP) == 2 and "pip install" in SETUP[0] and "pytest" in SETUP[1]
    assert "eusim run scenarios/serbia_2022.py --runs 2000" in SETUP[0]


@pytest.mark.parametrize("line", [s for s in CONSOLE if s.startswith("eusim ")])
def test_console_examples(line, capsys, shared_folder, monkeypatch):
    """In README order, in one folder."""
    monkeypatch.chdir(shared_folder)
    assert main(shlex.split(line)[1:]) == 0, capsys.readouterr().err


def test_main_job_of_first_setup_command(capsys, workdir):
    """The main job writes the tables and the figures the README shows, and a summary."""
    argv = shlex.split(SETUP[0].split("&&")[-1])
    assert argv[0].endswith("eusim")
    assert main(argv[1:]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "rule unanimity: 2,000 replications" in out and "root seed: 7" in out
    results = workdir / "results" / "serbia_2022"
    for name in ("runs.parquet", "runs.csv", "votes.parquet", "votes.csv", "manifest.json"):
        assert (results / name).stat().st_size > 0
    for figure in re.findall(r"\]\((plots/serbia_2022_\w+\.png)\)", README):
        assert (workdir / figure).stat().st_size > 0, figure
        assert (ROOT / figure).is_file(), f"{figure} is shown in the README but not committed"


@pytest.mark.parametrize("source", blocks("python"))
def test_python_examples(source, monkeypatch):
    """Each block runs, and each ``print(...)  # expected`` prints what the comment says."""
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "README.md", "exec"), {})
    printed = out.getvalue()
    for expected in re.findall(r"^print\(.*\)\s+# (.+)$", source, flags=re.M):
        assert expected.strip() in printed
