"""Local parallel runs: the same tables as serial, errors and early stops handled."""

from __future__ import annotations

import math
import operator
import pickle

import pandas as pd
import pytest

import sim
from sim import experiment as ex
from sim.parallel import BackendError, backend_name, map_tasks

SMALL = {"accounts": {"count": 300}, "reps": {"count": 3}, "dealers": {"count": 3}, "horizon_months": 6,
         "replications": 3, "custom_strategies": {"my_mix": {"extends": "value_based", "params": {}}}}
PAIR = ["no_care", "my_mix"]


class Counter:
    """A stand-in progress bar that counts updates."""

    def __init__(self):
        self.n = 0

    def update(self, n: int = 1):
        self.n += n


@pytest.fixture(scope="module")
def small():
    return sim.scenario_from_dict(SMALL)


def test_processes_match_serial(small):
    """compare in 2 processes gives the same runs, summary and paired tables as serially (custom strategy too)."""
    a = ex.compare(small, PAIR, progress=False, keep_first=True)
    b = ex.compare(small, PAIR, progress=False, keep_first=True, workers=2)
    for name in ("runs", "summary", "paired"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert set(b.results) == set(PAIR)


def test_scenario_travels_as_json(small):
    """A scenario with custom strategies crosses process boundaries intact (rebuilt from JSON)."""
    ref = pickle.loads(pickle.dumps(ex.PortableScenario(small)))
    assert ref.hash == sim.scenario_hash(small) and ref.scenario == small


def test_map_tasks_every_task_with_progress():
    """map_tasks in processes yields each task with its result once and advances the bar per task."""
    bar = Counter()
    pairs = list(map_tasks(operator.neg, range(6), workers=2, progress=bar))
    assert sorted(pairs) == [(i, -i) for i in range(6)]
    assert bar.n == 6


def test_worker_error_reaches_caller():
    """An exception in a worker is raised in the caller (the pool is shut down)."""
    with pytest.raises(ValueError, match="math domain error"):
        list(map_tasks(math.sqrt, [1, -1, 4, 9], workers=2, progress=False))


def test_backend_choice():
    """workers=1 or a single task run serially, more workers in processes, a client on Dask; 0 is refused."""
    assert backend_name(1) == "serial" and backend_name(4, n_items=1) == "serial"
    assert backend_name(2) == "processes" and backend_name(1, client=object()) == "dask"
    with pytest.raises(BackendError, match="at least 1"):
        backend_name(0)
