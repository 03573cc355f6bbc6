"""Case 12: Payne's relationship management chain, with the CRM pitfalls as playable choices.

The controls walk the chain — value proposition (which value to add, how many points), segment
and target (value-based or most-favoured for all), delivery (incentive scheme, widening the
relationship), control and feedback (training) — plus the pitfall "CRM software is CRM" (buy the
system, change nothing reps do). Each claim's pair of variants differs in one thing. The software variant is shown, not tested: the
model gives a system no effect on what reps do, so any claim about it would hold by construction.
Pure logic: no widget or chart library is imported here.
"""

from __future__ import annotations

import sim
from sim.scenario import Scenario
from sim.ui.case_runs import Case, Variants
from sim.ui.claims import Check, Claim
from sim.ui.controls_spec import Control

__all__ = ["CHAIN", "VALUE_ELEMENTS", "chain_variants"]

KEY = "12_relationship_chain"
WORLD = "internal_marketing"  # reps differ in skill and satisfaction; quota pay presses them
ACCOUNTS = 400  # cut so that a slider answers in seconds
VALUE_ELEMENTS = ("service_value", "personnel_value", "image_value")  # -> service_points, ...
SEGMENTS = ("value_based", "most_favoured")
INCENTIVES = {"pay_relationship": "relationship", "pay_quota": "quota"}  # option -> incentive param
TRAINING_COST_PER_WEEK = 40.0  # training money per rep-week when training is on
SYSTEM_COST_PER_MONTH = 1500.0  # the CRM software's fixed monthly cost (licence, upkeep)
TOO_MUCH = 25.0  # points the "past the point it pays" variant adds on top of the trainee's


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


PITFALL = {"extends": "most_favoured", "label": "most-favoured for all, quota pay", "params": {"incentive": "quota"}}


def chain_variants(v) -> Variants:
    """The pitfall plan (most-favoured for all, quota pay, untrained reps); your chain; your chain with
    the CRM software bought (nothing else changed); your chain adding value past the point it pays; your
    chain with segments chosen without profitability (most-favoured for all: CRM cut off from planning)."""
    custom = {"pitfall_plan": PITFALL, "your_chain": _plan(v, v["value_points"], "your chain"),
              "too_much_value": _plan(v, v["value_points"] + TOO_MUCH, "your chain, value past the point it pays"),
              "chain_most_favoured": _plan({**v, "segment": "most_favoured"}, v["value_points"],
                                           "your chain, segments without profitability")}
    ours = _world(v["training"], v["crm_software"], custom)
    return {"pitfall_plan": (_world(False, v["crm_software"], custom), "pitfall_plan"),
            "your_chain": (ours, "your_chain"),
            "your_chain_software": (_world(v["training"], True, custom), "your_chain"),
            "too_much_value": (ours, "too_much_value"), "chain_most_favoured": (ours, "chain_most_favoured")}


CONTROLS = (
    Control("value_element", "choice", "service_value", options=VALUE_ELEMENTS, label="value_element"),
    Control("value_points", "float", 5.0, 0, 25, 1, label="value_points"),
    Control("segment", "choice", "value_based", options=SEGMENTS, label="chain_segment"),
    Control("incentive", "choice", "pay_relationship", options=tuple(INCENTIVES), label="incentive_choice"),
    Control("widen_share", "float", 0.2, 0, 1, 0.05, label="widen_share"),
    Control("training", "bool", True, label="training"),
    Control("crm_software", "bool", False, label="crm_software"),
)


CHAIN = Case(
    key=KEY,
    title={"en": "The relationship management chain: from value proposition to feedback",
           "zh": "關係管理鏈：從價值主張到控制與回饋"},
    point={"en": "CRM is a chain, not a software package: a value proposition that pays for itself, segments chosen by "
                 "profitability, reps trained and paid for relationships, and feedback on what customers receive. "
                 "Most-favoured treatment for all and value added past the point it pays lower the profit. (Buying the "
                 "CRM software is shown beside your chain with its cost: in this model a system changes nothing reps "
                 "do, so it is a choice to discuss, not a claim the simulation tests.)",
           "zh": "客戶關係管理是一條鏈，而不是一套軟體：能收回成本的價值主張、按盈利能力選擇的客戶細分、"
                 "經過培訓並按關係指標激勵的業務員，以及對客戶所得價值的回饋。最惠戶待遇普遍化、加到不再划算的價值，"
                 "都會降低利潤。（購買客戶關係管理軟體的方案與成本並列在您的關係鏈旁：在此模型中，系統本身不改變業務員的任何做法，"
                 "因此它是供討論的選擇，而不是模擬所檢驗的結論。）"},
    controls=CONTROLS, variants=chain_variants,
    metrics=("retention", "profit_total", "customer_equity", "rep_satisfaction"),
    extras=("rep_satisfaction",), replications=3,
    checks=(Check({}, (
        Claim("your_chain", "profit_total", "higher"), Claim("your_chain", "customer_equity", "higher"),
        Claim("your_chain", "rep_satisfaction", "higher"),
        Claim("too_much_value", "profit_total", "lower", baseline="your_chain"),
        Claim("chain_most_favoured", "profit_total", "lower", baseline="your_chain"))),),
)
