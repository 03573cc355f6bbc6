#!/usr/bin/env python
"""CRM Dojo parallel benchmark: serial vs local processes vs a local Dask cluster, in the same run.

What it measures, on the workshop default (``scenarios/workshop.yaml``):

1. ``R`` replications (default 40) of one strategy (``routine_care``):
   serially in this process, in 2 worker processes (pool start-up included: that is what a
   user waits for) and on a 2-worker Dask ``LocalCluster`` on 127.0.0.1 (cluster already up;
   its start-up is shown apart). The three must give identical tables.
                                       Bars: speed-up 2 processes >= 1.8 x, Dask >= 1.6 x.
2. "A dashboard's worth": the scenario's own ``replications`` x 2 strategies, serially in
   this process, against ``T_bare`` (a bare SimPy loop, 1,000 processes x 1,000
   ``timeout(1)``, median of 3, from ``benchmarks/run.py``).     Bar: <= 0.3 x T_bare.

The machine may be shared: the first line measures how much parallelism is free right now
(a pure-Python loop, serial vs 2 processes: about 2 x on an idle 2-core machine). A speed-up
bar cannot pass when that figure is itself below the bar; run again when the machine is quieter.

Usage::

    .venv/bin/python benchmarks/parallel.py
    .venv/bin/python benchmarks/parallel.py --replications 20 --strict   # exit 1 on a FAIL
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if importlib.util.find_spec("sim") is None:
    sys.path.append(str(HERE.parent))

BAR_PROCESSES = 1.8     # speed-up of 2 processes over serial
BAR_DASK = 1.6          # speed-up of a 2-worker Dask LocalCluster over serial
BAR_DASHBOARD = 0.3     # a dashboard's replications x 2 strategies, serial: <= 0.3 x T_bare
STRATEGY = "routine_care"
DASHBOARD_STRATEGIES = ("routine_care", "value_based")
WORKERS = 2


def t_bare(repeat: int = 3) -> float:
    """Median wall time of the bare SimPy loop of ``benchmarks/run.py``."""
    spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    return statistics.median(run.bare_simpy_once() for _ in range(repeat))


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


def free_parallelism(n: int = 3_000_000, jobs: int = 4) -> float:
    """Speed-up of ``jobs`` pure-Python loops in 2 processes over serial (pool start-up excluded)."""
    from concurrent.futures import ProcessPoolExecutor

    from sim.parallel import _mp_context

    with ProcessPoolExecutor(WORKERS, mp_context=_mp_context()) as pool:
        list(pool.map(_spin, [1] * WORKERS))
        _, t_par = timed(lambda: list(pool.map(_spin, [n] * jobs)))
    _, t_ser = timed(lambda: [_spin(n) for _ in range(jobs)])
    return t_ser / t_par


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--replications", "-r", type=int, default=40, help="replications for the speed-ups (default 40)")
    p.add_argument("--strict", action="store_true", help="exit 1 if a bar fails")
    args = p.parse_args(argv)

    from distributed import Client, LocalCluster

    import sim
    from sim.experiment import run_replications

    sc = sim.load_scenario("workshop")
    r = args.replications
    print(f"CRM Dojo {sim.__version__} · workshop ({sc.accounts.count:,} accounts, {sc.horizon_months} months) · "
          f"{os.cpu_count()} cores · Python {sys.version.split()[0]}")
    print("Wall times of one measurement each; the machine may be shared, so expect noise.")
    print(f"Free parallelism now: a pure-Python loop runs {free_parallelism():.2f} x faster in {WORKERS} processes "
          "than serially (about 2 x when the cores are idle).\n")
    run_replications(sc, STRATEGY, 1, progress=False)  # warm imports and caches

    serial, t_serial = timed(run_replications, sc, STRATEGY, r, progress=False, workers=1)
    procs, t_procs = timed(run_replications, sc, STRATEGY, r, progress=False, workers=WORKERS)
    with tempfile.TemporaryDirectory() as scratch:
        t0 = time.perf_counter()
        with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=logging.ERROR, local_directory=scratch) as cluster, \
                Client(cluster) as client:
            client.wait_for_workers(WORKERS)
            t_up = time.perf_counter() - t0
            dask, t_dask = timed(run_replications, sc, STRATEGY, r, progress=False, client=client)
    same = serial.equals(procs) and serial.equals(dask)

    n_dash = sc.replications * len(DASHBOARD_STRATEGIES)
    _, t_dash = timed(sim.compare, sc, list(DASHBOARD_STRATEGIES), progress=False, workers=1)
    bare = t_bare()

    s_procs, s_dask, dash_ratio = t_serial / t_procs, t_serial / t_dask, t_dash / bare
    checks = [
        (f"{r} replications of {STRATEGY}, serial", t_serial, "", None),
        (f"  in {WORKERS} processes (pool start-up included)", t_procs,
         f"speed-up {s_procs:.2f} x  (bar >= {BAR_PROCESSES})", s_procs >= BAR_PROCESSES),
        (f"  on a {WORKERS}-worker Dask LocalCluster (start-up {t_up:.1f} s apart)", t_dask,
         f"speed-up {s_dask:.2f} x  (bar >= {BAR_DASK})", s_dask >= BAR_DASK),
        ("T_bare: 1,000 processes x 1,000 timeout(1), median of 3", bare, "", None),
        (f"dashboard: {sc.replications} replications x {len(DASHBOARD_STRATEGIES)} strategies = {n_dash} runs serial",
         t_dash, f"{dash_ratio:.2f} x T_bare  (bar <= {BAR_DASHBOARD})", dash_ratio <= BAR_DASHBOARD),
    ]
    width = max(len(c[0]) for c in checks)
    for name, secs, note, ok in checks:
        print(f"{name:<{width}}  {secs:7.2f} s  {note:<34} {'' if ok is None else verdict(ok)}")
    print(f"\nIdentical tables from serial, processes and Dask: {'yes' if same else 'NO'}")
    print(f"One workshop replication, serial: {t_serial / r:.2f} s; the dashboard bar needs "
          f"<= {BAR_DASHBOARD * bare / n_dash:.3f} s per run here.")
    failed = [c for c in checks if c[3] is False]
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
