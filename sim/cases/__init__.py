"""The course's cases, one folder each (the way Mesa keeps ``examples/<name>/``).

Each package ``sim/cases/<name>/`` is the case of notebook ``notebooks/<nn>_<name>.ipynb`` and holds
its parts (:data:`sim.cases.base.PARTS`): ``controls`` (the knobs, the variants they make, the run's
metrics), ``claims`` (the checks of its teaching point), ``story`` (title, teaching point and the
notebook's text, English and Chinese), ``charts`` (its own picture; read by :mod:`sim.cases.charts`,
the one part that loads altair) and ``labels`` (its words). Its ``__init__`` puts them together as
``CASE`` under ``KEY`` (the notebook's name). This registry finds every folder, adds its labels to
:mod:`sim.words` and keeps the cases in notebook order.

Layer: above the engine, the runs and the charts' shared pieces (:mod:`sim.viz.cases`); below the
dashboards (:mod:`sim.ui`) and the notebooks. Importing it loads no widget or chart library.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from sim.ui.case_runs import Case
from sim.words import add_words

__all__ = ["CASES", "FOLDERS"]


def _discover() -> dict[str, ModuleType]:
    """Every case folder here, imported (a dynamic import: a new folder needs no line here),
    keyed by its notebook name, in notebook order."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.ispkg:
            continue
        folder = importlib.import_module(f"{__name__}.{info.name}")
        if folder.KEY in found:
            raise ValueError(f"two case folders claim notebook {folder.KEY!r}: {found[folder.KEY].__name__}, "
                             f"{folder.__name__}")
        found[folder.KEY] = folder
    return dict(sorted(found.items()))


#: notebook name -> the case's folder (its package, with its parts as attributes)
FOLDERS = _discover()
#: notebook name -> the case
CASES: dict[str, Case] = {key: folder.CASE for key, folder in FOLDERS.items()}
for _folder in FOLDERS.values():
    add_words(_folder.LABELS)
