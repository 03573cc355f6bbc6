"""Case 04's controls and variants: small favours alone against the trainee's mix of the contact
functions, under the same weekly budget."""

from __future__ import annotations

from sim.cases.base import same_world
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

MIX = ("care", "service", "consulting", "information")
CONTROLS = (Control("weight_care", "float", 0.4, 0, 1, 0.05, label="weight_care"),
            Control("weight_service", "float", 0.3, 0, 1, 0.05, label="weight_service"),
            Control("weight_consulting", "float", 0.2, 0, 1, 0.05, label="weight_consulting"),
            Control("weight_information", "float", 0.1, 0, 1, 0.05, label="weight_information"),
            Control("weekly_budget", "float", 600.0, 100, 1500, 50, label="weekly_budget"))
METRICS = ("retention", "care_cost", "profit_total", "customer_equity")
EXTRAS = ()
REPLICATIONS = 3


def variants(v) -> Variants:
    """Small favours only, and the store-care mix, both at the chosen weekly budget."""
    mix = {f: v[f"weight_{f}"] for f in MIX}
    custom = {
        "small_favours": {"extends": "routine_care", "label": "small favours only",
                          "params": {"customer_function": "care"}},
        "store_mix": {"extends": "routine_care", "label": "your store-care mix",
                      "params": {"customer_function": "mix", "function_mix": mix}},
    }
    return same_world("workshop", ["small_favours", "store_mix"], {"reps": {"weekly_budget": v["weekly_budget"]}},
                      custom)
