"""The results format: typed tables in canonical row groups, parameters once per set, the
set's identity in every table, a format version, and byte-identical files however the work
was split."""

from __future__ import annotations

import hashlib
import json
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest

import sim.montecarlo.batches as batches
import sim.montecarlo.store as store
import sim.montecarlo.tables as tables
from sim.cli import main
from sim.errors import InputError
from sim.montecarlo.manifest import FORMAT
from sim.montecarlo.replicate import Interrupted, resume, run_replications, run_sweep
from sim.montecarlo.tables import MonteCarloResult, read_runs, read_votes

SET = ("runs.parquet", "votes.parquet", "parameters.parquet", "runs.csv", "votes.csv")


def _hashes(folder):
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in SET}


@pytest.fixture
def small_chunks(monkeypatch):
    """Row groups of 16 replications, so that small runs cross several of them."""
    for module in (tables, batches, store):
        monkeypatch.setattr(module, "CHUNK", 16)


def test_parameters_are_stored_once_per_set_and_joined_on_reading(tmp_path):
    """runs.parquet holds seeds and outcomes; parameters.parquet one row per point."""
    run_sweep("single_vote", [{"behaviour.reject": 0.2}, {"behaviour.reject": 0.6}], 30,
              seed=4, out=tmp_path / "s", batch_size=7)
    narrow = pq.read_table(tmp_path / "s" / "runs.parquet")
    assert "behaviour.reject" not in narrow.column_names
    assert narrow.column_names[:5] == ["point", "root_seed", "scenario", "scenario_key",
                                       "replicate"]
    params = pq.read_table(tmp_path / "s" / "parameters.parquet").to_pandas()
    assert list(params["point"]) == [0, 1] and list(params["behaviour.reject"]) == [0.2, 0.6]
    wide = read_runs(tmp_path / "s")  # one pandas call
    assert len(wide) == 60 and set(wide["behaviour.reject"]) == {0.2, 0.6}
    assert (wide.groupby("point")["behaviour.reject"].nunique() == 1).all()
    assert wide["adopted"].dtype == bool and wide["n_reject"].dtype == "int64"
    # pandas alone reads every table too
    assert len(pd.read_parquet(tmp_path / "s" / "votes.parquet")) == len(read_votes(tmp_path / "s"))


def test_row_groups_follow_the_canonical_chunks(tmp_path, small_chunks):
    """Row group k of point p holds replicates [16k, 16k + 16), sorted, whatever the batches."""
    run_replications("single_vote", 50, seed=1, out=tmp_path / "r", batch_size=7, workers=1)
    handle = pq.ParquetFile(tmp_path / "r" / "runs.parquet")
    sizes = [handle.metadata.row_group(i).num_rows for i in range(handle.num_row_groups)]
    assert sizes == [16, 16, 16, 2]
    reps = handle.read(columns=["replicate"]).column(0).to_pylist()
    assert reps == list(range(50))


@pytest.mark.parametrize("split", [{"batch_size": 1}, {"batch_size": 5},
                                   {"batch_size": 33, "workers": 2}])
def test_files_are_byte_identical_whatever_the_split(tmp_path, small_chunks, split):
    """Batch size and workers change nothing in the files (several row groups)."""
    run_replications("single_vote", 40, seed=8, out=tmp_path / "a", batch_size=40)
    run_replications("single_vote", 40, seed=8, out=tmp_path / "b", **split)
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")


def test_a_resumed_set_is_byte_identical_to_an_uninterrupted_one(tmp_path, small_chunks):
    """Interrupted mid-chunk, resumed with another batch size: the same bytes."""
    run_replications("single_vote", 45, seed=3, out=tmp_path / "whole", batch_size=45)

    def stop(done):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted) as info:
        run_replications("single_vote", 45, seed=3, out=tmp_path / "cut", batch_size=5,
                         on_batch=stop)
    partial = info.value.partial
    assert not partial.complete and partial.manifest["replications_done"] == 15
    resume(partial, batch_size=4, out=tmp_path / "cut")
    assert _hashes(tmp_path / "cut") == _hashes(tmp_path / "whole")


def test_every_table_carries_the_identity_of_its_set(tmp_path):
    """The manifest's set_id is in each table's metadata; sets of other seeds differ."""
    a = run_replications("single_vote", 10, seed=1, out=tmp_path / "a")
    b = run_replications("single_vote", 10, seed=2, out=tmp_path / "b")
    assert a.manifest["set_id"] != b.manifest["set_id"]
    for name in ("runs", "votes", "parameters"):
        meta = pq.read_schema(tmp_path / "a" / f"{name}.parquet").metadata
        assert meta[b"eusim.set"].decode() == a.manifest["set_id"]
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["format"] == FORMAT and manifest["root_seed"] == 1
    assert set(manifest["files"]) >= set(SET) | {"manifest.json"}


@pytest.mark.parametrize("swap", [("b", "votes.parquet", "votes.parquet"),
                                  ("a", "votes.parquet", "runs.parquet"),
                                  ("b", "parameters.parquet", "parameters.parquet")])
def test_a_folder_whose_tables_disagree_with_its_manifest_is_refused(tmp_path, capsys, swap):
    """A table from another set (or of another kind): plot and --resume refuse, one line."""
    for seed, name in ((1, "a"), (2, "b")):
        assert main(["run", "single_vote", "--runs", "12", "--seed", str(seed), "--out",
                     str(tmp_path / name), "--no-plots", "--quiet"]) == 0
    capsys.readouterr()
    donor, source, target = swap
    shutil.copy(tmp_path / donor / source, tmp_path / "a" / target)
    for args in (["plot", str(tmp_path / "a"), "--plots", str(tmp_path / "figs")],
                 ["run", "--resume", str(tmp_path / "a"), "--runs", "20", "--no-plots",
                  "--quiet"]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(tmp_path / "a") in err
    assert not (tmp_path / "figs").exists()
    with pytest.raises(InputError):
        MonteCarloResult.open(tmp_path / "a")


@pytest.mark.parametrize("edit", [{"format": "eusim-montecarlo/1"}, {"root_seed": "x"},
                                  {"root_seed": -1}, {"root_seed": 2**80}, {"runs": "abc"},
                                  {"runs": 10**15}, {"points": "x"}, {"root_seed": None}])
def test_an_older_or_edited_manifest_is_refused_in_one_line(tmp_path, capsys, edit):
    """Format 1 (an earlier eusim) and hand-edited counts or seeds: exit 2, one line."""
    assert main(["run", "single_vote", "--runs", "5", "--seed", "1", "--out",
                 str(tmp_path / "r"), "--no-plots", "--quiet"]) == 0
    path = tmp_path / "r" / "manifest.json"
    path.write_text(json.dumps(json.loads(path.read_text()) | edit))
    capsys.readouterr()
    assert main(["plot", str(tmp_path / "r"), "--plots", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("manifest" in err or "format" in err)


def test_a_new_run_replaces_an_older_format_folder(tmp_path):
    """A folder of format 1 is eusim's own: a new run into it replaces it as a whole."""
    old = tmp_path / "r"
    old.mkdir()
    (old / "manifest.json").write_text(json.dumps({"format": "eusim-montecarlo/1"}))
    (old / "runs.parquet").write_bytes(b"old")
    assert main(["run", "single_vote", "--runs", "5", "--seed", "1", "--out", str(old),
                 "--no-plots", "--quiet"]) == 0
    assert MonteCarloResult.open(old).manifest["format"] == FORMAT


def test_user_files_in_a_results_folder_survive_a_new_run(tmp_path):
    """Figures put inside the results folder (--plots DIR/plots) are kept by the swap."""
    out = tmp_path / "demo"
    assert main(["run", "single_vote", "--runs", "20", "--seed", "7", "--out", str(out),
                 "--plots", str(out / "plots"), "--quiet"]) == 0
    assert (out / "plots" / "single_vote_adoption.png").exists()
    assert main(["run", "single_vote", "--runs", "10", "--seed", "8", "--out", str(out),
                 "--no-plots", "--quiet"]) == 0
    assert (out / "plots" / "single_vote_adoption.png").exists()
    assert MonteCarloResult.open(out).root_seed == 8


def test_a_folder_that_is_not_a_results_folder_is_never_replaced(tmp_path, capsys):
    """--out pointing at a folder of other files: refused, one line, nothing touched."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("keep me")
    assert main(["run", "single_vote", "--runs", "5", "--out", str(mine), "--no-plots",
                 "--quiet"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.tex"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
