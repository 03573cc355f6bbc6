"""``python -m sim.room.prepare NOTEBOOKS [--prewarm]``: the landing page's data as JSON on stdout.

Run by :mod:`sim.room.serve` in a process of its own, so the server itself never imports the
simulation (pandas, scipy, altair: ~200 MB the server would hold all day). With ``--prewarm`` it
first runs every listed case at its default settings into the shared cache (``$CRM_DOJO_CACHE``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.room.landing import facilitator, landing_entries
from sim.ui.cases import CASES

__all__ = ["landing_data", "main", "prewarm"]


def prewarm(notebooks: Path) -> int:
    """Run every listed case at its default settings once (into the shared cache); how many ran."""
    keys = [e["key"] for e in landing_entries(notebooks) if e["key"] in CASES]
    for key in keys:
        CASES[key].run(CASES[key].defaults(), workers=1)
    return len(keys)


def landing_data(notebooks: Path) -> dict:
    """What the ``crm-dojo`` template's landing page shows."""
    return {"crm_cases": landing_entries(notebooks), "crm_facilitator": facilitator(notebooks)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m sim.room.prepare", description=__doc__.split("\n\n")[0])
    p.add_argument("notebooks", type=Path)
    p.add_argument("--prewarm", action="store_true")
    args = p.parse_args(argv)
    n = prewarm(args.notebooks) if args.prewarm else 0
    json.dump({**landing_data(args.notebooks), "prewarmed": n}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
