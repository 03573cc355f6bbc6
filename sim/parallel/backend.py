"""What every backend shares: the choice of backend, its error, the default worker count, and
what a worker imports before its first task."""

from __future__ import annotations

import importlib
import os
import pkgutil

import sim.model
from sim.version import __version__


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


def _import_sim() -> str:
    """Import what a run needs (the ``sim`` package, loaded with this module, and every
    ``sim.model`` module) and return this ``sim``'s version. Cheap once done."""
    for mod in pkgutil.iter_modules(sim.model.__path__, "sim.model."):
        importlib.import_module(mod.name)
    return __version__
