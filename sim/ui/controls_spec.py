"""What a control is and which values it accepts (no widgets here: see :mod:`sim.ui.controls`).

A :class:`Control` describes one knob of a case — its kind, range, step and default —
and :func:`check_value` turns a proposed value into an allowed one or raises
:class:`ControlError` with a message in the current language that names the control,
the value and what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Real

from sim.words import fmt, text

__all__ = ["Control", "ControlError", "check_value"]

KINDS = ("int", "float", "bool", "choice", "multi")


class ControlError(ValueError):
    """A control value that is not allowed; the message says which control, which value and what is."""


@dataclass(frozen=True)
class Control:
    """One knob of a case.

    ``kind``: 'int' or 'float' (a slider from ``low`` to ``high`` by ``step``), 'bool' (a toggle),
    'choice' (one of ``options``) or 'multi' (at least ``low`` of ``options``).
    ``label``: a :func:`sim.words.text` key (the caption, in either language).
    """

    name: str
    kind: str
    default: object
    low: float = 0
    high: float = 1
    step: float = 1
    options: tuple = ()
    label: str = ""
    help: str = field(default="", compare=False)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"control {self.name!r}: kind must be one of {KINDS}, got {self.kind!r}")
        check_value(self, self.default)  # a spec whose default is not allowed is a bug

    @property
    def caption(self) -> str:
        return text(self.label or self.name)

    def option_labels(self, scenario=None) -> list[tuple[str, object]]:
        """(display text, value) pairs of a choice or multi control, in the current language."""
        return [(text(str(o), scenario=scenario), o) for o in self.options]


def _options_text(c: Control) -> str:
    return ", ".join(str(o) for o in c.options)


def _short(value) -> object:
    """``value`` as a message shows it: at most 40 characters (a hostile value is not echoed whole)."""
    shown = str(value)
    return value if len(shown) <= 40 else shown[:37] + "…"


def _finite(value) -> bool:
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an int too large for a float
        return False


def check_value(c: Control, value):
    """``value`` as ``c`` holds it (an int, float, bool, option or tuple of options), or :class:`ControlError`."""
    name, shown = c.caption, _short(value)
    if c.kind in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, Real) or not _finite(value):
            raise ControlError(fmt("not_a_number", name=name, value=shown, low=c.low, high=c.high))
        if c.kind == "int" and float(value) != int(value):
            raise ControlError(fmt("not_whole", name=name, value=shown, low=c.low, high=c.high))
        tol = 1e-9 * max(1.0, abs(c.high - c.low))
        if not c.low - tol <= float(value) <= c.high + tol:
            raise ControlError(fmt("out_of_range", name=name, value=shown, low=c.low, high=c.high))
        return int(value) if c.kind == "int" else float(value)
    if c.kind == "bool":
        if not isinstance(value, bool):
            raise ControlError(fmt("not_a_switch", name=name, value=shown))
        return value
    if c.kind == "choice":
        if value not in c.options:
            raise ControlError(fmt("not_an_option", name=name, value=shown, options=_options_text(c)))
        return value
    values = (value,) if isinstance(value, str) else tuple(value)
    bad = [v for v in values if v not in c.options]
    if bad:
        raise ControlError(fmt("not_an_option", name=name, value=_short(bad[0]), options=_options_text(c)))
    if len(values) < max(int(c.low), 1):
        raise ControlError(fmt("pick_some", name=name, low=max(int(c.low), 1), options=_options_text(c)))
    return values
