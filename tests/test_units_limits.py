"""Each fact defined once: weeks per month (sim.units) and the seed limit (sim.scenario)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sim
from sim.cli import main
from sim.experiment import ExperimentError, _settings
from sim.scenario import MAX_SEED
from sim.units import WEEKS_PER_MONTH

ROOT = Path(sim.__file__).resolve().parent
LITERAL = re.compile(r"52(?:\.0)?\s*/\s*12\b|\b4\.33\d*\b")


def test_weeks_per_month_is_written_once():
    """Code spells 52/12 only in sim/units.py (texts may say it in words; strings are not checked)."""
    code = {p: re.sub(r'"[^"\n]*"', '""', p.read_text(encoding="utf-8")) for p in ROOT.rglob("*.py")
            if p != ROOT / "units.py"}
    assert [str(p.relative_to(ROOT)) for p, s in code.items() if LITERAL.search(s)] == []
    assert WEEKS_PER_MONTH == 52.0 / 12.0


def test_the_clock_uses_it():
    assert sim.scenario_from_dict({"horizon_months": 6}).horizon_weeks == round(6 * WEEKS_PER_MONTH) == 26
    assert sim.model.world.WEEKS_PER_MONTH is WEEKS_PER_MONTH


def test_seed_limit_is_one(capsys):
    """The schema, the API and the CLI share one seed limit."""
    assert sim.scenario_from_dict({"seed": MAX_SEED}).seed == MAX_SEED
    with pytest.raises(sim.ScenarioError, match="seed"):
        sim.scenario_from_dict({"seed": MAX_SEED + 1})
    with pytest.raises(ExperimentError, match=f"0 to {MAX_SEED}"):
        _settings(sim.scenario_from_dict({}), None, MAX_SEED + 1)
    with pytest.raises(SystemExit) as stop:
        main(["run", "workshop", "--seed", str(MAX_SEED + 1)])
    assert stop.value.code == 2 and str(MAX_SEED) in capsys.readouterr().err
