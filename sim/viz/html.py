"""Charts in a self-contained HTML page: the offline vega bundle, and specs safe inside <script>.

The vega, vega-lite and vega-embed JavaScript comes from ``vl-convert-python`` (cached on disk),
so a page needs no network. Used by the comparison report, the fit report, the backtest page,
the tournament debrief and the notebooks' offline renderer.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

from sim.io import write_atomic
from sim.viz.theme import apply as apply_theme

__all__ = ["EMBED_OPTIONS", "js_in_script", "json_in_script", "page_chart", "vega_bundle"]

#: SVG (crisp, and testable: the drawing is in the page); only the export action (the others go online)
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "crm-dojo"


@functools.lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script, matching altair's vega-lite version.

    Building it takes a few seconds, so it is cached on disk (per vl-convert and vega-lite version).
    """
    try:
        import vl_convert  # lazy: heavy (a JavaScript engine), and optional for this page
        from altair.utils._importers import vl_version_for_vl_convert  # (with it: checks its version)
    except ImportError:
        raise ImportError("the HTML report needs vl-convert-python for its offline JavaScript "
                          "(pip install vl-convert-python)") from None
    vl_version = vl_version_for_vl_convert()
    cached = _cache_dir() / f"vega-embed-{getattr(vl_convert, '__version__', 'x')}-{vl_version}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    return _cached(cached, vl_convert.javascript_bundle(vl_version=vl_version))


def _cached(path: Path, text: str) -> str:
    """``text``, written to ``path`` first when it can be (a read-only home only costs time)."""
    try:
        write_atomic(path, text)
    except OSError:
        pass
    return text


def json_in_script(obj) -> str:
    """JSON that cannot close or confuse the <script> element it is placed in ("<" only occurs in strings)."""
    return json.dumps(obj, separators=(",", ":")).replace("<", "\\u003c")


def js_in_script(code: str) -> str:
    """JavaScript with any "</script" (only possible inside strings or regexes) escaped."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


def page_chart(chart, i: int) -> str:
    """A themed chart as the ``<div>`` and script of chart number ``i`` of a page with :func:`vega_bundle`."""
    spec = json_in_script(apply_theme(chart).to_dict())
    return (f'<div class="chart" id="chart{i}"></div>\n<script type="text/javascript">'
            f'vegaEmbed("#chart{i}",{spec},{json.dumps(EMBED_OPTIONS)}).catch(console.error);'
            f"</script>")
