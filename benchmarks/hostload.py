"""How busy the host is, read the same way by every benchmark (``parallel.py``, ``room.py``).

:func:`host_stalls`: the share of the time a busy loop on each of the 2 CPUs is held up by the
host (0 when the cores are ours). A VM on a busy host shows it here, and in every timing after.
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from sim.parallel import _mp_context

WORKERS = 2


def spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


def _stalled(seconds: float, gap: float = 0.002) -> float:
    """Share of ``seconds`` a busy loop in this process was held up (gaps between two clock
    readings over ``gap``): time the host gave this CPU to someone else."""
    t_end = time.perf_counter() + seconds
    last = time.perf_counter()
    lost = 0.0
    while last < t_end:
        now = time.perf_counter()
        if now - last > gap:
            lost += now - last
        last = now
    return lost / seconds


def host_stalls(seconds: float = 2.0) -> float:
    """Mean share of the time a busy loop on each of the 2 CPUs at once was held up (0 when the
    cores are ours). A VM on a busy host shows it here, and in every timing after."""
    with ProcessPoolExecutor(WORKERS, mp_context=_mp_context()) as pool:
        list(pool.map(spin, [1] * WORKERS))
        return statistics.mean(pool.map(_stalled, [seconds] * WORKERS))
