"""Bit-identical result files whatever the workers or the backend, for the built-in
teaching model and for an engine scenario."""

from __future__ import annotations

import hashlib

import pytest

from sim.cli.montecarlo import run_montecarlo

FILES = ("runs.parquet", "runs.csv", "votes.parquet", "votes.csv", "parameters.parquet")
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


@pytest.mark.dask
def test_an_existing_cluster_from_the_dask_command_line(serial, tmp_path):
    """`dask scheduler` and `dask worker` processes on 127.0.0.1, then
    `eusim run --backend dask --scheduler tcp://...`: byte-identical tables."""
    import json
    import subprocess
    import sys
    import time
    from pathlib import Path

    model, expected = serial
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.fail("the dask command is part of the [dask] extra")
    info = tmp_path / "scheduler.json"
    common = {"cwd": tmp_path, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(info)], **common)
    workers = None
    try:
        for _ in range(600):
            if info.exists() and info.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        workers = subprocess.Popen([str(dask), "worker", address, "--nworkers", "2",
                                    "--nthreads", "1", "--host", "127.0.0.1",
                                    "--no-dashboard"], **common)
        eusim = Path(sys.executable).with_name("eusim")
        proc = subprocess.run([str(eusim), "run", model, "--runs", str(CASES[model]),
                               "--seed", "7", "--backend", "dask", "--scheduler", address,
                               "--batch-size", "13", "--out", str(tmp_path / "cluster"),
                               "--no-plots", "--quiet"], capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr
        assert _hashes(tmp_path / "cluster") == expected
    finally:
        for proc in (workers, scheduler):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=60)
