"""Sweeps: parameter options, design tables, and a one-parameter sweep end to end."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.cli import main
from sim.errors import InputError
from sim.montecarlo.sweep import grid, parse_design, parse_param, parse_value


def test_values_parse_to_the_most_specific_scalar():
    """true/false, integers, floats, else strings."""
    assert [parse_value(v) for v in ("true", "3", "0.25", "1e-3", "qmv")] == \
        [True, 3, 0.25, 0.001, "qmv"]


def test_grid_is_every_combination_first_slowest():
    """Two --param options make their product."""
    points = grid(["behaviour.reject=0.2,0.4", "rule=qmv,rqmv"])
    assert points == [{"behaviour.reject": 0.2, "rule": "qmv"},
                      {"behaviour.reject": 0.2, "rule": "rqmv"},
                      {"behaviour.reject": 0.4, "rule": "qmv"},
                      {"behaviour.reject": 0.4, "rule": "rqmv"}]


@pytest.mark.parametrize("bad", ["behaviour.reject", "=0.1", "x=", "x=1,,2", "x y=1",
                                 "x=1,1"])
def test_bad_param_syntax(bad):
    """Malformed --param options are InputErrors."""
    with pytest.raises(InputError):
        parse_param(bad)


def test_design_table_rows_are_points():
    """A header of paths, one parameter set per row, comments skipped."""
    text = "# a design\nbehaviour.reject,rule\n0.3,qmv\n0.6,rqmv\n"
    assert parse_design(text) == [{"behaviour.reject": 0.3, "rule": "qmv"},
                                  {"behaviour.reject": 0.6, "rule": "rqmv"}]
    for bad in ("", "a,a\n1,2\n", "a,b\n1\n", "a,b\n1,\n", "a\n"):
        with pytest.raises(InputError):
            parse_design(bad)


def test_one_parameter_sweep_writes_the_table_and_the_sweep_plot(tmp_path, capsys):
    """eusim sweep: one runs table with the swept column, and a sweep figure drawn from it."""
    out, figs = tmp_path / "out", tmp_path / "plots"
    code = main(["sweep", "single_vote", "--param", "behaviour.reject=0.2,0.5,0.8",
                 "--runs", "40", "--seed", "4", "--out", str(out), "--plots", str(figs),
                 "--quiet", "--batch-size", "40"])
    assert code == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 120
    assert sorted(runs["behaviour.reject"].unique()) == [0.2, 0.5, 0.8]
    assert runs.groupby("behaviour.reject")["adopted"].mean().is_monotonic_decreasing
    assert (figs / "single_vote_sweep.png").stat().st_size > 0
    assert (figs / "single_vote_sweep.svg").stat().st_size > 0
    stdout = capsys.readouterr().out
    assert "adoption by parameter set" in stdout and "behaviour.reject = 0.8" in stdout


def test_sweep_from_a_design_file(tmp_path):
    """--design FILE.csv runs one parameter set per row."""
    design = tmp_path / "design.csv"
    design.write_text("behaviour.abstain,rule\n0.0,qmv\n0.3,qmv\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["sweep", "single_vote", "--design", str(design), "--runs", "20", "--seed",
                 "1", "--out", str(out), "--no-plots", "--quiet"]) == 0
    runs = pd.read_csv(out / "runs.csv")
    assert sorted(runs["behaviour.abstain"].unique()) == [0.0, 0.3]
    # abstentions count against a QMV: more abstention, fewer adoptions
    p = runs.groupby("behaviour.abstain")["adopted"].mean()
    assert p[0.3] <= p[0.0]

