"""The light pages open in the room: each page's id, kept alive by its heartbeat, let go by its beacon.

A light page (:mod:`sim.room.light`) holds nothing on the server but its id: its state is its
address. The room still counts it against its capacity. A page calls ``/room/alive/<id>`` every
:attr:`LivePages.beat_s` seconds, and its closing beacon calls ``/room/left/<id>``. A page
whose heartbeat stopped (a browser that crashed, a phone off the Wi-Fi) is let go ``cull_s``
seconds after its last one.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter

__all__ = ["LivePages"]


class LivePages:
    """Ids of open light pages and when each last said it was alive."""

    def __init__(self, cull_s: float = 60.0):
        self.cull_s, self.lock, self.last, self.case = float(cull_s), threading.Lock(), {}, {}

    @property
    def beat_s(self) -> float:
        """How often a page says it is alive: a third of the culling time, between 1 s and 20 s."""
        return max(1.0, min(20.0, self.cull_s / 3))

    def open(self, case: str = "") -> str:
        """A new page's id (unguessable: only its page can keep it alive or let it go), showing ``case``."""
        page = secrets.token_urlsafe(12)
        with self.lock:
            self.last[page], self.case[page] = time.monotonic(), case
        return page

    def alive(self, page: str) -> bool:
        """Page ``page`` is still open; False if it is not known (let go, or never opened here)."""
        with self.lock:
            self._cull()
            if page not in self.last:
                return False
            self.last[page] = time.monotonic()
            return True

    def left(self, page: str) -> None:
        with self.lock:
            self.last.pop(page, None)
            self.case.pop(page, None)

    def by_case(self) -> Counter:
        """How many pages are open on each case."""
        with self.lock:
            self._cull()
            return Counter(self.case[p] for p in self.last)

    def count(self) -> int:
        """Pages open now (those whose heartbeat stopped ``cull_s`` ago are let go first)."""
        with self.lock:
            self._cull()
            return len(self.last)

    def _cull(self) -> None:
        now = time.monotonic()
        for page in [p for p, t in self.last.items() if now - t > self.cull_s]:
            del self.last[page]
            self.case.pop(page, None)
