"""Case 13's controls and variants: the course's business as it is, and the same business with customers 5%
more satisfied (our service value raised, free); the one knob is what a rep hour of care costs (the margin)."""

from __future__ import annotations

from sim.cases.base import scenario
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

WORLD = "course_facts"  # the business of the facts row
#: service value points that make customers' mean satisfaction 5% higher in WORLD under routine care
#: (:func:`sim.satisfaction_profit.profit_gain` measures 8.2 at 4 replications, 8.4 at 10; a test pins it)
LIFT = 8.3
COURSE_COST, THIN_COST = 45.0, 140.0  # a rep hour: the course's, and one that leaves profit as thin as the extra

CONTROLS = (Control("rep_hour_cost", "float", COURSE_COST, 30.0, 160.0, 5.0, label="rep_hour_cost"),)
METRICS = ("profit_total", "revenue", "care_cost", "retention")
EXTRAS: tuple[str, ...] = ()
REPLICATIONS = 4


#: both variants are routine care (named, so that charts label them)
CUSTOM = {"as_today": {"extends": "routine_care", "label": "routine care, as today"},
          "more_satisfied": {"extends": "routine_care", "label": "customers 5% more satisfied"}}


def variants(v) -> Variants:
    """As today, and 5% more satisfied (one change: our service value), at the chosen care cost."""
    today = scenario(WORLD, {"reps": {"hourly_cost": v["rep_hour_cost"]}}, CUSTOM)
    more = today.model_copy(update={"offer": today.offer.model_copy(update={"service": today.offer.service + LIFT})})
    return {"as_today": (today, "as_today"), "more_satisfied": (more, "more_satisfied")}
