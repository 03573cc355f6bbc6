"""Case 00's controls and variants: no care against the strategy the trainee picks, in one world."""

from __future__ import annotations

from sim.cases.base import STRATEGIES, same_world
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

CONTROLS = (Control("strategy", "choice", "routine_care", options=STRATEGIES[1:], label="strategy_choice"),)
METRICS = ("retention", "profit_total", "customer_equity", "lifetime_value")
EXTRAS = ("lifetime_value",)
REPLICATIONS = 3


def variants(v) -> Variants:
    """No care and the chosen strategy in the workshop world."""
    return same_world("workshop", ["no_care", v["strategy"]])
