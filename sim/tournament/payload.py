"""What the store accepts as a submission, checked before anything is built from it. Stdlib only.

The store checks shape and bounds (it needs no simulation): a mapping of at most a few
thousand small values, nested at most :data:`MAX_DEPTH` deep; every hours value a finite
number from 0 to the rep's hours in the longest month (five planning weeks), and so is
their sum; short names; a round that is a whole number. The game checks the rest against
the book (unknown accounts, the budget) and plays anything it cannot use as the default
plan. The same check runs again when stored decisions are read (:func:`readable`), so a
row written before these rules, or by hand, cannot stop a round for everyone.
"""

from __future__ import annotations

import json
import math
import reprlib

MAX_PAYLOAD = 64_000  # characters of canonical JSON
MAX_DEPTH = 4  # {"hours": [{"target": …}]} and {"hours": {target: {function: h}}} are 3 deep
MAX_NODES = 2_000  # values in the whole payload
MAX_CELLS = 500  # target × function entries
MAX_KEY = 40  # characters of a target, function or remedy
MAX_NOTE = 500
MAX_ROUND = 10_000
MAX_WEEKS_PER_MONTH = 5
ABSOLUTE_MAX_HOURS = 80.0 * MAX_WEEKS_PER_MONTH  # the scenario allows at most 80 h a week
DEFAULT_PAYLOAD = {"default": True}
KEYS = ("hours", "remedies", "note", "default")


class BadPayload(ValueError):
    """Decisions the store refuses (the message says why, in one line)."""


def month_hours(scenario: dict) -> float:
    """A rep's contact hours in the longest month (five planning weeks) of a scenario dump."""
    try:
        reps = scenario["reps"]
        h = float(reps["hours_per_week"]) * float(reps["selling_share"]) * MAX_WEEKS_PER_MONTH
    except (KeyError, TypeError, ValueError):
        return ABSOLUTE_MAX_HOURS
    return h if math.isfinite(h) and 0 < h <= ABSOLUTE_MAX_HOURS else ABSOLUTE_MAX_HOURS


def check_round(value) -> int | None:
    """``None`` (the open round) or a whole round number from 1 to :data:`MAX_ROUND`."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 6:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ROUND:
        raise BadPayload(f"round must be a whole number from 1 to {MAX_ROUND}, got {_short(value)}")
    return value


def check_text(value, what: str, limit: int) -> str:
    """``value`` if it is a string of at most ``limit`` characters."""
    if not isinstance(value, str) or len(value) > limit:
        raise BadPayload(f"{what} must be text of at most {limit} characters")
    return value


def check_decisions(decisions, max_hours: float = ABSOLUTE_MAX_HOURS) -> dict:
    """The payload to store (``{"default": true}`` for the default plan); :class:`BadPayload` if refused."""
    check_size(decisions)
    if _default_flag(decisions):
        return dict(DEFAULT_PAYLOAD)
    total = sum(h for _, _, h in _cells(decisions.get("hours")))
    if total > max_hours + 1e-9:
        raise BadPayload(f"hours add up to {total:g} h; a rep has at most {max_hours:g} h for contacts in a month")
    _check_remedies(decisions.get("remedies"))
    if decisions.get("note") is not None:
        check_text(decisions["note"], "note", MAX_NOTE)
    text = json.dumps(decisions, ensure_ascii=False, allow_nan=False)
    if len(text) > MAX_PAYLOAD:
        raise BadPayload(f"decisions too large ({len(text)} characters; at most {MAX_PAYLOAD})")
    return json.loads(text)  # plain JSON: keys text, tuples lists (so the canonical form sorts)


def _default_flag(decisions) -> bool:
    """The ``default`` flag of a mapping of allowed keys; :class:`BadPayload` for anything else."""
    if not isinstance(decisions, dict):
        raise BadPayload(f"a mapping like {{'hours': {{'key': {{'care': 8}}}}}} is needed, "
                         f"got {type(decisions).__name__}")
    extra = sorted(_short(k) for k in decisions if k not in KEYS)
    if extra:
        raise BadPayload(f"unknown key(s) {', '.join(extra)}; allowed: hours, remedies, note")
    default = decisions.get("default", False)
    if not isinstance(default, bool):
        raise BadPayload("default must be true or false")
    return default


def readable(text: str, max_hours: float = ABSOLUTE_MAX_HOURS) -> dict:
    """Stored decisions as the game may play them: the row if it passes :func:`check_decisions`,
    else the default plan (a bad row written before these checks, or by hand)."""
    try:
        return check_decisions(json.loads(text, parse_constant=_no_constant), max_hours)
    except (BadPayload, ValueError, TypeError, RecursionError):
        return dict(DEFAULT_PAYLOAD)


def _no_constant(name: str):
    raise BadPayload(f"{name} is not a number the store accepts")


def check_size(obj) -> None:
    """Refuse deep or huge payloads before walking them (no recursion: a 10 000-deep list is one step)."""
    stack, nodes = [(obj, 1)], 0
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list, tuple)):
            if depth > MAX_DEPTH:
                raise BadPayload(f"decisions nest too deep (at most {MAX_DEPTH} levels)")
            nodes += len(item)
            if nodes > MAX_NODES:
                raise BadPayload(f"decisions have too many values (at most {MAX_NODES})")
            stack += _inside(item, depth + 1)
        elif isinstance(item, str) and len(item) > MAX_PAYLOAD:
            raise BadPayload(f"a text value is too long (at most {MAX_PAYLOAD} characters)")
        elif not (item is None or isinstance(item, (bool, int, float, str))):
            raise BadPayload(f"decisions must be plain JSON data (numbers, text, lists, mappings), "
                             f"got {type(item).__name__}")


def _inside(item: dict | list | tuple, depth: int) -> list[tuple[object, int]]:
    """(value, ``depth``) of what a list holds, or of each key and value of a mapping (keys must be text)."""
    if not isinstance(item, dict):
        return [(child, depth) for child in item]
    out = []
    for key, value in item.items():
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            raise BadPayload(f"keys must be text, got {type(key).__name__}")
        out += [(key, depth), (value, depth)]
    return out


def _cells(hours):
    """(target, function, hours) of the ``hours`` part, each checked."""
    if hours is None:
        return []
    if isinstance(hours, dict):
        raw = []
        for target, per_fn in hours.items():
            if not isinstance(per_fn, dict):
                raise BadPayload(f"hours of {_short(target)}: give hours per function, e.g. {{'care': 4}}")
            raw += [(target, fn, h) for fn, h in per_fn.items()]
    elif isinstance(hours, list):
        raw = [_row(k, row) for k, row in enumerate(hours)]
    else:
        raise BadPayload("hours must be a mapping target -> function -> hours")
    if len(raw) > MAX_CELLS:
        raise BadPayload(f"too many hours entries ({len(raw)}; at most {MAX_CELLS})")
    return [(_key(t, "target"), _key(f, "function"), _hours(t, f, h)) for t, f, h in raw]


def _row(k: int, row) -> tuple:
    if not isinstance(row, dict) or set(row) != {"target", "function", "hours"}:
        raise BadPayload(f"hours row {k + 1}: a row has exactly target, function and hours")
    return row["target"], row["function"], row["hours"]


def _key(value, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or len(str(value)) > MAX_KEY:
        raise BadPayload(f"a {what} must be a name or number of at most {MAX_KEY} characters, got {_short(value)}")
    return str(value)


def _hours(target, function, value) -> float:
    """A finite number of hours, at least 0 (numbers, or numbers written as short text)."""
    v = value
    if isinstance(v, str) and len(v) <= 32:
        try:
            v = float(v.strip() or 0)
        except ValueError:
            pass
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and (not isinstance(v, int) or abs(v) < 10**15)
    if ok:
        v = float(v)
    if not ok or not math.isfinite(v) or v < 0:
        raise BadPayload(f"{_short(target)} × {_short(function)}: hours must be a finite number of at least 0, "
                         f"got {_short(value)}")
    return v


def _check_remedies(remedies) -> None:
    if remedies is None or isinstance(remedies, str) and len(remedies) <= MAX_KEY:
        return
    if not isinstance(remedies, list) or len(remedies) > 10:
        raise BadPayload("remedies must be a list of at most 10 names")
    for r in remedies:
        check_text(r, "a remedy", MAX_KEY)


def _short(value) -> str:
    """``repr`` cut short (a message never repeats a whole payload or a 400-digit number)."""
    try:
        return reprlib.repr(value)
    except (ValueError, RecursionError):  # an int over Python's 4300-digit repr limit
        return f"a {type(value).__name__}"
