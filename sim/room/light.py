"""Light room pages: a case served as plain HTML, its chart drawn once for the whole room.

A case whose notebook shows one dashboard (every case but the strategy lab) is served at its
Voila address (``/voila/render/03_dealer_phone.ipynb``) as one HTML page (:mod:`sim.room.light_html`)
with no widget framework: a trainee's browser parses ≈ 100 kB and shows the chart (measured on
this project's 2-core machine: 60 such pages open in ≈ 5 s of Chromium, against ≈ 2 min for 60
Solara pages, whose JavaScript the browsers spend that time on). The page's state is its address:

- ``GET /room/chart/<key>?<settings>&lang=`` → ``{"svg", "status", "report"}`` or ``{"error"}``:
  the chart at those settings, from memory, the shared cache on disk, or run and drawn now (one
  drawing thread, one drawing per setting for every page asking);
- ``GET /room/dashboard/<key>?…&page=<id>``: the dashboard in the other language (its switch);
- ``GET /room/report/<key>?…``: the offline HTML report, as a download (nothing stays on the server);
- ``POST /room/alive/<id>``, ``POST /room/left/<id>``: the page's heartbeat and closing beacon
  (:class:`~sim.room.livepages.LivePages`, counted against the room's capacity);
- ``GET /room/pages``: how many light pages are open, and how long the server took to answer
  each of the last pages and charts (what ``benchmarks/room.py`` reports as the server's part).

A bad setting or a hostile address gets one line naming what was wrong and what is allowed.
Every page opened or setting drawn queues its neighbours to be drawn ahead (:mod:`sim.room.ahead`).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route, Router

from sim.room.drawings import Drawings, answer_key, stored_answer
from sim.room.light_html import dashboard_html, page_html, report_url
from sim.room.livepages import LivePages
from sim.room.settings import LANGUAGES, MAX_QUERY, light_keys, values_from_query
from sim.ui.case_report import export_report
from sim.ui.cases import CASES
from sim.ui.controls_spec import ControlError
from sim.vocab import set_language
from sim.words import text

__all__ = ["LightRoom"]

NO_STORE = {"cache-control": "no-store"}


class BadAddress(ValueError):
    """An address a page would never send (too long, an unknown language): one line says what is allowed."""


def _query(raw: str) -> dict[str, list[str]]:
    if len(raw) > MAX_QUERY:
        raise BadAddress(f"the address's settings are {len(raw)} characters long; at most {MAX_QUERY} are allowed")
    return parse_qs(raw, keep_blank_values=True, max_num_fields=64)


def _language(query: dict[str, list[str]]) -> str:
    """The page's language, set for this thread (:mod:`sim.room.perpage`): the messages in it too."""
    lang = query.get("lang", ["en"])[-1]
    if lang not in LANGUAGES:
        raise BadAddress(f"lang={lang[:20]!r}: the language must be one of {', '.join(LANGUAGES)}")
    set_language(lang)
    return lang


def _settings(key: str, raw: str) -> tuple[dict, str]:
    """(control values, language) of query string ``raw``; :class:`BadAddress` / ``ControlError`` if not allowed."""
    query = _query(raw)
    lang = _language(query)
    return values_from_query(CASES[key], query), lang


class LightRoom:
    """The light pages' routes (:attr:`app`, an ASGI app) and what they share: the drawings, the open
    pages, the threads that draw and the timings of the server's answers."""

    def __init__(self, drawings: Drawings, pages: LivePages, ahead=None, keys: tuple[str, ...] | None = None,
                 drawers: ProcessPoolExecutor | None = None):
        self.drawings, self.pages, self.ahead, self.drawers = drawings, pages, ahead, drawers
        self.keys = light_keys(CASES) if keys is None else keys
        self.quick = ThreadPoolExecutor(2, thread_name_prefix="crm-dojo-page")  # pages, and answers already drawn
        # fresh runs and drawings: on the drawing processes (one thread waiting on each), or on one thread here
        self.drawer = ThreadPoolExecutor(drawers._max_workers if drawers else 1, thread_name_prefix="crm-dojo-draw")
        self.timings = {"page": deque(maxlen=5000), "chart": deque(maxlen=5000)}
        self.paths = {f"/voila/render/{key}.ipynb" for key in self.keys}
        self.app = Router(routes=[
            Route("/voila/render/{key}.ipynb", self.page), Route("/room/chart/{key}", self.chart),
            Route("/room/dashboard/{key}", self.dashboard), Route("/room/report/{key}", self.report),
            Route("/room/alive/{page}", self.alive, methods=["POST"]),
            Route("/room/left/{page}", self.left, methods=["POST"]), Route("/room/pages", self.status)])

    def handles(self, path: str) -> bool:
        """Whether ``path`` is one of the light pages' (a page of a light case, or ``/room/…``)."""
        return path in self.paths or path.startswith("/room/")

    # ------------------------------------------------------------ answers
    def ready(self, key: str, values: dict, lang: str) -> dict | None:
        """The answer at these settings if drawn already (in memory or on disk), else None."""
        name = answer_key(key, values, lang)
        found = self.drawings.peek(name)
        if found is None:
            found = stored_answer(key, values, lang, compute=False)
            if found is not None:
                self.drawings.get(name, lambda: found)
        return found

    def fresh(self, key: str, values: dict, lang: str) -> dict:
        """The answer at these settings, run and drawn now if no page drew it before (by a drawing
        process, else here); pages asking for it meanwhile wait for the same drawing."""
        set_language(lang)
        if self.drawers is None:
            return self.drawings.get(answer_key(key, values, lang), lambda: stored_answer(key, values, lang))
        return self.drawings.get(answer_key(key, values, lang),
                                 lambda: self.drawers.submit(stored_answer, key, values, lang).result())

    def _want(self, key: str, values: dict, lang: str) -> None:
        if self.ahead is not None:
            self.ahead.want(key, values, lang)

    async def _on(self, pool: ThreadPoolExecutor, fn, *args):
        return await asyncio.wrap_future(pool.submit(fn, *args))

    # ------------------------------------------------------------ routes
    def _key(self, request: Request) -> str | None:
        key = request.path_params.get("key", "")
        return key if key in self.keys else None

    def _dashboard(self, key: str, raw: str, page: str) -> tuple[str, dict, str]:
        """(dashboard HTML, values, language) of a page's address; a bad setting shows the defaults and why."""
        error, lang, values = None, "en", CASES[key].defaults()
        try:
            query = _query(raw)
            lang = _language(query)
            values = values_from_query(CASES[key], query)
        except (BadAddress, ControlError) as exc:  # the page shows the defaults, in its language if that was right
            error = str(exc)
        answer = self.ready(key, values, lang)
        html = dashboard_html(CASES[key], values, lang, page, self.pages.beat_s, answer, error)
        return html, values, lang

    async def page(self, request: Request) -> Response:
        t0, key = time.perf_counter(), self._key(request)
        if key is None:
            return _not_found()
        page = self.pages.open(key)
        html, values, lang = await self._on(self.quick, self._dashboard, key, request.url.query, page)
        body = page_html(CASES[key], html, lang)
        self.timings["page"].append(time.perf_counter() - t0)
        self._want(key, values, lang)
        return HTMLResponse(body, headers=NO_STORE)

    async def dashboard(self, request: Request) -> Response:
        key, page = self._key(request), request.query_params.get("page", "")
        if key is None:
            return _not_found()
        page = page if self.pages.alive(page) else self.pages.open(key)
        html, values, lang = await self._on(self.quick, self._dashboard, key, request.url.query, page)
        self._want(key, values, lang)
        return HTMLResponse(html, headers=NO_STORE)

    async def chart(self, request: Request) -> Response:
        t0, key = time.perf_counter(), self._key(request)
        if key is None:
            return _not_found()
        try:
            values, lang = await self._on(self.quick, _settings, key, request.url.query)
        except (BadAddress, ControlError) as exc:
            return JSONResponse({"error": str(exc), "error_label": "Cannot run · 無法執行"}, 400, headers=NO_STORE)
        answer = await self._on(self.quick, self.ready, key, values, lang) or \
            await self._on(self.drawer, self.fresh, key, values, lang)
        self.timings["chart"].append(time.perf_counter() - t0)
        self._want(key, values, lang)
        return JSONResponse({**answer, "report": report_url(CASES[key], values, lang)}, headers=NO_STORE)

    async def report(self, request: Request) -> Response:
        key = self._key(request)
        if key is None:
            return _not_found()
        try:
            values, lang = await self._on(self.quick, _settings, key, request.url.query)
        except (BadAddress, ControlError) as exc:
            return Response(f"{text('error')}: {exc}\n", 400, media_type="text/plain; charset=utf-8")
        body = await self._on(self.drawer, _report, key, values, lang)
        name = f"{key}-{lang}.html"
        return Response(body, media_type="text/html; charset=utf-8",
                        headers={**NO_STORE, "content-disposition": f'attachment; filename="{name}"'})

    async def alive(self, request: Request) -> Response:
        return Response(status_code=204 if self.pages.alive(request.path_params["page"]) else 410)

    async def left(self, request: Request) -> Response:
        self.pages.left(request.path_params["page"])
        return Response(status_code=204)

    async def status(self, request: Request) -> Response:
        body = {"pages": self.pages.count(), "answers": {k: list(v) for k, v in self.timings.items()}}
        return Response(json.dumps(body), media_type="application/json", headers=NO_STORE)


def _report(key: str, values: dict, lang: str) -> bytes:
    """The offline HTML report of case ``key`` at ``values`` in ``lang``, written to a scratch folder and read back."""
    set_language(lang)
    result = CASES[key].run(values, workers=1)
    with tempfile.TemporaryDirectory(prefix="crm-dojo-report-") as scratch:
        return Path(export_report(result, Path(scratch) / f"{key}.html", lang)).read_bytes()


def _not_found() -> Response:
    return HTMLResponse('<p>Page not found · 找不到此頁。 <a href="/">CRM Dojo · CRM 道場</a></p>', 404)
