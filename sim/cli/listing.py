"""``python -m sim list`` and ``validate``: the scenarios and strategies at hand, and a check
of scenario files without running them."""

from __future__ import annotations

import sys
import textwrap

import sim
from sim.cli_options import say, sub, width
from sim.scenario import SCENARIO_DIR
from sim.tables import strategy_label

__all__ = ["cmd_list", "cmd_validate", "register"]


def cmd_list(args) -> int:
    """Scenarios in scenarios/ and the strategies they can use."""
    sc = sim.load_scenario(args.scenario) if args.scenario else None  # a bad file fails before anything is printed
    say(f"Scenarios ({SCENARIO_DIR}):")
    files = sorted(SCENARIO_DIR.glob("*.yaml"))
    widest = max((len(p.stem) for p in files), default=0)
    for path in files:
        try:
            first = (sim.load_scenario(path).description.strip().splitlines() or [""])[0]
        except sim.ScenarioError as exc:
            first = f"(invalid: {str(exc).splitlines()[0]})"
        say(f"  {path.stem:<{widest}}  " + textwrap.shorten(first, max(20, width() - widest - 4), placeholder=" …"))
    found = sim.available_strategies(sc)
    widest = max(map(len, found))
    say("", "Strategies" + (f" (with {sc.name}'s own):" if sc else ":"))
    for name in found:
        say(f"  {name:<{widest}}  {strategy_label(name, args.lang, sc)}")
    return 0


def cmd_validate(args) -> int:
    """Load each file, resolve its strategies; print OK lines, errors on stderr."""
    bad = 0
    for ref in args.files:
        try:
            sc = sim.load_scenario(ref)
            for s in sc.strategies:
                sim.resolve_strategy(s, sc)
        except sim.ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr)
            bad += 1
            continue
        say(f"OK: {sc.name} ({sc.accounts.count} accounts, {sc.horizon_months} months, "
            f"strategies {', '.join(sc.strategies)})")
    return 2 if bad else 0


def register(subs) -> None:
    """Add ``list`` and ``validate`` to the ``python -m sim`` subcommands."""
    p = sub(subs, "list", "List the scenarios in scenarios/ and the available strategies.",
            "  python -m sim list\n  python -m sim list --scenario my_book.yaml --lang zh", cmd_list)
    p.add_argument("--scenario", metavar="FILE", help="also list the strategies this scenario defines")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="strategy labels in English or Chinese")

    p = sub(subs, "validate", "Check scenario files without running them (exit 2 if one is invalid).",
            "  python -m sim validate workshop\n  python -m sim validate scenarios/*.yaml", cmd_validate)
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files or names")
