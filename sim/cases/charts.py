"""Each case's chart: its folder's picture above the paired differences (what a dashboard draws).

The one part of the cases that loads altair: :data:`PICTURES` holds ``sim/cases/<name>/charts.py``'s
``picture(result, lang)`` of every case folder.
"""

from __future__ import annotations

import importlib

from sim.cases import FOLDERS
from sim.viz.cases import chart_lang, with_differences

__all__ = ["PICTURES", "case_chart"]

#: notebook name -> the case's own picture (a dynamic import of each folder's ``charts`` module)
PICTURES = {key: importlib.import_module(f"{folder.__name__}.charts").picture for key, folder in FOLDERS.items()}


def case_chart(result, lang: str | None = None):
    """The chart of a case result: its picture (if its case has a folder) above the paired differences, themed."""
    lang = chart_lang(lang)
    picture = PICTURES.get(result.case.key)
    return with_differences(result, picture(result, lang) if picture else None, lang)
