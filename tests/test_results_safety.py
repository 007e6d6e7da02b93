"""Result sets survive kills, full disks and concurrent writers; workers ignore the
current folder; counts are bounded up front.

The kill tests interrupt a run into a folder that already holds a complete set, with
SIGINT or SIGKILL at random moments (and at every file-system step of the final write),
and check that the folder then holds the old complete set, the new complete set, or a
partial set of the new run that ``--resume`` completes to the new set's exact bytes.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sizes import heavy

from sim.cli import main
from sim.montecarlo.folders import locked
from sim.montecarlo.tables import MonteCarloResult

SET = ("runs.parquet", "votes.parquet", "parameters.parquet", "runs.csv", "votes.csv",
       "events.csv", "summary.txt")
RUN = ["run", "single_vote", "--runs", "600", "--batch-size", "20", "--no-plots", "--quiet"]
KILLS = heavy(300, 4)
"""Random kills: a few in every test run, 300 under EUSIM_HEAVY=full."""


def _eusim() -> list[str]:
    script = Path(sys.executable).with_name("eusim")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sim.cli"]


def _hashes(folder: Path) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in SET}


def _leftovers(folder: Path) -> list[str]:
    """Staging or old folders beside ``folder`` (the empty lock file stays, by design)."""
    return sorted(p.name for p in folder.parent.iterdir()
                  if p.name.startswith(f".{folder.name}.eusim-") and p.is_dir())


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """An old complete set (seed 1) and the new complete set (seed 2), with their hashes."""
    base = tmp_path_factory.mktemp("sets")
    for seed in (1, 2):
        assert main([*RUN, "--seed", str(seed), "--out", str(base / f"seed{seed}")]) == 0
    return base, _hashes(base / "seed1"), _hashes(base / "seed2")


def _check_valid(out: Path, old: dict[str, str], new: dict[str, str]) -> str:
    """What ``out`` holds ('old', 'new' or 'partial'); fails unless it is a valid set."""
    result = MonteCarloResult.open(out)  # every table agrees with the manifest
    if result.complete:
        got = _hashes(out)
        assert got in (old, new), "a complete set that is neither the old nor the new one"
        return "old" if got == old else "new"
    assert result.root_seed == 2
    assert main(["run", "--resume", str(out), "--no-plots", "--quiet"]) == 0
    assert _hashes(out) == new
    return "partial"


def test_random_kills_leave_a_valid_set(sets, tmp_path):
    """SIGINT and SIGKILL at uniformly random moments of a run, final write included."""
    base, old, new = sets
    start = time.perf_counter()
    subprocess.run([*_eusim(), *RUN, "--seed", "2", "--out", str(tmp_path / "timing")],
                   check=True, capture_output=True)
    duration = time.perf_counter() - start
    rng = random.Random(20221206)
    seen: dict[str, int] = {}
    for i in range(KILLS):
        out = tmp_path / f"k{i}"
        shutil.copytree(base / "seed1", out)
        sig = rng.choice([signal.SIGINT, signal.SIGKILL])
        proc = subprocess.Popen([*_eusim(), *RUN, "--seed", "2", "--out", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 1.1 * duration))
        proc.send_signal(sig)
        proc.wait(timeout=120)
        kind = _check_valid(out, old, new)  # a resume (when partial) cleans leftovers too
        seen[kind] = seen.get(kind, 0) + 1
        with locked(out):  # the next writer cleans what a killed one left
            assert _leftovers(out) == []
        shutil.rmtree(out)
    print(f"{KILLS} kills: {seen}")
    assert sum(seen.values()) == KILLS


CRASH = textwrap.dedent("""
    import os, shutil, signal, sys
    from pathlib import Path
    import pyarrow.parquet as pq
    import sim.montecarlo.folders as folders
    import sim.montecarlo.store as store
    from sim.montecarlo.replicate import run_replications

    at, how = int(sys.argv[1]), getattr(signal, sys.argv[2])
    count = [0]
    committing = [False]

    def tick():
        if committing[0]:
            count[0] += 1
            if count[0] == at:
                os.kill(os.getpid(), how)

    def counted(fn):
        def wrapper(*a, **k):
            tick()
            out = fn(*a, **k)
            tick()
            return out
        return wrapper

    commit = store.SetWriter.commit
    def watched(self, *a, **k):
        committing[0] = True
        return commit(self, *a, **k)
    store.SetWriter.commit = watched
    for mod, name in [(os, "rename"), (os, "replace"), (shutil, "rmtree"),
                      (folders, "_exchange"), (store, "write_table"), (pq, "write_table")]:
        setattr(mod, name, counted(getattr(mod, name)))
    Path.write_text = counted(Path.write_text)
    Path.rename = counted(Path.rename)
    run_replications("single_vote", 80, seed=2, out=sys.argv[3], batch_size=20,
                     extras=lambda r: {"events.csv": "day,actor,event\\n",
                                       "summary.txt": "s\\n"})
    print("steps", count[0])
""")


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_a_kill_at_every_step_of_the_final_write_leaves_a_valid_set(tmp_path, how):
    """Killed at each file-system step of the final write: the old set or the new one."""
    from sim.montecarlo.replicate import run_replications

    run_replications("single_vote", 50, seed=1, out=tmp_path / "old", batch_size=50)
    run_replications("single_vote", 80, seed=2, out=tmp_path / "new", batch_size=80)
    names = ("runs.parquet", "votes.parquet", "parameters.parquet", "manifest.json")
    old = {n: (tmp_path / "old" / n).read_bytes() for n in names}
    new_tables = {n: (tmp_path / "new" / n).read_bytes() for n in names[:3]}
    # SIGKILL: every step; SIGINT (held back while writing): every third in a quick run
    at, outcomes, stride = 1, set(), 1 if how == "SIGKILL" else heavy(1, 3)
    while True:
        out = tmp_path / f"at{at}"
        shutil.copytree(tmp_path / "old", out)
        proc = subprocess.run([sys.executable, "-c", CRASH, str(at), how, str(out)],
                              capture_output=True, text=True, timeout=120)
        got = {n: (out / n).read_bytes() for n in names}
        MonteCarloResult.open(out)
        if got == old:
            outcomes.add("old")
        else:
            assert {n: got[n] for n in names[:3]} == new_tables
            outcomes.add("new")
        with locked(out):  # the next writer cleans what a killed one left
            assert _leftovers(out) == []
        if "steps" in proc.stdout and at >= int(proc.stdout.split()[-1]):
            break  # every step has been tried
        at += stride if "steps" in proc.stdout else 1
    assert at > 10 and "new" in outcomes
    assert outcomes == ({"old", "new"} if how == "SIGKILL" else {"new"})


def _one_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("eusim: error: ")


def test_a_second_run_into_a_locked_folder_is_refused(tmp_path, capsys):
    """While a run holds the folder's lock, another is refused: one line, exit 2."""
    out = tmp_path / "r"
    assert main(["run", "single_vote", "--runs", "5", "--seed", "1", "--out", str(out),
                 "--no-plots", "--quiet"]) == 0
    before = _hashes(out)
    capsys.readouterr()
    with locked(out):
        assert main(["run", "single_vote", "--runs", "5", "--seed", "2", "--out", str(out),
                     "--no-plots", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert _one_line(err) and "another eusim run" in err
    assert _hashes(out) == before


def test_two_concurrent_runs_into_one_folder_never_mix(tmp_path):
    """Two runs started together: one wins (or they take turns); the folder is one set."""
    out = tmp_path / "r"
    for attempt in range(heavy(15, 1)):
        procs = [subprocess.Popen([*_eusim(), *RUN, "--seed", str(seed), "--out", str(out)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for seed in (1, 2)]
        codes, errs = zip(*[(p.wait(timeout=300), p.stderr.read()) for p in procs],
                          strict=True)
        assert set(codes) <= {0, 2} and 0 in codes, (attempt, codes, errs)
        for code, err in zip(codes, errs, strict=True):
            if code == 2:
                assert _one_line(err) and "another eusim run" in err
        result = MonteCarloResult.open(out)
        assert result.complete and result.root_seed in (1, 2)
        assert _leftovers(out) == []


def _old_set(out: Path) -> dict[str, str]:
    assert main(["run", "single_vote", "--runs", "20", "--seed", "1", "--out", str(out),
                 "--no-plots", "--quiet"]) == 0
    return _hashes(out)


def test_a_full_disk_is_one_line_exit_1_and_keeps_the_old_set(tmp_path, capsys,
                                                               monkeypatch):
    """The writer fails with ENOSPC mid-run: one line naming the file, exit 1, old set kept."""
    import errno

    import pyarrow as pa

    out = tmp_path / "r"
    before = _old_set(out)
    capsys.readouterr()
    real, calls = pa.ipc.new_file, []

    def full(sink, schema, **kw):
        calls.append(sink)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(sink, schema, **kw)

    monkeypatch.setattr(pa.ipc, "new_file", full)
    assert main(["run", "single_vote", "--runs", "200", "--seed", "2", "--batch-size", "20",
                 "--out", str(out), "--no-plots", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert _one_line(err) and "No space left on device" in err and str(tmp_path) in err
    assert _hashes(out) == before and _leftovers(out) == []


def test_a_real_full_disk_on_a_small_tmpfs(tmp_path, capsys):
    """On a 1 MiB tmpfs (needs root to mount): exit 1, one line, the old set intact."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                             capture_output=True, check=False).returncode == 0
    if not mounted:
        pytest.skip("mounting a tmpfs needs root; the patched-writer test covers the logic")
    try:
        out = disk / "r"
        before = _old_set(out)
        capsys.readouterr()
        assert main(["run", "single_vote", "--runs", "20000", "--seed", "2", "--out",
                     str(out), "--no-plots", "--quiet"]) == 1
        err = capsys.readouterr().err
        assert _one_line(err) and "No space left on device" in err and str(disk) in err
        assert _hashes(out) == before and _leftovers(out) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_folder_that_cannot_be_written_is_one_line_exit_1(tmp_path, capsys, monkeypatch):
    """A permission error while swapping the set in: exit 1, one line, old set intact."""
    import sim.montecarlo.folders as folders

    out = tmp_path / "r"
    before = _old_set(out)
    capsys.readouterr()

    def refuse(*args):
        raise PermissionError(13, "Permission denied", str(out))

    monkeypatch.setattr(folders, "swap_in", refuse)
    monkeypatch.setattr("sim.montecarlo.store.swap_in", refuse)
    assert main(["run", "single_vote", "--runs", "30", "--seed", "2", "--out", str(out),
                 "--no-plots", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert _one_line(err) and "Permission denied" in err and str(out) in err
    assert _hashes(out) == before and _leftovers(out) == []


@pytest.mark.parametrize("backend", ["processes", pytest.param("dask", marks=pytest.mark.dask)])
def test_workers_do_not_import_modules_from_the_current_folder(tmp_path, backend):
    """A planted concurrent.py / multiprocessing.py in the current folder never runs."""
    for name in ("concurrent.py", "multiprocessing.py", "numpy.py"):
        (tmp_path / name).write_text(f"open({str(tmp_path / 'PLANTED')!r}, 'a').write('x')\n"
                                     "raise SystemExit(99)\n")
    proc = subprocess.run([*_eusim(), "run", "single_vote", "--runs", "40", "--workers", "2",
                           "--backend", backend, "--batch-size", "5", "--seed", "1",
                           "--out", "r", "--no-plots", "--quiet"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "PLANTED").exists()
    assert MonteCarloResult.open(tmp_path / "r").complete


@pytest.mark.parametrize("args", [
    ["run", "single_vote", "--runs", str(10**12)],
    ["run", "single_vote", "--runs", "100", "--workers", "1000"],
    ["run", "single_vote", "--runs", "100", "--workers", str(4 * (os.cpu_count() or 1) + 1)],
    ["sweep", "single_vote", "--param", "behaviour.reject=0.1,0.2", "--runs", str(10**8)],
    ["run", "single_vote", "--runs", "5", "--backend", "dask", "--scheduler", " "],
])
def test_counts_are_bounded_up_front(tmp_path, capsys, args, monkeypatch):
    """Too many replications or local workers: refused at once, one line, exit 2."""
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    assert main([*args, "--no-plots", "--quiet"]) == 2
    assert time.perf_counter() - start < 30  # refused, not attempted
    assert _one_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_a_vanished_staging_folder_is_a_resource_error(tmp_path):
    """The staging folder removed under a run: ResourceError naming the file; old set kept."""
    from sim.montecarlo.folders import ResourceError
    from sim.montecarlo.replicate import run_replications

    out = tmp_path / "r"
    before = _old_set(out)

    def vanish(done):
        if done == 2:
            for path in tmp_path.glob(".r.eusim-new-*"):
                shutil.rmtree(path)

    with pytest.raises(ResourceError) as info:
        run_replications("single_vote", 100, seed=3, out=out, batch_size=10, on_batch=vanish)
    message = str(info.value)
    assert message.startswith("cannot write ") and "\n" not in message
    assert "No such file or directory" in message
    assert _hashes(out) == before and _leftovers(out) == []
