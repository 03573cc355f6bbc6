"""The room in one process: Solara serves every trainee's page from the dashboards the notebooks build.

Each page load is a Solara *virtual kernel* in this one process (not a Jupyter kernel of its own):
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

import ast
import functools
import json
import os
import threading
import time
from pathlib import Path

import jinja2
import markdown
import solara
from solara.server import kernel_context

from sim.game import Game
from sim.room import perpage
from sim.room.drawings import Drawings, draw_case, drawing_pool
from sim.room.prepare import landing_data
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
NOTEBOOKS = Path(os.environ.get("CRM_DOJO_ROOM_NOTEBOOKS") or ROOT / "notebooks")  # set by sim.room.serve
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


def prewarm_drawings(languages=("en", "zh")) -> int:
    """Draw every case at its default settings in each language (into :data:`DRAWINGS`, on every
    drawing worker at once; needs the shared cache); how many."""
    results = [case.run(case.defaults(), workers=1) for case in CASES.values()]
    jobs = [threading.Thread(target=draw, args=(r, lang)) for r in results for lang in languages]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    return len(DRAWINGS.svgs)


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


@functools.cache
def outline(key: str) -> tuple:
    """The notebook's page in order: ``("md", html)`` for a text cell, ``("out", None)`` for a code cell
    that shows a widget (its last line an expression); up to the check cell, which a page does not run."""
    cells = json.loads((NOTEBOOKS / f"{key}.ipynb").read_text(encoding="utf-8"))["cells"]
    items = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":  # drawn once here: Solara's Markdown would ask a CDN for KaTeX
            items.append(("md", markdown.markdown(source, extensions=["tables", "fenced_code"])))
        elif "check(" in source:
            break
        elif _shows(source):
            items.append(("out", None))
    return tuple(items)


def _shows(source: str) -> bool:
    """Whether a code cell's last statement is an expression Jupyter would display (not ``enable_offline()``)."""
    body = ast.parse(source).body
    last = body[-1] if body else None
    return isinstance(last, ast.Expr) and "enable_offline" not in ast.unparse(last)


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
    """ASGI wrapper of Solara's app: ``/`` is the landing page; past ``capacity`` a case page gets 503."""

    def __init__(self, app, capacity: int, notebooks: Path):
        self.app, self.capacity, self.admissions = app, capacity, Admissions()
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE)), autoescape=True)
        data = landing_data(notebooks)
        data["crm_cases"] = [e for e in data["crm_cases"] if e["key"] in BUILDERS]
        self.landing = env.get_template("tree.html").render(base_url="/", **{**data, "crm_facilitator": None})
        self.full = env.get_template("error.html").render(base_url="/", status_code=503, status_message="", message="")

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/":
            return await _html(send, 200, self.landing)
        if scope["type"] == "http" and page_key(scope["path"]):
            if self.capacity and self.admissions.in_use() >= self.capacity:
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
