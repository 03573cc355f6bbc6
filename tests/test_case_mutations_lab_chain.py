"""Every claim of every case can fail (issue 20.2): the claims test_case_mutations.py leaves, 08, 12 and 13.

As in ``test_case_mutations.py``: each mutation is a scenario override merged into every variant of
the case (:func:`sim.ui.cases.check` with ``overrides``) and, beside it, the same claims hold on the
unchanged case. A claim is named by (variant, metric, baseline, op), so that 01's "profit higher"
and "profit lower" (with a price cut) are told apart. Case 08's claim is about the experiment, not
the world: its mutation takes the common random numbers away (each strategy on seeds of its own).
:func:`test_every_claim_of_every_case_has_a_mutation` audits that no claim is left without one.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_case_mutations import _FUNCTIONS, _NO_UPLIFT, _USELESS_CONTACTS
from test_case_mutations import MUTATIONS as FIRST_MUTATIONS

from sim.cases.satisfaction_profit.controls import THIN_COST
from sim.experiment import Comparison
from sim.stats import paired_differences, summarise
from sim.ui.cases import CASES, check, get_case, run_variants
from sim.ui.claims import NARROWER, evaluate

#: replications of each check (a case not named: 4; None: each check's own); 02's ladder gain (+2 friends per
#: 100 [1.2, 2.8]) needs its check's own 12, 05's retention gain over the quota pusher the checks' own 6
REPLICATIONS = {"02_relationship_tiers": None, "05_three_stages": 6}
#: customers compare prices hard: a point of price gap is a yearly churn hazard of 1 (default 0.04)
_PRICE_SENSITIVE = {"market": {"price_per_year": 1.0}}
_USELESS_NO_PIPELINE = {**_USELESS_CONTACTS, "acquisition": {"prospect_qualify": 0.0}}
_BLIND = {"competitor": {"poaching_per_year": 0.0},
          "market": {"price_per_year": 0.0, "satisfaction_purchase_slope": 0.0, "purchase_floor": 1.0}}
#: customers' buying and leaving deaf to satisfaction: purchases at today's mean rate factor whatever it is,
#: no poaching (as tests/test_satisfaction_profit.py)
_DEAF = {"market": {"satisfaction_purchase_slope": 0.0, "purchase_floor": 1.62},
         "competitor": {"poaching_per_year": 0.0}}
_ALIKE = {"accounts": {"size": {"sigma": 0.0, "key": 1.0, "strategic": 1.0, "profit": 1.0, "non_profit": 1.0},
                       "cost_to_serve_sigma": 0.0}, "market": {"rate_spread": 0.0}}

#: name -> (case, scenario override, claims it must break as (variant, metric, baseline, op))
MUTATIONS = {
    "contacts do nothing for the customer and no prospect qualifies": (
        "00_tour", _USELESS_NO_PIPELINE, (("routine_care", "customer_equity", "no_care", "higher"),)),
    "customers blind to delivered value": (
        "01_delivered_value", _BLIND, (("your_offer", "profit_total", "course_offer", "higher"),)),
    "customers leave over a point of price gap (a price cut pays)": (
        "01_delivered_value", _PRICE_SENSITIVE, (("your_offer", "profit_total", "course_offer", "lower"),)),
    "contacts build no rapport": (
        "02_relationship_tiers", {"contacts": {f: {"rapport": 0.0} for f in _FUNCTIONS}},
        (("your_care", "friends_per_100", "routine_care", "higher"),
         ("your_care", "confidants_per_100", "routine_care", "higher"),
         ("your_care", "friends_per_100", "your_care_no_ladder", "higher"),
         ("your_care", "acquaintances_per_100", "your_care_no_ladder", "higher"),
         ("your_care_faster_fade", "confidants_per_100", "your_care", "lower"))),
    "remedies useless (no sell-through uplift, no cost relief)": (
        "03_dealer_phone", {"dealers": {"campus_channel": _NO_UPLIFT, "shared_engineers": _NO_UPLIFT}},
        (("your_customer_manager", "profit_total", "quota_push", "higher"),
         ("your_customer_manager", "dealer_answer_rate", "quota_push", "higher"),
         ("your_customer_manager", "profit_total", "manager_no_remedies", "higher"))),
    "contacts do nothing for the customer and no prospect qualifies (three stages)": (
        "05_three_stages", _USELESS_NO_PIPELINE,
        (("customer_manager", "qualified", "quota_push", "lower"),
         ("customer_manager", "retention", "quota_push", "higher"),
         ("customer_manager", "customer_equity", "quota_push", "higher"))),
    "customers leave over a point of price gap (most-favoured's price cut pays)": (
        "07_value_segmentation", _PRICE_SENSITIVE,
        (("value_based", "profit_total", "most_favoured", "higher"),)),
    "indulgence free (no money, no rep time)": (
        "07_value_segmentation", {"economics": {"indulgence_cost": 0.0, "indulgence_hours": 0.0}},
        (("your_value_based", "care_cost", "value_based", "higher"),
         ("your_value_based", "lifetime_value", "value_based", "lower"))),
    "all customers alike (no whale curve)": (
        "07_value_segmentation", _ALIKE,
        (("value_based", "top20_share", "most_favoured", "within"),
         ("value_based", "total_share", "most_favoured", "within"))),
    "customers leave over a point of price gap (the pitfall plan's price cut pays)": (
        "12_relationship_chain", _PRICE_SENSITIVE,
        (("your_chain", "profit_total", "pitfall_plan", "higher"),
         ("your_chain", "customer_equity", "pitfall_plan", "higher"))),
    # segments by profitability pay because accounts differ and rep time costs: take both away
    "all customers alike and rep time free (contacting every account alike costs nothing)": (
        "12_relationship_chain", {**_ALIKE, "reps": {"hourly_cost": 0.0}},
        (("chain_no_segments", "profit_total", "your_chain", "lower"),)),
    "added value free (a point of service value costs nothing)": (
        "12_relationship_chain", {"value_costs": {"service_per_point": 0.0}},
        (("too_much_value", "profit_total", "your_chain", "lower"),)),
    "pay and training leave reps' satisfaction alone": (
        "12_relationship_chain", {"people": {"quota_pressure_per_week": 0.0, "training_satisfaction_per_week": 0.0}},
        (("your_chain", "rep_satisfaction", "pitfall_plan", "higher"),)),
    "customers' buying and leaving deaf to satisfaction": (
        "13_satisfaction_profit", _DEAF,
        (("more_satisfied", "profit_total", "as_today", "higher"),
         ("more_satisfied", "profit_total", "as_today", "doubles"))),
    "care so costly that profit is as thin as the extra (a rep hour of 140)": (
        "13_satisfaction_profit", {"reps": {"hourly_cost": THIN_COST}},
        (("more_satisfied", "profit_total", "as_today", "not_double"),)),
}

LAB = "08_strategy_lab"
LAB_REPLICATIONS = 6
#: "paired differences are much sharper than unpaired ones": the claim's bound, the paired 95% interval at
#: most this share of the unpaired (Welch) one (by default it is 5-25%; with no shared luck about 80-140%)
SHARPER = NARROWER
UNSHARED_SEED = 7001  # strategy k of the lab runs on seeds from UNSHARED_SEED + k


def _claims(verdict) -> dict:
    """(variant, metric, baseline, op) -> whether it holds, in each check that tests it."""
    out: dict = {}
    for r in verdict.table.itertuples():
        out.setdefault((r.variant, r.metric, r.baseline, r.op), []).append(bool(r.holds))
    return out


@pytest.fixture(scope="module")
def defaults() -> dict:
    """Each mutated case's claims on the unchanged world."""
    return {case: _claims(check(case, REPLICATIONS.get(case, 4))) for case in {c for c, _, _ in MUTATIONS.values()}}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_claim_holds_by_default_and_the_named_change_breaks_it(name, defaults):
    case, override, claims = MUTATIONS[name]
    mutated = _claims(check(case, REPLICATIONS.get(case, 4), overrides=override))
    for key in claims:
        assert all(defaults[case][key]), f"{key} should hold in {case}"
        assert not any(mutated[key]), f"{name!r} should break {key} in {case}"


def _all_claims() -> set:
    """(case, variant, metric, baseline, op) of every claim every case checks."""
    out = set()
    for key, case in CASES.items():
        for chk in case.checks:
            first = next(iter(case.variants(case.validate(chk.values))))
            out |= {(key, c.variant, c.metric, c.baseline or first, c.op) for c in chk.claims}
    return out


def test_every_claim_of_every_case_has_a_mutation():
    """The audit: each claim a case page checks is broken by a named change (here, in
    test_case_mutations.py, or 08's experiment-level one below)."""
    covered = {(c, *k) for c, _, keys in MUTATIONS.values() for k in keys}
    first = {(c, *k) for c, _, keys in FIRST_MUTATIONS.values() for k in keys}  # (variant, metric, baseline)
    missing = {x for x in _all_claims() if x not in covered and x[:4] not in first and x[0] != LAB}
    assert not missing, f"claims with no mutation that breaks them: {sorted(missing)}"
    assert {x[0] for x in _all_claims()} == set(CASES)


# ---------------------------------------------------------------- 08: the experiment's claim
def _lab_comparison(shared: bool) -> Comparison:
    """The lab's default comparison, on shared seeds or each strategy on seeds of its own."""
    case = get_case(LAB)
    variants = case.variants(case.validate({}))
    names = list(variants)
    if shared:
        return run_variants(variants, LAB_REPLICATIONS)
    runs = pd.concat([run_variants({n: variants[n]}, LAB_REPLICATIONS, seed=UNSHARED_SEED + k).runs
                      for k, n in enumerate(names)], ignore_index=True)
    return Comparison(scenario=variants[names[0]][0], strategies=names, baseline=names[0], seed=UNSHARED_SEED,
                      replications=LAB_REPLICATIONS, runs=runs, summary=summarise(runs, names),
                      paired=paired_differences(runs, names[0], names))


def _width_ratios(paired: pd.DataFrame) -> dict[str, float]:
    """Per metric the lab claims about: paired interval width / unpaired (Welch) interval width."""
    metrics = {c.metric for chk in get_case(LAB).checks for c in chk.claims}
    p = paired[paired["metric"].isin(metrics)]
    return dict(zip(p["metric"], (p["high"] - p["low"]) / (p["welch_high"] - p["welch_low"])))


def test_lab_pairing_is_much_sharper_by_default_and_not_without_shared_luck():
    """08: on common random numbers the paired interval is at most half the unpaired one, and the case's
    'narrower' claims hold; the named change 'strategies do not share luck' (each its own seeds) makes it
    about as wide as the unpaired, and every one of those claims fails."""
    shared, unshared = _lab_comparison(True), _lab_comparison(False)
    ratios = {k: _width_ratios(c.paired) for k, c in (("shared", shared), ("unshared", unshared))}
    assert len(ratios["shared"]) == 3 and set(ratios["shared"]) == set(ratios["unshared"])
    assert all(r <= SHARPER for r in ratios["shared"].values()), ratios
    assert all(r > SHARPER for r in ratios["unshared"].values()), ratios
    claims = [c for chk in get_case(LAB).checks for c in chk.claims]
    assert all(evaluate(c, shared)["holds"] for c in claims)
    assert not any(evaluate(c, unshared)["holds"] for c in claims)
