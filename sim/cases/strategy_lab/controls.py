"""Case 08's controls and variants: the strategies the manager picks, in the scenario they pick."""

from __future__ import annotations

from sim.cases.base import STRATEGIES, same_world
from sim.results import METRICS as RUN_METRICS
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

LAB_SCENARIOS = ("workshop", "public_pool", "three_stages", "dealer_phone")
LAB_METRICS = tuple(RUN_METRICS)

CONTROLS = (Control("scenario", "choice", "workshop", options=LAB_SCENARIOS, label="scenario_choice"),
            Control("strategies", "multi", ("routine_care", "value_based"), low=1, options=STRATEGIES,
                    label="strategies_choice"),
            Control("metric", "choice", "profit_total", options=LAB_METRICS, label="metric_choice"))
METRICS = ("retention", "profit_total", "customer_equity")
EXTRAS = ()
REPLICATIONS = 3


def variants(v) -> Variants:
    """Each chosen strategy in the chosen scenario."""
    return same_world(v["scenario"], list(v["strategies"]))
