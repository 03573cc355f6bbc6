"""Case 06's controls and variants: the trainee's pool cycle against the same strategy leaving the pool alone."""

from __future__ import annotations

from sim.cases.base import same_world
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

CONTROLS = (Control("dormant_after_months", "float", 3.0, 1.0, 12.0, 1.0, label="dormant_after_months"),
            Control("pool_cycle_weeks", "float", 4.0, 1.0, 26.0, 1.0, label="pool_cycle_weeks"))
METRICS = ("win_back_rate", "dormant_end", "retention", "profit_total")
EXTRAS = ("win_back_rate",)
REPLICATIONS = 3


def variants(v) -> Variants:
    """Your pool cycle against the same strategy that leaves the pool alone (one change: the pool work)."""
    custom = {"your_pool": {"extends": "public_pool", "label": "public pool (your cycle)",
                            "params": {"pool_cycle_weeks": v["pool_cycle_weeks"]}},
              "no_pool_work": {"extends": "public_pool", "label": "public pool, no pool work",
                               "params": {"pool_cycle_weeks": 0.0, "stage_weight": {"dormant": 0.0}}}}
    over = {"lifecycle": {"dormant_after_months": v["dormant_after_months"]}}
    return same_world("public_pool", ["no_pool_work", "your_pool"], over, custom)
