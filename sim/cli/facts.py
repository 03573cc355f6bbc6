"""``python -m sim facts``: check the course's numbers against the simulation (its options:
:mod:`sim.cli.parsers`)."""

from __future__ import annotations

import json
from pathlib import Path

import sim
from sim import facts as course_facts
from sim.cli_options import say

__all__ = ["cmd_facts"]


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

