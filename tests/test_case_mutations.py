"""Every case's teaching point can fail: a named change to the world breaks it (issue 20.2).

Each mutation is a scenario override (what a modeller would change in YAML) merged into every
variant of the case (:func:`sim.ui.cases.check` with ``overrides``); beside it, the same claims
hold on the unchanged case, so the break is the change's doing. A claim is named by its
(variant, metric, baseline) in the case's checks.
"""

from __future__ import annotations

import pytest

from sim.ui.cases import check

REPLICATIONS = 4
_NO_UPLIFT = {"sell_through_uplift": 0.0, "dealer_cost_relief": 0.0}
_FUNCTIONS = ("care", "information", "transaction", "service", "intelligence", "consulting")
_NO_TROUBLE = {"quality_incident_per_year": 0.0, "crisis_per_year": 0.0}
#: a contact does nothing for the customer: no rapport, no value, no waking, nothing to fix, no neglect to
#: prevent, no fading to stop
_USELESS_CONTACTS = {"contacts": {f: {"rapport": 0.0, "value": 0.0} for f in _FUNCTIONS},
                     "market": {"neglect_per_year": 0.0}, "shocks": _NO_TROUBLE,
                     "lifecycle": {"wake_per_contact": 0.0}, "relationship": {"fade_per_month": 0.0}}

#: name -> (case, scenario override, claims it must break as (variant, metric, baseline))
MUTATIONS = {
    "contacts do nothing for the customer": (
        "00_tour", _USELESS_CONTACTS,
        (("routine_care", "retention", "no_care"), ("routine_care", "lifetime_value", "no_care"))),
    "customers blind to delivered value (no poaching, price or satisfaction effect)": (
        "01_delivered_value", {"competitor": {"poaching_per_year": 0.0},
                               "market": {"price_per_year": 0.0, "satisfaction_purchase_slope": 0.0,
                                          "purchase_floor": 1.0}},
        (("your_offer", "retention", "course_offer"),)),
    "a helping hand adds no value and finds nothing to fix": (
        "04_store_care", {"contacts": {f: {"value": 0.0} for f in _FUNCTIONS}, "shocks": _NO_TROUBLE},
        (("store_mix", "retention", "small_favours"), ("store_mix", "profit_total", "small_favours"))),
    "remedies useless (no sell-through uplift)": (
        "03_dealer_phone", {"dealers": {"campus_channel": _NO_UPLIFT, "shared_engineers": _NO_UPLIFT}},
        (("your_customer_manager", "dealer_answer_rate", "manager_no_remedies"),
         ("your_customer_manager", "revenue", "manager_no_remedies"))),
    "a dealer in a hard season never screens calls": (
        "03_dealer_phone", {"dealers": {"struggling_sales_share": 0.0}},
        (("your_customer_manager", "dealer_answer_rate", "manager_no_remedies"),)),
    "indulgence free of rep time": (
        "07_value_segmentation", {"economics": {"indulgence_hours": 0.0}},
        (("your_value_based", "retention", "value_based"),)),
    "intermediaries useless": (
        "05_three_stages", {"lifecycle": {"intermediary_boost": 1.0}},
        (("customer_manager", "opportunities", "without_intermediaries"),)),
    "pool contacts wake no one": (
        "06_public_pool", {"lifecycle": {"wake_per_contact": 0.0}},
        (("your_pool", "retention", "no_pool_work"),)),
    # a pooled account still buys now and then on its own, more as care builds rapport: both must go
    "pool contacts wake no one and care builds no rapport": (
        "06_public_pool", {"lifecycle": {"wake_per_contact": 0.0}, "contacts": {"care": {"rapport": 0.0}}},
        (("your_pool", "win_back_rate", "no_pool_work"), ("your_pool", "dormant_end", "no_pool_work"),
         ("your_pool", "retention", "no_pool_work"))),
    "rapport does not fade": (
        "02_relationship_tiers", {"relationship": {"fade_per_month": 0.0}},
        (("your_care_faster_fade", "friends_per_100", "your_care"),)),
}


def _claims(verdict) -> dict:
    """(variant, metric, baseline) -> whether it holds, in each check that tests it."""
    out: dict = {}
    for r in verdict.table.itertuples():
        out.setdefault((r.variant, r.metric, r.baseline), []).append(bool(r.holds))
    return out


@pytest.fixture(scope="module")
def defaults() -> dict:
    """Each mutated case's claims on the unchanged world."""
    return {case: _claims(check(case, REPLICATIONS)) for case in {c for c, _, _ in MUTATIONS.values()}}


def test_every_case_has_a_mutation():
    """Each case 00–07 is broken by at least one named change."""
    assert {c for c, _, _ in MUTATIONS.values()} >= {"00_tour", "01_delivered_value", "02_relationship_tiers",
                                                      "03_dealer_phone", "04_store_care", "05_three_stages",
                                                      "06_public_pool", "07_value_segmentation"}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_claim_holds_by_default_and_the_named_change_breaks_it(name, defaults):
    case, override, claims = MUTATIONS[name]
    mutated = _claims(check(case, REPLICATIONS, overrides=override))
    for key in claims:
        assert all(defaults[case][key]), f"{key} should hold in {case}"
        assert not any(mutated[key]), f"{name!r} should break {key} in {case}"
