"""The core stays light: ``import sim`` loads no notebook or charting library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: libraries that belong to ``sim.viz`` / ``sim.ui`` only
HEAVY = ("altair", "ipywidgets", "IPython", "matplotlib")


def _modules_after(statement: str) -> list[str]:
    """Top-level module names in ``sys.modules`` of a fresh interpreter after ``statement``."""
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def loaded() -> list[str]:
    return _modules_after("import sim")


@pytest.mark.parametrize("name", HEAVY)
def test_import_sim_does_not_load(loaded, name):
    """A fresh ``import sim`` leaves this library unloaded."""
    assert name not in loaded


def test_the_check_sees_what_is_imported(loaded):
    """The subprocess check does see what ``import sim`` loads (so the test above can fail)."""
    assert {"sim", "numpy", "simpy", "pydantic"} <= set(loaded)


def test_running_a_scenario_does_not_load_them():
    """Loading and running a scenario through the public API loads none of them either."""
    stmt = ("import sim\n"
            "sc = sim.load_scenario('workshop', overrides={'horizon_months': 1, 'accounts': {'count': 60},"
            " 'dealers': {'count': 2}})\n"
            "sim.summary(sim.run(sc, 'value_based', seed=1))")
    loaded = _modules_after(stmt)
    assert [m for m in HEAVY if m in loaded] == []


def test_the_command_line_parser_loads_no_report_or_facts():
    """``python -m sim --help``, ``list`` and ``validate`` build the parser only: no report (altair,
    jsonschema) and no facts (scipy) until ``compare``, ``sweep`` or ``facts`` runs."""
    loaded = _modules_after("from sim.cli import build_parser\nbuild_parser().parse_args(['list'])")
    assert "sim" in loaded and [m for m in ("altair", "jsonschema", "scipy") if m in loaded] == []
