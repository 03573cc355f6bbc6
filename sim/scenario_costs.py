"""The scenario section ``value_costs``: what adding value costs the firm (做好加減法)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sim.scenario_values import Num


class ValueCosts(BaseModel):
    """What adding value costs (做好加減法): money per point of value a strategy adds, per customer-week,
    and how far an answered contact lowers the customer's non-money costs (時間/精神/體力成本)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    service_per_point: Num = Field(0.5, ge=0, le=1e6, description="cost of a point of service value per customer-week (服務價值)")
    personnel_per_point: Num = Field(0.6, ge=0, le=1e6, description="cost of a point of personnel value per customer-week (人員價值)")
    image_per_point: Num = Field(0.4, ge=0, le=1e6, description="cost of a point of image value per customer-week (形象價值)")
    relief_per_contact: Num = Field(
        0.0, ge=0, le=100, description="points of time, mental and physical cost an answered contact takes off "
        "the account (0: contacts leave these costs as they are)")
    relief_cap: Num = Field(6.0, ge=0, le=1000, description="most points of non-money cost contacts can take off an account")
