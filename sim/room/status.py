"""The trainer's view of the room (``/room/status``): pages open per case, charts ready, the server's load.

A trainer alone with sixty trainees needs to see at a glance whether everyone is in, where, and
whether the laptop keeps up. :func:`status_html` fills ``workshop/room/status.html`` (bilingual,
reloads itself every 5 s) from what the room's server knows: its light pages
(:class:`~sim.room.light.LightRoom`), its Solara pages, its drawings and its memory.
"""

from __future__ import annotations

import psutil

from sim.room.light import LightRoom
from sim.room.light_html import render
from sim.ui.cases import CASES

__all__ = ["server_memory_mb", "status_html"]


def server_memory_mb() -> float:
    """RSS of this process and its children (the drawing processes), in MB."""
    me = psutil.Process()
    total = 0
    for p in [me, *me.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:  # a child that just ended
            continue
    return total / 2**20


def _p95(xs) -> str:
    xs = sorted(xs)[-100:] if xs else []
    return f"{xs[min(len(xs) - 1, int(0.95 * len(xs)))]:.2f} s" if xs else "—"


def status_html(light: LightRoom | None, in_use: int, capacity: int, solara_pages: int, drawings: int) -> str:
    """The status page: ``in_use`` pages of ``capacity`` (0: no limit), per light case, ``solara_pages``,
    ``drawings`` charts in memory, what is drawn ahead and how fast the server answered moves."""
    by_case = light.pages.by_case() if light else {}
    ahead = light.ahead if light else None
    recent = list(light.timings["chart"])[-100:] if light else []
    cases = [{"key": key, "title": CASES[key].title, "pages": by_case.get(key, 0)} for key in (light.keys if light else ())]
    return render("status.html", in_use=in_use, capacity=capacity, full=bool(capacity) and in_use >= capacity,
                  cases=cases, solara_pages=solara_pages, drawings=drawings,
                  ahead_drawn=ahead.drawn if ahead else "—", ahead_waiting=len(ahead.waiting) if ahead else "—",
                  chart_p95=_p95(recent), memory=f"{server_memory_mb():,.0f} MB")
