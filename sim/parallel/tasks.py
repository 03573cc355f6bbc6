"""The entry point: :func:`map_tasks` runs tasks on the backend its arguments choose, with a
progress bar (:func:`progress_bar`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator

from sim.parallel.backend import backend_name, default_workers
from sim.parallel.dask_backend import _dask
from sim.parallel.pool import _processes


def progress_bar(progress, total: int, initial: int = 0, desc: str | None = None):
    """A ``tqdm.auto`` bar (terminal or Jupyter) on stderr; ``progress`` True/False, or None for
    "on when stderr is a terminal"."""
    from tqdm.auto import tqdm  # lazy: in a Jupyter kernel tqdm.auto loads ipywidgets

    on = bool(getattr(sys.stderr, "isatty", lambda: False)()) if progress is None else bool(progress)
    return tqdm(total=total, initial=initial, disable=not on, unit="run", file=sys.stderr, desc=desc,
                dynamic_ncols=True, smoothing=0.1)


def _results(backend: str, fn: Callable, tasks: list, workers: int | None, client) -> Iterator[tuple[object, object]]:
    """The ``(task, fn(task))`` pairs on ``backend`` ('serial', 'processes' or 'dask'), as they finish."""
    if backend == "serial":
        return ((t, fn(t)) for t in tasks)
    if backend == "processes":
        return _processes(fn, tasks, workers or default_workers())
    return _dask(fn, tasks, client)


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
    results = _results(backend, fn, tasks, workers, client)
    try:
        for pair in results:
            bar.update(size(pair[0]))
            yield pair
    finally:
        results.close()  # cancels, and ends busy workers at once, also when the caller stopped early
        if own:
            bar.close()
