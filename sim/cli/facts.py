"""``python -m sim facts``: check the course's numbers against the simulation."""

from __future__ import annotations

import json
from pathlib import Path

import sim
from sim import facts as course_facts
from sim.cli_options import int_in, say, sub
from sim.scenario import MAX_REPLICATIONS

__all__ = ["cmd_facts", "register"]


def cmd_facts(args) -> int:
    """Check the course's numbers against the simulation (on the course's business or ``--scenario``)."""
    sc = sim.load_scenario(args.scenario) if args.scenario else None
    rows = course_facts.run_facts(replications=args.replications, progress=not args.quiet, scenario=sc)
    say(course_facts.facts_table(rows))
    if args.json:
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(course_facts.facts_json(rows), indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        say(f"saved {out}")
    return 0 if all(r.holds for r in rows if not r.examined) else 1


def register(subs) -> None:
    """Add ``facts`` to the ``python -m sim`` subcommands."""
    p = sub(subs, "facts", "Check the numbers the course states against the simulation (exit 1 if one fails).",
            "  python -m sim facts\n  python -m sim facts --replications 5\n"
            "  python -m sim facts --scenario my_book.yaml --json out/facts.json", cmd_facts, quiet=True)
    p.add_argument("--replications", "-r", type=int_in(1, MAX_REPLICATIONS, "--replications"), metavar="R",
                   help="replications per check (default: each check's own)")
    p.add_argument("--scenario", metavar="FILE", help="measure every row on this scenario (default: the course's)")
    p.add_argument("--json", metavar="FILE", help="also save each row's figure, interval and verdict as JSON")
