"""Local parallel runs: the same tables as serial, errors and early stops handled."""

from __future__ import annotations

import math
import operator
import os
import pickle
import signal
import struct
import subprocess
import sys
import time

import pandas as pd
import pytest

import sim
from sim import experiment as ex
from sim import parallel as par
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


# ---------------------------------------------------------------- the session's pool
def _pid(_) -> int:
    return os.getpid()


def _gone(pid: int, timeout: float = 10) -> bool:
    """True once process ``pid`` has ended (and been reaped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def _same_tables(a, b) -> None:
    for name in ("runs", "summary", "paired"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_pool_reused_by_later_calls(small):
    """Two compares in a row use the same worker processes, and both equal the serial tables."""
    par.shutdown_pool()
    serial = ex.compare(small, PAIR, progress=False)
    first = ex.compare(small, PAIR, progress=False, workers=2)
    pids = par.pool_pids()
    second = ex.compare(small, PAIR, progress=False, workers=2)
    assert len(pids) == 2 and par.pool_pids() == pids
    assert {pid for _, pid in map_tasks(_pid, range(4), workers=2, progress=False)} <= set(pids)
    _same_tables(serial, first)
    _same_tables(serial, second)


def test_pool_rebuilt_after_stopping_early(small):
    """Leaving the loop early ends the busy workers at once; the next call starts new ones and is right."""
    par.warm_pool(2)
    before = par.pool_pids()
    t0 = time.perf_counter()
    gen = map_tasks(time.sleep, [2.0] * 6, workers=2, progress=False)
    next(gen)
    gen.close()
    assert time.perf_counter() - t0 < 5.0  # not waiting for the queued sleeps (6 s at least)
    assert par.pool_pids() == [] and all(_gone(pid) for pid in before)
    again = ex.compare(small, PAIR, progress=False, workers=2)
    assert par.pool_pids() and not set(par.pool_pids()) & set(before)
    _same_tables(ex.compare(small, PAIR, progress=False), again)


def _half_a_result(task: tuple[str, str, str]) -> str:
    """"quick" returns at once. "half", once the test says go, writes the start of a result message
    into the pool's result pipe, as a worker ended while sending its result leaves it, and waits."""
    kind, go, written = task
    if kind == "quick":
        return kind
    results = sys._getframe(1).f_locals["result_queue"]  # concurrent.futures' _process_worker
    while not os.path.exists(go):
        time.sleep(0.02)
    os.write(results._writer.fileno(), struct.pack("!i", 1000) + b"x" * 10)  # 10 bytes of 1000
    open(written, "w").close()
    time.sleep(600)
    return kind


def test_stopping_early_while_a_result_is_half_sent_still_ends(tmp_path):
    """A worker ended in the middle of sending its result (Ctrl-C at the wrong moment) must not leave
    the pool's manager thread reading for ever: the interpreter waits for it at exit."""
    go, written = str(tmp_path / "go"), str(tmp_path / "written")
    par.shutdown_pool()
    gen = map_tasks(_half_a_result, [("quick", go, written), ("half", go, written)], workers=2, progress=False)
    assert next(gen)[1] == "quick"
    pool = par.pool._pool
    manager, results = pool._executor_manager_thread, pool._result_queue
    open(go, "w").close()
    deadline = time.monotonic() + 120
    while not os.path.exists(written) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert os.path.exists(written)
    time.sleep(0.5)  # the manager thread is reading the half message now
    gen.close()
    manager.join(timeout=60)
    if manager.is_alive():
        results._writer.close()  # let this test session end all the same
    assert not manager.is_alive(), "the pool's manager thread still waits for the rest of the message"


def test_pool_rebuilt_after_worker_died():
    """A worker killed while the pool is idle: the next call notices and starts a new pool."""
    par.warm_pool(2)
    victim = par.pool_pids()[0]
    os.kill(victim, signal.SIGKILL)
    assert _gone(victim)
    time.sleep(0.2)  # the pool hears of it
    assert sorted(map_tasks(operator.neg, range(4), workers=2, progress=False)) == [(i, -i) for i in range(4)]
    assert victim not in par.pool_pids()


def test_warm_and_shutdown_pool():
    """warm_pool starts every worker and says how long it took; shutdown_pool ends them (twice is fine)."""
    par.shutdown_pool()
    took = par.warm_pool(2)
    pids = par.pool_pids()
    assert took > 0 and len(pids) == 2
    par.warm_pool(2)
    assert par.pool_pids() == pids  # already up: the same workers
    par.shutdown_pool()
    assert par.pool_pids() == [] and all(_gone(pid) for pid in pids)
    par.shutdown_pool()
    assert par.warm_pool(1) == 0.0 and par.pool_pids() == []  # one worker: runs in this process, no pool
    assert sorted(map_tasks(operator.neg, range(3), workers=2, progress=False)) == [(i, -i) for i in range(3)]
    assert 1 <= len(par.pool_pids()) <= 2  # workers start on demand
    par.shutdown_pool()


def test_other_worker_count_replaces_pool():
    """A call with another number of workers replaces the pool rather than keeping two."""
    par.warm_pool(2)
    two = par.pool_pids()
    assert sorted(map_tasks(operator.neg, range(3), workers=3, progress=False)) == [(i, -i) for i in range(3)]
    assert all(_gone(pid) for pid in two) and not set(par.pool_pids()) & set(two)
    par.warm_pool(3)
    assert len(par.pool_pids()) == 3
    par.shutdown_pool()


def test_concurrent_calls_get_own_pool():
    """While one call uses the session's pool, another (nested here) runs on a pool of its own."""
    outer = map_tasks(operator.neg, range(4), workers=2, progress=False)
    got = [next(outer)]
    inner = sorted(map_tasks(operator.neg, range(3), workers=2, progress=False))
    got += list(outer)
    assert sorted(got) == [(i, -i) for i in range(4)] and inner == [(i, -i) for i in range(3)]
    assert par.pool_pids()  # the session's pool is kept



def test_warming_in_a_thread_shares_the_pool():
    """A call made while warm_pool is starting the pool in another thread runs on that same pool."""
    import threading

    par.shutdown_pool()
    warming = threading.Thread(target=par.warm_pool, args=(2,))
    warming.start()
    used = {pid for _, pid in map_tasks(_pid, range(4), workers=2, progress=False)}
    warming.join()
    assert len(par.pool_pids()) == 2 and used <= set(par.pool_pids())

    par.shutdown_pool()
    warming = threading.Thread(target=par.warm_pool, args=(2,))
    warming.start()
    gen = map_tasks(time.sleep, [0.5] * 6, workers=2, progress=False)
    next(gen)
    gen.close()  # stopped early: ends the pool, and the warming returns quietly
    warming.join(timeout=10)
    assert not warming.is_alive()
    assert sorted(map_tasks(operator.neg, range(3), workers=2, progress=False)) == [(i, -i) for i in range(3)]


SESSION = """
import time

from sim.parallel import pool_pids, warm_pool
if __name__ == "__main__":
    warm_pool(2)
    print(*pool_pids(), flush=True)
    time.sleep(60)
"""


def test_workers_end_with_killed_session(tmp_path):
    """A session killed without shutting its pool down (SIGKILL) leaves no idle workers behind."""
    script = tmp_path / "session.py"
    script.write_text(SESSION)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert len(pids) == 2 and all(_gone(pid) for pid in pids)


class FakeLibc:
    """Records what would be asked of glibc's malloc."""

    def __init__(self):
        self.calls = []

    def mallopt(self, param, value):
        self.calls.append((param, value))

    def malloc_trim(self, pad):
        self.calls.append(("trim", pad))


def test_roomy_malloc_only_where_dask_fixed_thresholds(monkeypatch):
    """Where MALLOC_TRIM_THRESHOLD_ fixed malloc's thresholds (Dask workers), a task runs with room to
    reuse memory, then the environment's thresholds come back; elsewhere nothing is touched."""
    libc = FakeLibc()
    monkeypatch.setattr(par.malloc, "_glibc", lambda: libc)  # looked up in sim.parallel.malloc
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    with par._roomy_malloc():
        pass
    assert libc.calls == []
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    with par._roomy_malloc():
        with par._roomy_malloc():  # nested or concurrent: set once, restored by the last one out
            assert libc.calls == [(-1, 64 << 20), (-3, 32 << 20)]
        assert len(libc.calls) == 2
    assert libc.calls[2:] == [(-1, 65536), (-3, 128 << 10), ("trim", 0)]
