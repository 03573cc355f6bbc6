"""``python -m sim run``, ``compare`` and ``sweep``: replications of strategies, their tables,
the decision and the offline reports (their options: :mod:`sim.cli.parsers`)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

import sim
from sim import experiment as ex
from sim import tables
from sim.cli.tasks import run_stored, write_run_manifest, write_tables
from sim.cli_options import say, width
from sim.decision import decide, summary_lines
from sim.draws import compare_draws
from sim.experiment import ExperimentError
from sim.io import safe_name, write_atomic, write_manifest
from sim.paths import OUT
from sim.report import write_report, write_sweep_report
from sim.sweep import grid_points, sweep

__all__ = ["cmd_compare", "cmd_run", "cmd_sweep"]


# ---------------------------------------------------------------- run
def _metric_rows(summary, lang: str):
    """Per headline metric: label and 'mean [low, high]' (for one strategy)."""
    rows = [(sim.label(r.metric, lang), tables.format_interval(r.metric, r.mean, r.low, r.high))
            for r in summary.itertuples() if r.metric in sim.METRICS]
    return pd.DataFrame(rows, columns=["", f"{sim.label('mean', lang)} [{sim.label('interval_95', lang)}]"])


def cmd_run(args) -> int:
    """Replications of one strategy: table on stdout, files in --out."""
    sc = sim.load_scenario(args.scenario)
    t0 = time.perf_counter()
    rows, first = ex.replicate(sc, args.strategy, args.replications, args.seed, progress=not args.quiet)
    elapsed = time.perf_counter() - t0
    out = Path(args.out or OUT / safe_name(f"{sc.name}-{args.strategy}"))
    summary = ex.summarise(ex.tidy_runs(rows))
    base_seed = sc.seed if args.seed is None else args.seed
    files = {
        "replications.csv": rows,
        "events.csv": sim.events_frame(first),
        "panel.csv": sim.monthly_panel(first),
        "account_profit.csv": sim.account_profit(first),
        "churn_by_cause.csv": sim.churn_by_cause(first),
    }
    write_tables(out, files)  # files first: a closed pipe (| head) cannot cost them
    write_manifest(out, sc, rows["seed"].tolist(), [args.strategy], files=list(files),
                   extra={"command_name": "run", "base_seed": base_seed,
                          "replications": len(rows), "first_replication_files": list(files)[1:],
                          "elapsed_seconds": round(elapsed, 2)})
    say(f"{sc.name} · {tables.strategy_label(args.strategy, args.lang, sc)} · {len(rows)} replications "
        f"· seed {base_seed} · {elapsed:.1f} s", "")
    say(_metric_rows(summary, args.lang).to_string(index=False), "")
    say(f"Wrote {len(files) + 1} files to {out}/")
    return 0


# ---------------------------------------------------------------- compare
def cmd_compare(args) -> int:
    """Compare strategies with common random numbers; tables and the decision on stdout, files and report in --out."""
    sc = sim.load_scenario(args.scenario)
    out = Path(args.out)
    chosen = ex._check_strategies(sc, args.strategies or sc.strategies)  # a typo fails before the folder is touched
    ex.check_baseline(chosen, args.baseline)
    draws = _draw_count(args, sc, chosen)

    def job(workers, client, store):
        comp = ex.compare(sc, args.strategies, args.replications, args.seed, args.baseline,
                          progress=not args.quiet, keep_first=True, workers=workers, client=client, store=store)
        return comp, *_run_draws(args, sc, draws, workers, client, store)

    done = run_stored(args, sc, "compare", len(chosen) * ((args.replications or sc.replications) + draws), job)
    if done is None:
        return 130
    comp, drawn, values = done
    dec = decide(comp, args.metric, args.current, draws=drawn, draw_values=values)
    files = {"runs.csv": comp.runs, "summary.csv": comp.summary, "paired.csv": comp.paired}
    if drawn is not None:
        files["draw_runs.csv"] = drawn.runs
    write_tables(out, files)
    write_atomic(out / "decision.json", json.dumps(dec.as_dict(sc), indent=2, ensure_ascii=False) + "\n")
    write_report(comp, comp.results, out / "report.html", lang=args.lang, decision=dec)
    write_run_manifest(out, comp, args, [*files, "decision.json", "report.html"], "compare",
                       {"baseline": comp.baseline, "current": dec.current, "metric": dec.metric,
                        "parameter_draws": draws}, comp.elapsed + (drawn.elapsed if drawn else 0.0))
    _print_comparison(comp, args.lang)  # after the files: a closed pipe (| head) cannot cost them
    say(*summary_lines(dec, args.lang, sc, width()), "")
    say(f"Wrote {len(files) + 3} files to {out}/ — open {out / 'report.html'} in a browser.")
    return 0


def _draw_count(args, sc, chosen: list[str]) -> int:
    """How many parameter draws to run (default: one per replication when the scenario has an
    uncertainty: section); checks --current and --draws before anything runs."""
    if args.current is not None and args.current not in chosen:
        raise ExperimentError(f"--current {args.current!r} is not among the strategies compared: {', '.join(chosen)}")
    if args.draws and not sc.uncertainty:
        raise ExperimentError(f"--draws {args.draws}: scenario {sc.name!r} has no uncertainty: section "
                              "(key path: {se: standard error}) to draw parameters from")
    return (args.replications or sc.replications) * bool(sc.uncertainty) if args.draws is None else args.draws


def _run_draws(args, sc, draws: int, workers, client, store):
    """The comparison over ``draws`` parameter draws and each draw's values, or (None, None)."""
    if not draws:
        return None, None
    return compare_draws(sc, args.strategies, draws, args.seed, args.baseline, progress=not args.quiet,
                         workers=workers, client=client, store=store)


def _print_comparison(comp, lang: str) -> None:
    sc = comp.scenario
    n, r = len(comp.strategies), comp.replications
    say(f"{sc.name} ({sim.scenario_hash(sc)}) · {n} strateg{'y' if n == 1 else 'ies'} × {r} "
        f"replication{'' if r == 1 else 's'} · seed {comp.seed} (same seeds for every strategy) · {comp.elapsed:.1f} s", "")
    say(sim.label("comparison_table", lang) + ":",
        tables.interval_table(comp.summary, sim.METRICS, lang, comp.strategies).to_string(line_width=width()), "")
    paired = comp.paired[comp.paired["strategy"] != comp.baseline]
    if len(paired):
        say(f"{sim.label('paired_table', lang)} — {sim.label('baseline', lang)}: {comp.baseline}:",
            tables.paired_table(paired, sim.METRICS, lang).to_string(line_width=width()),
            "* = the paired 95% interval excludes zero (a clear difference).", "")


# ---------------------------------------------------------------- sweep
def cmd_sweep(args) -> int:
    """Strategies × replications at every point of a grid; summary on stdout, tables and chart in --out."""
    grid = dict(args.grid)
    if len(grid) < len(args.grid):
        raise ExperimentError("each key path can be given to --set only once")
    sc = sim.load_scenario(args.scenario)
    points, _ = grid_points(sc, grid)  # a bad key path or value fails here, before anything runs
    ex._check_strategies(sc, args.strategies or sc.strategies)
    out = Path(args.out)
    n_tasks = len(points) * len(args.strategies or sc.strategies) * (args.replications or sc.replications)
    res = run_stored(args, sc, "sweep", n_tasks, lambda workers, client, store: sweep(
        sc, grid, args.strategies, args.replications, args.seed, progress=not args.quiet,
        workers=workers, client=client, store=store), {"grid": grid})
    if res is None:
        return 130
    files = {"sweep.csv": res.runs, "sweep_summary.csv": res.summary}
    write_tables(out, files)
    write_sweep_report(res, out / "sweep.html", args.metric, args.lang)
    write_run_manifest(out, res, args, [*files, "sweep.html"], "sweep",
                       {"grid": grid, "points": len(res.points), "metric": args.metric}, res.elapsed)
    _print_sweep(res, args.metric, args.lang)  # after the files: a closed pipe (| head) cannot cost them
    say(f"Wrote {len(files) + 2} files to {out}/ — open {out / 'sweep.html'} in a browser.")
    return 0


def _print_sweep(res, metric: str, lang: str) -> None:
    sc, n = res.scenario, len(res.points)
    say(f"{sc.name} ({sim.scenario_hash(sc)}) · {n} grid point{'' if n == 1 else 's'} × "
        f"{len(res.strategies)} strateg{'y' if len(res.strategies) == 1 else 'ies'} × {res.replications} "
        f"replications · seed {res.seed} (same seeds at every point) · {res.elapsed:.1f} s", "")
    rows = res.summary[res.summary["metric"] == metric]
    table = rows[res.keys].assign(**{
        sim.label("strategy", lang): [tables.strategy_label(s, lang, sc) for s in rows["strategy"]],
        f"{sim.label(metric, lang)} {sim.label('mean', lang)} [{sim.label('interval_95', lang)}]":
            [tables.format_interval(metric, r.mean, r.low, r.high) for r in rows.itertuples()]})
    say(table.to_string(index=False, line_width=width()), "")
