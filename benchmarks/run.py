#!/usr/bin/env python
"""CRM Dojo speed benchmark: every figure measured in the same run, ratios against a bare SimPy loop.

What it measures (see the "Cost grows with the work" principle in the design notes):

1. ``T_bare`` — a bare SimPy loop, 1,000 processes x 1,000 ``env.timeout(1)`` (1 M events),
   median of the repetitions. It calibrates the machine: the bars below are ratios to it or
   between sizes, so a busy shared machine moves the numerator and denominator together.
2. One replication of 10,000 accounts / 50 reps / 50 dealers / 36 months, default dynamics,
   ``routine_care`` (and ``value_based``): wall time of ``build_world(...).run()`` (median),
   events logged, ratio to ``T_bare``.                                 Bar: <= 1.0 x T_bare.
3. 25k, 50k, 100k accounts (200 accounts per rep, dealers 0.5 % of accounts): time and the
   growth per doubling of accounts, ``(t_i / t_prev) ** (1 / log2(n_i / n_prev))``.
                                                                       Bar: each <= 2.2 x.
   Each size runs in a fresh subprocess; its peak memory is ``ru_maxrss`` after the first
   replication, and its increment over a baseline taken after the imports.
                                                                       Bar: 100k peak RSS < 1 GB.

Usage::

    .venv/bin/python benchmarks/run.py                 # full table (about a minute)
    .venv/bin/python benchmarks/run.py --quick         # 10k only, one repetition
    .venv/bin/python benchmarks/run.py --sizes 10k,50k --json out/bench.json --strict

To benchmark another copy of the package, put it first on the path:
``PYTHONPATH=/tmp/simcopy .venv/bin/python benchmarks/run.py`` (the header shows which ``sim``
was measured).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- the bars
BAR_BARE_RATIO = 1.0        # 10k accounts / 36 months, routine_care: wall <= 1.0 x T_bare
BAR_PER_DOUBLING = 2.2      # each doubling of accounts at most 2.2 x the time
BAR_MEMORY_MB = 1024.0      # 100k accounts: peak RSS under 1 GB
MEMORY_BAR_SIZE = 100_000

BASE_SIZE = 10_000
DEFAULT_SIZES = (10_000, 25_000, 50_000, 100_000)
ACCOUNTS_PER_REP = 200
DEALER_SHARE = 0.005
HORIZON_MONTHS = 36
MAIN_STRATEGY = "routine_care"
EXTRA_STRATEGIES = ("value_based",)


# ---------------------------------------------------------------- helpers
def _ensure_sim_importable() -> None:
    """Prefer whatever ``sim`` the environment gives (PYTHONPATH, editable install); else the repo."""
    if importlib.util.find_spec("sim") is None:
        sys.path.append(str(REPO))


def _maxrss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB, macOS bytes)."""
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024.0 * 1024.0) if sys.platform == "darwin" else r / 1024.0


def scenario_dict(accounts: int) -> dict:
    """Scenario of the benchmark at ``accounts`` accounts; everything else is the default dynamics."""
    return {
        "name": f"bench_{accounts}",
        "horizon_months": HORIZON_MONTHS,
        "accounts": {"count": accounts},
        "reps": {"count": max(1, round(accounts / ACCOUNTS_PER_REP))},
        "dealers": {"count": max(0, round(accounts * DEALER_SHARE))},
    }


def parse_size(text: str) -> int:
    t = text.strip().lower().replace("_", "").replace(",", "")
    mult = 1
    if t.endswith("k"):
        t, mult = t[:-1], 1_000
    elif t.endswith("m"):
        t, mult = t[:-1], 1_000_000
    try:
        value = int(float(t) * mult)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use e.g. 10000 or 10k)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"a size must be at least 1 account, got {text!r}")
    return value


def parse_sizes(text: str) -> list[int]:
    sizes = [parse_size(s) for s in text.split(",") if s.strip()]
    if not sizes:
        raise argparse.ArgumentTypeError("--sizes needs at least one size")
    if sizes != sorted(set(sizes)):
        raise argparse.ArgumentTypeError("--sizes must be increasing and distinct, e.g. 10k,25k,50k,100k")
    return sizes


def fmt_int(n) -> str:
    return f"{int(n):,}"


def _opt(x, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def fmt_size(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


# ---------------------------------------------------------------- T_bare
def bare_simpy_once(processes: int = 1_000, steps: int = 1_000) -> float:
    import simpy

    env = simpy.Environment()

    def proc(env):
        for _ in range(steps):
            yield env.timeout(1)

    for _ in range(processes):
        env.process(proc(env))
    t0 = time.perf_counter()
    env.run()
    return time.perf_counter() - t0


# ---------------------------------------------------------------- one size, in a child process
def child_main(accounts: int, strategies: list[str], repeat: int, seed: int) -> None:
    """Run one size (fresh process, so memory peaks do not mix) and print a JSON line."""
    _ensure_sim_importable()
    import sim

    sc = sim.scenario_from_dict(scenario_dict(accounts))
    gc.collect()
    baseline = _maxrss_mb()
    out = {
        "accounts": accounts, "reps": sc.reps.count, "dealers": sc.dealers.count,
        "months": sc.horizon_months, "weeks": sc.horizon_weeks, "seed": seed,
        "sim_path": str(Path(sim.__file__).resolve().parent),
        "rss_baseline_mb": baseline, "runs": {},
    }
    for strategy in strategies:
        times, events = [], None
        for i in range(repeat):
            t0 = time.perf_counter()
            w = sim.build_world(sc, strategy, seed).run()
            dt = time.perf_counter() - t0
            if "rss_peak_mb" not in out:  # first replication of the main strategy
                out["rss_peak_mb"] = _maxrss_mb()
            n_ev = len(w.log)
            if events is not None and n_ev != events:
                raise RuntimeError(f"{strategy}: repetition {i} logged {n_ev} events, first one {events}"
                                   " (same seed should give the same run)")
            events = n_ev
            times.append(dt)
            del w
            gc.collect()
        out["runs"][strategy] = {"times": times, "median": statistics.median(times), "events": events}
    print("RESULT " + json.dumps(out))


def run_child(accounts: int, strategies: list[str], repeat: int, seed: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", str(accounts),
           "--_strategies", ",".join(strategies), "--repeat", str(repeat), "--seed", str(seed)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"benchmark of {accounts} accounts failed (exit {proc.returncode})")
    return json.loads(lines[-1][len("RESULT "):])


# ---------------------------------------------------------------- machine
def machine_info() -> dict:
    import numpy
    import simpy

    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    try:
        git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        git = f"{git}{' (modified)' if dirty else ''}" if git else "?"
    except (OSError, subprocess.SubprocessError):
        git = "?"
    spec = importlib.util.find_spec("sim")
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": affinity,
        "loadavg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(terse=True),
        "machine": platform.machine(),
        "numpy": numpy.__version__,
        "simpy": simpy.__version__ if hasattr(simpy, "__version__") else _dist_version("simpy"),
        "sim": str(Path(spec.origin).parent) if spec and spec.origin else "?",
        "git": git,
    }


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


# ---------------------------------------------------------------- main
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="CRM Dojo speed benchmark. Measures a bare SimPy loop (T_bare) and the model "
                    "at several account counts in the same run, then checks the bars: 10k accounts "
                    f"<= {BAR_BARE_RATIO} x T_bare, each doubling of accounts <= {BAR_PER_DOUBLING} x the "
                    f"time, 100k accounts peak RSS < {BAR_MEMORY_MB / 1024:g} GB.",
        epilog="Each size runs in a fresh subprocess (memory peaks do not mix). Scenario: default "
               f"dynamics, {HORIZON_MONTHS} months, {ACCOUNTS_PER_REP} accounts per rep, dealers "
               f"{DEALER_SHARE * 100:.1f}%% of accounts. Example: %(prog)s --sizes 10k,100k --json out/bench.json",
    )
    p.add_argument("--quick", action="store_true", help="10k accounts only, one repetition (a smoke test)")
    p.add_argument("--sizes", type=parse_sizes, default=None, metavar="N,N,...",
                   help="account counts, increasing (default 10k,25k,50k,100k); suffix k/m allowed")
    p.add_argument("--repeat", type=int, default=None, metavar="R",
                   help="repetitions per measurement, the median is reported (default 3; 1 with --quick)")
    p.add_argument("--seed", type=int, default=1, help="seed of the replications (default 1)")
    p.add_argument("--no-extra", action="store_true",
                   help=f"skip the extra strategies ({', '.join(EXTRA_STRATEGIES)}) at the first size")
    p.add_argument("--json", type=Path, default=None, metavar="FILE", help="also save every figure as JSON")
    p.add_argument("--strict", action="store_true", help="exit with status 1 if any bar fails")
    # internal: one size in a child process
    p.add_argument("--_child", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--_strategies", default=MAIN_STRATEGY, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 3)
    if repeat < 1:
        raise SystemExit("--repeat must be at least 1")
    if args._child is not None:
        child_main(args._child, args._strategies.split(","), repeat, args.seed)
        return 0

    _ensure_sim_importable()
    sizes = [BASE_SIZE] if args.quick and args.sizes is None else (args.sizes or list(DEFAULT_SIZES))
    m = machine_info()
    print("CRM Dojo benchmark  " + time.strftime("%Y-%m-%d %H:%M:%S"))
    print(f"machine : nproc {m['nproc']} (usable {m['cpus_usable']}), load avg {m['loadavg']}, "
          f"{m['platform']} {m['machine']}")
    print(f"software: {m['implementation']} {m['python']}, numpy {m['numpy']}, simpy {m['simpy']}")
    print(f"model   : sim from {m['sim']}  git {m['git']}")
    print(f"settings: median of {repeat}, seed {args.seed}, {HORIZON_MONTHS} months, default dynamics, "
          f"{ACCOUNTS_PER_REP} accounts/rep, dealers {DEALER_SHARE:.1%} of accounts")
    print()

    # 1. T_bare
    bare = [bare_simpy_once() for _ in range(repeat)]
    t_bare = statistics.median(bare)
    print(f"T_bare  1,000 processes x 1,000 timeout(1) = 1,000,000 events: {t_bare:.3f} s "
          f"median  (runs {' '.join(f'{x:.3f}' for x in bare)};  {1e6 / t_bare / 1e6:.2f} M events/s)")
    print()

    # 2./3. the model, one fresh process per size
    cases = []
    for i, n in enumerate(sizes):
        strategies = [MAIN_STRATEGY]
        if i == 0 and not args.no_extra:
            strategies += list(EXTRA_STRATEGIES)
        print(f"  running {fmt_size(n)} accounts ({', '.join(strategies)}) ...", file=sys.stderr, flush=True)
        cases.append(run_child(n, strategies, repeat, args.seed))

    header = (f"{'case':<22}{'accounts':>9}{'reps':>6}{'dealers':>8}{'wall s':>8}  {'runs':<20}"
              f"{'events':>10}{'M ev/s':>7}{'xT_bare':>8}{'/doubl.':>8}{'peak MB':>9}{'+run MB':>9}")
    print(header)
    print("-" * len(header))
    rows = []
    prev = None
    for c in cases:
        for strategy, r in c["runs"].items():
            main_row = strategy == MAIN_STRATEGY
            per_doubling = None
            if main_row and prev is not None:
                ratio = r["median"] / prev["median"]
                per_doubling = ratio ** (1.0 / math.log2(c["accounts"] / prev["accounts"]))
            row = {
                "case": f"{fmt_size(c['accounts'])} {strategy}", "strategy": strategy,
                "accounts": c["accounts"], "reps": c["reps"], "dealers": c["dealers"], "months": c["months"],
                "wall_s": r["median"], "runs_s": r["times"], "events": r["events"],
                "events_per_s": r["events"] / r["median"], "ratio_bare": r["median"] / t_bare,
                "per_doubling": per_doubling,
                "rss_peak_mb": c["rss_peak_mb"] if main_row else None,
                "rss_run_mb": c["rss_peak_mb"] - c["rss_baseline_mb"] if main_row else None,
                "rss_baseline_mb": c["rss_baseline_mb"], "sim_path": c["sim_path"],
            }
            rows.append(row)
            runs = " ".join(f"{x:.2f}" for x in r["times"])
            print(f"{row['case']:<22}{fmt_int(row['accounts']):>9}{row['reps']:>6}{row['dealers']:>8}"
                  f"{row['wall_s']:>8.3f}  {runs:<20}{fmt_int(row['events']):>10}"
                  f"{row['events_per_s'] / 1e6:>7.2f}{row['ratio_bare']:>8.2f}"
                  f"{_opt(per_doubling, '.2f'):>8}{_opt(row['rss_peak_mb'], '.0f'):>9}"
                  f"{_opt(row['rss_run_mb'], '.0f'):>9}")
            if main_row:
                prev = {"accounts": c["accounts"], "median": r["median"]}
    print("  wall = build_world(...).run(), median; /doubl. = (t / t_prev) ** (1 / log2(n / n_prev));")
    print("  peak MB = ru_maxrss after the first replication in a fresh process; +run MB = peak - after imports")
    paths = {c["sim_path"] for c in cases}
    if paths != {m["sim"]}:
        print(f"  note: children measured sim from {', '.join(sorted(paths))}")
    print()

    # 4. bars
    bars = []
    main_rows = [r for r in rows if r["strategy"] == MAIN_STRATEGY]
    for r in main_rows:
        if r["accounts"] == BASE_SIZE:
            bars.append({"bar": f"{fmt_size(BASE_SIZE)} accounts, {MAIN_STRATEGY}: wall <= {BAR_BARE_RATIO:.1f} x T_bare",
                         "value": r["ratio_bare"], "limit": BAR_BARE_RATIO,
                         "ok": r["ratio_bare"] <= BAR_BARE_RATIO,
                         "shown": f"{r['wall_s']:.3f} s = {r['ratio_bare']:.2f} x T_bare"})
        if r["per_doubling"] is not None:
            bars.append({"bar": f"{fmt_size(r['accounts'])} accounts: time per doubling <= {BAR_PER_DOUBLING:.1f} x",
                         "value": r["per_doubling"], "limit": BAR_PER_DOUBLING,
                         "ok": r["per_doubling"] <= BAR_PER_DOUBLING,
                         "shown": f"{r['per_doubling']:.2f} x per doubling"})
        if r["accounts"] == MEMORY_BAR_SIZE:
            bars.append({"bar": f"{fmt_size(MEMORY_BAR_SIZE)} accounts: peak RSS < {BAR_MEMORY_MB:g} MB",
                         "value": r["rss_peak_mb"], "limit": BAR_MEMORY_MB,
                         "ok": r["rss_peak_mb"] < BAR_MEMORY_MB,
                         "shown": f"{r['rss_peak_mb']:.0f} MB peak ({r['rss_run_mb']:.0f} MB for the run)"})
    for b in bars:
        print(f"{'PASS' if b['ok'] else 'FAIL'}  {b['bar']:<52} {b['shown']}")
    if not bars:
        print("(no bar applies to these sizes)")
    failed = [b for b in bars if not b["ok"]]
    print()
    print(f"{len(bars) - len(failed)} of {len(bars)} bars pass"
          + (" — run with --strict to fail the build on this" if failed and not args.strict else ""))

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": m,
                   "settings": {"repeat": repeat, "seed": args.seed, "sizes": sizes,
                                "months": HORIZON_MONTHS, "accounts_per_rep": ACCOUNTS_PER_REP,
                                "dealer_share": DEALER_SHARE},
                   "t_bare_s": t_bare, "t_bare_runs_s": bare, "cases": rows, "bars": bars,
                   "passed": not failed}
        tmp = args.json.with_suffix(args.json.suffix + ".tmp")
        tmp.write_text(json.dumps(payload, indent=2))
        tmp.replace(args.json)
        print(f"figures saved to {args.json}")
    return 1 if (failed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
