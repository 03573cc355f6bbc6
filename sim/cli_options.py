"""The argparse pieces every ``python -m sim`` command shares: a one-line-error parser, option
types, common options and stdout output that survives a closed pipe.

A low module: :mod:`sim.cli` and the commands other packages add (``sim.calibration.cli``,
``sim.tournament.cli``) import it at top level, so none of them imports another.
"""

from __future__ import annotations

import argparse
import shutil
import textwrap

from sim.io import stdout_closed
from sim.scenario import MAX_REPLICATIONS, MAX_SEED

__all__ = ["HelpFormatter", "Parser", "int_in", "names", "parallel_options", "run_options",
           "say", "scenario_arg", "sub", "width"]


class Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line (exit 2)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    pass


# ---------------------------------------------------------------- option types
def int_in(low: int, high: int, what: str):
    """An option type: a whole number from ``low`` to ``high`` (``what`` names it in errors)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}, got {value}")
        return value
    return parse


def names(text: str) -> list[str]:
    """An option type: comma-separated strategy names (at least one)."""
    found = [t.strip() for t in text.split(",") if t.strip()]
    if not found:
        raise argparse.ArgumentTypeError("give at least one strategy name, e.g. no_care,value_based")
    return found


# ---------------------------------------------------------------- output
def width() -> int:
    """The terminal's width (at least 80 columns)."""
    return max(80, shutil.get_terminal_size((160, 40)).columns)


def say(*lines: str) -> None:
    """Print ``lines`` to stdout; a reader that went away (``| head -1``) is not an error."""
    try:
        print(*lines, sep="\n", flush=True)
    except BrokenPipeError:  # go on quietly, files still get written
        stdout_closed()


# ---------------------------------------------------------------- subcommands and common options
def sub(subs, name: str, summary: str, examples: str, func, quiet: bool = False) -> argparse.ArgumentParser:
    """Add subcommand ``name`` running ``func(args)``; ``quiet`` adds ``-q/--quiet``."""
    p = subs.add_parser(name, help=summary.replace("%", "%%"), description=textwrap.fill(summary, 78),
                        epilog=f"examples:\n{examples}", formatter_class=HelpFormatter)
    p.set_defaults(func=func)
    if quiet:
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def scenario_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", metavar="FILE",
                   help="a scenario file, or the name of one in scenarios/ (e.g. workshop)")


def run_options(p: argparse.ArgumentParser) -> None:
    """--replications, --seed and --lang."""
    p.add_argument("--replications", "-r", type=int_in(1, MAX_REPLICATIONS, "--replications"), metavar="R",
                   help="replications per strategy (default: the scenario's)")
    p.add_argument("--seed", type=int_in(0, MAX_SEED, "--seed"), metavar="N",
                   help="base seed; replication i uses a seed derived from it (default: the scenario's)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="labels in English or Chinese (default: en)")


def parallel_options(p: argparse.ArgumentParser) -> None:
    """--workers, --scheduler / --dask and --resume."""
    p.add_argument("--workers", "-j", type=int_in(1, 1024, "--workers"), metavar="N",
                   help="processes on this machine (default: all cores; 1 = in this process); with "
                        "--dask local, the number of Dask workers")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 or tls://… "
                            "(its workers need the same crm-dojo installed)")
    where.add_argument("--dask", choices=("local",), help="start a Dask cluster on this machine (127.0.0.1)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run in --out: run only the replications not saved yet")
