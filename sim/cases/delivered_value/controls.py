"""Case 01's controls and variants: the course's offer against the trainee's (service, time cost, price cut)."""

from __future__ import annotations

from sim.cases.base import scenario
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

CONTROLS = (Control("offer_service", "float", 25.0, 0, 40, 1, label="offer_service"),
            Control("offer_time", "float", 8.0, 0, 20, 1, label="offer_time"),
            Control("price_cut_pct", "float", 0.0, 0, 30, 1, label="price_cut_pct"))
METRICS = ("retention", "revenue", "profit_total", "customer_equity")
EXTRAS = ()
REPLICATIONS = 3


def variants(v) -> Variants:
    """Routine care with the course's offer; the same care with the trainee's offer and price cut."""
    base = scenario("workshop")
    offer = {"service": v["offer_service"], "time": v["offer_time"]}
    cut = v["price_cut_pct"] / 100.0
    custom = {"your_offer": {"extends": "routine_care", "label": "your offer", "params": {"price_cut": cut}}}
    yours = scenario("workshop", {"offer": offer}, custom)
    return {"course_offer": (base, "routine_care"), "your_offer": (yours, "your_offer")}
