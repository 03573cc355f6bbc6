"""Case 02's controls and variants: routine care and the trainee's care plan, with and without aiming at
the next tier, and when rapport fades faster."""

from __future__ import annotations

from sim.cases.base import scenario
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

FASTER_FADE = 0.10  # how much faster rapport fades per month in the "faster fade" variant

CONTROLS = (Control("fade_per_month", "float", 0.05, 0.0, 0.3, 0.01, label="fade_per_month"),
            Control("care_cycle_weeks", "int", 5, 2, 26, 1, label="care_cycle_weeks"),
            Control("ladder", "bool", True, label="ladder"))
METRICS = ("friends_per_100", "confidants_per_100", "retention", "profit_total")
EXTRAS = ("acquaintances_per_100", "friends_per_100", "confidants_per_100")
REPLICATIONS = 3


def variants(v) -> Variants:
    """Routine care and your care plan in the same world; your plan without the ladder; your plan
    when rapport fades faster: each pair differs in one thing."""
    weeks = v["care_cycle_weeks"]
    params = {"customer_function": "care", "ladder": v["ladder"],
              "cycle_weeks": {s: weeks for s in ("key", "strategic", "profit", "non_profit")}}
    custom = {"your_care": {"extends": "routine_care", "label": "your care plan", "params": params},
              "your_care_no_ladder": {"extends": "routine_care", "label": "your care plan, not aimed at the next tier",
                                      "params": {**params, "ladder": False}}}
    fade = v["fade_per_month"]
    world = scenario("workshop", {"relationship": {"fade_per_month": fade}}, custom)
    faster = scenario("workshop", {"relationship": {"fade_per_month": fade + FASTER_FADE}}, custom)
    return {"routine_care": (world, "routine_care"), "your_care": (world, "your_care"),
            "your_care_no_ladder": (world, "your_care_no_ladder"), "your_care_faster_fade": (faster, "your_care")}
