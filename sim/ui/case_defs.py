"""The course's cases 00–08: how each one's controls become variants, its metrics and its claims.

Each :class:`~sim.ui.case_runs.Case` changes one thing at a time between the variants a claim
compares (the same world, or the same strategy in a changed world), so a claim that holds is
the change's doing. Pure logic: no widget or chart library is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping

import sim
from sim.results import METRICS
from sim.scenario import Scenario
from sim.strategies.params import BUILTINS
from sim.ui.case_chain import CHAIN
from sim.ui.case_runs import Case, Variants
from sim.ui.claims import Check, Claim
from sim.ui.controls_spec import Control

__all__ = ["CASES", "LAB_METRICS", "LAB_SCENARIOS", "STRATEGIES"]


def _scenario(name: str, overrides: dict | None = None, custom: dict | None = None) -> Scenario:
    over = dict(overrides or {})
    if custom:
        over["custom_strategies"] = custom
    return sim.load_scenario(name, over or None)


def _same(values: Mapping, sc_name: str, strategies: list[str], overrides: dict | None = None,
          custom: dict | None = None) -> Variants:
    sc = _scenario(sc_name, overrides, custom)
    return {s: (sc, s) for s in strategies}


def _tour(v):
    return _same(v, "workshop", ["no_care", v["strategy"]])


def _delivered_value(v):
    base = _scenario("workshop")
    offer = {"service": v["offer_service"], "time": v["offer_time"]}
    cut = v["price_cut_pct"] / 100.0
    custom = {"your_offer": {"extends": "routine_care", "label": "your offer", "params": {"price_cut": cut}}}
    yours = _scenario("workshop", {"offer": offer}, custom)
    return {"course_offer": (base, "routine_care"), "your_offer": (yours, "your_offer")}


FASTER_FADE = 0.10  # 02: how much faster rapport fades per month in the "faster fade" variant


def _tiers_variants(v):
    """Routine care and your care plan in the same world; your plan without the ladder; your plan
    when rapport fades faster: each pair differs in one thing."""
    weeks = v["care_cycle_weeks"]
    params = {"customer_function": "care", "ladder": v["ladder"],
              "cycle_weeks": {s: weeks for s in ("key", "strategic", "profit", "non_profit")}}
    custom = {"your_care": {"extends": "routine_care", "label": "your care plan", "params": params},
              "your_care_no_ladder": {"extends": "routine_care", "label": "your care plan, not aimed at the next tier",
                                      "params": {**params, "ladder": False}}}
    fade = v["fade_per_month"]
    world = _scenario("workshop", {"relationship": {"fade_per_month": fade}}, custom)
    faster = _scenario("workshop", {"relationship": {"fade_per_month": fade + FASTER_FADE}}, custom)
    return {"routine_care": (world, "routine_care"), "your_care": (world, "your_care"),
            "your_care_no_ladder": (world, "your_care_no_ladder"), "your_care_faster_fade": (faster, "your_care")}


def _dealer(v):
    remedies = [r for r in ("campus_channel", "shared_engineers") if v[r]]
    custom = {"your_customer_manager": {"extends": "customer_manager", "label": "customer manager (your remedies)",
                                        "params": {"remedies": remedies}},
              "manager_no_remedies": {"extends": "customer_manager", "label": "customer manager (no remedies)",
                                      "params": {"remedies": []}}}
    over = {"dealers": {"push_units": v["push_units"]}, "shocks": {"downturn_depth": v["downturn_depth"]}}
    return _same(v, "dealer_phone", ["quota_push", "manager_no_remedies", "your_customer_manager"], over, custom)


def _store_care(v):
    mix = {f: v[f"weight_{f}"] for f in ("care", "service", "consulting", "information")}
    custom = {
        "small_favours": {"extends": "routine_care", "label": "small favours only",
                          "params": {"customer_function": "care"}},
        "store_mix": {"extends": "routine_care", "label": "your store-care mix",
                      "params": {"customer_function": "mix", "function_mix": mix}},
    }
    return _same(v, "workshop", ["small_favours", "store_mix"], {"reps": {"weekly_budget": v["weekly_budget"]}},
                 custom)


THREE_STAGES_ACCOUNTS = 600  # the three_stages territory, cut so that a slider answers in seconds


def _three_stages(v):
    """The quota pusher, your strategy, and your strategy where intermediaries are no help (boost 1)."""
    over = {"accounts": {"count": THREE_STAGES_ACCOUNTS, "intermediary_share": v["intermediary_share"]},
            "lifecycle": {"intermediary_boost": v["intermediary_boost"]}}
    world = _scenario("three_stages", over)
    useless = _scenario("three_stages", {**over, "lifecycle": {"intermediary_boost": 1.0}})
    return {"quota_push": (world, "quota_push"), v["strategy"]: (world, v["strategy"]),
            "without_intermediaries": (useless, v["strategy"])}


def _public_pool(v):
    """Your pool cycle against the same strategy that leaves the pool alone (one change: the pool work)."""
    custom = {"your_pool": {"extends": "public_pool", "label": "public pool (your cycle)",
                            "params": {"pool_cycle_weeks": v["pool_cycle_weeks"]}},
              "no_pool_work": {"extends": "public_pool", "label": "public pool, no pool work",
                               "params": {"pool_cycle_weeks": 0.0, "stage_weight": {"dormant": 0.0}}}}
    over = {"lifecycle": {"dormant_after_months": v["dormant_after_months"]}}
    return _same(v, "public_pool", ["no_pool_work", "your_pool"], over, custom)


def _value(v):
    custom = {"your_value_based": {"extends": "value_based", "label": "value-based (your settings)",
                                   "params": {"indulge": v["indulge"],
                                              "segment_weight": {"key": 4, "strategic": 3, "profit": 2,
                                                                 "non_profit": v["non_profit_weight"]}}}}
    return _same(v, "workshop", ["most_favoured", "value_based", "your_value_based"], custom=custom)


LAB_SCENARIOS = ("workshop", "public_pool", "three_stages", "dealer_phone")
LAB_METRICS = tuple(METRICS)


def _lab(v):
    return _same(v, v["scenario"], list(v["strategies"]))


def _t(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


STRATEGIES = tuple(BUILTINS)

CASES: dict[str, Case] = {}


def _add(case: Case) -> Case:
    CASES[case.key] = case
    return case


_add(Case(
    key="00_tour",
    title=_t("A tour of the dojo: care is an investment", "道場導覽：客戶關懷是一項投資"),
    point=_t("Caring for customers costs money now and builds a book that is worth more: judge a strategy by "
             "profit plus the value of the customers it keeps, over several replications — never one run.",
             "關懷客戶眼前要花錢，但留下的客戶群更有價值：評價策略要看利潤加上留住客戶的價值，"
             "並且看多次重複的結果，而不是一次執行。"),
    controls=(Control("strategy", "choice", "routine_care", options=STRATEGIES[1:], label="strategy_choice"),),
    variants=_tour, metrics=("retention", "profit_total", "customer_equity", "lifetime_value"),
    extras=("lifetime_value",), replications=3,
    checks=(Check({"strategy": "routine_care"}, (
        Claim("routine_care", "retention", "higher"), Claim("routine_care", "customer_equity", "higher"),
        Claim("routine_care", "lifetime_value", "higher")), replications=6),),
))

_add(Case(
    key="01_delivered_value",
    title=_t("Customer delivered value: add value, subtract cost", "顧客讓渡價值：做好加減法"),
    point=_t("A customer picks the offer with the larger delivered value (total value − total cost). Adding "
             "service value or cutting the customer's time cost keeps more customers and earns more; a price "
             "cut keeps customers too, but gives away margin.",
             "客戶選擇讓渡價值（總價值 − 總成本）更大的方案。提高服務價值或降低客戶的時間成本，"
             "能留住更多客戶、賺得更多；降價也能留住客戶，卻讓出了利潤。"),
    controls=(Control("offer_service", "float", 25.0, 0, 40, 1, label="offer_service"),
              Control("offer_time", "float", 8.0, 0, 20, 1, label="offer_time"),
              Control("price_cut_pct", "float", 0.0, 0, 30, 1, label="price_cut_pct")),
    variants=_delivered_value, metrics=("retention", "revenue", "profit_total", "customer_equity"),
    replications=3,
    checks=(
        Check({"offer_service": 25.0}, (Claim("your_offer", "retention", "higher"),
                                        Claim("your_offer", "profit_total", "higher"))),
        Check({"offer_service": 15.0, "offer_time": 2.0}, (Claim("your_offer", "retention", "higher"),
                                                            Claim("your_offer", "profit_total", "higher"))),
        Check({"offer_service": 15.0, "price_cut_pct": 10.0}, (Claim("your_offer", "retention", "higher"),
                                                                Claim("your_offer", "profit_total", "lower"))),
    ),
))

_add(Case(
    key="02_relationship_tiers",
    title=_t("Relationship tiers: passer-by, acquaintance, friend, confidant", "關係層級：過客、熟人、朋友、知己"),
    point=_t("Rapport builds with good contacts and fades with neglect. Regular care makes more friends and "
             "confidants than routine care, and aiming it at the next tier makes more still; when rapport fades "
             "faster, the same care makes fewer.",
             "客情隨良好的聯絡而增長，因長期疏遠而淡化。定期關懷比例行關懷交到更多朋友和知己，"
             "瞄準下一層級的關懷交到的更多；客情淡化得更快時，同樣的關懷交到的朋友更少。"),
    controls=(Control("fade_per_month", "float", 0.05, 0.0, 0.3, 0.01, label="fade_per_month"),
              Control("care_cycle_weeks", "int", 5, 2, 26, 1, label="care_cycle_weeks"),
              Control("ladder", "bool", True, label="ladder")),
    variants=_tiers_variants,
    metrics=("friends_per_100", "confidants_per_100", "retention", "profit_total"),
    extras=("acquaintances_per_100", "friends_per_100", "confidants_per_100"), replications=3,
    checks=(
        Check({}, (Claim("your_care", "friends_per_100", "higher"),
                   Claim("your_care", "confidants_per_100", "higher"),
                   Claim("your_care", "friends_per_100", "higher", baseline="your_care_no_ladder"),
                   Claim("your_care", "acquaintances_per_100", "higher", baseline="your_care_no_ladder"),
                   Claim("your_care_faster_fade", "friends_per_100", "lower", baseline="your_care"),
                   Claim("your_care_faster_fade", "confidants_per_100", "lower", baseline="your_care"))),
    ),
))

_add(Case(
    key="03_dealer_phone",
    title=_t("The dealer who switched off his phone", "代理商關機"),
    point=_t("Pushing stock onto a dealer in a hard season makes him avoid the rep. Helping him sell — a campus "
             "channel, shared installation engineers — keeps him answering and earns more, without a price cut: "
             "the same customer manager without the remedies reaches him less often and earns less.",
             "在淡季向代理商壓貨，只會讓他躲著業務員。幫他把貨賣出去——開拓校園渠道、共享安裝調試工程師——"
             "他會一直接電話，我們也賺得更多，而且不用降價：同一位客戶經理若不提供這些協助，"
             "接通的次數更少，賺得也更少。"),
    controls=(Control("push_units", "int", 120, 0, 300, 10, label="push_units"),
              Control("downturn_depth", "float", 0.4, 0.0, 0.8, 0.05, label="downturn_depth"),
              Control("campus_channel", "bool", True, label="campus_channel"),
              Control("shared_engineers", "bool", True, label="shared_engineers")),
    variants=_dealer, metrics=("dealer_answer_rate", "revenue", "profit_total", "retention"),
    extras=("dealer_answer_rate",), replications=6,
    checks=(Check({}, (Claim("your_customer_manager", "profit_total", "higher"),
                       Claim("your_customer_manager", "dealer_answer_rate", "higher"),
                       Claim("your_customer_manager", "dealer_answer_rate", "higher", baseline="manager_no_remedies"),
                       Claim("your_customer_manager", "revenue", "higher", baseline="manager_no_remedies"),
                       Claim("your_customer_manager", "profit_total", "higher", baseline="manager_no_remedies")),
                  replications=12),),
))

_add(Case(
    key="04_store_care",
    title=_t("Keeping store owners close: three tactics the text quotes from '4 tactics, 11 moves'",
             "客情維護：課文引述《4招11式》中的三招"),
    point=_t("Small favours alone are not enough. Mixing in a helping hand (service) and shared success "
             "(consulting, information) under the same budget keeps more customers and earns more.",
             "只靠小恩小惠還不夠。在同樣的預算下，加上「大活小活遇到則幹」（服務）和"
             "「時時分享成功經驗」（顧問、信息傳遞），能留住更多客戶、賺得更多。"),
    controls=(Control("weight_care", "float", 0.4, 0, 1, 0.05, label="weight_care"),
              Control("weight_service", "float", 0.3, 0, 1, 0.05, label="weight_service"),
              Control("weight_consulting", "float", 0.2, 0, 1, 0.05, label="weight_consulting"),
              Control("weight_information", "float", 0.1, 0, 1, 0.05, label="weight_information"),
              Control("weekly_budget", "float", 600.0, 100, 1500, 50, label="weekly_budget")),
    variants=_store_care, metrics=("retention", "care_cost", "profit_total", "customer_equity"), replications=3,
    checks=(Check({}, (Claim("store_mix", "retention", "higher"), Claim("store_mix", "profit_total", "higher"))),),
))

_add(Case(
    key="05_three_stages",
    title=_t("Three stages: prospects, target accounts, existing accounts", "客戶管理三階段：潛在、目標、存量客戶"),
    point=_t("Filling the funnel is not enough: the quota pusher qualifies more prospects, but the customer "
             "manager who knows the decision maker's needs keeps and grows the existing accounts, and ends with a "
             "book worth far more. Targets reached through an intermediary become opportunities more often.",
             "只填滿漏斗還不夠：只衝指標的銷售經理篩選出更多目標客戶，但了解關鍵決策人需求的客戶經理"
             "能留住並發展存量客戶，期末的客戶資產遠高於前者。透過中間人接觸的目標客戶更常轉為當前機會。"),
    controls=(Control("strategy", "choice", "customer_manager", options=("customer_manager", "value_based"),
                      label="strategy_choice"),
              Control("intermediary_share", "float", 0.4, 0.0, 1.0, 0.05, label="intermediary_share"),
              Control("intermediary_boost", "float", 2.0, 1.0, 6.0, 0.5, label="intermediary_boost")),
    variants=_three_stages, metrics=("qualified", "opportunities", "retention", "customer_equity"),
    extras=("qualified", "opportunities"), replications=3,
    checks=(Check({}, (Claim("customer_manager", "qualified", "lower"),
                       Claim("customer_manager", "retention", "higher"),
                       Claim("customer_manager", "customer_equity", "higher"),
                       Claim("customer_manager", "opportunities", "higher", baseline="without_intermediaries"))),),
))

_add(Case(
    key="06_public_pool",
    title=_t("The public pool: dormant accounts and win-back", "公海客戶：休眠與喚醒"),
    point=_t("Accounts with no purchase for three months go to the public pool. A regular contact cycle for the "
             "pool wins more of them back, leaves fewer dormant and keeps more customers.",
             "三個月未購買的客戶轉為公海客戶。為公海客戶設定聯絡週期，能喚醒更多客戶、減少休眠、留住更多客戶。"),
    controls=(Control("dormant_after_months", "float", 3.0, 1.0, 12.0, 1.0, label="dormant_after_months"),
              Control("pool_cycle_weeks", "float", 4.0, 1.0, 26.0, 1.0, label="pool_cycle_weeks")),
    variants=_public_pool, metrics=("win_back_rate", "dormant_end", "retention", "profit_total"),
    extras=("win_back_rate",), replications=3,
    checks=(Check({}, (Claim("your_pool", "win_back_rate", "higher"), Claim("your_pool", "dormant_end", "lower"),
                       Claim("your_pool", "retention", "higher"))),),
))

_add(Case(
    key="07_value_segmentation",
    title=_t("Value segmentation: 20/80/30, and no most-favoured treatment for all",
             "按價值分級：20/80/30，不搞最惠戶待遇普遍化"),
    point=_t("The top 20% of customers bring most of the profit and the worst ones give a large part of it back. "
             "Care by value earns far more than most-favoured care for everyone. Indulging every wish costs money "
             "and takes the rep's time from other accounts: it keeps fewer customers and leaves less value "
             "(profit plus the value of the customers kept).",
             "前 20% 的客戶帶來大部分利潤，最差的客戶又吃掉其中一大塊。按價值分級關懷比人人享受最惠待遇賺得多得多。"
             "有求必應既花錢，又佔用業務員照顧其他客戶的時間：留住的客戶更少，"
             "留下的價值（利潤加上留住客戶的價值）也更少。"),
    controls=(Control("non_profit_weight", "float", 0.3, 0.0, 4.0, 0.1, label="non_profit_weight"),
              Control("indulge", "bool", True, label="indulge")),
    variants=_value, metrics=("retention", "care_cost", "profit_total", "lifetime_value"),
    extras=("top20_share", "total_share", "lifetime_value"), replications=3,
    checks=(Check({}, (Claim("value_based", "profit_total", "higher"),
                       Claim("your_value_based", "care_cost", "higher", baseline="value_based"),
                       Claim("your_value_based", "retention", "lower", baseline="value_based"),
                       Claim("your_value_based", "lifetime_value", "lower", baseline="value_based"),
                       Claim("value_based", "top20_share", "within", low=0.65, high=0.95),
                       Claim("value_based", "total_share", "within", low=0.15, high=0.8))),),
))

_add(Case(
    key="08_strategy_lab",
    title=_t("The strategy lab: compare strategies honestly", "策略實驗室：誠實地比較策略"),
    point=_t("One run can flatter any strategy. Run replications, read the 95% intervals, and compare strategies "
             "on the same customers and the same luck: paired differences are much sharper than unpaired ones.",
             "一次執行可能讓任何策略看起來都不錯。要執行多次重複、看 95% 信賴區間，並讓各策略面對相同的客戶"
             "和相同的運氣：配對差異比非配對差異精確得多。"),
    controls=(Control("scenario", "choice", "workshop", options=LAB_SCENARIOS, label="scenario_choice"),
              Control("strategies", "multi", ("routine_care", "value_based"), low=1, options=STRATEGIES,
                      label="strategies_choice"),
              Control("metric", "choice", "profit_total", options=LAB_METRICS, label="metric_choice")),
    variants=_lab, metrics=("retention", "profit_total", "customer_equity"), replications=3,
    checks=(Check({}, (Claim("value_based", "profit_total", "narrower"),
                       Claim("value_based", "customer_equity", "narrower"),
                       Claim("value_based", "revenue", "narrower"))),),
))

_add(CHAIN)  # 12: the relationship management chain (its own module: sim/ui/case_chain.py)
