"""A notebook's page, in order: its text cells as HTML and the places its widgets show.

Both room pages read it: the Solara page (:mod:`sim.room.solara_app`) fills each place with the
widget its cell builds, the light page (:mod:`sim.room.light`) with its HTML dashboard. A page
shows the notebook up to its check cell (the check runs in the notebook and the tests, not per page).
"""

from __future__ import annotations

import ast
import functools
import json
import os
from pathlib import Path

import markdown

__all__ = ["NOTEBOOKS", "outline"]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(os.environ.get("CRM_DOJO_ROOM_NOTEBOOKS") or ROOT / "notebooks")  # set by sim.room.serve


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
