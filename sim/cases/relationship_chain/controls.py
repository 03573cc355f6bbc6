"""Case 12's controls and variants: the chain's links as controls, and the pitfalls as variants.

The controls walk the chain — value proposition (which value to add, how many points), segment
and target (value-based or most-favoured for all), delivery (incentive scheme, widening the
relationship), control and feedback (training) — plus the pitfall "CRM software is CRM" (buy the
system, change nothing reps do). Each claim's pair of variants differs in one thing.
"""

from __future__ import annotations

import sim
from sim.scenario import Scenario
from sim.ui.case_runs import Variants
from sim.ui.controls_spec import Control

WORLD = "internal_marketing"  # reps differ in skill and satisfaction; quota pay presses them
ACCOUNTS = 400  # cut so that a slider answers in seconds
VALUE_ELEMENTS = ("service_value", "personnel_value", "image_value")  # -> service_points, ...
SEGMENTS = ("value_based", "most_favoured")
INCENTIVES = {"pay_relationship": "relationship", "pay_quota": "quota"}  # option -> incentive param
TRAINING_COST_PER_WEEK = 40.0  # training money per rep-week when training is on
SYSTEM_COST_PER_MONTH = 1500.0  # the CRM software's fixed monthly cost (licence, upkeep)
TOO_MUCH = 25.0  # points the "past the point it pays" variant adds on top of the trainee's
_ALL = ("key", "strategic", "profit", "non_profit")
#: "segments without profitability": every account contacted alike — equal weights, no value weight, one cycle
ALIKE = {"segment_weight": {s: 1.0 for s in _ALL}, "value_weight": 0.0, "cycle_weeks": {s: 6 for s in _ALL}}

CONTROLS = (
    Control("value_element", "choice", "service_value", options=VALUE_ELEMENTS, label="value_element"),
    Control("value_points", "float", 5.0, 0, 25, 1, label="value_points"),
    Control("segment", "choice", "value_based", options=SEGMENTS, label="chain_segment"),
    Control("incentive", "choice", "pay_relationship", options=tuple(INCENTIVES), label="incentive_choice"),
    Control("widen_share", "float", 0.2, 0, 1, 0.05, label="widen_share"),
    Control("training", "bool", True, label="training"),
    Control("crm_software", "bool", False, label="crm_software"),
)
METRICS = ("retention", "profit_total", "customer_equity", "rep_satisfaction")
EXTRAS = ("rep_satisfaction",)
REPLICATIONS = 3


def _world(training: bool, software: bool, custom: dict) -> Scenario:
    over = {"accounts": {"count": ACCOUNTS},
            "people": {"training_cost_per_week": TRAINING_COST_PER_WEEK if training else 0.0},
            "economics": {"crm_system_cost_per_month": SYSTEM_COST_PER_MONTH if software else 0.0},
            "custom_strategies": custom}
    return sim.load_scenario(WORLD, over)


def _plan(v, points: float, label: str) -> dict:
    element = v["value_element"].removesuffix("_value")
    params = {f"{element}_points": points, "incentive": INCENTIVES[v["incentive"]], "widen_share": v["widen_share"]}
    return {"extends": v["segment"], "label": label, "params": params}


def _alike(plan: dict) -> dict:
    """``plan`` with every account contacted alike (:data:`ALIKE`): the one change of "segments without profitability"."""
    return {**plan, "params": {**plan["params"], **ALIKE}}


PITFALL = {"extends": "most_favoured", "label": "most-favoured for all, quota pay", "params": {"incentive": "quota"}}


def variants(v) -> Variants:
    """The pitfall plan (most-favoured for all, quota pay, untrained reps); your chain; your chain with
    the CRM software bought (nothing else changed); your chain adding value past the point it pays; your
    chain with segments chosen without profitability (every account contacted alike: CRM cut off from planning)."""
    custom = {"pitfall_plan": PITFALL, "your_chain": _plan(v, v["value_points"], "your chain"),
              "too_much_value": _plan(v, v["value_points"] + TOO_MUCH, "your chain, value past the point it pays"),
              "chain_no_segments": _alike(_plan(v, v["value_points"], "your chain, every account contacted alike"))}
    ours = _world(v["training"], v["crm_software"], custom)
    return {"pitfall_plan": (_world(False, v["crm_software"], custom), "pitfall_plan"),
            "your_chain": (ours, "your_chain"),
            "your_chain_software": (_world(v["training"], True, custom), "your_chain"),
            "too_much_value": (ours, "too_much_value"), "chain_no_segments": (ours, "chain_no_segments")}
