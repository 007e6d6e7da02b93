"""``eusim vote``: the calculator's contract and its errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sim.cli import main
from sim.council.members import MEMBER_CODES


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys):
    code, out, err = run(capsys, "vote", "qmv", "--no", "DE,FR,IT", "--json")
    assert code == 0 and err == ""
    record = json.loads(out)
    for key in ("rule", "year", "adopted", "participating", "in_favour", "against",
                "abstaining", "population_in_favour_pct", "population_against_pct",
                "explanation"):
        assert key in record
    assert record["adopted"] is True and record["year"] == 2025
    assert "fewer than the 4 a blocking minority needs" in record["explanation"]
    code, out, _ = run(capsys, "vote", "qmv", "--no", "DE,FR,IT,MT", "--json")
    assert json.loads(out)["adopted"] is False


def test_plain_output_has_explanation_and_table(capsys):
    code, out, _ = run(capsys, "vote", "rqmv", "--no", "hu,sk", "--abstain", "PL",
                       "--year", "2023")
    assert code == 0
    assert out.startswith("The proposal stands")
    assert "no (reject)" in out and "abstain" in out and "population: 2023" in out
    assert sum(line[:2] in MEMBER_CODES for line in out.splitlines()) == 27


def test_others_and_partial_participation(capsys):
    yes = [c for c in MEMBER_CODES if c != "DK"][:20]
    code, out, _ = run(capsys, "vote", "qmv", "--others", "no", "--yes", ",".join(yes),
                       "--not-participating", "DK", "--json")
    record = json.loads(out)
    assert code == 0
    assert "DK" not in record["participating"] and len(record["participating"]) == 26
    assert record["in_favour"] == yes and len(record["against"]) == 6


def test_user_population_file(capsys, tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("code,population\n" + "\n".join(f"{c},1000" for c in MEMBER_CODES))
    code, out, _ = run(capsys, "vote", "qmv", "--population", str(path), "--no",
                       "DE,FR,IT,ES", "--json")
    record = json.loads(out)
    assert code == 0 and record["year"] is None and record["adopted"] is True


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["vote", "qmv", "--no", "DE,XX"], "unknown member code 'XX'"),
        (["vote", "qmv", "--no", "DE", "--abstain", "DE"], "member DE is listed twice"),
        (["vote", "qmw"], "'qmw' is not one of"),
        (["vote", "qmv", "--year", "1990"], "no population table for 1990"),
        (["vote", "qmv", "--others", "maybe"], "'maybe' is not one of"),
        (["vote", "qmv", "--bogus"], "No such option"),
        (["vote", "qmv", "--population", "/nonexistent/pop.csv"], "cannot read population"),
    ],
)
def test_bad_input_one_line_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        (lambda r: r[1:], "missing member BE"),
        (lambda r: ["BE,-3", *r[1:]], "population of BE must be a positive integer"),
        (lambda r: ["BE,abc", *r[1:]], "population of BE must be a positive integer"),
        (lambda r: [*r, "FR,3"], "duplicate row for FR"),
    ],
)
def test_malformed_population_file(capsys, tmp_path, rows, fragment):
    path = tmp_path / "pop.csv"
    base = [f"{c},1000" for c in MEMBER_CODES]
    path.write_text("code,population\n" + "\n".join(rows(base)) + "\n")
    code, out, err = run(capsys, "vote", "qmv", "--population", str(path))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and fragment in err


def test_console_script_exit_status():
    """The installed command itself: one line and status 2 on a bad code."""
    proc = subprocess.run(
        [sys.executable, "-c", "from sim.cli import run; run()", "vote", "qmv", "--no", "ZZ"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (
        "eusim: error: unknown member code 'ZZ' (members: " + ", ".join(MEMBER_CODES) + ")"
    )
