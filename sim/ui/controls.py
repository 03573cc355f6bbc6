"""Bilingual ipywidgets for the case controls: sliders, toggles, drop-downs, multi-selects.

:func:`make_control` builds the widget of a :class:`~sim.ui.controls_spec.Control`;
:func:`relabel` puts its caption (and option names) in the current language;
:func:`set_control` sets a widget's value after checking it, so an out-of-range value
fails with a clear message instead of being clamped silently by the slider.
"""

from __future__ import annotations

import ipywidgets as widgets

from sim.ui.controls_spec import Control, ControlError, check_value

__all__ = ["Control", "ControlError", "make_control", "relabel", "set_control", "slider", "toggle"]

STYLE = {"description_width": "initial"}
LAYOUT = {"width": "min(100%, 380px)"}


def make_control(c: Control, scenario=None) -> widgets.Widget:
    """The widget of ``c`` at its default value, captioned in the current language."""
    if c.kind == "int":
        w = widgets.IntSlider(value=c.default, min=int(c.low), max=int(c.high), step=int(c.step),
                              continuous_update=False, style=STYLE, layout=LAYOUT)
    elif c.kind == "float":
        w = widgets.FloatSlider(value=c.default, min=c.low, max=c.high, step=c.step, continuous_update=False,
                                readout_format=".2f" if c.step < 0.1 else ".1f" if c.step < 1 else ".0f",
                                style=STYLE, layout=LAYOUT)
    elif c.kind == "bool":
        w = widgets.ToggleButton(value=c.default, icon="check", layout={"width": "auto"})
    elif c.kind == "choice":
        w = widgets.Dropdown(options=c.option_labels(scenario), value=c.default, style=STYLE, layout=LAYOUT)
    else:
        w = widgets.SelectMultiple(options=c.option_labels(scenario), value=tuple(c.default), rows=5,
                                   style=STYLE, layout=LAYOUT)
    w.add_class("crm-dojo-control")
    w.add_class(f"crm-dojo-{c.name.replace('_', '-')}")
    relabel(w, c, scenario)
    return w


def relabel(w: widgets.Widget, c: Control, scenario=None) -> None:
    """Caption (and option names) of ``w`` in the current language, keeping its value."""
    if isinstance(w, widgets.ToggleButton):
        w.description = c.caption
    else:
        w.description = c.caption
    if c.help:
        w.tooltip = c.help
    if c.kind in ("choice", "multi"):
        value = w.value
        w.options = c.option_labels(scenario)
        w.value = value


def set_control(w: widgets.Widget, c: Control, value) -> object:
    """Check ``value`` against ``c`` (:class:`ControlError` if not allowed), then set it on ``w``."""
    value = check_value(c, value)
    w.value = value
    return value


def slider(name: str, low: float, high: float, default: float, step: float = 1, label: str = "") -> widgets.Widget:
    """A bilingual slider (int when all of low, high, default and step are whole numbers)."""
    whole = all(float(x).is_integer() for x in (low, high, default, step))
    return make_control(Control(name, "int" if whole else "float", int(default) if whole else float(default),
                                low, high, step, label=label or name))


def toggle(name: str, default: bool = False, label: str = "") -> widgets.Widget:
    """A bilingual on/off toggle button."""
    return make_control(Control(name, "bool", default, label=label or name))
