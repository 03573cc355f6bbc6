"""Charts with no internet: SVG drawn in the kernel, HTML with the vega JavaScript inline, PNG/SVG files.

Altair's default HTML output loads vega from a CDN, so in a training room without
internet the chart stays blank. Two offline ways:

- ``"svg"`` (the default): vl-convert draws the chart as SVG in the kernel and the page
  gets only that SVG (tens of kB). No JavaScript at all, so it works in Voila, JupyterLab
  and exported notebooks alike; tooltips are lost.
- ``"html"``: the vega + vega-lite + vega-embed bundle (the one :mod:`sim.report` uses)
  travels inline with the chart (≈0.9 MB each time), for tooltips and the export menu.
  Voila can stall on such large outputs inside widgets (a page stuck on "Executing 3 of 6"),
  which is why dashboards use ``"svg"``.

:func:`enable` makes this altair's renderer (so a chart left as a cell's last expression
renders offline too); :func:`show` displays a chart (e.g. inside an ``ipywidgets.Output``);
:func:`save_chart` writes PNG or SVG with readable Chinese (install the Noto CJK fonts:
``scripts/install_browser.sh``).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import altair as alt
from altair.utils._importers import vl_version_for_vl_convert

from sim.viz import theme
from sim.viz.html import EMBED_OPTIONS, js_in_script, json_in_script, vega_bundle

__all__ = ["EMBED_OPTIONS", "RENDERER", "chart_html", "chart_svg", "enable", "save_chart", "show", "spec_of",
           "svg_html"]

RENDERER = "crm_dojo_offline"


def spec_of(chart) -> dict:
    """The vega-lite spec of ``chart`` with the CRM Dojo theme (added when the chart has no config)."""
    spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
    if "config" not in spec and hasattr(chart, "configure"):
        spec = theme.apply(chart).to_dict()
    return spec


def _bundle() -> str:
    return js_in_script(vega_bundle())


def spec_html(spec: dict, embed_options: dict | None = None) -> str:
    """HTML that draws a vega-lite ``spec`` with no network: the vega bundle (run once per page), then the chart.

    The bundle runs inside a function, so showing many charts on one page (or redrawing one)
    never redeclares its names; the chart finds its own ``<div>`` even before it is attached.
    """
    div = f"crm-dojo-chart-{uuid.uuid4().hex}"
    opts = json_in_script(embed_options or EMBED_OPTIONS)
    return (
        f'<script type="text/javascript">if (!window.vegaEmbed) {{ (function () {{\n{_bundle()}\n}})(); }}</script>'
        f'<div class="crm-dojo-chart" id="{div}"></div>'
        f'<script type="text/javascript">(function () {{'
        f'var el = document.currentScript ? document.currentScript.previousElementSibling : null;'
        f'if (!el || el.id !== "{div}") {{ el = document.getElementById("{div}"); }}'
        f'window.vegaEmbed(el, {json_in_script(spec)}, {opts}).catch(console.error);'
        f'}})();</script>'
    )


def chart_html(chart, embed_options: dict | None = None) -> str:
    """:func:`spec_html` of an altair chart (themed)."""
    return spec_html(spec_of(chart), embed_options)


def _svg_of_spec(spec: dict) -> str:
    import vl_convert as vlc  # lazy: heavy (a JavaScript engine), loaded for the first drawing

    return vlc.vegalite_to_svg(json.dumps(spec), vl_version=vl_version_for_vl_convert())


def chart_svg(chart) -> str:
    """The chart drawn as SVG by vl-convert (themed), with no JavaScript and no network."""
    return _svg_of_spec(spec_of(chart))


def svg_html(chart) -> str:
    """:func:`chart_svg` in a ``<div class="crm-dojo-chart">`` for notebook and widget output."""
    return f'<div class="crm-dojo-chart">{chart_svg(chart)}</div>'


MODES = ("svg", "html")
_mode = ["svg"]


def _renderer(spec: dict, **meta) -> dict:
    if _mode[0] == "html":
        return {"text/html": spec_html(spec)}
    return {"text/html": f'<div class="crm-dojo-chart">{_svg_of_spec(spec)}</div>'}


def enable(mode: str = "svg") -> None:
    """Offline charts for this notebook: the CRM Dojo theme, and an offline renderer
    (``mode`` 'svg': drawn in the kernel; 'html': vega JavaScript inline, with tooltips)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    _mode[0] = mode
    theme.enable()
    alt.renderers.register(RENDERER, _renderer)
    alt.renderers.enable(RENDERER)


def show(chart, mode: str | None = None) -> None:
    """Display ``chart`` offline (in a notebook, or inside an ``ipywidgets.Output``); no-op outside IPython."""
    try:
        from IPython import get_ipython  # optional: outside IPython there is nothing to display into
        from IPython.display import HTML, display  # (as above)
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    if get_ipython() is None:
        return
    mode = mode or _mode[0]
    display(HTML(chart_html(chart) if mode == "html" else svg_html(chart)))


def save_chart(chart, path: str | Path, scale: float = 2.0) -> Path:
    """Write ``chart`` as PNG or SVG (by the file's suffix), themed, with the CJK font for Chinese labels."""
    import vl_convert as vlc  # lazy: heavy (a JavaScript engine), loaded for the first drawing

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{path}: save_chart writes .png or .svg files, not {suffix or 'no suffix'!r}")
    spec = json.dumps(spec_of(chart))
    version = vl_version_for_vl_convert()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".png":
        path.write_bytes(vlc.vegalite_to_png(spec, vl_version=version, scale=scale))
    else:
        path.write_text(vlc.vegalite_to_svg(spec, vl_version=version), encoding="utf-8")
    return path
