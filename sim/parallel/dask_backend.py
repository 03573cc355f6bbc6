"""Tasks on a Dask cluster.

Every call first checks the workers and has each import ``sim`` (once); :func:`local_cluster`
starts a local cluster set up for these tasks. Dask is imported only when a client is given
(or a cluster started).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from uuid import uuid4

from sim.parallel.backend import BackendError, _import_sim, default_workers
from sim.parallel.malloc import _roomy_malloc
from sim.version import __version__


def _sim_version() -> str:
    return _import_sim()


def check_dask_workers(client) -> int:
    """The number of workers of ``client``'s cluster; each must import this version of ``sim``.

    This also warms the workers: each imports everything a run needs (half a second on a fresh
    worker, nothing after), so that no task pays for it. Called before every map on Dask.
    """
    where = getattr(getattr(client, "scheduler", None), "address", "the cluster")
    try:
        versions = client.run(_sim_version)
    except Exception as exc:  # noqa: BLE001 - a worker without the package fails to unpickle _sim_version
        raise BackendError(f"the Dask workers at {where} cannot run CRM Dojo ({type(exc).__name__}: {exc}); "
                           f"install crm-dojo {__version__} on every worker") from None
    if not versions:
        raise BackendError(f"the Dask cluster at {where} has no workers")
    other = {w: v for w, v in versions.items() if v != __version__}
    if other:
        raise BackendError(f"Dask workers run another CRM Dojo version than this one ({__version__}): "
                           + ", ".join(f"{w}: {v}" for w, v in sorted(other.items())))
    return len(versions)


def local_cluster(workers: int | None = None, **kwargs):
    """A Dask ``LocalCluster`` set up for CRM Dojo: ``workers`` single-thread worker processes
    (None: all cores) on 127.0.0.1, no dashboard, quiet logs, and without the
    ``MALLOC_TRIM_THRESHOLD_`` Dask puts in its workers' environment (and in this process's: see
    :func:`_roomy_malloc`). ``kwargs`` go to ``LocalCluster`` and win over these settings."""
    import dask  # optional and heavy: Dask only when a cluster is asked for
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
    from distributed import as_completed  # optional and heavy: only when a client is given

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
