"""Drawing ahead of the room: the settings trainees are likely to try next, drawn while they read.

When a page opens or a trainee moves a control, :meth:`Ahead.want` queues the settings one, two, …
steps of one control away (:func:`sim.room.settings.neighbours`, nearest first; the newest page's
before older ones at the same distance). One worker process at the lowest CPU priority (``nice 19``:
it only uses what the pages leave idle) draws them into the shared cache on disk, where a page's
next move finds its chart in milliseconds instead of the ≈ 1–2 s a fresh run and drawing take.
Needs the shared cache (``$CRM_DOJO_CACHE``); a setting already drawn, or queued, is not queued again.
"""

from __future__ import annotations

import heapq
import itertools
import os
import threading
import time
from concurrent.futures import BrokenExecutor

from sim.room.drawings import answer_key, drawing_pool, stored_answer
from sim.room.settings import LANGUAGES, neighbours
from sim.ui.cases import CASES
from sim.viz import enable_offline

__all__ = ["Ahead", "REACH", "draw_ahead"]

#: how many steps of each slider are drawn ahead, either way
REACH = 5
#: the most settings waiting to be drawn (the farthest, oldest are dropped first)
MOST_WAITING = 2000
#: the most settings remembered as queued before the memory is cleared
MOST_SEEN = 50_000


def _lowest_priority() -> None:
    """A drawing-ahead worker's start: lowest CPU priority, charts offline."""
    os.nice(19)
    enable_offline()


def _distance(item) -> int:
    return item[0]


def draw_ahead(key: str, values: dict, lang: str) -> None:
    """Draw case ``key`` at ``values`` in ``lang`` into the shared cache (what the worker runs)."""
    stored_answer(key, values, lang)


class Ahead:
    """A queue of settings to draw before anyone asks, and the one low-priority process drawing them."""

    def __init__(self, reach: int = REACH, start: bool = True):
        self.reach, self.lock, self.waiting, self.seen = reach, threading.Lock(), [], set()
        self.count, self.drawn = itertools.count(), 0
        self.ready = threading.Condition(self.lock)
        self.pool = drawing_pool(1, initializer=_lowest_priority) if start else None
        if start:
            threading.Thread(target=self._work, name="crm-dojo-ahead", daemon=True).start()

    def want(self, key: str, values: dict, lang: str) -> int:
        """Queue the neighbours of case ``key`` at ``values`` in ``lang``; how many were new."""
        order = -next(self.count)  # the newest first, at each distance
        other = next(lang2 for lang2 in LANGUAGES if lang2 != lang)  # the same settings after a language switch
        near = [(d, v, lang) for d, v in neighbours(CASES[key], values, self.reach)]
        new = 0
        with self.lock:
            for rank, (distance, near, lang) in enumerate(sorted([(1, dict(values), other), *near], key=_distance)):
                name = answer_key(key, near, lang)
                if name not in self.seen:
                    self.seen.add(name)
                    heapq.heappush(self.waiting, (distance, order, rank, key, near, lang))
                    new += 1
            if len(self.seen) > MOST_SEEN:  # a long day: forget what was queued (the disk cache still knows)
                self.seen = set(self.waiting_keys())
            if len(self.waiting) > MOST_WAITING:
                self.waiting = heapq.nsmallest(MOST_WAITING, self.waiting)
                heapq.heapify(self.waiting)
            self.ready.notify()
        return new

    def waiting_keys(self):
        """The keys of the settings still waiting (call with the lock held)."""
        return (answer_key(key, values, lang) for _, _, _, key, values, lang in self.waiting)

    def next(self, timeout: float | None = None):
        """The nearest, newest setting waiting (``(key, values, lang)``), or None after ``timeout`` s."""
        with self.lock:
            if not self.waiting and not self.ready.wait_for(lambda: self.waiting, timeout):
                return None
            _, _, _, key, values, lang = heapq.heappop(self.waiting)
            return key, values, lang

    def _work(self) -> None:
        while True:
            key, values, lang = self.next()
            if stored_answer(key, values, lang, compute=False) is None:
                try:
                    self.pool.submit(draw_ahead, key, values, lang).result()
                    self.drawn += 1
                except BrokenExecutor:  # the drawing process died (killed, out of memory): a new one, after a pause
                    time.sleep(5)
                    self.pool = drawing_pool(1, initializer=_lowest_priority)
                except Exception:  # a setting that fails to draw fails again on the page, with its message
                    continue
