"""The HTML of a light room page: a case's notebook text and its dashboard, from ``workshop/room/``.

:func:`dashboard_html` fills ``dashboard.html`` (language switch, title and teaching point, the
controls as a form at their values, the report link, the status line and the chart);
:func:`page_html` puts it where the notebook shows its dashboard, between the notebook's text
cells (:func:`sim.room.outline.outline`), with the page's style and script inline: one request
gives a trainee the whole page, chart included when it is drawn already. Every text in the page's
language; every value escaped (jinja2's autoescape).
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from sim.room.outline import outline
from sim.room.settings import LANGUAGES, query_of
from sim.ui.case_runs import Case
from sim.ui.controls_spec import Control
from sim.ui.icons import icon
from sim.words import text

__all__ = ["LANGUAGE_NAMES", "dashboard_html", "page_html", "render", "report_url"]

ROOM = Path(__file__).resolve().parents[2] / "workshop" / "room"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOM)), autoescape=True)
_CSS = (ROOM / "room.css").read_text(encoding="utf-8")
_JS = (ROOM / "room.js").read_text(encoding="utf-8")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


def render(template: str, **data) -> str:
    """``workshop/room/<template>`` filled with ``data`` (escaped), the room's style available as ``css``."""
    return _ENV.get_template(template).render(css=_CSS, **data)


def _shown(c: Control, value) -> str:
    """A slider's readout, as the notebook's slider shows it."""
    if c.kind == "int":
        return str(value)
    return f"{value:.2f}" if c.step < 0.1 else f"{value:.1f}" if c.step < 1 else f"{value:.0f}"


def _control(c: Control, value, lang: str) -> dict:
    return {"name": c.name, "kind": c.kind, "css": c.name.replace("_", "-"), "caption": text(c.label or c.name, lang),
            "low": c.low, "high": c.high, "step": c.step, "value": value,
            "shown": _shown(c, value) if c.kind in ("int", "float") else "",
            "options": [(o, text(str(o), lang)) for o in c.options]}


def report_url(case: Case, values: dict, lang: str) -> str:
    """Where a page's *Export report* link downloads the report of ``values`` from."""
    return f"/room/report/{case.key}?{query_of(case, values, lang)}"


def dashboard_html(case: Case, values: dict, lang: str, page: str, beat_s: float, answer: dict | None,
                   error: str | None = None) -> str:
    """The dashboard of ``case`` at ``values`` in ``lang``; ``answer`` (``svg``, ``status``) if drawn
    already (else the page's script asks for it), ``error`` a bad input's one line."""
    return render(
        "dashboard.html", key=case.key, page=page, lang=lang, beat_ms=int(beat_s * 1000),
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        title=case.title[lang], point=case.point[lang], point_label=text("teaching_point", lang),
        controls=[_control(c, values[c.name], lang) for c in case.all_controls],
        report_url=report_url(case, values, lang), export_label=text("export_report", lang),
        download_icon=icon("download"),
        status=(answer or {}).get("status", text("running", lang)), svg=(answer or {}).get("svg", ""),
        error=error, error_label=text("error", lang))


def page_html(case: Case, dashboard: str, lang: str) -> str:
    """The whole page: the notebook's text cells, with ``dashboard`` where its dashboard cell shows."""
    items = outline(case.key)
    first = next((i for i, (kind, _) in enumerate(items) if kind == "out"), len(items))
    parts = [item for item in items[:first] if item[0] == "md"] + [("out", dashboard)] + \
        [item for item in items[first + 1:] if item[0] == "md"]
    return render("case.html", title=case.title[lang], lang=lang, parts=parts, js=_JS)
