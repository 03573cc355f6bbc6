"""Where a command's tasks run (processes, a Dask cluster), the store of finished tasks that
lets ``--resume`` run only the rest, and the files every command writes to ``--out``."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from sim.cli_options import say
from sim.experiment import ExperimentError
from sim.io import command_line, foreign_entry, write_manifest, write_table
from sim.parallel import BackendError, local_cluster
from sim.scenario import scenario_hash
from sim.store import TaskStore, check_resume

__all__ = ["backend", "run_stored", "task_store", "write_run_manifest", "write_tables"]


@contextlib.contextmanager
def backend(args):
    """(workers, client) for --workers, --scheduler ADDRESS or --dask local; closes what it opened."""
    if not (args.scheduler or args.dask):
        yield args.workers, None
        return
    try:
        from distributed import Client  # optional heavy dependency: only with --scheduler or --dask
    except ImportError:
        raise BackendError("--scheduler and --dask need dask: pip install 'dask[distributed]'") from None
    if args.scheduler:
        try:
            client = Client(args.scheduler, timeout="15s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise BackendError(f"cannot connect to the Dask scheduler at {args.scheduler}: {exc}") from None
        with client:
            yield None, client
        return
    with local_cluster(args.workers) as cluster, Client(cluster) as client:
        yield None, client


def task_store(args, out: Path, sc, command: str, extra: dict | None = None) -> TaskStore:
    """The store of finished tasks in ``out``: checked and kept with --resume, else emptied; a first
    manifest says what is being run (so that a later --resume can check it)."""
    expected = {"command_name": command, "scenario_hash": scenario_hash(sc),
                "base_seed": sc.seed if args.seed is None else args.seed, **(extra or {})}
    store = TaskStore(out)
    if args.resume:
        check_resume(out, expected)
        say(f"Resuming: {store.count()} finished runs found in {store.path}/")
    elif foreign_entry(store.path):  # a folder of the user's own is never emptied
        raise ExperimentError(f"{store.path}/ holds {foreign_entry(store.path).name!r}, which is not a saved run: "
                              "choose another --out (nothing was changed)")
    else:
        store.clear()
    write_manifest(out, sc, [], args.strategies or sc.strategies, files=[],
                   extra={**expected, "complete": False})
    return store


def _interrupted(store, total: int) -> None:
    again = command_line() + ("" if "--resume" in sys.argv else " --resume")
    print(f"\ninterrupted: {store.count()} of {total} runs are saved in {store.path}/\n"
          f"to run only the rest: {again}", file=sys.stderr, flush=True)


def run_stored(args, sc, command: str, n_tasks: int, job, extra: dict | None = None):
    """``job(workers, client, store)`` on the chosen backend, saving each finished task in --out;
    None after Ctrl-C (having said how many of the ``n_tasks`` are saved and how to resume)."""
    store = task_store(args, Path(args.out), sc, command, extra)
    try:
        with backend(args) as (workers, client):
            return job(workers, client, store)
    except KeyboardInterrupt:
        _interrupted(store, n_tasks)
        return None


def write_tables(out: Path, tables: dict) -> None:
    """Each table of ``tables`` (file name → frame) as a file in ``out``."""
    for name, df in tables.items():
        write_table(df, out / name)


def write_run_manifest(out: Path, res, args, files: list[str], command: str, extra: dict, elapsed: float) -> None:
    """The finished manifest of a compare or sweep result ``res`` (``extra``: the command's own keys)."""
    write_manifest(out, res.scenario, res.seeds, res.strategies, files=files,
                   extra={"command_name": command, "base_seed": res.seed, "replications": res.replications,
                          **extra, "lang": args.lang, "complete": True, "elapsed_seconds": round(elapsed, 2)})
