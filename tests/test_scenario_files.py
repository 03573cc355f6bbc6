"""Examples are tests: every ``scenarios/*.yaml`` loads, validates, runs a short horizon and
matches its stored golden summary (``tests/golden/<name>.json``)."""

from __future__ import annotations

import json
import math

import pytest
from update_golden import COMMAND, GOLDEN_DIR, golden_path, scenario_files, short_run

import sim

FILES = scenario_files()
IDS = [p.stem for p in FILES]
REL = 1e-9


def test_there_are_scenario_files():
    """The scenarios folder is found and holds at least the workshop default."""
    assert "workshop" in IDS


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_scenario_file_loads_in_full(path):
    """The file loads and validates as written, and every strategy it lists is known."""
    sc = sim.load_scenario(path)
    known = sim.available_strategies(sc)
    assert [s for s in sc.strategies if s not in known] == []
    for name in sc.custom_strategies:
        sim.resolve_strategy(name, sc)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_scenario_file_matches_golden(path):
    """A short seeded run of the file gives the stored golden summary (exact up to float printing)."""
    golden = golden_path(path)
    fix = f"if the change is intended, run `{COMMAND} {path.stem}` and commit {golden.name}"
    if not golden.is_file():
        pytest.fail(f"no golden summary for scenarios/{path.name}: {fix}")
    want = json.loads(golden.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(short_run(path)))
    assert {k: got[k] for k in ("strategy", "seed", "overrides")} == \
        {k: want[k] for k in ("strategy", "seed", "overrides")}, f"the short run changed: {fix}"
    g, w = got["summary"], want["summary"]
    assert sorted(g) == sorted(w), f"summary metrics changed: {fix}"
    diffs = {k: (w[k], g[k]) for k in w if not math.isclose(g[k], w[k], rel_tol=REL, abs_tol=1e-12)}
    assert diffs == {}, f"scenarios/{path.name}: summary differs from golden (golden, now): {diffs}; {fix}"


def test_every_golden_has_its_scenario():
    """No golden file is left behind for a scenario that no longer exists."""
    stale = sorted(p.name for p in GOLDEN_DIR.glob("*.json") if p.stem not in IDS)
    assert stale == [], f"stale golden files (delete them): {stale}"
