"""The scenario section ``value_costs`` (what adding value costs the firm, 做好加減法) and the keys
``economics.fairness`` (what other customers perceive of favours given to all or to the unreasonable)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sim.scenario_values import Num


def _zero(v) -> bool:
    """A key left out of the dump (and the scenario hash) at 0: scenarios from before it are unchanged."""
    return v == 0


class ValueCosts(BaseModel):
    """What adding value costs (做好加減法): money and rep time per point of value a strategy adds, per
    customer-week, and how far an answered contact lowers the customer's non-money costs (時間/精神/體力成本)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    service_per_point: Num = Field(0.5, ge=0, le=1e6, description="cost of a point of service value per customer-week (服務價值)")
    personnel_per_point: Num = Field(0.6, ge=0, le=1e6, description="cost of a point of personnel value per customer-week (人員價值)")
    image_per_point: Num = Field(0.4, ge=0, le=1e6, description="cost of a point of image value per customer-week (形象價值)")
    service_hours_per_point: Num = Field(
        0.0, ge=0, le=10, exclude_if=_zero, description="rep hours a point of service value takes per customer-week, "
        "from the rep's selling hours (0: none)")
    personnel_hours_per_point: Num = Field(
        0.0, ge=0, le=10, exclude_if=_zero, description="rep hours a point of personnel value takes per customer-week")
    image_hours_per_point: Num = Field(
        0.0, ge=0, le=10, exclude_if=_zero, description="rep hours a point of image value takes per customer-week")
    relief_per_contact: Num = Field(
        0.0, ge=0, le=100, description="points of time, mental and physical cost an answered contact takes off "
        "the account (0: contacts leave these costs as they are)")
    relief_cap: Num = Field(6.0, ge=0, le=1000, description="most points of non-money cost contacts can take off an account")


class Fairness(BaseModel):
    """What the loyal and the big customers perceive (損壞了忠誠客戶、大客戶的利益): an out-of-scope wish
    served to a peer of their region, and a discount every account gets alike (最惠戶待遇普遍化)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    indulged_peer_points: Num = Field(
        0.0, ge=0, le=100, description="points of delivered value a loyal or big customer loses in a week when every "
        "other customer of its region had an out-of-scope wish served (in proportion to the share that had; 0: off)")
    blanket_cut_share: Num = Field(
        0.0, ge=0, le=3, description="share of a price cut every account gets that the loyal and big customers "
        "count against us (0: off; 1: it is worth nothing to them; above 1: they resent it)")
    fade_per_month: Num = Field(0.25, ge=0, le=1, description="share of the perceived unfairness forgotten each month")
    cap: Num = Field(12.0, ge=0, le=1000, description="most points of delivered value perceived unfairness can take")
