"""``eusim run --runs``, ``sweep`` and ``plot`` on the command line."""

from __future__ import annotations

import hashlib
import json

import click
import pytest

from sim.cli import main
from sim.cli.montecarlo import run_montecarlo


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run every command in an empty folder, so default folders land there."""
    monkeypatch.chdir(tmp_path)


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_run_runs_writes_tables_figures_and_summary(tmp_path, capsys):
    """Tables as Parquet and CSV, a manifest, figures as PNG and SVG, a printed summary."""
    assert main(["run", "single_vote", "--runs", "50", "--seed", "7", "--out", "res",
                 "--plots", "figs", "--quiet"]) == 0
    assert {"runs.parquet", "runs.csv", "votes.parquet", "votes.csv", "events.csv",
            "manifest.json", "summary.txt"} <= set(_files(tmp_path / "res"))
    figures = _files(tmp_path / "figs")
    for stem in ("time_to_decision", "adoption", "reject_share", "pivotal", "timeline"):
        assert f"single_vote_{stem}.png" in figures and f"single_vote_{stem}.svg" in figures
    out = capsys.readouterr().out
    assert "root seed: 7" in out and "Wilson CI" in out and "time to decision" in out
    manifest = json.loads((tmp_path / "res" / "manifest.json").read_text())
    assert manifest["complete"] and manifest["root_seed"] == 7
    assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*"))


def test_default_folders(tmp_path, capsys):
    """Without --out: results/SCENARIO-SEED; without --plots: plots/."""
    assert main(["run", "single_vote", "--runs", "5", "--seed", "3", "--quiet"]) == 0
    assert (tmp_path / "results" / "single_vote-3" / "runs.parquet").exists()
    assert (tmp_path / "plots" / "single_vote_adoption.png").exists()


def test_root_seed_printed_when_not_given(tmp_path, capsys):
    """A fresh root seed is printed with the summary and stored."""
    assert main(["run", "single_vote", "--runs", "3", "--out", "r", "--no-plots"]) == 0
    out = capsys.readouterr().out
    seed = int(out.split("root seed: ")[1].split()[0])
    assert json.loads((tmp_path / "r" / "manifest.json").read_text())["root_seed"] == seed


def test_plot_redraws_from_saved_results(tmp_path):
    """eusim plot RESULTS_DIR redraws the same set of figures."""
    assert main(["run", "single_vote", "--runs", "20", "--seed", "1", "--out", "res",
                 "--no-plots", "--quiet"]) == 0
    assert not (tmp_path / "plots").exists()
    assert main(["plot", "res", "--plots", "again"]) == 0
    assert "single_vote_pivotal.svg" in _files(tmp_path / "again")


def _digest(folder):
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest()
            for n in ("runs.parquet", "runs.csv", "votes.parquet", "votes.csv")}


def test_interrupted_run_resumes_to_identical_files(tmp_path, capsys):
    """Ctrl-C after 2 batches writes a partial folder; --resume completes it identically."""
    def stop(done):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(Exception) as info:
        run_montecarlo("single_vote", 60, seed=5, out=tmp_path / "cut", plots_dir=None,
                       quiet=True, batch_size=8, on_batch=stop)
    assert info.value.exit_code == 130
    manifest = json.loads((tmp_path / "cut" / "manifest.json").read_text())
    assert manifest["complete"] is False and manifest["replications_done"] == 16
    assert manifest["replications_requested"] == 60 and manifest["root_seed"] == 5
    assert "PARTIAL: 16 of 60 replications" in (tmp_path / "cut" / "summary.txt").read_text()
    # a fresh run into the partial folder is refused; resuming is the way on
    assert main(["run", "single_vote", "--runs", "60", "--seed", "6", "--out", "cut",
                 "--no-plots", "--quiet"]) == 2
    assert main(["run", "--resume", "cut", "--workers", "2", "--no-plots",
                 "--quiet"]) == 0
    assert json.loads((tmp_path / "cut" / "manifest.json").read_text())["complete"] is True
    assert main(["run", "single_vote", "--runs", "60", "--seed", "5", "--out", "whole",
                 "--no-plots", "--quiet"]) == 0
    assert _digest(tmp_path / "cut") == _digest(tmp_path / "whole")


@pytest.mark.parametrize("args", [
    ["sweep", "single_vote", "--param", "behaviour.reject", "--runs", "5"],
    ["sweep", "single_vote", "--param", "behaviour.reject=0.1,,0.2", "--runs", "5"],
    ["sweep", "single_vote", "--param", "nosuch.path=1,2", "--runs", "5"],
    ["sweep", "single_vote", "--runs", "5"],
    ["sweep", "single_vote", "--design", "design.csv", "--runs", "5"],
    ["sweep", "single_vote", "--design", "missing.csv", "--runs", "5"],
    ["run", "single_vote", "--runs", "5", "--backend", "mpi"],
    ["run", "single_vote", "--runs", "0"],
    ["run", "single_vote", "--runs", "-4"],
    ["run", "single_vote", "--runs", "many"],
    ["run", "no_such_scenario", "--runs", "5"],
    ["run", "single_vote", "--runs", "5", "--rule", "veto"],
    ["run", "single_vote", "--runs", "5", "--workers", "0"],
    ["run", "single_vote", "--runs", "5", "--seed", "-1"],
    ["run", "single_vote", "--runs", "5", "--scheduler", "tcp://127.0.0.1:1",
     "--backend", "processes"],
    ["run", "single_vote", "--workers", "2"],
    ["run", "--resume", "nowhere"],
    ["run", "single_vote", "--seed", "-1"],
    ["run", "single_vote", "--runs", "3", "--rule", "rqmv,rqmv"],
    ["run", "single_vote", "--runs", "3", "--rule", ",qmv"],
    ["story", "serbia_2022", "--seed", "-1"],
    ["run", "single_vote", "--runs", "3", "--out", "design.csv/out"],
    ["run", "single_vote", "--runs", "3", "--plots", "design.csv/plots"],
    ["plot", "nowhere"],
])
def test_bad_input_one_line_exit_2_nothing_written(args, tmp_path, capsys):
    """Each mistake: one line on stderr, exit status 2, no file or folder created."""
    (tmp_path / "design.csv").write_text("behaviour.reject\n0.1\nnot-a-number\n")
    before = _files(tmp_path)
    assert main([*args, "--quiet"] if args[0] != "plot" else args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("eusim: error: ")
    assert _files(tmp_path) == before
    assert not any(p.is_dir() for p in tmp_path.iterdir())


def test_resume_refuses_other_options(tmp_path):
    """--resume with another seed, rule or scenario is an error, and nothing changes."""
    assert main(["run", "single_vote", "--runs", "5", "--seed", "2", "--out", "r",
                 "--no-plots", "--quiet"]) == 0
    before = (tmp_path / "r" / "runs.parquet").read_bytes()
    for extra in (["--seed", "3"], ["--rule", "qmv"]):
        assert main(["run", "--resume", "r", *extra, "--no-plots", "--quiet"]) == 2
    assert (tmp_path / "r" / "runs.parquet").read_bytes() == before


def test_errors_are_one_line_without_quiet_too(tmp_path, capsys):
    """Without --quiet a failed run still prints a single line (no seed line before it)."""
    (tmp_path / "afile").write_text("x")
    assert main(["run", "serbia_2022", "--runs", "3", "--seed", "1",
                 "--out", "afile/out"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("eusim: error: cannot make folder")


def test_plot_refuses_a_folder_without_replications(tmp_path, monkeypatch):
    """A partial folder interrupted before any batch has nothing to draw: exit 2."""
    import sim.montecarlo.replicate as replicate

    def interrupted(task):  # Ctrl-C during the first batch
        raise KeyboardInterrupt

    monkeypatch.setattr(replicate, "run_batch", interrupted)
    assert main(["run", "single_vote", "--runs", "2", "--seed", "5", "--out", "empty",
                 "--no-plots", "--quiet"]) == 130
    manifest = json.loads((tmp_path / "empty" / "manifest.json").read_text())
    assert manifest["replications_done"] == 0 and manifest["complete"] is False
    assert main(["plot", "empty", "--plots", "figs"]) == 2
    assert not (tmp_path / "figs").exists()


def test_resume_refuses_a_changed_scenario(tmp_path):
    """Resuming after the scenario file changed would mix two scenarios: refused."""
    import shutil
    from pathlib import Path

    import sim

    source = Path(sim.__file__).resolve().parents[1] / "scenarios" / "generic_backsliding.toml"
    mine = tmp_path / "mine.toml"
    shutil.copy(source, mine)

    def stop(done):
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(click.ClickException):
        run_montecarlo(str(mine), 12, seed=3, out=tmp_path / "cut", plots_dir=None,
                       quiet=True, batch_size=4, on_batch=stop)
    text = mine.read_text()
    assert "horizon_days = 1460" in text
    mine.write_text(text.replace("horizon_days = 1460", "horizon_days = 1461", 1))
    assert main(["run", "--resume", "cut", "--no-plots", "--quiet"]) == 2
    assert json.loads((tmp_path / "cut" / "manifest.json").read_text())["complete"] is False


def test_engine_outcome_keeps_the_seed_columns(tmp_path):
    """The engine's own 'scenario' outcome goes to outcome_scenario; seeds stay intact."""
    import pandas as pd

    assert main(["run", "serbia_2022", "--runs", "2", "--seed", "1", "--out", "r",
                 "--no-plots", "--quiet"]) == 0
    runs = pd.read_parquet(tmp_path / "r" / "runs.parquet")
    assert set(runs["scenario"]) == {"serbia_2022"}
    assert "outcome_scenario" in runs.columns


def test_svg_figures_are_byte_reproducible(tmp_path):
    """Drawing the same results twice gives identical PNG and SVG files."""
    assert main(["run", "single_vote", "--runs", "30", "--seed", "2", "--out", "r",
                 "--no-plots", "--quiet"]) == 0
    assert main(["plot", "r", "--plots", "a"]) == 0
    assert main(["plot", "r", "--plots", "b"]) == 0
    for name in _files(tmp_path / "a"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
