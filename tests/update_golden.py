"""Regenerate the golden summaries of the scenario files (``tests/golden/<name>.json``).

Run it when a change in behaviour is intended, and commit the new files with the change::

    .venv/bin/python tests/update_golden.py            # every scenarios/*.yaml
    .venv/bin/python tests/update_golden.py workshop   # just these

Each golden is the summary of one short, seeded run: the scenario cut to
``HORIZON_MONTHS`` months and at most ``MAX_ACCOUNTS`` accounts, under the scenario's
first strategy and its own seed. ``tests/test_scenario_files.py`` reruns it and compares.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sim
from sim.scenario import SCENARIO_DIR

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
HORIZON_MONTHS = 6
MAX_ACCOUNTS = 400
COMMAND = ".venv/bin/python tests/update_golden.py"


def scenario_files() -> list[Path]:
    """Every scenario file, sorted by name."""
    return sorted(SCENARIO_DIR.glob("*.yaml"))


def golden_path(scenario_file: Path) -> Path:
    return GOLDEN_DIR / f"{scenario_file.stem}.json"


def short_overrides(scenario_file: Path) -> dict:
    """Overrides that cut a scenario to a short, small run (dealers never exceed accounts)."""
    full = sim.load_scenario(scenario_file)
    count = min(full.accounts.count, MAX_ACCOUNTS)
    return {
        "horizon_months": HORIZON_MONTHS,
        "accounts": {"count": count},
        "dealers": {"count": min(full.dealers.count, count)},
    }


def short_run(scenario_file: Path) -> dict:
    """The golden record of a scenario file: what was run and its summary."""
    overrides = short_overrides(scenario_file)
    sc = sim.load_scenario(scenario_file, overrides=overrides)
    strategy = sc.strategies[0]
    res = sim.run(sc, strategy, seed=sc.seed)
    return {
        "scenario": scenario_file.name,
        "strategy": strategy,
        "seed": sc.seed,
        "overrides": overrides,
        "summary": sim.summary(res),
    }


def write_golden(scenario_file: Path) -> Path:
    GOLDEN_DIR.mkdir(exist_ok=True)
    path = golden_path(scenario_file)
    path.write_text(json.dumps(short_run(scenario_file), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    files = scenario_files()
    if argv:
        by_name = {p.stem: p for p in files}
        unknown = [a for a in argv if Path(a).stem not in by_name]
        if unknown:
            print(f"unknown scenarios: {', '.join(unknown)}; known: {', '.join(by_name)}", file=sys.stderr)
            return 2
        files = [by_name[Path(a).stem] for a in argv]
    for f in files:
        print(f"wrote {write_golden(f).relative_to(GOLDEN_DIR.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
