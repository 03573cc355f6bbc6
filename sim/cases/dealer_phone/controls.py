"""Case 03's controls and variants: the quota pusher, the customer manager without remedies and with the
trainee's remedies, in the dealer world (push size and downturn depth set by the trainee)."""

from __future__ import annotations

from sim.cases.base import same_world
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

CONTROLS = (Control("push_units", "int", 120, 0, 300, 10, label="push_units"),
            Control("downturn_depth", "float", 0.4, 0.0, 0.8, 0.05, label="downturn_depth"),
            Control("campus_channel", "bool", True, label="campus_channel"),
            Control("shared_engineers", "bool", True, label="shared_engineers"))
METRICS = ("dealer_answer_rate", "revenue", "profit_total", "retention")
EXTRAS = ("dealer_answer_rate",)
REPLICATIONS = 6


def variants(v) -> Variants:
    """Quota push; the customer manager with no remedies; the same manager with the chosen remedies."""
    remedies = [r for r in ("campus_channel", "shared_engineers") if v[r]]
    custom = {"your_customer_manager": {"extends": "customer_manager", "label": "customer manager (your remedies)",
                                        "params": {"remedies": remedies}},
              "manager_no_remedies": {"extends": "customer_manager", "label": "customer manager (no remedies)",
                                      "params": {"remedies": []}}}
    over = {"dealers": {"push_units": v["push_units"]}, "shocks": {"downturn_depth": v["downturn_depth"]}}
    return same_world("dealer_phone", ["quota_push", "manager_no_remedies", "your_customer_manager"], over, custom)
