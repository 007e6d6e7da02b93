"""Bit-identical result files whatever the workers or the backend, for the built-in
teaching model and for an engine scenario."""

from __future__ import annotations

import hashlib

import pytest

from sim.cli.montecarlo import run_montecarlo

FILES = ("runs.parquet", "runs.csv", "votes.parquet", "votes.csv")
CASES = {"single_vote": 400, "serbia_2022": 60}
"""Model and replications: small sizes of the acceptance run."""


def _hashes(folder):
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}


def _run(folder, model, **options):
    run_montecarlo(model, CASES[model], seed=7, out=folder, plots_dir=None, quiet=True,
                   **options)
    return _hashes(folder)


@pytest.fixture(scope="module", params=sorted(CASES))
def serial(request, tmp_path_factory):
    """(model, hashes of the files of its serial run)."""
    model = request.param
    return model, _run(tmp_path_factory.mktemp("serial") / "out", model)


def test_two_local_processes_write_the_same_files(serial, tmp_path):
    """--workers 2 (loky processes, small batches) gives byte-identical tables."""
    model, expected = serial
    assert _run(tmp_path / "two", model, workers=2, batch_size=7) == expected


@pytest.mark.dask
def test_dask_against_a_local_scheduler_writes_the_same_files(serial, tmp_path):
    """--backend dask --scheduler ADDRESS gives byte-identical tables."""
    import distributed  # the [dask] extra is part of the test install

    model, expected = serial
    with distributed.LocalCluster(host="127.0.0.1", processes=True, n_workers=2,
                                  threads_per_worker=1, dashboard_address=None) as cluster:
        got = _run(tmp_path / "dask", model, backend="dask",
                   scheduler=cluster.scheduler_address, batch_size=11)
    assert got == expected
