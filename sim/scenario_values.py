"""Value types, guards and messages for scenarios: finite numbers, frozen mappings, readable errors.

``Num``/``Whole`` refuse true/false and text where a number belongs (YAML reads
``count: true`` as a bool, which pydantic would take for 1); with
``allow_inf_nan=False`` on the models, ``.inf`` and ``.nan`` are refused too.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Annotated, Any, ClassVar, get_args, get_origin

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from sim.scenario_yaml import MAX_DEPTH, key_path, origin_of, short

__all__ = ["Flag", "FrozenDict", "MAX_LINES", "MAX_PARAM", "Month", "Num", "Text", "Whole", "format_validation_error",
           "Weights", "freeze", "plain_params"]

MAX_LINES = 5  # problems listed in one message (the rest are counted)
MAX_PARAM = 1e9  # largest number a strategy parameter may hold


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _not_bool_or_text(value: Any, what: str) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"must be {what}, not true/false")
    if isinstance(value, str) and _looks_numeric(value):  # YAML reads 1e6 (no dot, no sign) as text
        raise ValueError(f"must be {what}, not text (write 1e6 as 1000000 or 1.0e+6)")
    if isinstance(value, (str, bytes)):
        raise ValueError(f"must be {what}, not text")
    return value


def _number(value: Any) -> Any:
    """true/false or text where a number belongs is a mistake, not 1, 0 or a number to parse."""
    return _not_bool_or_text(value, "a number")


def _whole(value: Any) -> Any:
    return _not_bool_or_text(value, "a whole number (integer)")


def _flag(value: Any) -> Any:
    if isinstance(value, (str, bytes, int, float)) and not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


Num = Annotated[float, BeforeValidator(_number)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Whole = Annotated[int, BeforeValidator(_whole)]
Month = Annotated[float, BeforeValidator(_number), Field(ge=0, le=600)]
Text = Annotated[str, Field(max_length=200)]


class FrozenDict(dict):
    """A dict that cannot be changed after it is made (for frozen scenarios)."""

    def _frozen(self, *args, **kwargs):
        raise TypeError("a scenario is frozen: build a new one (e.g. with load_scenario(..., overrides=...))")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _frozen  # type: ignore[assignment]
    __ior__ = _frozen  # type: ignore[assignment]

    def __reduce__(self):
        return (FrozenDict, (dict(self),))


def freeze(v: Any) -> Any:
    """``v`` with every dict made a :class:`FrozenDict` and every list a tuple."""
    if isinstance(v, dict):
        return FrozenDict({k: freeze(x) for k, x in v.items()})
    if isinstance(v, list):
        return tuple(freeze(x) for x in v)
    return v


def plain_params(v: Any, where: str = "params", depth: int = 0) -> Any:
    """``v`` if it holds only text, finite numbers up to :data:`MAX_PARAM`, true/false, null, lists and
    mappings with text keys; else ``ValueError`` naming the sub-key."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    if isinstance(v, dict):
        for k, x in v.items():
            if not isinstance(k, str):
                raise ValueError(f"{where}: key {short(k)} must be text")
            plain_params(x, f"{where}.{k}", depth + 1)
    elif isinstance(v, (list, tuple)):
        for i, x in enumerate(v):
            plain_params(x, f"{where}.{i}", depth + 1)
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        if not (math.isfinite(v) and abs(v) <= MAX_PARAM):
            raise ValueError(f"{where}: numbers must be finite and at most {MAX_PARAM:g} in size")
    elif not (v is None or isinstance(v, (str, bool))):
        raise ValueError(f"{where}: a {type(v).__name__} is not allowed (text, numbers, true/false, lists, mappings)")
    return v


def _allowed_here(loc: tuple, model: type[BaseModel]) -> list[str]:
    """What keys are allowed at ``loc``'s parent, for unknown-key errors."""
    ann: Any = model
    for part in loc[:-1]:
        origin = get_origin(ann)
        if origin in (list, tuple, dict):  # an index or a name inside a collection
            ann = get_args(ann)[-1] if origin is dict else get_args(ann)[0]
            continue
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)) or part not in ann.model_fields:
            return []
        ann = ann.model_fields[part].annotation
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return list(ann.model_fields)
    return []


def _unknown_key(loc: tuple, model: type[BaseModel]) -> str:
    """What an unknown key's message suggests: the closest allowed key, and every allowed key."""
    allowed = _allowed_here(loc, model)
    close = difflib.get_close_matches(str(loc[-1]) if loc else "", allowed, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown key{hint}; allowed here: {', '.join(allowed)}" if allowed else "unknown key"


def _problem(e: dict, source: str, model: type[BaseModel], layers: list) -> str:
    """One line for one pydantic error; a value from another file is never repeated."""
    loc = tuple(p for p in e["loc"] if p not in ("function-after",))
    path = key_path(loc) or "(top level)"
    foreign: Path | None = origin_of(loc, layers)
    msg = e["msg"].replace("Value error, ", "")
    if e["type"] == "extra_forbidden" and foreign:  # another file's key names are not repeated either
        under = key_path(loc[:-1]) or "the top level"
        return (f"{source}: extends: {foreign} has a key that is not a scenario key (under {under}; not shown, "
                f"it is another file: run 'python -m sim validate' on that file)")
    if e["type"] == "extra_forbidden":
        return f"{source}: {path}: " + _unknown_key(loc, model)
    if e["type"] in ("literal_error", "missing") or isinstance(e.get("input"), dict):  # the message names the keys
        # (a missing item's input is its container, which may come from another file: never repeated)
        return f"{source}: {path}: {msg}"
    if foreign:
        return f"{source}: {path}: bad value (in {foreign}): {msg}"
    return f"{source}: {path}: bad value {short(e.get('input'))}: {msg}"


def format_validation_error(err: ValidationError, source: str, model: type[BaseModel],
                            layers: list | None = None) -> str:
    """Readable lines: file, key path, bad value (only from the user's own file, cut short), what is allowed."""
    errors = err.errors()
    locs = [tuple(e["loc"]) for e in errors]
    lines = [_problem(e, source, model, layers or [])
             for e in errors  # skip a container's error when one of its items is already named
             if not any(o != tuple(e["loc"]) and o[: len(e["loc"])] == tuple(e["loc"]) for o in locs)]
    more = len(lines) - MAX_LINES
    return "\n".join(lines[:MAX_LINES] + ([f"{source}: … and {more} more problems"] if more > 0 else []))


class Weights(BaseModel):
    """Non-negative weights or shares over a vocabulary: one field per word of ``WORDS``, in that order.

    ``ALL_ZERO`` is the message when every weight is 0 (None: all 0 is allowed).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    WORDS: ClassVar[tuple[str, ...]] = ()
    ALL_ZERO: ClassVar[str | None] = None

    @model_validator(mode="after")
    def _not_all_zero(self) -> "Weights":
        if self.ALL_ZERO and sum(self.as_tuple()) <= 0:
            raise ValueError(self.ALL_ZERO)
        return self

    def as_tuple(self) -> tuple[float, ...]:
        """The weights in the order of ``WORDS``."""
        return tuple(float(getattr(self, w)) for w in self.WORDS)

    def array(self) -> np.ndarray:
        """The weights as a float array, in the order of ``WORDS``."""
        return np.array(self.as_tuple(), dtype=float)
