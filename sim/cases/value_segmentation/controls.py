"""Case 07's controls and variants: most-favoured care for all, care by value, and care by value with the
trainee's settings (the weight of unprofitable accounts, indulging every wish)."""

from __future__ import annotations

from sim.cases.base import same_world
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

CONTROLS = (Control("non_profit_weight", "float", 0.3, 0.0, 4.0, 0.1, label="non_profit_weight"),
            Control("indulge", "bool", True, label="indulge"))
METRICS = ("retention", "care_cost", "profit_total", "lifetime_value")
EXTRAS = ("top20_share", "total_share", "lifetime_value")
REPLICATIONS = 3


def variants(v) -> Variants:
    """Most-favoured, value-based and value-based with your settings, in the workshop world."""
    custom = {"your_value_based": {"extends": "value_based", "label": "value-based (your settings)",
                                   "params": {"indulge": v["indulge"],
                                              "segment_weight": {"key": 4, "strategic": 3, "profit": 2,
                                                                 "non_profit": v["non_profit_weight"]}}}}
    return same_world("workshop", ["most_favoured", "value_based", "your_value_based"], custom=custom)
