"""``eusim power``: output, JSON, plots, and one-line errors without partial files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.council.members import ALL_CANDIDATES, load_council
from sim.power.games import exact_power, power_game


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["power", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_gives_exact_indices_for_all_27(capsys: pytest.CaptureFixture[str]) -> None:
    """``--json`` returns the library's exact numbers for every member."""
    status, out, _ = run(capsys, "--rule", "qmv", "--year", "2025", "--json")
    assert status == 0
    doc = json.loads(out)
    assert doc["method"] == "exact" and len(doc["members"]) == 27
    expected = exact_power(power_game("qmv", load_council(2025)))
    got = {m["code"]: m for m in doc["members"]}
    for i, code in enumerate(expected.codes):
        assert got[code]["banzhaf"] == expected.banzhaf[i]
        assert got[code]["shapley_shubik"] == expected.shapley_shubik[i]
    assert sum(m["banzhaf_normalised"] for m in doc["members"]) == pytest.approx(1, abs=1e-12)


def test_table_lists_every_member_with_its_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--rule", "reinforced-qmv", "--year", "2024")
    assert status == 0
    rows = [ln.split() for ln in out.splitlines() if ln[:2] in load_council(2024).codes]
    assert len(rows) == 27
    assert rows[0][0] == "DE"  # largest population first
    ratio = float(rows[0][-1])
    assert ratio == pytest.approx(float(rows[0][4]) / float(rows[0][6]), rel=2e-3)


def test_enlargement_shows_before_and_after(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--rule", "qmv", "--add", "WB6", "--json")
    assert status == 0
    doc = json.loads(out)
    assert len(doc["members"]) == 33 and len(doc["before"]["members"]) == 27
    before = {m["code"]: m["banzhaf_normalised"] for m in doc["before"]["members"]}
    after = {m["code"]: m["banzhaf_normalised"] for m in doc["members"]}
    assert after["DE"] < before["DE"]  # six new members dilute the largest member's share


def test_rqmv_sides_share_indices(capsys: pytest.CaptureFixture[str]) -> None:
    docs = []
    for side in ("reject", "keep"):
        status, out, _ = run(capsys, "--rule", "rqmv", "--side", side, "--json")
        assert status == 0
        docs.append(json.loads(out))
    reject, keep = docs
    np.testing.assert_allclose([m["shapley_shubik"] for m in reject["members"]],
                               [m["shapley_shubik"] for m in keep["members"]], atol=1e-15)
    assert reject["passage"] + keep["passage"] == pytest.approx(1)


def test_monte_carlo_option_is_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--rule", "qmv", "--samples", "2000", "--seed", "3", "--json")
    outs = [run(capsys, *args)[1] for _ in range(2)]
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["method"] == "monte-carlo"


def test_plot_is_written_whole(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "eu36.png"
    status, _, _ = run(capsys, "--rule", "qmv", "--add", ",".join(ALL_CANDIDATES[:3]),
                       "--not-participating", "DK", "--plot", str(target))
    assert status == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["eu36.png"]


def test_failed_plot_leaves_no_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while saving leaves neither the target nor a temporary file behind."""
    import matplotlib.figure

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", broken)
    status, out, err = run(capsys, "--rule", "qmv", "--plot", str(tmp_path / "p.png"))
    assert status == 1 and err.count("\n") == 1 and "disk full" in err
    assert out == ""  # the table is printed only once the plot is saved
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    (("--rule", "qmvx"), "qmvx"),
    (("--rule", "qmv", "--year", "1990"), "no population table for 1990"),
    (("--rule", "qmv", "--not-participating", "XX"), "unknown member code 'XX'"),
    (("--rule", "qmv", "--add", "ZZ"), "unknown candidate code 'ZZ'"),
    (("--rule", "qmv", "--add", "RS", "--not-participating", "RS"), "both added"),
    (("--rule", "qmv", "--add", "DE"), "unknown candidate code 'DE'"),
    (("--rule", "qmv", "--side", "keep"), "no side 'keep'"),
    (("--rule", "qmv", "--population", "/nonexistent.csv"), "cannot read population file"),
    (("--rule", "qmv", "--samples", "-5"), "--samples"),
    (("--rule", "qmv", "--samples", "10", "--seed", "-1"), "--seed"),
    (("--rule", "qmv", "--not-participating", "WB6"), "unknown member code 'WB6'"),
    (("--rule", "qmv", "--year", "2025", "--population", "p.csv"), "not both"),
])
def test_bad_input_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path, args: tuple[str, ...],
                                            message: str) -> None:
    """Each mistake prints one ``eusim: error:`` line, no traceback, and writes no plot."""
    target = tmp_path / "p.png"
    status, out, err = run(capsys, *args, "--plot", str(target))
    assert status == 2
    assert err.startswith("eusim: error:") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err and out == ""
    assert not target.exists()


@pytest.mark.parametrize("plot", ["missing-folder/p.png", "p.txt", "folder.png"])
def test_bad_plot_path_is_refused_before_any_work(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, plot: str) -> None:
    (tmp_path / "folder.png").mkdir()
    status, out, err = run(capsys, "--rule", "qmv", "--plot", str(tmp_path / plot))
    assert status == 2 and out == "" and err.startswith("eusim: error: plot")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.png"]
