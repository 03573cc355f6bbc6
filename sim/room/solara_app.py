"""The room in one process: light pages for the cases, Solara for the pages built of richer widgets.

Every case whose notebook shows one dashboard is a light page (:mod:`sim.room.light`: plain HTML,
the chart drawn once for the room; :class:`RoomGate` routes it). The strategy lab and the
role-play game, and every case with ``$CRM_DOJO_ROOM_PAGES=solara``, are Solara pages. Each Solara
page load is a *virtual kernel* in this one process (not a Jupyter kernel of its own):
the simulation, altair and pandas are imported once for the whole room, and every page holds only
its widgets and results. A page shows what its notebook shows: the dashboard built by the same
call (:data:`BUILDERS`), with the language per page (:mod:`sim.room.perpage`).

URLs are Voila's (``/voila/render/03_dealer_phone.ipynb``), so links work whichever server runs.
``/`` is the landing page (the ``crm-dojo`` template's ``tree.html``, no kernel), and past the
room's capacity a case page's request gets the template's bilingual 503 page
(:class:`RoomGate`), before any kernel starts. The tournament pages (10, 11) poll the database
from a thread of their own, which a virtual kernel does not carry: they stay on Voila
(``python -m sim.room --server voila``).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import jinja2
import solara
from solara.server import kernel_context

from sim.game import Game
from sim.room import perpage
from sim.room.drawings import Drawings, answer_key, draw_case, drawing_pool, stored_answer
from sim.room.light import LightRoom
from sim.room.outline import NOTEBOOKS, outline
from sim.room.prepare import landing_data
from sim.room.settings import LANGUAGES
from sim.room.status import status_html
from sim.ui.cases import CASES
from sim.ui.dashboard import Dashboard
from sim.ui.game import GameUI
from sim.ui.lab import LabSweep
from sim.ui.lang import language_toggle
from sim.viz import enable_offline
from sim.cases.charts import case_chart
from sim.viz.offline import svg_html
from sim.vocab import get_language

__all__ = ["BUILDERS", "DRAWINGS", "Layout", "Page", "RoomDashboard", "RoomGate", "page_key", "prewarm_drawings",
           "routes"]

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "workshop" / "voila" / "templates" / "crm-dojo"
PREFIX = "/voila/render/"


DRAWINGS = Drawings()
#: ``$CRM_DOJO_ROOM_DRAWERS`` worker processes draw the charts (reading the run from the shared results
#: cache); 0, the default (measured: as fast in a room of 60, half the memory), or no cache: this process
_DRAWERS = int(os.environ.get("CRM_DOJO_ROOM_DRAWERS") or 0)
DRAWERS = drawing_pool(_DRAWERS) if _DRAWERS and os.environ.get("CRM_DOJO_CACHE") else None


def draw(result, lang: str | None = None) -> str:
    """``result``'s chart in ``lang`` (default: the page's), once for the whole room (:data:`DRAWINGS`)."""
    lang = lang or get_language()
    key = (result.case.key, repr(sorted(result.values.items())), lang)
    if DRAWERS is None:  # no shared cache for a worker to read the run from: drawn here, in the page's language
        return DRAWINGS.get(key, lambda: svg_html(case_chart(result)))
    return DRAWINGS.get(key, lambda: DRAWERS.submit(draw_case, result.case.key, result.values, lang).result())


class RoomDashboard(Dashboard):
    """The notebooks' :class:`~sim.ui.dashboard.Dashboard`, drawing its chart with :func:`draw`."""

    def redraw(self) -> None:
        if self.result is not None:
            self.out.value = draw(self.result)


def prewarm_drawings(light: tuple[str, ...] = (), languages=LANGUAGES) -> int:
    """Draw every case at its default settings in each language (into :data:`DRAWINGS`, on every
    drawing worker at once; needs the shared cache): the ``light`` cases as their light pages show
    them, the others as their Solara dashboards do; how many."""
    results = [case.run(case.defaults(), workers=1) for case in CASES.values()]
    jobs = [threading.Thread(target=_prewarm, args=(r, lang, r.case.key in light)) for r in results
            for lang in languages]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    return len(DRAWINGS.svgs)


def _prewarm(result, lang: str, light: bool) -> None:
    if light:
        key, values = result.case.key, result.values
        DRAWINGS.get(answer_key(key, values, lang), lambda: stored_answer(key, values, lang))
    else:
        draw(result, lang)


def _dashboard(key: str) -> list:
    return [RoomDashboard(key).widget]


def _lab() -> list:
    dash = RoomDashboard("08_strategy_lab")
    return [dash.widget, LabSweep(dash).widget]


def _roleplay() -> list:
    return [language_toggle(), GameUI(Game("dealer_phone", seed=1, months=6)).widget]


#: notebook key -> what its cells build, in order (the notebooks' own calls)
BUILDERS = {**{key: (lambda key=key: _dashboard(key)) for key in CASES}, "08_strategy_lab": _lab,
            "09_roleplay": _roleplay}


def page_key(path: str) -> str | None:
    """The notebook key a URL path names (``/voila/render/03_dealer_phone.ipynb``), if served here."""
    if not path.startswith(PREFIX):
        return None
    key = path[len(PREFIX):].removesuffix(".ipynb")
    return key if key in BUILDERS else None


@solara.component
def Page():
    """The page a URL names: its notebook's texts and widgets (built once per page, a virtual kernel)."""
    key = page_key(solara.use_router().path)
    built = solara.use_memo(lambda: BUILDERS[key]() if key else [], dependencies=[key])
    with solara.Column(classes=["crm-dojo-page"], style={"max-width": "1200px", "margin": "0 auto"}) as main:
        if key is None:
            solara.HTML(unsafe_innerHTML='<p>Page not found · 找不到此頁。 <a href="/">CRM Dojo · CRM 道場</a></p>')
            return main
        widgets = iter(built)
        for kind, source in outline(key):
            if kind == "md":
                solara.HTML(tag="div", unsafe_innerHTML=source, classes=["crm-dojo-text"])
            else:
                solara.display(next(widgets, None) or "")
        for widget in widgets:  # a builder showing more than the outline has places for
            solara.display(widget)
    return main


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's signature)
    """No app bar or navigation: a page is its notebook's widgets."""
    return solara.Column(children=children, style={"padding": "8px 16px"})


#: every page at its Voila URL, ``/voila/render/<key>.ipynb`` (``/`` itself is RoomGate's landing page)
routes = [solara.Route("/", component=Page, layout=Layout),
          solara.Route("voila", children=[solara.Route("render", children=[
              solara.Route(f"{key}.ipynb", component=Page) for key in BUILDERS])])]


class Admissions:
    """Pages let in but whose kernel is not up yet: a burst must count them before any kernel exists."""

    def __init__(self, grace_s: float = 60.0):
        self.grace_s, self.lock, self.times = grace_s, threading.Lock(), []

    def in_use(self) -> int:
        """Open pages (virtual kernels) plus admissions of the last ``grace_s`` still on their way."""
        with self.lock:
            now = time.monotonic()
            self.times = [t for t in self.times if now - t < self.grace_s]
            return len(kernel_context.contexts) + len(self.times)

    def admit(self) -> None:
        with self.lock:
            self.times.append(time.monotonic())

    def arrived(self) -> None:
        """A page's kernel is up: its admission is now counted as a kernel."""
        with self.lock:
            if self.times:
                self.times.pop(0)


class RoomGate:
    """ASGI wrapper of Solara's app: ``/`` is the landing page, ``light``'s pages and ``/room/…`` go to
    the light pages (:class:`~sim.room.light.LightRoom`); past ``capacity`` open pages (Solara's and
    light ones) a newcomer's page gets 503."""

    def __init__(self, app, capacity: int, notebooks: Path, light: LightRoom | None = None):
        self.app, self.capacity, self.admissions, self.light = app, capacity, Admissions(), light
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE)), autoescape=True)
        data = landing_data(notebooks)
        data["crm_cases"] = [e for e in data["crm_cases"] if e["key"] in BUILDERS]
        self.landing = env.get_template("tree.html").render(base_url="/", **{**data, "crm_facilitator": None,
                                                                             "crm_status": True})
        self.full = env.get_template("error.html").render(base_url="/", status_code=503, status_message="", message="")

    def in_use(self) -> int:
        """Pages open now: Solara's (and those on their way) and light ones."""
        return self.admissions.in_use() + (self.light.pages.count() if self.light else 0)

    def _full(self) -> bool:
        return bool(self.capacity) and self.in_use() >= self.capacity

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/":
            return await _html(send, 200, self.landing)
        if scope["type"] == "http" and scope["path"] == "/room/status":
            page = status_html(self.light, self.in_use(), self.capacity, len(kernel_context.contexts), len(DRAWINGS.svgs))
            return await _html(send, 200, page)
        if scope["type"] == "http" and self.light and self.light.handles(scope["path"]):
            if scope["path"] in self.light.paths and self._full():
                return await _html(send, 503, self.full)
            return await self.light.app(scope, receive, send)
        if scope["type"] == "http" and page_key(scope["path"]):
            if self._full():
                return await _html(send, 503, self.full)
            self.admissions.admit()
        if scope["type"] == "websocket" and scope["path"].startswith("/jupyter/api/kernels/"):  # a page's kernel
            self.admissions.arrived()
        return await self.app(scope, receive, send)


async def _html(send, status: int, body: str) -> None:
    data = body.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(data)).encode()),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": data})


perpage.install()
enable_offline()
