"""The ``uncertainty:`` section of a scenario: how far its uncertain parameters may be off.

It maps key paths to a standard error, e.g.::

    uncertainty:
      market.purchases_per_year: {se: 0.8, dist: lognormal}
      market.churn_scale: {se: 0.1}

``normal``: draws of value + se·z; ``lognormal``: value·exp((se/value)·z), which keeps a positive
value positive with the same spread near the value. Draws are clipped to the key's allowed range.
This module only holds the schema and its checks; :mod:`sim.draws` makes the draws.
"""

from __future__ import annotations

from typing import Any, Literal, get_origin

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Spread", "bounds", "check_paths", "numeric_field"]


class Spread(BaseModel):
    """The standard error of one parameter and the shape of its draws."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    se: float = Field(gt=0, description="standard error, in the parameter's own unit")
    dist: Literal["normal", "lognormal"] = "normal"


def _model_of(annotation) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def numeric_field(root: type[BaseModel], path: str) -> tuple[Any, str | None]:
    """The pydantic field at dotted ``path`` of ``root`` and None, or (None, why it cannot be drawn)."""
    model, parts = root, path.split(".")
    for i, part in enumerate(parts):
        fields = model.model_fields if model is not None else {}
        if part not in fields:
            where = ".".join(parts[:i]) or "the top level"
            return None, f"{part!r} is not a key of {where} (allowed: {', '.join(fields)})"
        info = fields[part]
        if i < len(parts) - 1:
            model = _model_of(info.annotation)
            if model is None:
                return None, f"{'.'.join(parts[:i + 1])} is a value, not a group of keys"
    kind = info.annotation
    if get_origin(kind) is not None or kind not in (int, float):
        return None, f"{path} is not a number, so it cannot be drawn"
    return info, None


def check_paths(root: type[BaseModel], spreads: dict[str, Spread]) -> None:
    """Raise ValueError naming the first key path of ``spreads`` that is not a numeric key of ``root``."""
    for path, spread in spreads.items():
        info, why = numeric_field(root, path)
        if why:
            raise ValueError(f"{path}: {why}")
        if spread.dist == "lognormal" and bounds(info)[0] < 0:
            raise ValueError(f"{path}: a lognormal draw needs a key that cannot be negative")


def bounds(info) -> tuple[float, float]:
    """The (low, high) range a field allows (open bounds nudged inside); -inf/inf when unbounded."""
    low, high = float("-inf"), float("inf")
    for m in info.metadata:
        for attr, side, nudge in (("ge", 0, 0.0), ("gt", 0, 1e-9), ("le", 1, 0.0), ("lt", 1, -1e-9)):
            value = getattr(m, attr, None)
            if value is not None:
                if side == 0:
                    low = max(low, float(value) + nudge)
                else:
                    high = min(high, float(value) + nudge)
    return low, high

