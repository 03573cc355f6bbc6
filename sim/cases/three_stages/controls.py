"""Case 05's controls and variants: the quota pusher, the trainee's strategy, and that strategy where
intermediaries are no help."""

from __future__ import annotations

from sim.cases.base import scenario
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

ACCOUNTS = 600  # the three_stages territory, cut so that a slider answers in seconds

CONTROLS = (Control("strategy", "choice", "customer_manager", options=("customer_manager", "value_based"),
                    label="strategy_choice"),
            Control("intermediary_share", "float", 0.4, 0.0, 1.0, 0.05, label="intermediary_share"),
            Control("intermediary_boost", "float", 2.0, 1.0, 6.0, 0.5, label="intermediary_boost"))
METRICS = ("qualified", "opportunities", "retention", "customer_equity")
EXTRAS = ("qualified", "opportunities")
REPLICATIONS = 3


def variants(v) -> Variants:
    """The quota pusher, your strategy, and your strategy where intermediaries are no help (boost 1)."""
    over = {"accounts": {"count": ACCOUNTS, "intermediary_share": v["intermediary_share"]},
            "lifecycle": {"intermediary_boost": v["intermediary_boost"]}}
    world = scenario("three_stages", over)
    useless = scenario("three_stages", {**over, "lifecycle": {"intermediary_boost": 1.0}})
    return {"quota_push": (world, "quota_push"), v["strategy"]: (world, v["strategy"]),
            "without_intermediaries": (useless, v["strategy"])}
