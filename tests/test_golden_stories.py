"""Golden stories: ``eusim story`` for a few (scenario, seed, rule) triples is compared with
committed expected files (``tests/golden/*.out``), as SimPy's documentation checks its
examples against ``.out`` files, so any change to the narrative is a visible diff.

After an intended change, regenerate them and review the diff:
``EUSIM_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_stories.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
TRIPLES = [("serbia_2022", 1, "rqmv"), ("serbia_2022", 3, "unanimity"),
           ("generic_backsliding", 2, "rqmv"), ("montenegro_backsliding", 4, "qmv")]


@pytest.mark.parametrize("name, seed, rule", TRIPLES, ids=lambda x: str(x))
def test_story_matches_its_golden_file(name: str, seed: int, rule: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["story", name, "--seed", str(seed), "--rule", rule]) == 0
    story = capsys.readouterr().out
    path = GOLDEN / f"{name}-seed{seed}-{rule}.out"
    if os.environ.get("EUSIM_UPDATE_GOLDEN"):
        path.write_text(story, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert story == expected, f"{path.name} differs: regenerate and review the diff"
