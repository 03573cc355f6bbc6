"""``python -m sim run``, ``compare`` and ``sweep``: replications of strategies, their tables,
the decision and the offline reports."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

import sim
from sim import experiment as ex
from sim import tables
from sim.cli.tasks import run_stored, write_run_manifest, write_tables
from sim.cli_options import int_in, names, parallel_options, run_options, say, scenario_arg, sub, width
from sim.decision import DECISION_METRICS, decide, summary_lines
from sim.draws import compare_draws
from sim.experiment import ExperimentError
from sim.io import safe_name, write_atomic, write_manifest
from sim.paths import OUT
from sim.report import write_report, write_sweep_report
from sim.results import METRICS
from sim.scenario import MAX_REPLICATIONS
from sim.sweep import grid_points, parse_assignment, sweep

__all__ = ["cmd_compare", "cmd_run", "cmd_sweep", "register"]


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


def _sweep_metrics() -> list[str]:
    return [*METRICS, *sorted(tables.SHARE_METRICS - set(METRICS))]


def _assignment(text: str) -> tuple[str, list]:
    try:
        return parse_assignment(text)
    except ExperimentError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# ---------------------------------------------------------------- parser
def register(subs) -> None:
    """Add ``run``, ``compare`` and ``sweep`` to the ``python -m sim`` subcommands."""
    p = sub(subs, "run", "Run replications of one strategy; print mean and 95% interval per metric, "
            "write result tables.",
            "  python -m sim run workshop\n  python -m sim run workshop --strategy value_based -r 20 --seed 7\n"
            "  python -m sim run my_book.yaml --strategy my_mix --out results/my_mix\n\n"
            "Writes replications.csv, events.csv, panel.csv, account_profit.csv and churn_by_cause.csv\n"
            "(the last four from the first replication) and manifest.json.", cmd_run, quiet=True)
    scenario_arg(p)
    p.add_argument("--strategy", "-s", default="routine_care", metavar="S",
                   help="strategy name (default: routine_care; see 'python -m sim list')")
    run_options(p)
    p.add_argument("--out", metavar="DIR", help="output folder (default: out/<scenario>-<strategy>/)")
    _register_compare(subs)
    _register_sweep(subs)


def _register_compare(subs) -> None:
    p = sub(subs, "compare", "Compare strategies on the same customers and luck (common random numbers); "
            "print means with 95% intervals and paired differences, write tables and an offline HTML report.",
            "  python -m sim compare workshop\n"
            "  python -m sim compare workshop --strategies no_care,value_based,customer_manager -r 20\n"
            "  python -m sim compare my_book.yaml --baseline routine_care --lang zh --out results\n"
            "  python -m sim compare calibrated.yaml --current routine_care --metric customer_equity\n"
            "  python -m sim compare workshop -r 100 --scheduler tcp://dask.example.com:8786\n\n"
            "Ends with the decision (recommended strategy, probability each is the best, gain over --current\n"
            "with its paired 95% interval; with parameter draws, how often each ranks first).\n"
            "Writes runs.csv, summary.csv, paired.csv, decision.json, report.html and manifest.json\n"
            "(draw_runs.csv with parameter draws); each finished\n"
            "replication is saved at once in DIR/tasks/, so after Ctrl-C '--resume' runs only the rest.",
            cmd_compare, quiet=True)
    scenario_arg(p)
    p.add_argument("--strategies", type=names, metavar="A,B,C",
                   help="comma-separated strategy names (default: the scenario's strategies)")
    p.add_argument("--baseline", metavar="S", help="strategy the others are compared with (default: the first)")
    p.add_argument("--current", metavar="S", help="the strategy run today, which the decision weighs the others "
                                                  "against (default: the baseline)")
    p.add_argument("--metric", choices=DECISION_METRICS, default="profit_total",
                   help="metric the decision is made on (default: profit_total; customer equity is shown too)")
    p.add_argument("--draws", type=int_in(0, MAX_REPLICATIONS, "--draws"), metavar="N",
                   help="also run N replications, each on its own draw of the scenario's uncertainty: "
                        "parameters (default: as many as --replications when the scenario has that section; 0: off)")
    run_options(p)
    p.add_argument("--out", default=str(OUT), metavar="DIR", help="output folder (default: out/)")
    parallel_options(p)


def _register_sweep(subs) -> None:
    p = sub(subs, "sweep", "Run strategies × replications at every point of a grid of scenario values "
            "(same seeds everywhere); print the mean and 95% interval of a metric per point, write tables "
            "and an offline HTML chart.",
            "  python -m sim sweep workshop --set reps.count=5,10,15 --strategies no_care,value_based\n"
            "  python -m sim sweep my_book.yaml --set market.churn_scale=0.5,1,1.5 \\\n"
            "      --set competitor.poaching_per_year=0.05,0.2 --metric retention -r 20 --out results/sweep\n\n"
            "Values are read as YAML (3, 0.5, true). Writes sweep.csv (one row per point x strategy x\n"
            "replication x metric), sweep_summary.csv, sweep.html and manifest.json.", cmd_sweep, quiet=True)
    scenario_arg(p)
    p.add_argument("--set", dest="grid", action="append", type=_assignment, required=True,
                   metavar="KEY.PATH=V1,V2", help="a scenario key path and the values to sweep (repeatable: "
                   "the grid is every combination)")
    p.add_argument("--strategies", type=names, metavar="A,B,C",
                   help="comma-separated strategy names (default: the scenario's strategies)")
    p.add_argument("--metric", default="profit_total", choices=_sweep_metrics(), metavar="M",
                   help="metric printed and charted (default: profit_total; one of %(choices)s)")
    run_options(p)
    p.add_argument("--out", default=str(OUT / "sweep"), metavar="DIR",
                   help="output folder (default: out/sweep/)")
    parallel_options(p)
