"""Widgets for the case notebooks: controls, a language toggle and the case dashboard.

``sim.ui.cases`` (the cases as experiments) and ``sim.words`` (bilingual words) are pure
Python; the widget modules import ipywidgets only when used::

    from sim.ui import Dashboard, language_toggle
    Dashboard("03_dealer_phone")
"""

from __future__ import annotations

import importlib

__all__ = ["Dashboard", "ControlError", "check", "get_case", "language_toggle", "make_control"]

_LAZY = {
    "Dashboard": "sim.ui.dashboard", "language_toggle": "sim.ui.lang", "make_control": "sim.ui.controls",
    "ControlError": "sim.ui.controls_spec", "check": "sim.ui.cases", "get_case": "sim.ui.cases",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sim.ui' has no attribute {name!r}")
