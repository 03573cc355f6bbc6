"""Words of the case notebooks and dashboards: :mod:`sim.words` (these names stay importable from here).

The shared words live in :mod:`sim.words`, each case's own labels in its folder
(``sim/cases/<name>/labels.py``).
"""

from __future__ import annotations

from sim.words import TEXT, fmt, text

__all__ = ["TEXT", "text", "fmt"]
