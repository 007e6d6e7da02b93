"""Every example in the README runs: the console lines, the Python blocks, and the main
job of the two set-up commands (its ``eusim`` part)."""

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


def test_readme_starts_with_the_two_setup_commands():
    assert README.index("```bash") < README.index("\n## ")
    assert len(SETUP) == 2 and "pip install" in SETUP[0] and "pytest" in SETUP[1]
    assert "eusim" in SETUP[0]


@pytest.mark.parametrize("line", [s for s in CONSOLE if s.startswith("eusim ")])
def test_console_examples(line, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    argv = shlex.split(line)[1:]
    assert main(argv) == 0, capsys.readouterr().err


def test_main_job_of_first_setup_command(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    command = SETUP[0].split("&&")[-1].strip()
    argv = shlex.split(command)
    assert argv[0].endswith("eusim")
    assert main(argv[1:]) == 0, capsys.readouterr().err


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
