"""A case's settings as a page's address carries them, and the settings a trainee is likely to try next.

A light page (:mod:`sim.room.light`) keeps its state in its address: ``?push_units=130&lang=zh``.
:func:`values_from_query` turns such a query into checked control values (one clear
:class:`~sim.ui.controls_spec.ControlError` naming the control and what is allowed, never a
traceback), :func:`query_of` writes values back, and :func:`neighbours` lists the settings one,
two, … steps of one control away, nearest first: what the room draws ahead of the trainees.
Pure logic: no web framework, no widgets.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from urllib.parse import urlencode

from sim.ui.case_runs import Case
from sim.ui.controls_spec import Control, ControlError, check_value
from sim.words import fmt

__all__ = ["LANGUAGES", "MAX_QUERY", "first_steps", "light_keys", "neighbours", "query_of", "values_from_query"]

LANGUAGES = ("en", "zh")
#: the longest query a page may send (a case's whole state fits in a few hundred characters)
MAX_QUERY = 2000
_TRUE, _FALSE = ("1", "true", "on", "yes"), ("0", "false", "off", "no")
#: query keys that are not controls
_PAGE_KEYS = ("lang", "page")


def light_keys(cases: Mapping[str, Case]) -> tuple[str, ...]:
    """The cases served as light pages (:mod:`sim.room.light`): every case whose notebook shows one
    dashboard (the strategy lab adds its sweep widgets: a Solara page)."""
    return tuple(key for key in cases if key != "08_strategy_lab")


def _number(c: Control, given: str):
    try:
        value = float(given) if c.kind == "float" or not given.lstrip("+-").isdigit() else int(given)
    except ValueError:
        raise ControlError(fmt("not_a_number", name=c.caption, value=given[:40], low=c.low, high=c.high)) from None
    return check_value(c, value)


def _one(c: Control, given: list[str]):
    if c.kind == "multi":
        return check_value(c, tuple(v for item in given for v in item.split(",") if v))
    last = given[-1].strip()
    if c.kind in ("int", "float"):
        return _number(c, last)
    if c.kind == "bool":
        if last.lower() not in _TRUE + _FALSE:
            raise ControlError(fmt("not_a_switch", name=c.caption, value=last[:40]))
        return last.lower() in _TRUE
    return check_value(c, last)


def values_from_query(case: Case, query: Mapping[str, list[str]]) -> dict:
    """Every control's value (defaults for those not given) from a parsed query string
    (``urllib.parse.parse_qs``); :class:`ControlError` for an unknown control or a value not allowed."""
    out = case.defaults()
    for name, given in query.items():
        if name in _PAGE_KEYS:
            continue
        out[name] = _one(case.control(name), given)  # case.control: an unknown name raises, naming the known
    return out


def _plain(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(value)
    return repr(value) if isinstance(value, float) else str(value)


def query_of(case: Case, values: Mapping, lang: str | None = None) -> str:
    """The query string of ``values`` (only those that differ from the defaults) and ``lang``."""
    defaults = case.defaults()
    pairs = [(name, _plain(v)) for name, v in values.items() if defaults.get(name) != v]
    return urlencode(pairs + ([("lang", lang)] if lang else []))


def _steps(c: Control, value, reach: int) -> Iterator[tuple[int, object]]:
    """(distance, value) of the values ``c`` can take near ``value``, nearest first."""
    if c.kind in ("int", "float"):
        for d in range(1, reach + 1):
            for sign in (1, -1):
                v = value + sign * d * c.step
                v = int(round(v)) if c.kind == "int" else round(v, max(0, -int(math.floor(math.log10(c.step)))) + 2)
                if c.low - 1e-9 <= v <= c.high + 1e-9:
                    yield d, v
    elif c.kind == "bool":
        yield 1, not value
    elif c.kind == "choice":
        yield from ((1, o) for o in c.options if o != value)
    # a multi control has too many subsets to draw ahead


def neighbours(case: Case, values: Mapping, reach: int = 5) -> list[tuple[int, dict]]:
    """``(distance, settings)`` of the settings one control away from ``values``, nearest first. The
    distance is the steps taken plus the control's place: a case's first control is the one its story
    turns on (one step of it is nearer than one of the second; two of it as near as one of the
    second). The replications stay as they are."""
    found = []
    for order, c in enumerate(case.controls):
        for steps, v in _steps(c, values[c.name], reach):
            found.append((steps + order, order, {**values, c.name: v}))
    return [(d, v) for d, _, v in sorted(found, key=lambda item: item[:2])]


def first_steps(case: Case, reach: int = 5) -> list[dict]:
    """The defaults and the settings up to ``reach`` steps of the first control from them: what the
    room draws before it opens (the control a case's story turns on)."""
    defaults = case.defaults()
    first = case.controls[0] if case.controls else None
    steps = [v for _, v in _steps(first, defaults[first.name], reach)] if first else []
    return [defaults, *({**defaults, first.name: v} for v in steps)]
