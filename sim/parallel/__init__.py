"""Where tasks run: in this process, in a pool of local processes, or on a Dask cluster.

:func:`map_tasks` is the one entry point; it yields ``(item, fn(item))`` pairs as they
finish (in completion order) and updates a progress bar as they do. ``fn`` and the
items must be picklable for processes and Dask (a module-level function and plain
data). When the caller stops early — an exception, Ctrl-C, or simply leaving the loop —
pending work is cancelled and the workers still busy with it are ended at once, before
the exception goes on.

- :mod:`sim.parallel.backend`: the choice of backend (:func:`backend_name`), :class:`BackendError`.
- :mod:`sim.parallel.tasks`: :func:`map_tasks` and :func:`progress_bar`.
- :mod:`sim.parallel.pool`: the session's pool of local processes (:func:`warm_pool`,
  :func:`shutdown_pool`, :func:`pool_pids`).
- :mod:`sim.parallel.dask_backend`: Dask clients (:func:`check_dask_workers`, :func:`local_cluster`).
- :mod:`sim.parallel.malloc`: glibc malloc thresholds while a task runs.

No Dask import unless a client is given: this package is part of the core.
"""

from __future__ import annotations

from sim.parallel.backend import BackendError, backend_name, default_workers
from sim.parallel.dask_backend import check_dask_workers, local_cluster
from sim.parallel.malloc import _roomy_malloc  # noqa: F401 - for tests
from sim.parallel.pool import FORKSERVER_PRELOAD, _mp_context, pool_pids, shutdown_pool, warm_pool  # noqa: F401
from sim.parallel.tasks import map_tasks, progress_bar

# Each module looks its own names up: patch a name in the module that defines it
# (sim.parallel.malloc._glibc, not sim.parallel._glibc).

__all__ = ["BackendError", "backend_name", "check_dask_workers", "default_workers", "local_cluster", "map_tasks",
           "pool_pids", "progress_bar", "shutdown_pool", "warm_pool"]
