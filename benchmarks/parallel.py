#!/usr/bin/env python
"""CRM Dojo parallel benchmark: serial vs local processes vs a local Dask cluster, in the same run.

What it measures, on the workshop default (``scenarios/workshop.yaml``):

1. ``R`` replications (default 40) of one strategy (``routine_care``):
   serially in this process, in the session's pool of 2 worker processes and on a 2-worker
   Dask ``LocalCluster`` on 127.0.0.1 (``sim.parallel.local_cluster``). The pool and the
   cluster start up once per session (a notebook or a dashboard then compares many times on
   them), so their start-ups are measured apart and shown: the pool's with
   ``sim.parallel.warm_pool``, the cluster's up to its workers having imported ``sim``. The
   speed-ups are those of the warm pool and cluster, each the best of ``--repeat`` rounds in
   which serial, pool and cluster run in turn (so a slow spell of a shared machine hits all three);
   the first call of a session (start-up + first run) is shown too, without a bar. The three
   must give identical tables.     Bars: speed-up 2 processes >= 1.8 x, Dask >= 1.6 x.
   In the same rounds, the two batches the pool's workers get (20 replications each, one world
   each) also run one after the other in this process: serial time / the longer batch is the
   speed-up two idle cores would give (the ceiling: each world's fixed cost is paid twice, and
   the slower batch sets the pace). A speed-up far below it is the machine's, not the code's.
2. A dashboard's answer to a slider: the strategy lab (``notebooks/08_strategy_lab``: the
   workshop default, two strategies) at the scenario's own ``replications`` (8; the dashboard's
   control starts at 3), run as the dashboard runs it (``Case.run`` on
   ``sim.ui.dashboard.dashboard_workers()`` warm worker processes: 2 here), against
   ``T_bare`` (a bare SimPy loop, 1,000 processes x 1,000 ``timeout(1)``, median of 3, from
   ``benchmarks/run.py``); in the notebook's own process too, without a bar.
                                                               Bar: <= 0.3 x T_bare.

The machine may be shared: the first lines measure how much of the 2 CPUs the host gives this
run (host stalls: the share of the time a busy loop on each CPU is held up, read at the start
and at the end) and how much parallelism is free right now (a pure-Python loop, serial vs 2
processes: about 2 x on an idle 2-core machine). A speed-up bar cannot pass when that figure is
itself below the bar; run again when the machine is quieter.

Usage::

    .venv/bin/python benchmarks/parallel.py
    .venv/bin/python benchmarks/parallel.py --replications 20 --repeat 3 --strict   # exit 1 on a FAIL
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if importlib.util.find_spec("sim") is None:
    sys.path.append(str(HERE.parent))

from hostload import WORKERS, spin, host_stalls  # noqa: E402  (benchmarks/hostload.py, next to this script)

BAR_PROCESSES = 1.8     # speed-up of 2 processes over serial
BAR_DASK = 1.6          # speed-up of a 2-worker Dask LocalCluster over serial
BAR_DASHBOARD = 0.3     # a dashboard's replications x 2 strategies, serial: <= 0.3 x T_bare
STRATEGY = "routine_care"
DASHBOARD_CASE = "08_strategy_lab"  # compares two strategies on the workshop default


def t_bare(repeat: int = 3) -> float:
    """Median wall time of the bare SimPy loop of ``benchmarks/run.py``."""
    spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    return statistics.median(run.bare_simpy_once() for _ in range(repeat))


def free_parallelism(n: int = 3_000_000, jobs: int = 4, repeat: int = 3) -> float:
    """Speed-up of ``jobs`` pure-Python loops in 2 processes over serial (pool start-up excluded),
    each side the best of ``repeat`` tries in turn (one try is easily hit by a slow spell)."""
    from concurrent.futures import ProcessPoolExecutor

    from sim.parallel import _mp_context

    t_par, t_ser = [], []
    with ProcessPoolExecutor(WORKERS, mp_context=_mp_context()) as pool:
        list(pool.map(spin, [1] * WORKERS))
        for _ in range(repeat):
            t_par.append(timed(lambda: list(pool.map(spin, [n] * jobs)))[1])
            t_ser.append(timed(lambda: [spin(n) for _ in range(jobs)])[1])
    return min(t_ser) / min(t_par)


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--replications", "-r", type=int, default=40, help="replications for the speed-ups (default 40)")
    p.add_argument("--repeat", "-k", type=int, default=3,
                   help="rounds of serial, pool and Dask runs; the best of each counts (default 3)")
    p.add_argument("--strict", action="store_true", help="exit 1 if a bar fails")
    args = p.parse_args(argv)

    from distributed import Client

    import sim
    from sim.experiment import plan_tasks, run_replications, run_tasks
    from sim.parallel import check_dask_workers, local_cluster, shutdown_pool, warm_pool

    sc = sim.load_scenario("workshop")
    r, k = args.replications, max(1, args.repeat)
    print(f"CRM Dojo {sim.__version__} · workshop ({sc.accounts.count:,} accounts, {sc.horizon_months} months) · "
          f"{os.cpu_count()} cores · Python {sys.version.split()[0]}")
    print(f"Wall times: the best of {k} rounds (serial, pool, Dask in turn; a first call and a start-up: once); "
          "the machine may be shared, so expect noise.")
    # first, before anything else starts the forkserver: what the first parallel call of a session waits for
    t_pool_up = warm_pool(WORKERS)
    stalls = [host_stalls()]
    print(f"Host stalls now: a busy loop on each CPU was held up {stalls[0]:.0%} of the time (by the host).")
    print(f"Free parallelism now: a pure-Python loop runs {free_parallelism():.2f} x faster in {WORKERS} processes "
          "than serially (about 2 x when the cores are idle).\n")
    run_replications(sc, STRATEGY, 1, progress=False)  # warm imports and caches

    def run(**where):
        return timed(run_replications, sc, STRATEGY, r, progress=False, **where)

    # the pool's two batches (the first and second half of the replications), here, one after the other
    tasks = plan_tasks([STRATEGY], r, sc.seed)
    halves = [tasks[: -(-r // WORKERS)], tasks[-(-r // WORKERS):]]

    def run_halves() -> list[float]:
        return [timed(run_tasks, sc, h, progress=False, keep=lambda t: t.replication == 0)[1] for h in halves]

    serial, _ = run(workers=1)
    procs, t_procs_first = run(workers=WORKERS)  # the pool's first call of the session
    with tempfile.TemporaryDirectory() as scratch:
        t0 = time.perf_counter()
        with local_cluster(WORKERS, local_directory=scratch) as cluster, Client(cluster) as client:
            client.wait_for_workers(WORKERS)
            check_dask_workers(client)  # each worker imports sim (the first compare on it would, otherwise)
            t_up = time.perf_counter() - t0
            dask, t_dask_first = run(client=client)
            # rounds of serial, pool, Dask: each meets the machine's ups and downs alike; the best counts
            times: dict[str, list[float]] = {"serial": [], "pool": [], "dask": [], "halves": []}
            for _ in range(k):
                times["serial"].append(run(workers=1)[1])
                times["halves"].append(max(run_halves()))
                times["pool"].append(run(workers=WORKERS)[1])
                times["dask"].append(run(client=client)[1])
    t_serial, t_procs, t_dask = (min(times[w]) for w in ("serial", "pool", "dask"))
    # paired within a round (the same spell of the machine), the median over rounds
    ceiling = statistics.median(a / b for a, b in zip(times["serial"], times["halves"]))
    same = serial.equals(procs) and serial.equals(dask)

    # the dashboard: the strategy lab's own call (sim.ui.cases), as a slider change makes it
    from sim.ui.cases import get_case
    from sim.ui.dashboard import dashboard_workers

    lab = get_case(DASHBOARD_CASE)
    strategies = lab.defaults()["strategies"]
    dash_workers = dashboard_workers()
    n_dash = sc.replications * len(strategies)

    def dash(workers: int) -> float:
        lab.run(replications=sc.replications, workers=workers)  # pool and caches warm, as after the first click
        return min(timed(lab.run, replications=sc.replications, workers=workers)[1] for _ in range(k))

    t_dash_serial = dash(1)
    t_dash = dash(dash_workers) if dash_workers > 1 else t_dash_serial
    shutdown_pool()
    bare = t_bare()
    stalls.append(host_stalls())

    s_procs, s_dask, dash_ratio = t_serial / t_procs, t_serial / t_dask, t_dash / bare
    cold_procs, cold_dask = t_pool_up + t_procs_first, t_up + t_dask_first
    checks = [
        (f"{r} replications of {STRATEGY}, serial", t_serial, "", None),
        (f"  the pool's {WORKERS} batches one after the other here: serial / the longer one", min(times["halves"]),
         f"ceiling {ceiling:.2f} x  (2 idle cores)", None),
        (f"  {WORKERS}-process pool start-up (warm_pool), paid once per session", t_pool_up, "", None),
        (f"  in the warm {WORKERS}-process pool", t_procs,
         f"speed-up {s_procs:.2f} x  (bar >= {BAR_PROCESSES})", s_procs >= BAR_PROCESSES),
        ("    first call of a session: start-up + first run", cold_procs,
         f"speed-up {t_serial / cold_procs:.2f} x  (no bar)", None),
        (f"  {WORKERS}-worker Dask LocalCluster start-up, paid once per session", t_up, "", None),
        ("  on the warm Dask cluster", t_dask,
         f"speed-up {s_dask:.2f} x  (bar >= {BAR_DASK})", s_dask >= BAR_DASK),
        ("    first call of a session: start-up + first run", cold_dask,
         f"speed-up {t_serial / cold_dask:.2f} x  (no bar)", None),
        ("T_bare: 1,000 processes x 1,000 timeout(1), median of 3", bare, "", None),
        (f"dashboard ({DASHBOARD_CASE}): {sc.replications} replications x {len(strategies)} strategies, "
         f"{dash_workers} worker{'s' if dash_workers > 1 else ''} (as dashboards run)",
         t_dash, f"{dash_ratio:.2f} x T_bare  (bar <= {BAR_DASHBOARD})", dash_ratio <= BAR_DASHBOARD),
        ("  the same in the notebook's own process (CRM_DOJO_WORKERS=1)", t_dash_serial,
         f"{t_dash_serial / bare:.2f} x T_bare  (no bar)", None),
    ]
    width = max(len(c[0]) for c in checks)
    for name, secs, note, ok in checks:
        print(f"{name:<{width}}  {secs:7.2f} s  {note:<34} {'' if ok is None else verdict(ok)}")
    print(f"\nHost stalls at the start and at the end: {stalls[0]:.0%}, {stalls[1]:.0%} of the time "
          "(a speed-up bar is judged fairly only near 0 %).")
    print(f"Identical tables from serial, processes and Dask: {'yes' if same else 'NO'}")
    print(f"One workshop replication, serial: {t_serial / r:.3f} s; the dashboard bar needs "
          f"<= {BAR_DASHBOARD * bare / n_dash:.3f} s per run here.")
    failed = [c for c in checks if c[3] is False]
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
