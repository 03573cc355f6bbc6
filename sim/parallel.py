"""Where tasks run: in this process, in a pool of local processes, or on a Dask cluster.

:func:`map_tasks` is the one entry point; it yields ``(item, fn(item))`` pairs as they
finish (in completion order) and updates a progress bar as they do. ``fn`` and the
items must be picklable for processes and Dask (a module-level function and plain
data). When the caller stops early — an exception, Ctrl-C, or simply leaving the loop —
pending work is cancelled and the workers still busy with it are ended at once, before
the exception goes on.

Local processes come from one pool per session: started on first use (or ahead, with
:func:`warm_pool`), reused by every later call with the same number of workers (a
notebook or a dashboard compares many times: the workers' start-up, mostly importing
numpy, pandas and ``sim``, is paid once), started afresh after a call that was stopped
early or a worker that died, and shut down at exit (or with :func:`shutdown_pool`).
Its workers are forks of a forkserver that has imported ``sim`` already, and they end
with the session however it ends.

On Dask, every call first checks the workers and has each import ``sim`` (once);
:func:`local_cluster` starts a local cluster set up for these tasks.

No Dask import unless a client is given: this module is part of the core.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

__all__ = ["BackendError", "backend_name", "check_dask_workers", "default_workers", "local_cluster", "map_tasks",
           "pool_pids", "progress_bar", "shutdown_pool", "warm_pool"]


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
        results.close()  # cancels, and ends busy workers at once, also when the caller stopped early
        if own:
            bar.close()


# ---------------------------------------------------------------- local processes
#: imported once by the forkserver, so that each new worker starts with them already loaded
FORKSERVER_PRELOAD = ["__main__", "sim.experiment"]

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None  # the session's pool, reused by every call with its worker count
_pool_workers = 0
_pool_busy = False  # a map_tasks call is using it (another one at the same time gets a pool of its own)


def _mp_context():
    """forkserver on Linux, spawn elsewhere: safe from threads and from Jupyter kernels.

    The forkserver preloads :data:`FORKSERVER_PRELOAD` (if it is not running yet), so that a new
    worker is a fork of a process that has already imported numpy, pandas, SimPy and ``sim``.
    """
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods and sys.platform == "linux":
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(FORKSERVER_PRELOAD))
        return ctx
    return multiprocessing.get_context("spawn")


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which cancels and shuts the pool down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _exit_with_parent() -> None:
    """End this worker as soon as the process that started it has gone, however it went.

    A pool outlives a call, so its workers wait idle for the next one; should the session die
    without shutting the pool down (SIGKILL, SIGTERM, a killed Jupyter kernel), they would
    wait for ever. The parent's sentinel becomes readable when the parent ends.
    """
    from multiprocessing.connection import wait as wait_ready

    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is None:
        return

    def watch() -> None:
        wait_ready([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _init_worker() -> None:
    _ignore_sigint()
    _exit_with_parent()
    _roomy_malloc_on()  # the pool's workers run nothing but our tasks: for their whole life


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # Workers start on demand (one per submitted task while none is idle), up to ``workers``.
    return ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_init_worker)


def _workers_of(pool: ProcessPoolExecutor | None) -> list:
    """The worker processes of ``pool`` (no public way to ask before Python 3.14)."""
    for _ in range(10):
        try:
            return list((getattr(pool, "_processes", None) or {}).values())
        except RuntimeError:  # changed size while copied: a worker is being added or removed; again
            continue
    return []


def _usable(pool: ProcessPoolExecutor) -> bool:
    """Not broken, not shut down, and no worker has died since (killed, out of memory, ...)."""
    if getattr(pool, "_broken", False) or getattr(pool, "_shutdown_thread", False):
        return False
    return all(p.is_alive() for p in _workers_of(pool))


def _acquire(workers: int) -> tuple[ProcessPoolExecutor, bool]:
    """The session's pool for ``workers`` (started if need be) and True; or, while another call
    is using it, a pool of this call's own and False."""
    global _pool_busy
    with _lock:
        if _pool_busy:
            return _new_pool(workers), False
        _pool_busy = True
        return _session_pool(workers), True


def _session_pool(workers: int) -> ProcessPoolExecutor:
    """The session's pool, replaced if it has another worker count or is unusable (hold ``_lock``)."""
    global _pool, _pool_workers
    if _pool is not None and (_pool_workers != workers or not _usable(_pool)):
        old, _pool = _pool, None
        _stop_pool(old)
    if _pool is None:
        _pool, _pool_workers = _new_pool(workers), workers
    return _pool


def _release(pool: ProcessPoolExecutor, shared: bool, keep: bool) -> None:
    """Give the pool back after a call; ``keep`` False: end its workers now (and start afresh next time)."""
    global _pool, _pool_busy
    if not shared:
        if keep:
            pool.shutdown(wait=True)
        else:
            _stop_pool(pool)
        return
    with _lock:
        _pool_busy = False
        if keep and _usable(pool):
            return
        if _pool is pool:
            _pool = None
    _stop_pool(pool)


def _processes(fn, tasks: list, workers: int) -> Iterator[tuple[object, object]]:
    pool, shared = _acquire(workers)
    pending: dict = {}
    keep = False
    try:
        try:
            for t in tasks:
                pending[pool.submit(fn, t)] = t
        except (BrokenProcessPool, RuntimeError):  # a worker died while the pool was idle: start afresh once
            if not shared:
                raise
            for fut in pending:
                fut.cancel()
            _release(pool, shared, keep=False)
            pending, pool, shared = {}, *_acquire(workers)
            for t in tasks:
                pending[pool.submit(fn, t)] = t
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                yield task, fut.result()
        keep = True
    finally:
        if not keep:
            # stopped early: what has not started is cancelled; if anything of this call is still
            # running (or queued in the workers), the workers are ended now, not after their task
            for fut in pending:
                fut.cancel()
            keep = all(fut.done() for fut in pending)  # cancelled or finished: the pool is idle again
        _release(pool, shared, keep)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (not after their current task)."""
    processes = _workers_of(pool)
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)


def _import_sim() -> str:
    """Import what a run needs (``sim.experiment`` and every ``sim.model`` module, some of which
    are imported only by the first run) and return this ``sim``'s version. Cheap once done."""
    import importlib
    import pkgutil

    import sim.experiment
    import sim.model

    for mod in pkgutil.iter_modules(sim.model.__path__, "sim.model."):
        importlib.import_module(mod.name)
    return sim.__version__


def _warm(pause: float) -> int:
    """What :func:`warm_pool` runs in each worker: import the package (mostly done already when
    the forkserver preloaded it), wait a moment so that every worker gets one, and say who ran it."""
    import time

    _import_sim()
    time.sleep(pause)
    return os.getpid()


def warm_pool(workers: int | None = None) -> float:
    """Start the session's pool of ``workers`` processes (None: all cores) now, each worker with
    ``sim`` imported, so that the next :func:`map_tasks` with as many workers starts at once.

    Returns the seconds it took (about nothing when the pool is up already). The pool stays
    up until :func:`shutdown_pool` or the end of the session. It may run in a thread of its own
    (a dashboard warming up while its page loads): a :func:`map_tasks` call meanwhile shares
    the pool being started; one that is stopped early ends it, and this returns.
    """
    import time
    from concurrent.futures import CancelledError

    global _pool, _pool_workers
    t0 = time.perf_counter()
    workers = default_workers() if workers is None else workers
    if backend_name(workers) != "processes":
        return 0.0
    with _lock:
        if _pool_busy:  # up, and working for a call right now
            return time.perf_counter() - t0
        pool = _session_pool(workers)
    try:
        # Submitted back to back, each task starts a new worker while none is idle (the pause keeps
        # them busy meanwhile); a worker that has already finished one would take the next instead,
        # so go again in that unlikely case (more workers than can be started in the pause).
        for _ in range(3):
            for fut in [pool.submit(_warm, 0.05) for _ in range(workers)]:
                fut.result()
            if len(_workers_of(pool)) >= workers:
                break
    except (BrokenProcessPool, CancelledError, RuntimeError):
        with _lock:
            ended_by_a_call = _pool is not pool  # a call stopped early ended it: nothing to warm
        if not ended_by_a_call:
            raise
    return time.perf_counter() - t0


def pool_pids() -> list[int]:
    """The process ids of the session pool's workers (empty when it is not running)."""
    with _lock:
        pool = _pool
    return sorted(p.pid for p in _workers_of(pool))


def shutdown_pool() -> None:
    """Stop the session's pool (the next :func:`map_tasks` in processes starts a new one).
    Waits for its workers to finish; called at interpreter exit."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _forget_pool_in_child() -> None:
    """A forked copy of this process does not own its parent's pool."""
    global _pool, _pool_busy, _lock
    _pool, _pool_busy, _lock = None, False, threading.Lock()


atexit.register(shutdown_pool)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_in_child)


# ---------------------------------------------------------------- memory allocator
# Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536 in the environment (and leaves it in
# the environment of the process that started the cluster, so that a process pool started later
# inherits it too). With that variable set, glibc's malloc no longer adapts its thresholds: every
# array over 128 kB is a fresh mmap and freed memory goes back to the system at once, so a run
# page-faults its arrays in again and again: 5 to 10 times the page faults, and a 20-lane workshop
# batch takes 30 to 60 % longer. While a task of ours runs, malloc keeps freed memory for reuse.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters, <malloc.h>
_ROOMY = {_M_TRIM_THRESHOLD: 64 << 20, _M_MMAP_THRESHOLD: 32 << 20}
_GLIBC_DEFAULT_MMAP_THRESHOLD = 128 << 10
_roomy_lock = threading.Lock()
_roomy_users = 0


def _libc():
    """glibc's malloc controls, when this process fixed its thresholds from the environment
    (``MALLOC_TRIM_THRESHOLD_`` or ``MALLOC_MMAP_THRESHOLD_``); else None: nothing to do."""
    if not {"MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"} & set(os.environ):
        return None
    return _glibc()


@functools.lru_cache(maxsize=1)
def _glibc():
    import ctypes
    import platform

    if sys.platform != "linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError):
        return None


def _env_bytes(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _roomy_malloc_on() -> bool:
    """Let malloc keep freed memory for reuse (see above); False if there was nothing to do."""
    libc = _libc()
    if libc is None:
        return False
    for param, value in _ROOMY.items():
        libc.mallopt(param, value)
    return True


@contextlib.contextmanager
def _roomy_malloc():
    """:func:`_roomy_malloc_on` while the block runs (and while any other such block of this
    process does); then the thresholds of the environment again, and the memory handed back."""
    global _roomy_users
    with _roomy_lock:
        changed = _roomy_malloc_on() if _roomy_users == 0 else True
        _roomy_users += changed
    try:
        yield
    finally:
        if changed:
            with _roomy_lock:
                _roomy_users -= 1
                libc = _libc() if _roomy_users == 0 else None
                if libc is not None:
                    libc.mallopt(_M_TRIM_THRESHOLD, _env_bytes("MALLOC_TRIM_THRESHOLD_", 128 << 10))
                    libc.mallopt(_M_MMAP_THRESHOLD, _env_bytes("MALLOC_MMAP_THRESHOLD_",
                                                              _GLIBC_DEFAULT_MMAP_THRESHOLD))
                    libc.malloc_trim(0)


# ---------------------------------------------------------------- Dask
def _sim_version() -> str:
    return _import_sim()


def check_dask_workers(client) -> int:
    """The number of workers of ``client``'s cluster; each must import this version of ``sim``.

    This also warms the workers: each imports everything a run needs (half a second on a fresh
    worker, nothing after), so that no task pays for it. Called before every map on Dask.
    """
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


def local_cluster(workers: int | None = None, **kwargs):
    """A Dask ``LocalCluster`` set up for CRM Dojo: ``workers`` single-thread worker processes
    (None: all cores) on 127.0.0.1, no dashboard, quiet logs, and without the
    ``MALLOC_TRIM_THRESHOLD_`` Dask puts in its workers' environment (and in this process's: see
    :func:`_roomy_malloc`). ``kwargs`` go to ``LocalCluster`` and win over these settings."""
    import logging

    import dask
    from distributed import LocalCluster

    options = {"n_workers": workers or default_workers(), "threads_per_worker": 1, "processes": True,
               "host": "127.0.0.1", "dashboard_address": None, "silence_logs": logging.ERROR}
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        return LocalCluster(**{**options, **kwargs})


def _dask_task(fn, task):
    """What a Dask worker runs for one task."""
    with _roomy_malloc():
        return fn(task)


def _dask(fn, tasks: list, client) -> Iterator[tuple[object, object]]:
    from uuid import uuid4

    from distributed import as_completed

    check_dask_workers(client)
    name = getattr(fn, "__name__", "task")  # the dashboard shows the function, not the wrapper
    futures = {client.submit(_dask_task, fn, t, key=f"{name}-{uuid4().hex}"): i for i, t in enumerate(tasks)}
    finished = False
    try:
        for fut in as_completed(list(futures)):
            yield tasks[futures[fut]], fut.result()
        finished = True
    finally:
        if not finished:
            client.cancel(list(futures))
