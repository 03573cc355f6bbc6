"""The session's pool of local processes.

One pool per session: started on first use (or ahead, with :func:`warm_pool`), reused by every
later call with the same number of workers (a notebook or a dashboard compares many times: the
workers' start-up, mostly importing numpy, pandas and ``sim``, is paid once), started afresh
after a call that was stopped early or a worker that died, and shut down at exit (or with
:func:`shutdown_pool`). Its workers are forks of a forkserver that has imported ``sim`` already,
and they end with the session however it ends.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait as wait_ready

from sim.parallel.backend import _import_sim, backend_name, default_workers
from sim.parallel.malloc import _roomy_malloc_on

#: imported once by the forkserver, so that each new worker starts with them already loaded
FORKSERVER_PRELOAD = ["__main__", "sim"]

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
    results = getattr(pool, "_result_queue", None)  # shutdown() forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)
    _close_our_result_writer(results)


def _close_our_result_writer(results) -> None:
    """Close this process's copy of the writing end of the pool's result pipe (it never writes there).

    A worker ended while it was sending a result leaves half a message in the pipe, and the pool's
    manager thread, reading it, would wait for the rest for ever; the interpreter waits for that
    thread at exit, so the program would never end. Once the workers are gone and this copy is
    closed, no writer is left: the read ends (end of file), the pool counts itself broken and
    cleans up as it does when a worker dies.
    """
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()


def _warm(pause: float) -> int:
    """What :func:`warm_pool` runs in each worker: import the package (mostly done already when
    the forkserver preloaded it), wait a moment so that every worker gets one, and say who ran it."""
    _import_sim()
    time.sleep(pause)
    return os.getpid()


def _start_workers(pool: ProcessPoolExecutor, workers: int) -> None:
    """Have ``pool`` start all its ``workers``, each importing sim.

    Submitted back to back, each task starts a new worker while none is idle (the pause keeps
    them busy meanwhile); a worker that has already finished one would take the next instead,
    so go again in that unlikely case (more workers than can be started in the pause)."""
    for _ in range(3):
        for fut in [pool.submit(_warm, 0.05) for _ in range(workers)]:
            fut.result()
        if len(_workers_of(pool)) >= workers:
            break


def warm_pool(workers: int | None = None) -> float:
    """Start the session's pool of ``workers`` processes (None: all cores) now, each worker with
    ``sim`` imported, so that the next :func:`map_tasks` with as many workers starts at once.

    Returns the seconds it took (about nothing when the pool is up already). The pool stays
    up until :func:`shutdown_pool` or the end of the session. It may run in a thread of its own
    (a dashboard warming up while its page loads): a :func:`map_tasks` call meanwhile shares
    the pool being started; one that is stopped early ends it, and this returns.
    """
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
        _start_workers(pool, workers)
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
