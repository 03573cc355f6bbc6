"""The course's cases as experiments: controls, variants, extra metrics and teaching-point checks.

A :class:`Case` says which knobs a trainee may turn (:class:`~sim.ui.controls_spec.Control`),
how their values become the *variants* to compare — each a (scenario, strategy) pair —
and which claims the simulation must show for the teaching point to hold.
:meth:`Case.run` runs every variant on the same replication seeds (common random
numbers, as :func:`sim.compare` does) and returns a :class:`CaseResult` whose
``comparison`` has the same tables as :func:`sim.compare`'s; :func:`check` runs a case's
checks and says, with paired 95% intervals, whether the teaching point shows.

Pure logic: no widget or chart library is imported here (charts: :mod:`sim.viz.cases`,
widgets: :mod:`sim.ui.dashboard`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import sim
from sim.cache import cached
from sim.experiment import Comparison, ExperimentError, Task, paired_differences, run_tasks, summarise, tidy_runs
from sim.facts import tier_mix, whale, win_back_rate
from sim.results import METRICS, RunResult
from sim.scenario import Scenario
from sim.strategies.params import BUILTINS
from sim.ui.controls_spec import Control, ControlError, check_value
from sim.ui.text import fmt, text
from sim.vocab import CONTACT, OPPORTUNITY, STAGE, TARGET

__all__ = ["CASES", "Case", "CaseResult", "Check", "Claim", "EXTRAS", "REPLICATIONS", "Verdict", "check",
           "export_report", "get_case", "lab_sweep", "run_variants"]

Variants = dict[str, tuple[Scenario, str]]

#: the replications control every case has (dashboards stay quick with a few)
REPLICATIONS = dict(low=2, high=12)


# ---------------------------------------------------------------- extra metrics (of one run)
def _tiers(res: RunResult) -> tuple[float, float, float]:
    if "tier_mix" not in res.meta:
        res.meta["tier_mix"] = tier_mix(res)
    return res.meta["tier_mix"]


def _whale(res: RunResult) -> tuple[float, float]:
    if "whale" not in res.meta:
        res.meta["whale"] = whale(res)
    return res.meta["whale"]


def dealer_answer_rate(res: RunResult) -> float:
    """Share of the rep's contact attempts with dealers that the dealer answered ("phone on")."""
    e = res.events
    dealer = res.accounts["is_dealer"].to_numpy()
    acc = e["account"]
    m = (e["kind"] == CONTACT) & (acc >= 0)
    m &= dealer[np.maximum(acc, 0)]
    return float(e["b"][m].mean()) if m.any() else float("nan")


def opportunities(res: RunResult) -> float:
    """Targets whose decision maker was reached and who became opportunities."""
    e = res.events
    return float(((e["kind"] == STAGE) & (e["a"] == TARGET) & (e["b"] == OPPORTUNITY)).sum())


#: name -> f(run, its summary row) for metrics beyond :data:`sim.METRICS`
EXTRAS: dict[str, Callable[[RunResult, dict], float]] = {
    "lifetime_value": lambda res, row: row["profit_total"] + row["customer_equity"],
    "dealer_answer_rate": lambda res, row: dealer_answer_rate(res),
    "acquaintances_per_100": lambda res, row: _tiers(res)[0],
    "friends_per_100": lambda res, row: _tiers(res)[1],
    "confidants_per_100": lambda res, row: _tiers(res)[2],
    "win_back_rate": lambda res, row: win_back_rate(res),
    "top20_share": lambda res, row: _whale(res)[0],
    "total_share": lambda res, row: _whale(res)[1],
    "opportunities": lambda res, row: opportunities(res),
}
#: metrics that are shares (shown as percentages)
SHARES = frozenset({"retention", "yearly_churn", "dealer_answer_rate", "win_back_rate", "top20_share",
                    "total_share"})


def run_variants(variants: Mapping[str, tuple[Scenario, str]], replications: int, seed: int | None = None,
                 extras: tuple[str, ...] = (), baseline: str | None = None, workers: int | None = 1) -> Comparison:
    """Run each (scenario, strategy) variant on the same replication seeds and compare them.

    Like :func:`sim.compare` (same seeds, same tables: ``runs``, ``summary``, ``paired``,
    ``results`` of replication 0), but the variants may differ in their scenario too, and
    each run also gets the ``extras`` metrics (names in :data:`EXTRAS`). ``workers``: as in
    :func:`sim.compare` (1: in this process; 2+: the session's pool of worker processes).
    With ``$CRM_DOJO_CACHE`` set, each setting is computed once for every kernel (:mod:`sim.cache`).
    """
    inputs = (dict(variants), replications, seed, tuple(extras), baseline)
    return cached("variants", inputs, lambda: _run_variants(variants, replications, seed, extras, baseline, workers))


def _run_variants(variants, replications, seed, extras, baseline, workers) -> Comparison:
    t0 = time.perf_counter()
    names = list(variants)
    if not names:
        raise ExperimentError("no variants to run")
    first = variants[names[0]][0]
    seed = first.seed if seed is None else seed
    unknown = [m for m in extras if m not in EXTRAS]
    if unknown:
        raise ExperimentError(f"unknown extra metric {unknown[0]!r}; known: {', '.join(EXTRAS)}")
    # variant v's replications are tasks at grid point v: each variant's replications run as lanes of one world
    tasks = [Task(variants[name][1], i, sim.replication_seed(seed, i), point=v)
             for i in range(replications) for v, name in enumerate(names)]
    outs = run_tasks([variants[name][0] for name in names], tasks, progress=False,
                     keep=lambda t: bool(extras) or t.replication == 0, workers=workers, whole_groups=True)
    rows, results = [], {}
    for task, out in zip(tasks, outs):
        name = names[task.point]
        row = {**out.row, "strategy": name}
        row.update({m: float(EXTRAS[m](out.result, row)) for m in extras})
        rows.append(row)
        if task.replication == 0:
            results[name] = out.result
    runs = tidy_runs(pd.DataFrame(rows))
    base = names[0] if baseline is None else baseline
    return Comparison(scenario=first, strategies=names, baseline=base, seed=seed, replications=replications,
                      runs=runs, summary=summarise(runs, names), paired=paired_differences(runs, base, names),
                      results=results, elapsed=time.perf_counter() - t0)


# ---------------------------------------------------------------- claims and checks
@dataclass(frozen=True)
class Claim:
    """What the simulation must show: ``variant``'s ``metric`` is 'higher', 'lower' or 'same' as
    ``baseline``'s (paired 95% interval excludes zero / contains it), lies 'within' [low, high]
    (the whole 95% interval of its mean), or its paired interval is 'narrower' than the unpaired one."""

    variant: str
    metric: str
    op: str
    baseline: str | None = None
    low: float = -np.inf
    high: float = np.inf

    def describe(self, base: str, scenario=None) -> str:
        v, m = text(self.variant, scenario=scenario), text(self.metric)
        if self.op == "within":
            return f"{v}: {m} {text('within')} [{self.low:g}, {self.high:g}]"
        if self.op == "narrower":
            return f"{v} − {text(base, scenario=scenario)}, {m}: {text('narrower')}"
        rel = {"higher": "higher_than", "lower": "lower_than", "same": "same_as"}[self.op]
        return f"{v}: {m} {text(rel)} {text(base, scenario=scenario)}"


@dataclass(frozen=True)
class Check:
    """Claims to test at some control values (the rest default) with ``replications``."""

    values: Mapping = field(default_factory=dict)
    claims: tuple[Claim, ...] = ()
    replications: int = 6


@dataclass
class Verdict:
    """The outcome of :func:`check`: one row per claim, and whether all of them hold."""

    case: str
    table: pd.DataFrame
    results: list

    @property
    def holds(self) -> bool:
        return bool(self.table["holds"].all())

    @property
    def message(self) -> str:
        bad = self.table[~self.table["holds"]]
        if bad.empty:
            return f"{self.case}: every claim holds"
        lines = [f"{self.case}: {len(bad)} claim(s) not shown by the simulation:"]
        lines += [f"  {r.claim}: {r.estimate:.4g} [{r.low:.4g}, {r.high:.4g}]" for r in bad.itertuples()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.display_table().to_html(index=False)

    def display_table(self) -> pd.DataFrame:
        """The table with headings and verdicts in the current language."""
        t = self.table
        return pd.DataFrame({
            text("claim"): t["claim"],
            text("mean"): t["estimate"].map(lambda x: f"{x:,.4g}"),
            text("interval_95"): [f"[{a:,.4g}, {b:,.4g}]" for a, b in zip(t["low"], t["high"])],
            text("verdict"): t["holds"].map(lambda h: text("holds") if h else text("not_shown")),
        })


def _evaluate(claim: Claim, comp: Comparison) -> dict:
    base = claim.baseline or comp.baseline
    if claim.op == "within":
        r = comp.summary[(comp.summary["strategy"] == claim.variant) & (comp.summary["metric"] == claim.metric)]
        r = r.iloc[0]
        holds = bool(claim.low <= r["low"] and r["high"] <= claim.high)
        est, lo, hi = r["mean"], r["low"], r["high"]
    else:
        paired = comp.paired if base == comp.baseline else paired_differences(comp.runs, base, comp.strategies)
        r = paired[(paired["strategy"] == claim.variant) & (paired["metric"] == claim.metric)].iloc[0]
        est, lo, hi = r["diff"], r["low"], r["high"]
        if claim.op == "higher":
            holds = bool(lo > 0)
        elif claim.op == "lower":
            holds = bool(hi < 0)
        elif claim.op == "same":
            holds = bool(est == 0 or lo <= 0 <= hi)
        elif claim.op == "narrower":
            holds = bool((hi - lo) < (r["welch_high"] - r["welch_low"]))
        else:
            raise ValueError(f"unknown claim op {claim.op!r}")
    return {"claim": claim.describe(base, comp.scenario), "variant": claim.variant, "metric": claim.metric,
            "op": claim.op, "baseline": base, "estimate": float(est), "low": float(lo), "high": float(hi),
            "holds": holds}


# ---------------------------------------------------------------- cases
@dataclass
class CaseResult:
    """One run of a case: the control values, the variants' scenarios and the comparison."""

    case: "Case"
    values: dict
    scenarios: dict[str, Scenario]
    comparison: Comparison

    @property
    def results(self) -> dict[str, RunResult]:
        """The full run of replication 0 of each variant."""
        return self.comparison.results


@dataclass(frozen=True)
class Case:
    """A course case: controls, how their values become variants, the metrics to show, the checks."""

    key: str
    title: Mapping[str, str]
    point: Mapping[str, str]
    controls: tuple[Control, ...]
    variants: Callable[[dict], Variants]
    metrics: tuple[str, ...]
    extras: tuple[str, ...] = ()
    replications: int = 3
    checks: tuple[Check, ...] = ()

    @property
    def all_controls(self) -> tuple[Control, ...]:
        """The case's controls plus the number of replications."""
        reps = Control("replications", "int", self.replications, step=1, label="replications", **REPLICATIONS)
        return (*self.controls, reps)

    def control(self, name: str) -> Control:
        for c in self.all_controls:
            if c.name == name:
                return c
        raise ControlError(fmt("unknown_control", name=name, names=", ".join(c.name for c in self.all_controls)))

    def defaults(self) -> dict:
        return {c.name: c.default for c in self.all_controls}

    def validate(self, values: Mapping | None = None) -> dict:
        """All control values, defaults filled in, each checked (:class:`ControlError` if not allowed)."""
        out = self.defaults()
        for name, value in (values or {}).items():
            out[name] = check_value(self.control(name), value)
        return out

    def run(self, values: Mapping | None = None, replications: int | None = None,
            workers: int | None = 1) -> CaseResult:
        """Run the variants at ``values`` (validated first: bad input fails before anything runs);
        ``workers`` as in :func:`run_variants`."""
        v = self.validate(values)
        reps = v["replications"] if replications is None else replications
        variants = self.variants(v)
        comp = run_variants(variants, reps, extras=self.extras, workers=workers)
        return CaseResult(self, v, {k: sc for k, (sc, _) in variants.items()}, comp)


def check(case: "Case | str", replications: int | None = None) -> Verdict:
    """Run ``case``'s checks and say, claim by claim with 95% intervals, whether they hold."""
    case = get_case(case) if isinstance(case, str) else case
    rows, results = [], []
    for chk in case.checks:
        res = case.run(chk.values, replications or chk.replications)
        results.append(res)
        rows += [_evaluate(c, res.comparison) for c in chk.claims]
    return Verdict(case.key, pd.DataFrame(rows), results)


# ---------------------------------------------------------------- building variants
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


def _tiers_variants(v):
    base = _scenario("workshop")
    weeks = v["care_cycle_weeks"]
    params = {"customer_function": "care", "ladder": v["ladder"],
              "cycle_weeks": {s: weeks for s in ("key", "strategic", "profit", "non_profit")}}
    yours = _scenario("workshop", {"relationship": {"fade_per_month": v["fade_per_month"]}},
                      {"your_care": {"extends": "routine_care", "label": "your care plan", "params": params}})
    return {"routine_care": (base, "routine_care"), "your_care": (yours, "your_care")}


def _dealer(v):
    remedies = [r for r in ("campus_channel", "shared_engineers") if v[r]]
    custom = {"your_customer_manager": {"extends": "customer_manager", "label": "customer manager (your remedies)",
                                        "params": {"remedies": remedies}}}
    over = {"dealers": {"push_units": v["push_units"]}, "shocks": {"downturn_depth": v["downturn_depth"]}}
    return _same(v, "dealer_phone", ["quota_push", "your_customer_manager"], over, custom)


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
    over = {"accounts": {"count": THREE_STAGES_ACCOUNTS, "intermediary_share": v["intermediary_share"]},
            "lifecycle": {"intermediary_boost": v["intermediary_boost"]}}
    return _same(v, "three_stages", ["quota_push", v["strategy"]], over)


def _public_pool(v):
    custom = {"your_pool": {"extends": "public_pool", "label": "public pool (your cycle)",
                            "params": {"pool_cycle_weeks": v["pool_cycle_weeks"]}}}
    over = {"lifecycle": {"dormant_after_months": v["dormant_after_months"]}}
    return _same(v, "public_pool", ["routine_care", "your_pool"], over, custom)


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
             "並且看多次重複的結果，而不是一次運行。"),
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
    point=_t("Rapport builds with good contacts and fades with neglect. Regular care aimed at the next tier "
             "makes more friends and confidants; when rapport fades faster, the same care makes far fewer.",
             "客情隨良好的聯絡而增長，因長期疏遠而淡化。瞄準下一層級的定期關懷能交到更多朋友和知己；"
             "客情淡化得更快時，同樣的關懷交到的朋友少得多。"),
    controls=(Control("fade_per_month", "float", 0.05, 0.0, 0.3, 0.01, label="fade_per_month"),
              Control("care_cycle_weeks", "int", 5, 2, 26, 1, label="care_cycle_weeks"),
              Control("ladder", "bool", True, label="ladder")),
    variants=_tiers_variants,
    metrics=("friends_per_100", "confidants_per_100", "retention", "profit_total"),
    extras=("acquaintances_per_100", "friends_per_100", "confidants_per_100"), replications=3,
    checks=(
        Check({}, (Claim("your_care", "friends_per_100", "higher"),
                   Claim("your_care", "confidants_per_100", "higher"))),
        Check({"fade_per_month": 0.15, "care_cycle_weeks": 6, "ladder": False},
              (Claim("your_care", "friends_per_100", "lower"),
               Claim("your_care", "acquaintances_per_100", "lower"))),
    ),
))

_add(Case(
    key="03_dealer_phone",
    title=_t("The dealer who switched off his phone", "代理商關機"),
    point=_t("Pushing stock onto a dealer in a hard season makes him avoid the rep. Helping him sell — a campus "
             "channel, shared installation engineers — keeps him answering and earns more, without a price cut.",
             "在淡季向代理商壓貨，只會讓他躲著業務員。幫他把貨賣出去——開拓校園渠道、共享安裝調試工程師——"
             "他會一直接電話，我們也賺得更多，而且不用降價。"),
    controls=(Control("push_units", "int", 120, 0, 300, 10, label="push_units"),
              Control("downturn_depth", "float", 0.4, 0.0, 0.8, 0.05, label="downturn_depth"),
              Control("campus_channel", "bool", True, label="campus_channel"),
              Control("shared_engineers", "bool", True, label="shared_engineers")),
    variants=_dealer, metrics=("dealer_answer_rate", "revenue", "profit_total", "retention"),
    extras=("dealer_answer_rate",), replications=6,
    checks=(Check({}, (Claim("your_customer_manager", "profit_total", "higher"),
                       Claim("your_customer_manager", "dealer_answer_rate", "higher")), replications=12),),
))

_add(Case(
    key="04_store_care",
    title=_t("Keeping store owners close: four tactics, eleven moves", "客情維護 4 招 11 式"),
    point=_t("Small favours alone are not enough. Mixing in a helping hand (service) and shared success "
             "(consulting, information) under the same budget keeps more customers and earns more.",
             "只靠小恩小惠還不夠。在同樣的預算下，加上「大活小活遇到則干」（服務）和"
             "「時時分享成功經驗」（顧問、信息），能留住更多客戶、賺得更多。"),
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
    point=_t("Filling the funnel is not enough: the customer manager who knows the decision maker's needs keeps "
             "and grows the existing accounts, and ends with a book worth far more than the quota pusher's.",
             "只填滿漏斗還不夠：了解關鍵決策人需求的客戶經理能留住並發展存量客戶，"
             "期末的客戶資產遠高於只衝指標的銷售經理。"),
    controls=(Control("strategy", "choice", "customer_manager", options=("customer_manager", "value_based"),
                      label="strategy_choice"),
              Control("intermediary_share", "float", 0.4, 0.0, 1.0, 0.05, label="intermediary_share"),
              Control("intermediary_boost", "float", 2.0, 1.0, 6.0, 0.5, label="intermediary_boost")),
    variants=_three_stages, metrics=("opportunities", "active_accounts", "retention", "customer_equity"),
    extras=("opportunities",), replications=3,
    checks=(Check({}, (Claim("customer_manager", "retention", "higher"),
                       Claim("customer_manager", "customer_equity", "higher"))),),
))

_add(Case(
    key="06_public_pool",
    title=_t("The public pool: dormant accounts and win-back", "公海客戶：休眠與喚醒"),
    point=_t("Accounts with no purchase for three months go to the public pool. A regular contact cycle for the "
             "pool wins more of them back, leaves fewer dormant and keeps more customers.",
             "三個月未購買的客戶轉入公海。為公海客戶設定聯絡週期，能喚醒更多客戶、減少休眠、留住更多客戶。"),
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
             "Care by value earns far more than most-favoured care for everyone; indulging every wish only adds "
             "cost and keeps no one.",
             "前 20% 的客戶帶來大部分利潤，最差的客戶又吃掉其中一大塊。按價值分級關懷比人人享受最惠待遇賺得多得多；"
             "有求必應只增加成本，留不住任何客戶。"),
    controls=(Control("non_profit_weight", "float", 0.3, 0.0, 4.0, 0.1, label="non_profit_weight"),
              Control("indulge", "bool", True, label="indulge")),
    variants=_value, metrics=("retention", "care_cost", "profit_total", "customer_equity"),
    extras=("top20_share", "total_share"), replications=3,
    checks=(Check({}, (Claim("value_based", "profit_total", "higher"),
                       Claim("your_value_based", "profit_total", "lower", baseline="value_based"),
                       Claim("your_value_based", "retention", "same", baseline="value_based"),
                       Claim("value_based", "top20_share", "within", low=0.65, high=0.95),
                       Claim("value_based", "total_share", "within", low=0.15, high=0.8))),),
))

_add(Case(
    key="08_strategy_lab",
    title=_t("The strategy lab: compare strategies honestly", "策略實驗室：誠實地比較策略"),
    point=_t("One run can flatter any strategy. Run replications, read the 95% intervals, and compare strategies "
             "on the same customers and the same luck: paired differences are much sharper than unpaired ones.",
             "一次運行可能讓任何策略看起來都不錯。要運行多次重複、看 95% 置信區間，並讓各策略面對相同的客戶"
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


def get_case(key: str) -> Case:
    """The case named ``key`` (a notebook's name without ``.ipynb``, e.g. '03_dealer_phone')."""
    key = key.removesuffix(".ipynb")
    if key not in CASES:
        raise KeyError(f"no case {key!r}; the cases are: {', '.join(CASES)}")
    return CASES[key]


def lab_sweep(values: Mapping | None = None, key: str = "reps.count", points=(3, 5, 8), replications: int = 2):
    """A small sweep for the strategy lab: the lab's scenario and strategies at each value of ``key``."""
    v = CASES["08_strategy_lab"].validate(values)
    return sim.sweep(v["scenario"], {key: list(points)}, list(v["strategies"]), replications=replications)


#: where dashboards write reports: the project's ``out/reports`` (ignored by git)
REPORT_DIR = Path(__file__).resolve().parent.parent.parent / "out" / "reports"


def export_report(result: CaseResult, path=None, lang: str | None = None) -> Path:
    """Write the comparison of ``result`` as the offline HTML report (:func:`sim.report.write_report`);
    ``path`` defaults to ``out/reports/<case>-<time>-<process>.html`` in the project."""
    import os

    from sim.report import write_report

    if path is None:
        path = REPORT_DIR / f"{result.case.key}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.html"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_report(result.comparison, result.results, path, lang or sim.get_language())

