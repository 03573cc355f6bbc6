"""``python -m sim``: list, validate, run, compare and sweep scenarios from a terminal.

Exit codes: 0 done, 1 ``facts`` found a claim that does not hold, 2 bad input
(scenario, strategy, option), 130 interrupted. Bad input gets one clear message
on stderr, never a traceback. Progress bars go to stderr; ``--quiet`` hides them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import textwrap
import time
from pathlib import Path

from sim.decision import DECISION_METRICS, decide, summary_lines
from sim.draws import compare_draws
from sim.experiment import ExperimentError
from sim.io import foreign_entry, stdout_closed
from sim.paths import OUT
from sim.scenario import MAX_REPLICATIONS, MAX_SEED

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line (exit 2)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


class _Help(argparse.RawDescriptionHelpFormatter):
    pass


# ---------------------------------------------------------------- option types
def _int_in(low: int, high: int, what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}, got {value}")
        return value
    return parse


def _names(text: str) -> list[str]:
    names = [t.strip() for t in text.split(",") if t.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one strategy name, e.g. no_care,value_based")
    return names


# ---------------------------------------------------------------- output helpers
def _width() -> int:
    return max(80, shutil.get_terminal_size((160, 40)).columns)


def _say(*lines: str) -> None:
    try:
        print(*lines, sep="\n", flush=True)
    except BrokenPipeError:  # the reader went away (e.g. | head -1): go on quietly, files still get written
        stdout_closed()


def _load(ref: str):
    import sim

    return sim.load_scenario(ref)


# ---------------------------------------------------------------- commands
def cmd_list(args) -> int:
    """Scenarios in scenarios/ and the strategies they can use."""
    import sim
    from sim.experiment import strategy_label
    from sim.scenario import SCENARIO_DIR

    sc = _load(args.scenario) if args.scenario else None  # a bad file fails before anything is printed
    _say(f"Scenarios ({SCENARIO_DIR}):")
    files = sorted(SCENARIO_DIR.glob("*.yaml"))
    width = max((len(p.stem) for p in files), default=0)
    for path in files:
        try:
            first = (sim.load_scenario(path).description.strip().splitlines() or [""])[0]
        except sim.ScenarioError as exc:
            first = f"(invalid: {str(exc).splitlines()[0]})"
        _say(f"  {path.stem:<{width}}  " + textwrap.shorten(first, max(20, _width() - width - 4), placeholder=" …"))
    names = sim.available_strategies(sc)
    width = max(map(len, names))
    _say("", "Strategies" + (f" (with {sc.name}'s own):" if sc else ":"))
    for name in names:
        _say(f"  {name:<{width}}  {strategy_label(name, args.lang, sc)}")
    return 0


def cmd_validate(args) -> int:
    """Load each file, resolve its strategies; print OK lines, errors on stderr."""
    import sim

    bad = 0
    for ref in args.files:
        try:
            sc = _load(ref)
            for s in sc.strategies:
                sim.resolve_strategy(s, sc)
        except sim.ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr)
            bad += 1
            continue
        _say(f"OK: {sc.name} ({sc.accounts.count} accounts, {sc.horizon_months} months, "
             f"strategies {', '.join(sc.strategies)})")
    return 2 if bad else 0


def _metric_rows(summary, lang: str):
    """Per headline metric: label and 'mean [low, high]' (for one strategy)."""
    import pandas as pd

    import sim
    from sim.experiment import format_interval

    rows = [(sim.label(r.metric, lang), format_interval(r.metric, r.mean, r.low, r.high))
            for r in summary.itertuples() if r.metric in sim.METRICS]
    return pd.DataFrame(rows, columns=["", f"{sim.label('mean', lang)} [{sim.label('interval_95', lang)}]"])


def cmd_run(args) -> int:
    """Replications of one strategy: table on stdout, files in --out."""
    import sim
    from sim import experiment as ex
    from sim.io import safe_name, write_manifest, write_table

    sc = _load(args.scenario)
    t0 = time.perf_counter()
    rows, first = ex.replicate(sc, args.strategy, args.replications, args.seed, progress=not args.quiet)
    elapsed = time.perf_counter() - t0
    out = Path(args.out or OUT / safe_name(f"{sc.name}-{args.strategy}"))
    summary = ex.summarise(ex.tidy_runs(rows))
    base_seed = sc.seed if args.seed is None else args.seed
    tables = {
        "replications.csv": rows,
        "events.csv": sim.events_frame(first),
        "panel.csv": sim.monthly_panel(first),
        "account_profit.csv": sim.account_profit(first),
        "churn_by_cause.csv": sim.churn_by_cause(first),
    }
    for name, df in tables.items():  # files first: a closed pipe (| head) cannot cost them
        write_table(df, out / name)
    write_manifest(out, sc, rows["seed"].tolist(), [args.strategy], files=list(tables),
                   extra={"command_name": "run", "base_seed": base_seed,
                          "replications": len(rows), "first_replication_files": list(tables)[1:],
                          "elapsed_seconds": round(elapsed, 2)})
    _say(f"{sc.name} · {ex.strategy_label(args.strategy, args.lang, sc)} · {len(rows)} replications "
         f"· seed {base_seed} · {elapsed:.1f} s", "")
    _say(_metric_rows(summary, args.lang).to_string(index=False), "")
    _say(f"Wrote {len(tables) + 1} files to {out}/")
    return 0


def cmd_compare(args) -> int:
    """Compare strategies with common random numbers; tables and the decision on stdout, files and report in --out."""
    from sim import experiment as ex
    from sim.io import write_atomic, write_manifest, write_table

    sc = _load(args.scenario)
    out = Path(args.out)
    names = ex._check_strategies(sc, args.strategies or sc.strategies)  # a typo fails before the folder is touched
    ex.check_baseline(names, args.baseline)
    draws = _draw_count(args, sc, names)
    n_tasks = len(names) * ((args.replications or sc.replications) + draws)
    store = _task_store(args, out, sc, "compare")
    try:
        with _backend(args) as (workers, client):
            comp = ex.compare(sc, args.strategies, args.replications, args.seed, args.baseline,
                              progress=not args.quiet, keep_first=True, workers=workers, client=client,
                              store=store)
            drawn, values = _run_draws(args, sc, draws, workers, client, store)
    except KeyboardInterrupt:
        return _interrupted(store, n_tasks)
    dec = decide(comp, args.metric, args.current, draws=drawn, draw_values=values)
    files = {"runs.csv": comp.runs, "summary.csv": comp.summary, "paired.csv": comp.paired}
    if drawn is not None:
        files["draw_runs.csv"] = drawn.runs
    for name, df in files.items():
        write_table(df, out / name)
    write_atomic(out / "decision.json", json.dumps(dec.as_dict(sc), indent=2, ensure_ascii=False) + "\n")
    from sim.report import write_report

    write_report(comp, comp.results, out / "report.html", lang=args.lang, decision=dec)
    write_manifest(out, sc, comp.seeds, comp.strategies, files=[*files, "decision.json", "report.html"],
                   extra={"command_name": "compare", "base_seed": comp.seed, "replications": comp.replications,
                          "baseline": comp.baseline, "current": dec.current, "metric": dec.metric,
                          "parameter_draws": draws, "lang": args.lang, "complete": True,
                          "elapsed_seconds": round(comp.elapsed + (drawn.elapsed if drawn else 0.0), 2)})
    _print_comparison(comp, args.lang)  # after the files: a closed pipe (| head) cannot cost them
    _say(*summary_lines(dec, args.lang, sc, _width()), "")
    _say(f"Wrote {len(files) + 3} files to {out}/ — open {out / 'report.html'} in a browser.")
    return 0


def _draw_count(args, sc, names: list[str]) -> int:
    """How many parameter draws to run (default: one per replication when the scenario has an
    uncertainty: section); checks --current and --draws before anything runs."""
    if args.current is not None and args.current not in names:
        raise ExperimentError(f"--current {args.current!r} is not among the strategies compared: {', '.join(names)}")
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


def cmd_sweep(args) -> int:
    """Strategies × replications at every point of a grid; summary on stdout, tables and chart in --out."""
    from sim.experiment import ExperimentError, _check_strategies
    from sim.io import write_manifest, write_table
    from sim.report import write_sweep_report
    from sim.sweep import grid_points, sweep

    grid = dict(args.grid)
    if len(grid) < len(args.grid):
        raise ExperimentError("each key path can be given to --set only once")
    sc = _load(args.scenario)
    points, _ = grid_points(sc, grid)  # a bad key path or value fails here, before anything runs
    _check_strategies(sc, args.strategies or sc.strategies)
    out = Path(args.out)
    n_tasks = len(points) * len(args.strategies or sc.strategies) * (args.replications or sc.replications)
    store = _task_store(args, out, sc, "sweep", {"grid": grid})
    try:
        with _backend(args) as (workers, client):
            res = sweep(sc, grid, args.strategies, args.replications, args.seed, progress=not args.quiet,
                           workers=workers, client=client, store=store)
    except KeyboardInterrupt:
        return _interrupted(store, n_tasks)
    files = {"sweep.csv": res.runs, "sweep_summary.csv": res.summary}
    for name, df in files.items():
        write_table(df, out / name)
    write_sweep_report(res, out / "sweep.html", args.metric, args.lang)
    write_manifest(out, sc, res.seeds, res.strategies, files=[*files, "sweep.html"],
                   extra={"command_name": "sweep", "base_seed": res.seed, "replications": res.replications,
                          "grid": grid, "points": len(res.points), "metric": args.metric, "lang": args.lang,
                          "complete": True, "elapsed_seconds": round(res.elapsed, 2)})
    _print_sweep(res, args.metric, args.lang)  # after the files: a closed pipe (| head) cannot cost them
    _say(f"Wrote {len(files) + 2} files to {out}/ — open {out / 'sweep.html'} in a browser.")
    return 0


def _print_sweep(res, metric: str, lang: str) -> None:
    import sim
    from sim import experiment as ex

    sc, n = res.scenario, len(res.points)
    _say(f"{sc.name} ({sim.scenario_hash(sc)}) · {n} grid point{'' if n == 1 else 's'} × "
         f"{len(res.strategies)} strateg{'y' if len(res.strategies) == 1 else 'ies'} × {res.replications} "
         f"replications · seed {res.seed} (same seeds at every point) · {res.elapsed:.1f} s", "")
    rows = res.summary[res.summary["metric"] == metric]
    table = rows[res.keys].assign(**{
        sim.label("strategy", lang): [ex.strategy_label(s, lang, sc) for s in rows["strategy"]],
        f"{sim.label(metric, lang)} {sim.label('mean', lang)} [{sim.label('interval_95', lang)}]":
            [ex.format_interval(metric, r.mean, r.low, r.high) for r in rows.itertuples()]})
    _say(table.to_string(index=False, line_width=_width()), "")


# ---------------------------------------------------------------- where tasks run, resuming
@contextlib.contextmanager
def _backend(args):
    """(workers, client) for --workers, --scheduler ADDRESS or --dask local; closes what it opened."""
    if not (args.scheduler or args.dask):
        yield args.workers, None
        return
    try:
        from distributed import Client
    except ImportError:
        raise _backend_error("--scheduler and --dask need dask: pip install 'dask[distributed]'") from None
    if args.scheduler:
        try:
            client = Client(args.scheduler, timeout="15s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise _backend_error(f"cannot connect to the Dask scheduler at {args.scheduler}: {exc}") from None
        with client:
            yield None, client
        return
    from sim.parallel import local_cluster

    with local_cluster(args.workers) as cluster, Client(cluster) as client:
        yield None, client


def _backend_error(message: str):
    from sim.parallel import BackendError

    return BackendError(message)


def _task_store(args, out: Path, sc, command: str, extra: dict | None = None):
    """The store of finished tasks in ``out``: checked and kept with --resume, else emptied; a first
    manifest says what is being run (so that a later --resume can check it)."""
    from sim.io import write_manifest
    from sim.scenario import scenario_hash
    from sim.store import TaskStore, check_resume

    expected = {"command_name": command, "scenario_hash": scenario_hash(sc),
                "base_seed": sc.seed if args.seed is None else args.seed, **(extra or {})}
    store = TaskStore(out)
    if args.resume:
        check_resume(out, expected)
        _say(f"Resuming: {store.count()} finished runs found in {store.path}/")
    elif foreign_entry(store.path):  # a folder of the user's own is never emptied
        raise ExperimentError(f"{store.path}/ holds {foreign_entry(store.path).name!r}, which is not a saved run: "
                              "choose another --out (nothing was changed)")
    else:
        store.clear()
    write_manifest(out, sc, [], args.strategies or sc.strategies, files=[],
                   extra={**expected, "complete": False})
    return store


def _interrupted(store, total: int) -> int:
    from sim.io import command_line

    again = command_line() + ("" if "--resume" in sys.argv else " --resume")
    print(f"\ninterrupted: {store.count()} of {total} runs are saved in {store.path}/\n"
          f"to run only the rest: {again}", file=sys.stderr, flush=True)
    return 130


def _print_comparison(comp, lang: str) -> None:
    import sim
    from sim import experiment as ex

    sc = comp.scenario
    n, r = len(comp.strategies), comp.replications
    _say(f"{sc.name} ({sim.scenario_hash(sc)}) · {n} strateg{'y' if n == 1 else 'ies'} × {r} "
         f"replication{'' if r == 1 else 's'} · seed {comp.seed} (same seeds for every strategy) · {comp.elapsed:.1f} s", "")
    _say(sim.label("comparison_table", lang) + ":",
         ex.interval_table(comp.summary, sim.METRICS, lang, comp.strategies).to_string(line_width=_width()), "")
    paired = comp.paired[comp.paired["strategy"] != comp.baseline]
    if len(paired):
        _say(f"{sim.label('paired_table', lang)} — {sim.label('baseline', lang)}: {comp.baseline}:",
             ex.paired_table(paired, sim.METRICS, lang).to_string(line_width=_width()),
             "* = the paired 95% interval excludes zero (a clear difference).", "")


def cmd_facts(args) -> int:
    """Check the course's numbers against the simulation (on the course's business or ``--scenario``)."""
    from sim.facts import facts_json, facts_table, run_facts

    sc = _load(args.scenario) if args.scenario else None
    rows = run_facts(replications=args.replications, progress=not args.quiet, scenario=sc)
    _say(facts_table(rows))
    if args.json:
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(facts_json(rows), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _say(f"saved {out}")
    return 0 if all(r.holds for r in rows if not r.examined) else 1


# ---------------------------------------------------------------- parser
def _sub(subs, name: str, summary: str, examples: str, func, quiet: bool = False) -> argparse.ArgumentParser:
    p = subs.add_parser(name, help=summary.replace("%", "%%"), description=textwrap.fill(summary, 78), epilog=f"examples:\n{examples}",
                        formatter_class=_Help)
    p.set_defaults(func=func)
    if quiet:
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def _scenario_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", metavar="FILE",
                   help="a scenario file, or the name of one in scenarios/ (e.g. workshop)")


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--replications", "-r", type=_int_in(1, MAX_REPLICATIONS, "--replications"), metavar="R",
                   help="replications per strategy (default: the scenario's)")
    p.add_argument("--seed", type=_int_in(0, MAX_SEED, "--seed"), metavar="N",
                   help="base seed; replication i uses a seed derived from it (default: the scenario's)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="labels in English or Chinese (default: en)")


def _sweep_metrics() -> list[str]:
    from sim.experiment import SHARE_METRICS
    from sim.results import METRICS

    return [*METRICS, *sorted(SHARE_METRICS - set(METRICS))]


def _assignment(text: str) -> tuple[str, list]:
    from sim.experiment import ExperimentError
    from sim.sweep import parse_assignment

    try:
        return parse_assignment(text)
    except ExperimentError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parallel_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", "-j", type=_int_in(1, 1024, "--workers"), metavar="N",
                   help="processes on this machine (default: all cores; 1 = in this process); with "
                        "--dask local, the number of Dask workers")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 or tls://… "
                            "(its workers need the same crm-dojo installed)")
    where.add_argument("--dask", choices=("local",), help="start a Dask cluster on this machine (127.0.0.1)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run in --out: run only the replications not saved yet")


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m sim`` argument parser."""
    parser = _Parser(
        prog="python -m sim", formatter_class=_Help,
        description="CRM Dojo: simulate customer relationship management strategies.",
        epilog="examples:\n  python -m sim list\n  python -m sim validate my_book.yaml\n"
               "  python -m sim run workshop --strategy value_based\n  python -m sim compare workshop --out out\n"
               "  python -m sim sweep workshop --set reps.count=5,10,15 --strategies no_care,value_based\n\n"
               "Run 'python -m sim COMMAND --help' for the options of a command.",
    )
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subs.required = True

    p = _sub(subs, "list", "List the scenarios in scenarios/ and the available strategies.",
             "  python -m sim list\n  python -m sim list --scenario my_book.yaml --lang zh", cmd_list)
    p.add_argument("--scenario", metavar="FILE", help="also list the strategies this scenario defines")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="strategy labels in English or Chinese")

    p = _sub(subs, "validate", "Check scenario files without running them (exit 2 if one is invalid).",
             "  python -m sim validate workshop\n  python -m sim validate scenarios/*.yaml", cmd_validate)
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files or names")

    p = _sub(subs, "run", "Run replications of one strategy; print mean and 95% interval per metric, "
             "write result tables.",
             "  python -m sim run workshop\n  python -m sim run workshop --strategy value_based -r 20 --seed 7\n"
             "  python -m sim run my_book.yaml --strategy my_mix --out results/my_mix\n\n"
             "Writes replications.csv, events.csv, panel.csv, account_profit.csv and churn_by_cause.csv\n"
             "(the last four from the first replication) and manifest.json.", cmd_run, quiet=True)
    _scenario_arg(p)
    p.add_argument("--strategy", "-s", default="routine_care", metavar="S",
                   help="strategy name (default: routine_care; see 'python -m sim list')")
    _run_options(p)
    p.add_argument("--out", metavar="DIR", help="output folder (default: out/<scenario>-<strategy>/)")

    p = _sub(subs, "compare", "Compare strategies on the same customers and luck (common random numbers); "
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
    _scenario_arg(p)
    p.add_argument("--strategies", type=_names, metavar="A,B,C",
                   help="comma-separated strategy names (default: the scenario's strategies)")
    p.add_argument("--baseline", metavar="S", help="strategy the others are compared with (default: the first)")
    p.add_argument("--current", metavar="S", help="the strategy run today, which the decision weighs the others "
                                                  "against (default: the baseline)")
    p.add_argument("--metric", choices=DECISION_METRICS, default="profit_total",
                   help="metric the decision is made on (default: profit_total; customer equity is shown too)")
    p.add_argument("--draws", type=_int_in(0, MAX_REPLICATIONS, "--draws"), metavar="N",
                   help="also run N replications, each on its own draw of the scenario's uncertainty: "
                        "parameters (default: as many as --replications when the scenario has that section; 0: off)")
    _run_options(p)
    p.add_argument("--out", default=str(OUT), metavar="DIR", help="output folder (default: out/)")
    _parallel_options(p)

    p = _sub(subs, "sweep", "Run strategies × replications at every point of a grid of scenario values "
             "(same seeds everywhere); print the mean and 95% interval of a metric per point, write tables "
             "and an offline HTML chart.",
             "  python -m sim sweep workshop --set reps.count=5,10,15 --strategies no_care,value_based\n"
             "  python -m sim sweep my_book.yaml --set market.churn_scale=0.5,1,1.5 \\\n"
             "      --set competitor.poaching_per_year=0.05,0.2 --metric retention -r 20 --out results/sweep\n\n"
             "Values are read as YAML (3, 0.5, true). Writes sweep.csv (one row per point x strategy x\n"
             "replication x metric), sweep_summary.csv, sweep.html and manifest.json.", cmd_sweep, quiet=True)
    _scenario_arg(p)
    p.add_argument("--set", dest="grid", action="append", type=_assignment, required=True,
                   metavar="KEY.PATH=V1,V2", help="a scenario key path and the values to sweep (repeatable: "
                   "the grid is every combination)")
    p.add_argument("--strategies", type=_names, metavar="A,B,C",
                   help="comma-separated strategy names (default: the scenario's strategies)")
    p.add_argument("--metric", default="profit_total", choices=_sweep_metrics(), metavar="M",
                   help="metric printed and charted (default: profit_total; one of %(choices)s)")
    _run_options(p)
    p.add_argument("--out", default=str(OUT / "sweep"), metavar="DIR",
                   help="output folder (default: out/sweep/)")
    _parallel_options(p)

    p = _sub(subs, "facts", "Check the numbers the course states against the simulation (exit 1 if one fails).",
             "  python -m sim facts\n  python -m sim facts --replications 5\n"
             "  python -m sim facts --scenario my_book.yaml --json out/facts.json", cmd_facts, quiet=True)
    p.add_argument("--replications", "-r", type=_int_in(1, MAX_REPLICATIONS, "--replications"), metavar="R",
                   help="replications per check (default: each check's own)")
    p.add_argument("--scenario", metavar="FILE", help="measure every row on this scenario (default: the course's)")
    p.add_argument("--json", metavar="FILE", help="also save each row's figure, interval and verdict as JSON")
    from sim.calibration.cli import register as register_calibration  # calibrate, backtest
    register_calibration(subs)
    from sim.tournament.cli import register as register_tournament  # debrief
    register_tournament(subs)
    from sim.exercises.build import register as register_exercises  # exercises build
    register_exercises(subs)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit code."""
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    from sim.experiment import ExperimentError
    from sim.parallel import BackendError
    from sim.scenario import ScenarioError

    try:
        return args.func(args)
    except (ScenarioError, ExperimentError, BackendError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    except OSError as exc:
        where = f"cannot use {exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2
