"""The scenario's ``accounts.fit`` section: how well our offer fits an account (screening that matters).

An account's industry, region and size add points to (or take them from) its
delivered-value gap, so they change how likely it is to be won, how much it buys
and how readily it leaves. Empty tables and ``size_points: 0`` (the defaults) are
neutral: nothing in a run changes.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sim.scenario_values import FrozenDict, Num, Text

__all__ = ["Fit", "check_fit", "fit_points"]

Points = Annotated[Num, Field(ge=-50, le=50)]


class Fit(BaseModel):
    """Offer fit by account attribute, in points of delivered value (added to the account's gap)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    industry: dict[Text, Points] = Field(
        default_factory=dict, max_length=100, description="points by industry (names from accounts.industries)")
    region: dict[Text, Points] = Field(
        default_factory=dict, max_length=100, description="points by region (names from accounts.regions)")
    size_points: Points = Field(0.0, description="points per doubling of an account's size (size 1: 0 points)")

    @field_validator("industry", "region", mode="after")
    @classmethod
    def _freeze(cls, v: dict) -> FrozenDict:
        return FrozenDict(v)

    @property
    def neutral(self) -> bool:
        """True when no account's fit differs from 0."""
        return not any(self.industry.values()) and not any(self.region.values()) and self.size_points == 0


def check_fit(fit: Fit, accounts) -> None:
    """Every industry and region the fit names must be one of the scenario's accounts'."""
    for key, names in (("industry", accounts.industries), ("region", accounts.regions)):
        unknown = [k for k in getattr(fit, key) if k not in names]
        if unknown:
            allowed = "accounts.industries" if key == "industry" else "accounts.regions"
            raise ValueError(f"fit.{key}: unknown {key} {unknown[0][:60]!r} (allowed: the names in {allowed}: "
                             f"{', '.join(names)[:300]})")


def fit_points(fit: Fit, accounts, industry: np.ndarray, region: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Each account's fit in points, from its industry and region codes and its size."""
    by_industry = np.array([fit.industry.get(k, 0.0) for k in accounts.industries])
    by_region = np.array([fit.region.get(k, 0.0) for k in accounts.regions])
    return by_industry[industry] + by_region[region] + fit.size_points * np.log2(np.maximum(size, 1e-9))
