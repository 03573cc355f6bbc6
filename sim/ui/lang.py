"""The language toggle: one widget bound to :func:`sim.set_language`, the one switch.

Dashboards register a callback with :func:`on_language_change`; every toggle on the page
shows the current language, and switching any of them relabels every dashboard.
"""

from __future__ import annotations

import weakref

import ipywidgets as widgets

from sim.words import text
from sim.vocab import get_language, set_language

__all__ = ["LANGUAGES", "language_toggle", "on_language_change", "switch_language"]

LANGUAGES = (("English", "en"), ("中文", "zh"))

_callbacks: list = []  # weak references to bound methods or functions
_toggles: "weakref.WeakSet[widgets.ToggleButtons]" = weakref.WeakSet()


def on_language_change(callback) -> None:
    """Call ``callback(lang)`` after every switch (held weakly: a dropped dashboard is forgotten)."""
    ref = weakref.WeakMethod(callback) if hasattr(callback, "__self__") else weakref.ref(callback)
    _callbacks.append(ref)


def switch_language(lang: str) -> None:
    """Set the language (``sim.set_language``), update every toggle and tell every dashboard."""
    set_language(lang)
    for t in list(_toggles):
        if t.value != lang:
            t.value = lang
        t.description = text("language")
    for ref in list(_callbacks):
        cb = ref()
        if cb is None:
            _callbacks.remove(ref)
        else:
            cb(lang)


def language_toggle() -> widgets.ToggleButtons:
    """English / 中文 buttons showing the current language; a click switches every label."""
    t = widgets.ToggleButtons(options=LANGUAGES, value=get_language(), description=text("language"),
                              style={"button_width": "80px", "description_width": "initial"})
    t.add_class("crm-dojo-language")
    t.observe(lambda change: switch_language(change["new"]) if change["new"] != get_language() else None,
              names="value")
    _toggles.add(t)
    return t
