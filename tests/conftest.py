"""Shared fixtures: a small scenario that runs in a fraction of a second, and helpers.

``small`` is the workhorse: 300 accounts, 3 reps, 3 dealers, 12 months. Tests that
need a run call ``run_small(strategy, seed)``; tests that need a scenario file call
``write_yaml(name, text)``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

import sim


SMALL = {
    "name": "small",
    "seed": 7,
    "horizon_months": 12,
    "accounts": {"count": 300},
    "reps": {"count": 3},
    "dealers": {"count": 3},
}


def small_scenario(**overrides) -> sim.Scenario:
    """The ``small`` scenario with top-level keys replaced (nested dicts merge)."""
    from sim.scenario import deep_merge

    return sim.scenario_from_dict(deep_merge(SMALL, overrides), "<small>")


def run_world(scenario: sim.Scenario, strategy="routine_care", seed: int | None = None) -> sim.World:
    """Build and run a world to its horizon."""
    return sim.build_world(scenario, strategy, seed).run()


@pytest.fixture(scope="session")
def small() -> sim.Scenario:
    """300 accounts, 3 reps, 3 dealers, 12 months."""
    return small_scenario()


@pytest.fixture
def run_small(small):
    """Run ``small`` under a strategy and seed; returns the finished World."""

    def _run(strategy="routine_care", seed: int = 1) -> sim.World:
        return run_world(small, strategy, seed)

    return _run


@pytest.fixture
def write_yaml(tmp_path):
    """Write a dedented YAML text to ``tmp_path/name`` and return its path."""

    def _write(name: str, text: str) -> Path:
        p = tmp_path / name
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return p

    return _write


def assert_logs_equal(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    """Two event logs are identical: same columns, same dtypes, same values (NaN-aware)."""
    assert a.keys() == b.keys()
    for col in a:
        assert a[col].dtype == b[col].dtype, col
        assert np.array_equal(a[col], b[col], equal_nan=a[col].dtype.kind == "f"), f"column {col!r} differs"
