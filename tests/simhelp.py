"""Helpers the test modules import: the small scenario, running a world, comparing event logs, a free port.

(Kept out of ``conftest.py``: two conftest files exist, and ``from conftest import`` would
pick whichever pytest imported first.)
"""

from __future__ import annotations

import re
import socket

import numpy as np

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


def assert_logs_equal(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    """Two event logs are identical: same columns, same dtypes, same values (NaN-aware)."""
    assert a.keys() == b.keys()
    for col in a:
        assert a[col].dtype == b[col].dtype, col
        assert np.array_equal(a[col], b[col], equal_nan=a[col].dtype.kind == "f"), f"column {col!r} differs"


def assert_room_of_two_for_one(text: str) -> None:
    """What ``benchmarks/room.py --n 2 --capacity 1`` prints about any server: one page in (its chart
    drawn, moved and redrawn), one refused with the room-full page, nothing from the internet, no error."""
    assert re.search(r"Time to first chart \(2 pages at once\): p50 +[\d.]+ s .*\(n=1\)", text)
    assert "Room full pages (capacity 1): 1 of 2" in text
    assert re.search(r"Redraw after moving a slider .*: p50 +[\d.]+ s .*\(n=1\)", text)
    assert "Requests that left 127.0.0.1 (blocked): 0" in text and "Pages with a problem: 0" in text
    assert "Server log errors: 0" in text


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now: servers the tests start never share a fixed one (pytest-xdist
    runs two test files at once, and another checkout's tests may run beside them)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
