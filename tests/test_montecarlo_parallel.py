"""Bit-identical result files whatever the workers or the backend."""

from __future__ import annotations

import hashlib

import pytest

from sim.cli.montecarlo import run_montecarlo

FILES = ("runs.parquet", "runs.csv", "votes.parquet", "votes.csv")


def _hashes(folder):
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}


def _run(tmp_path, name, **options):
    out = tmp_path / name
    run_montecarlo("single_vote", 400, seed=7, out=out, plots_dir=None, quiet=True, **options)
    return _hashes(out)


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """Hashes of the files of a serial run."""
    return _run(tmp_path_factory.mktemp("serial"), "serial")


def test_two_local_processes_write_the_same_files(serial, tmp_path):
    """--workers 2 (loky processes, small batches) gives byte-identical tables."""
    assert _run(tmp_path, "two", workers=2, batch_size=37) == serial


@pytest.mark.dask
def test_dask_against_a_local_scheduler_writes_the_same_files(serial, tmp_path):
    """--backend dask --scheduler ADDRESS gives byte-identical tables."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(host="127.0.0.1", processes=True, n_workers=2,
                                  threads_per_worker=1, dashboard_address=None) as cluster:
        got = _run(tmp_path, "dask", backend="dask", scheduler=cluster.scheduler_address,
                   batch_size=53)
    assert got == serial
