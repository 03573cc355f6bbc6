"""Shared fixtures: a small scenario that runs in a fraction of a second, and helpers.

``small`` is the workhorse: 300 accounts, 3 reps, 3 dealers, 12 months. Tests that
need a run call ``run_small(strategy, seed)``; tests that need a scenario file call
``write_yaml(name, text)``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import sim


from simhelp import SMALL, assert_logs_equal, run_world, small_scenario  # noqa: F401  (re-exported)


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
