"""The room's drawn charts, shared by every page of one process (:mod:`sim.room.solara_app`,
:mod:`sim.room.light`), and the worker processes that draw them."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

from sim.cache import cached, stored
from sim.ui.cases import CASES
from sim.viz import enable_offline
from sim.cases.charts import case_chart
from sim.viz.offline import svg_html
from sim.vocab import set_language
from sim.words import fmt

__all__ = ["Drawings", "answer", "answer_key", "draw_case", "drawing_pool", "stored_answer"]


class Drawings:
    """Drawn charts for the whole room, by (case, settings, language): a result is a pure function of
    a case's settings, so its chart is too; the room draws each once (drawing, not running, is what
    a page costs: ≈ 1 s of a core against 0.01 s for a cached run). Pages asking for a chart being
    drawn wait for it instead of drawing it again. At most ``most`` kept, the least recently used dropped."""

    def __init__(self, most: int = 256):
        self.most, self.lock, self.svgs, self.drawing = most, threading.Lock(), {}, {}

    def peek(self, key):
        """The drawing at ``key`` if it is here (None if not): nothing is drawn."""
        with self.lock:
            return self.svgs.get(key)

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


def draw_case(key: str, values: dict, lang: str) -> str:
    """Case ``key``'s chart at ``values`` in ``lang``, as a page shows it: what a drawing worker runs
    (the run itself comes from the shared results cache, where the page's own run put it)."""
    return _svg(CASES[key].run(values, workers=1), lang)


def _svg(result, lang: str) -> str:
    set_language(lang)  # this thread's or process's: any label drawn without a language follows it
    return svg_html(case_chart(result, lang))


def answer(key: str, values: dict, lang: str) -> dict:
    """What a light page shows of case ``key`` at ``values`` in ``lang``: ``svg`` (the chart in its
    ``div``) and ``status`` (the line saying what ran)."""
    result = CASES[key].run(values, workers=1)
    comp = result.comparison
    return {"svg": _svg(result, lang),
            "status": fmt("done", lang, n=comp.replications, k=len(comp.strategies), s=comp.elapsed)}


def answer_key(key: str, values: dict, lang: str) -> tuple:
    """The key of an answer (in memory and in the shared cache on disk): case, settings, language."""
    return ("answer", key, repr(sorted(values.items())), lang)


def stored_answer(key: str, values: dict, lang: str, compute: bool = True) -> dict | None:
    """:func:`answer` from the shared cache on disk (``$CRM_DOJO_CACHE``), computed and stored there if
    missing; with ``compute=False`` None instead."""
    inputs = answer_key(key, values, lang)
    if not compute:
        return stored("room-answer", inputs)[1]
    return cached("room-answer", inputs, lambda: answer(key, values, lang))


def drawing_pool(workers: int, initializer=enable_offline) -> ProcessPoolExecutor:
    """Processes that draw charts (vl-convert draws one chart at a time per process, and holds the
    GIL while it does): the room's pages keep answering while charts are drawn on every core."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["sim.room.drawings"])  # each worker a fork of a process that imported the charts
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=initializer)
