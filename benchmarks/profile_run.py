#!/usr/bin/env python
"""Profile one replication of the benchmark case under cProfile and print the hot spots.

Default: 10,000 accounts / 50 reps / 50 dealers / 36 months, default dynamics, ``routine_care``
(the case of ``benchmarks/run.py``), top 25 functions by own time (tottime).

    .venv/bin/python benchmarks/profile_run.py
    .venv/bin/python benchmarks/profile_run.py --strategy value_based --sort cumulative --top 40
    .venv/bin/python benchmarks/profile_run.py --out out/run.prof   # for snakeviz / pstats
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _ensure_sim_importable, parse_size, scenario_dict  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="benchmarks/profile_run.py",
                                description="Profile one replication of the benchmark case under cProfile.")
    p.add_argument("--accounts", type=parse_size, default=10_000, help="account count (default 10k; k/m suffix ok)")
    p.add_argument("--strategy", default="routine_care", help="strategy name (default routine_care)")
    p.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    p.add_argument("--top", type=int, default=25, help="how many functions to list (default 25)")
    p.add_argument("--sort", default="tottime", choices=["tottime", "cumulative", "ncalls"],
                   help="sort key (default tottime: time spent in the function itself)")
    p.add_argument("--results", action="store_true", help="also profile run_result() (event log -> columns)")
    p.add_argument("--out", type=Path, default=None, help="save the raw profile to this file")
    args = p.parse_args(argv)

    _ensure_sim_importable()
    import sim

    sc = sim.scenario_from_dict(scenario_dict(args.accounts))
    t0 = time.perf_counter()
    sim.build_world(sc, args.strategy, args.seed).run()  # unprofiled, for reference
    plain = time.perf_counter() - t0

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    w = sim.build_world(sc, args.strategy, args.seed).run()
    if args.results:
        sim.run_result(w)
    prof.disable()
    profiled = time.perf_counter() - t0

    print(f"sim from {Path(sim.__file__).resolve().parent}")
    print(f"{args.accounts:,} accounts / {sc.reps.count} reps / {sc.dealers.count} dealers / "
          f"{sc.horizon_months} months, {args.strategy}, seed {args.seed}: {len(w.log):,} events")
    print(f"wall {plain:.3f} s unprofiled, {profiled:.3f} s under cProfile")
    s = io.StringIO()
    st = pstats.Stats(prof, stream=s).strip_dirs().sort_stats(args.sort)
    st.print_stats(args.top)
    print(s.getvalue())
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        prof.dump_stats(str(args.out))
        print(f"profile saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
