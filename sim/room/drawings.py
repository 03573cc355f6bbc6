"""The room's drawn charts, shared by every page of one process (:mod:`sim.room.solara_app`)."""

from __future__ import annotations

import threading

__all__ = ["Drawings"]


class Drawings:
    """Drawn charts for the whole room, by (case, settings, language): a result is a pure function of
    a case's settings, so its chart is too; the room draws each once (drawing, not running, is what
    a page costs: ≈ 1 s of a core against 0.01 s for a cached run). Pages asking for a chart being
    drawn wait for it instead of drawing it again. At most ``most`` kept, the least recently used dropped."""

    def __init__(self, most: int = 256):
        self.most, self.lock, self.svgs, self.drawing = most, threading.Lock(), {}, {}

    def get(self, key, draw) -> str:
        with self.lock:
            if key in self.svgs:
                self.svgs[key] = self.svgs.pop(key)  # the most recently used last
                return self.svgs[key]
            done = self.drawing.get(key)
            mine = done is None
            if mine:
                done = self.drawing[key] = threading.Event()
        if not mine:
            done.wait()
            with self.lock:
                if key in self.svgs:
                    return self.svgs[key]
            return draw()  # the first drawer failed: draw (and fail) here too
        try:
            svg = draw()
            with self.lock:
                self.svgs[key] = svg
                while len(self.svgs) > self.most:
                    self.svgs.pop(next(iter(self.svgs)))
            return svg
        finally:
            with self.lock:
                self.drawing.pop(key, None)
            done.set()
