"""Where tasks run: in this process, in a pool of local processes, or on a Dask cluster.

:func:`map_tasks` is the one entry point; it yields ``(item, fn(item))`` pairs as they
finish (in completion order) and updates a progress bar as they do. ``fn`` and the
items must be picklable for processes and Dask (a module-level function and plain
data). When the caller stops early — an exception, Ctrl-C, or simply leaving the loop —
pending work is cancelled and the pool is shut down before the exception goes on.

No Dask import unless a client is given: this module is part of the core.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

__all__ = ["BackendError", "backend_name", "check_dask_workers", "default_workers", "map_tasks", "progress_bar"]


class BackendError(RuntimeError):
    """A parallel or distributed backend that cannot be used; the message says why."""


def default_workers() -> int:
    """All the cores of this machine."""
    return os.cpu_count() or 1


def backend_name(workers: int | None = 1, client=None, n_items: int | None = None) -> str:
    """'dask', 'processes' or 'serial': what :func:`map_tasks` will use for these arguments."""
    if client is not None:
        return "dask"
    workers = default_workers() if workers is None else workers
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise BackendError(f"workers must be a whole number of at least 1, got {workers!r}")
    return "processes" if workers > 1 and (n_items is None or n_items > 1) else "serial"


def progress_bar(progress, total: int, initial: int = 0, desc: str | None = None):
    """A ``tqdm.auto`` bar (terminal or Jupyter) on stderr; ``progress`` True/False, or None for
    "on when stderr is a terminal"."""
    from tqdm.auto import tqdm

    on = bool(getattr(sys.stderr, "isatty", lambda: False)()) if progress is None else bool(progress)
    return tqdm(total=total, initial=initial, disable=not on, unit="run", file=sys.stderr, desc=desc,
                dynamic_ncols=True, smoothing=0.1)


def map_tasks(fn: Callable, tasks: Iterable, workers: int | None = None, client=None,
              progress=None, size: Callable[[object], int] = lambda task: 1) -> Iterator[tuple[object, object]]:
    """Yield ``(task, fn(task))`` for every task, as each finishes.

    ``client``: a ``dask.distributed.Client`` (then ``workers`` is ignored). Otherwise
    ``workers`` processes (``None``: all cores; 1: serially in this process).
    ``progress``: a bar (anything with ``update()``), or True/False/None for a new one
    (None: on when stderr is a terminal); ``size(task)`` is how far a finished task moves it.
    """
    tasks = list(tasks)
    backend = backend_name(workers, client, len(tasks))
    own = not hasattr(progress, "update")
    bar = progress_bar(progress, sum(size(t) for t in tasks)) if own else progress
    if backend == "serial":
        results = ((t, fn(t)) for t in tasks)
    elif backend == "processes":
        results = _processes(fn, tasks, workers or default_workers())
    else:
        results = _dask(fn, tasks, client)
    try:
        for pair in results:
            bar.update(size(pair[0]))
            yield pair
    finally:
        results.close()  # cancels and shuts down at once, also when the caller stopped early
        if own:
            bar.close()


# ---------------------------------------------------------------- local processes
def _mp_context():
    """forkserver on Linux, spawn elsewhere: safe from threads and from Jupyter kernels."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods and sys.platform == "linux"
                                       else "spawn")


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which cancels and shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _processes(fn, tasks: list, workers: int) -> Iterator[tuple[object, object]]:
    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=_mp_context(),
                               initializer=_ignore_sigint)
    pending = {pool.submit(fn, t): t for t in tasks}
    finished = False
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                yield task, fut.result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_pool(pool, pending)


def _stop_pool(pool: ProcessPoolExecutor, pending) -> None:
    """Cancel what has not started and end the workers now (not after their current task)."""
    for fut in pending:
        fut.cancel()
    processes = list(getattr(pool, "_processes", {}).values())  # no public way before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)


# ---------------------------------------------------------------- Dask
def _sim_version() -> str:
    import sim

    return sim.__version__


def check_dask_workers(client) -> int:
    """The number of workers of ``client``'s cluster; each must import this version of ``sim``."""
    import sim

    where = getattr(getattr(client, "scheduler", None), "address", "the cluster")
    try:
        versions = client.run(_sim_version)
    except Exception as exc:  # noqa: BLE001 - a worker without the package fails to unpickle _sim_version
        raise BackendError(f"the Dask workers at {where} cannot run CRM Dojo ({type(exc).__name__}: {exc}); "
                           f"install crm-dojo {sim.__version__} on every worker") from None
    if not versions:
        raise BackendError(f"the Dask cluster at {where} has no workers")
    other = {w: v for w, v in versions.items() if v != sim.__version__}
    if other:
        raise BackendError(f"Dask workers run another CRM Dojo version than this one ({sim.__version__}): "
                           + ", ".join(f"{w}: {v}" for w, v in sorted(other.items())))
    return len(versions)


def _dask(fn, tasks: list, client) -> Iterator[tuple[object, object]]:
    from distributed import as_completed

    check_dask_workers(client)
    futures = {client.submit(fn, t, pure=False): i for i, t in enumerate(tasks)}
    finished = False
    try:
        for fut in as_completed(list(futures)):
            yield tasks[futures[fut]], fut.result()
        finished = True
    finally:
        if not finished:
            client.cancel(list(futures))
