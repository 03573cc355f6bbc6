"""The parsers of ``run``, ``compare``, ``sweep`` (:mod:`sim.cli.runs`) and ``facts``
(:mod:`sim.cli.facts`): their options without their imports, which load when the command runs."""

from __future__ import annotations

import argparse

from sim import tables
from sim.cli.lazy import handler
from sim.cli_options import int_in, names, parallel_options, run_options, scenario_arg, sub
from sim.decision import DECISION_METRICS
from sim.experiment import ExperimentError
from sim.paths import OUT
from sim.results import METRICS
from sim.scenario import MAX_REPLICATIONS
from sim.sweep import parse_assignment

__all__ = ["register"]

RUNS, FACTS = "sim.cli.runs", "sim.cli.facts"


def _sweep_metrics() -> list[str]:
    return [*METRICS, *sorted(tables.SHARE_METRICS - set(METRICS))]


def _assignment(text: str) -> tuple[str, list]:
    try:
        return parse_assignment(text)
    except ExperimentError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subs) -> None:
    """Add ``run``, ``compare``, ``sweep`` and ``facts`` to the ``python -m sim`` subcommands."""
    p = sub(subs, "run", "Run replications of one strategy; print mean and 95% interval per metric, "
            "write result tables.",
            "  python -m sim run workshop\n  python -m sim run workshop --strategy value_based -r 20 --seed 7\n"
            "  python -m sim run my_book.yaml --strategy my_mix --out results/my_mix\n\n"
            "Writes replications.csv, events.csv, panel.csv, account_profit.csv and churn_by_cause.csv\n"
            "(the last four from the first replication) and manifest.json.", handler(RUNS, "cmd_run"),
            quiet=True)
    scenario_arg(p)
    p.add_argument("--strategy", "-s", default="routine_care", metavar="S",
                   help="strategy name (default: routine_care; see 'python -m sim list')")
    run_options(p)
    p.add_argument("--out", metavar="DIR", help="output folder (default: out/<scenario>-<strategy>/)")
    _register_compare(subs)
    _register_sweep(subs)
    _register_facts(subs)


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
            handler(RUNS, "cmd_compare"), quiet=True)
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
            "replication x metric), sweep_summary.csv, sweep.html and manifest.json.", handler(RUNS, "cmd_sweep"),
            quiet=True)
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


def _register_facts(subs) -> None:
    p = sub(subs, "facts", "Check the numbers the course states against the simulation (exit 1 if one fails).",
            "  python -m sim facts\n  python -m sim facts --replications 5\n"
            "  python -m sim facts --scenario my_book.yaml --json out/facts.json", handler(FACTS, "cmd_facts"),
            quiet=True)
    p.add_argument("--replications", "-r", type=int_in(1, MAX_REPLICATIONS, "--replications"), metavar="R",
                   help="replications per check (default: each check's own)")
    p.add_argument("--scenario", metavar="FILE", help="measure every row on this scenario (default: the course's)")
    p.add_argument("--json", metavar="FILE", help="also save each row's figure, interval and verdict as JSON")
