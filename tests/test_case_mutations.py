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

#: name -> (case, scenario override, claims it must break as (variant, metric, baseline))
MUTATIONS = {
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
    "rapport does not fade": (
        "02_relationship_tiers", {"relationship": {"fade_per_month": 0.0}},
        (("your_care_faster_fade", "friends_per_100", "your_care"),)),
}


def _claims(verdict) -> dict:
    t = verdict.table
    return {(r.variant, r.metric, r.baseline): bool(r.holds) for r in t.itertuples()}


@pytest.fixture(scope="module")
def defaults() -> dict:
    """Each mutated case's claims on the unchanged world."""
    return {case: _claims(check(case, REPLICATIONS)) for case in {c for c, _, _ in MUTATIONS.values()}}


def test_every_case_with_a_mechanism_claim_has_a_mutation():
    """The cases whose point rests on a named mechanism are each broken by at least one named change."""
    assert {c for c, _, _ in MUTATIONS.values()} >= {"02_relationship_tiers", "03_dealer_phone", "05_three_stages",
                                                      "07_value_segmentation"}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_claim_holds_by_default_and_the_named_change_breaks_it(name, defaults):
    case, override, claims = MUTATIONS[name]
    mutated = _claims(check(case, REPLICATIONS, overrides=override))
    for key in claims:
        assert defaults[case][key], f"{key} should hold in {case}"
        assert not mutated[key], f"{name!r} should break {key} in {case}"
