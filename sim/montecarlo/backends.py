"""Where batches of replications run: in this process, in local processes, or on Dask.

A backend maps a module-level function over a list of tasks and yields ``(index, result)``
pairs in whatever order they finish; the caller sorts. Tasks and results are plain data
(dicts of lists of scalars), so nothing but them crosses a process boundary. The local
process pool is joblib's loky; Dask is imported only when asked for (the optional
``eusim[dask]`` extra).

Local workers are started with ``PYTHONSAFEPATH=1``, so that they never import modules
from the current folder (a stray ``concurrent.py`` there would otherwise run in every
worker). At most :data:`MAX_WORKERS_PER_CORE` local workers per core are allowed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any

from sim.errors import InputError

Task = dict[str, Any]
BatchFn = Callable[[Task], dict[str, Any]]

BACKENDS = ("serial", "processes", "dask")
"""Backend names accepted by :func:`choose_backend`."""
MAX_WORKERS_PER_CORE = 4
"""Local workers beyond this many per core only cost memory and start-up time."""
MAX_DASK_WORKERS = 10_000
"""Most workers asked of a Dask cluster."""


def choose_backend(backend: str | None, workers: int, scheduler: str | None) -> str:
    """The backend to use: ``backend`` checked, or the default for ``workers``/``scheduler``.

    Defaults: ``dask`` when a scheduler address is given, else ``processes`` for more than
    one worker, else ``serial``.
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    if backend is None:
        backend = "dask" if scheduler else ("processes" if workers > 1 else "serial")
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r} (backends: {', '.join(BACKENDS)})")
    cores = os.cpu_count() or 1
    limit = MAX_DASK_WORKERS if backend == "dask" else MAX_WORKERS_PER_CORE * cores
    if workers > limit:
        raise InputError(f"--workers {workers} is more than {limit}"
                         + ("" if backend == "dask" else f" ({MAX_WORKERS_PER_CORE} per core "
                            f"on this machine's {cores}; use --backend dask for a cluster)"))
    if scheduler is not None and not scheduler.strip():
        raise InputError("--scheduler is empty")
    if scheduler and backend != "dask":
        raise InputError(f"--scheduler needs the dask backend, not {backend!r}")
    if backend == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise InputError("the dask backend needs the optional extra: "
                             "pip install 'eusim[dask]'") from None
    return backend


def _indexed(fn: BatchFn, index: int, task: Task) -> tuple[int, dict[str, Any]]:
    return index, fn(task)


def _serial(fn: BatchFn, tasks: list[Task]) -> Generator[tuple[int, dict[str, Any]], None, None]:
    for i, task in enumerate(tasks):
        yield i, fn(task)


def _processes(fn: BatchFn, tasks: list[Task],
               workers: int) -> Generator[tuple[int, dict[str, Any]], None, None]:
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=workers, backend="loky", return_as="generator_unordered",
                        pre_dispatch="2 * n_jobs")
    results = parallel(delayed(_indexed)(fn, i, t) for i, t in enumerate(tasks))
    try:
        yield from results
    finally:
        results.close()  # on an interruption: stop dispatching, abort what is running


def _dask(fn: BatchFn, tasks: list[Task], workers: int,
          scheduler: str | None) -> Generator[tuple[int, dict[str, Any]], None, None]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
    try:
        client = Client(cluster if cluster is not None else scheduler, timeout="10s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise InputError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from None
    futures = [client.submit(_indexed, fn, i, t, pure=False) for i, t in enumerate(tasks)]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()


@contextmanager
def _safe_path() -> Iterator[None]:
    """Start child interpreters with ``PYTHONSAFEPATH=1``: no current folder on sys.path."""
    before = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTHONSAFEPATH", None)
        else:
            os.environ["PYTHONSAFEPATH"] = before


@contextmanager
def mapped(fn: BatchFn, tasks: list[Task], backend: str, workers: int = 1,
           scheduler: str | None = None) -> Iterator[Iterator[tuple[int, dict[str, Any]]]]:
    """``(index, fn(task))`` for every task, in completion order, on ``backend``.

    Use as a context manager so that an interruption shuts the workers down::

        with mapped(run_batch, tasks, "processes", workers=2) as results:
            for i, result in results: ...
    """
    gen: Generator[tuple[int, dict[str, Any]], None, None]
    if backend == "serial" or not tasks:
        gen = _serial(fn, tasks)
    elif backend == "processes":
        gen = _processes(fn, tasks, workers)
    elif backend == "dask":
        gen = _dask(fn, tasks, workers, scheduler)
    else:
        raise InputError(f"unknown backend {backend!r} (backends: {', '.join(BACKENDS)})")
    with _safe_path():
        try:
            yield gen
        finally:
            gen.close()
