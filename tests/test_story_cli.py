"""``eusim story`` and ``eusim run``: the narrated timeline, the outcome, bad input."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario import load_scenario

ROOT = Path(__file__).parents[1]
SCENARIOS = sorted(p for p in (ROOT / "scenarios").iterdir() if p.suffix in (".py", ".toml"))
FIVE_MISTAKES = Path(__file__).parent / "data" / "five_mistakes.toml"


def _story(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["story", *args]) == 0
    return capsys.readouterr().out


def _index(lines: list[str], needle: str, after: int = -1) -> int:
    for i, line in enumerate(lines):
        if i > after and needle in line:
            return i
    raise AssertionError(f"{needle!r} not found after line {after}")


@pytest.mark.parametrize("path", [p for p in SCENARIOS if getattr(
    load_scenario(p), "procedure", "") == "accession-measures"], ids=lambda p: p.name)
def test_story_shows_trigger_proposal_tally_and_effect_in_order(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Request or initiative → proposal → Council decision with tally → effect/rejection."""
    lines = _story(capsys, str(path)).splitlines()
    trigger = min(i for i, ln in enumerate(lines)
                  if "duly motivated request" in ln or "own initiative" in ln)
    proposal = _index(lines, "Commission: proposes", trigger)
    vote = next(i for i, ln in enumerate(lines) if i > proposal and (
        ": vote by " in ln or "nobody voted within the window" in ln))
    if ": vote by " in lines[vote]:
        assert "% of the population" in lines[vote] and "needs" in lines[vote]
    decision = next(i for i, ln in enumerate(lines) if i > vote and (
        "adopted" in ln or "rejected" in ln or "falls" in ln))
    if "takes effect" in lines[decision]:
        effect = lines[decision + 1]
        assert any(w in effect for w in ("withholds", "paused", "on hold", "reopened",
                                          "suspended"))
    dates = [ln[:10] for ln in lines if ln[:4].isdigit()]
    assert dates == sorted(dates)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_story_is_reproducible(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Same seed, same text; some other seed tells a different story."""
    first = _story(capsys, str(path), "--seed", "7")
    assert _story(capsys, str(path), "--seed", "7") == first
    others = {_story(capsys, str(path), "--seed", str(s)) for s in range(8, 14)}
    assert others - {first}


def test_run_prints_one_outcome_row_as_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """``eusim run`` prints key/value lines; ``--json`` parses and keeps NaN as null."""
    assert main(["run", "serbia_2022", "--seed", "3"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split() == ["scenario", "serbia_2022"]
    assert main(["run", "serbia_2022", "--seed", "3", "--json", "--rule", "qmv"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rule"] == "qmv" and "adopted" in data
    assert len(data["votes"]) == data["n_votes"]
    assert all(row["body"] == "council" and row["rule"] == "qmv" for row in data["votes"])


@pytest.mark.parametrize("args, fragment", [
    (["run", str(FIVE_MISTAKES)], "5 errors"),
    (["story", "no_such_scenario"], "no scenario called"),
    (["run", "serbia_2022", "--rule", "plurality"], "unknown rule"),
    (["run", "serbia_2022", "--seed", "x"], "seed"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], fragment: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Bad scenarios and flags: one stderr line naming the problem, status 2."""
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_five_mistakes_through_the_installed_command() -> None:
    """The real console script: all five paths on one line, exit status 2, no traceback."""
    proc = subprocess.run([sys.executable, "-c", "from sim.cli import run; run()", "story",
                           str(FIVE_MISTAKES)], capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    for path in ("behaviour.members.XX", "candidate.code", "candidate.p_reform",
                 "commission.assessment.mean", "commission.ladder.1"):
        assert path in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_scenario_script_prints_its_story() -> None:
    """``python scenarios/serbia_2022.py`` prints the story of one run."""
    proc = subprocess.run([sys.executable, str(ROOT / "scenarios" / "serbia_2022.py")],
                          capture_output=True, text=True, check=True)
    assert "Commission: proposes" in proc.stdout and "Council:" in proc.stdout


def test_a_blocked_lifting_is_proposed_again(capsys: pytest.CaptureFixture[str]) -> None:
    """Serbia under unanimity: in the seeds where a member blocks lifting, the Commission
    proposes again once ``lift_retry_days`` have passed; in some seed that retry lifts it."""
    lifted_later = 0
    for seed in range(30):
        lines = _story(capsys, "serbia_2022", "--seed", str(seed), "--rule",
                       "unanimity").splitlines()
        lift = [i for i, ln in enumerate(lines) if "proposes to lift the measure" in ln]
        blocked = [i for i, ln in enumerate(lines) if "Council: not adopted" in ln
                   and lift and i > lift[0]]
        if not blocked or blocked[0] > len(lines) - 6:
            continue
        again = _index(lines, "starts assessing again whether to lift", blocked[0])
        with contextlib.suppress(AssertionError):
            _index(lines, "the measure is lifted", _index(lines, "proposes to lift", again))
            lifted_later += 1
    assert lifted_later, "no seed in 0-29 lifts a measure after a blocked lifting"
