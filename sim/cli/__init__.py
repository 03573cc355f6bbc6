"""``python -m sim``: list, validate, run, compare and sweep scenarios from a terminal.

Exit codes: 0 done, 1 ``facts`` found a claim that does not hold, 2 bad input
(scenario, strategy, option), 130 interrupted. Bad input gets one clear message
on stderr, never a traceback. Progress bars go to stderr; ``--quiet`` hides them.

One module per command group: :mod:`sim.cli.listing` (list, validate), :mod:`sim.cli.runs`
(run, compare, sweep), :mod:`sim.cli.facts`; ``calibrate``/``backtest``, ``debrief`` and
``exercises`` come from their packages. The shared parser pieces are in :mod:`sim.cli_options`.
:mod:`sim.cli.parsers` holds the options of runs and facts, whose modules load only when their
command runs (:mod:`sim.cli.lazy`): ``--help`` and ``list`` skip the report's and facts' imports.
"""

from __future__ import annotations

import argparse
import sys

from sim.calibration import cli as calibration_cli
from sim.cli import listing, parsers
from sim.cli_options import HelpFormatter, Parser
from sim.exercises import build as exercises_build
from sim.experiment import ExperimentError
from sim.parallel import BackendError
from sim.scenario import ScenarioError
from sim.tournament import cli as tournament_cli

__all__ = ["main", "build_parser"]

#: each registers its subcommands, in the order ``--help`` lists them
COMMANDS = (listing, parsers, calibration_cli, tournament_cli, exercises_build)


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m sim`` argument parser."""
    parser = Parser(
        prog="python -m sim", formatter_class=HelpFormatter,
        description="CRM Dojo: simulate customer relationship management strategies.",
        epilog="examples:\n  python -m sim list\n  python -m sim validate my_book.yaml\n"
               "  python -m sim run workshop --strategy value_based\n  python -m sim compare workshop --out out\n"
               "  python -m sim sweep workshop --set reps.count=5,10,15 --strategies no_care,value_based\n\n"
               "Run 'python -m sim COMMAND --help' for the options of a command.",
    )
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subs.required = True
    for module in COMMANDS:
        module.register(subs)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit code."""
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
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
