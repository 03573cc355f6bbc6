"""Case 12, the relationship management chain: each claim holds, and a named change breaks it.

Like tests/test_case_mutations.py: a mutation is a scenario override merged into every variant
(:func:`sim.ui.cases.check` with ``overrides``); beside it the claims hold on the unchanged case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sim
from sim.room.landing import landing_entries
from sim.results import summary
from sim.cases.relationship_chain import CASE as CHAIN
from sim.cases.relationship_chain import KEY
from sim.ui.cases import check
from sim.words import text

ROOT = Path(__file__).resolve().parent.parent
REPLICATIONS = 4

#: name -> (scenario override, claims it must break as (variant, metric, baseline))
MUTATIONS = {
    # no cost-benefit to weigh: more value is then never a loss
    "adding value costs nothing": (
        {"value_costs": {"service_per_point": 0.0, "personnel_per_point": 0.0, "image_per_point": 0.0}},
        (("too_much_value", "profit_total", "your_chain"),)),
    # control and feedback: reps' satisfaction moves with neither quota pressure nor training
    "neither quota pay nor training moves reps' satisfaction": (
        {"people": {"quota_pressure_per_week": 0.0, "training_satisfaction_per_week": 0.0}},
        (("your_chain", "rep_satisfaction", "pitfall_plan"),)),
}


def _claims(verdict) -> dict:
    return {(r.variant, r.metric, r.baseline): bool(r.holds) for r in verdict.table.itertuples()}


@pytest.fixture(scope="module")
def default_claims() -> dict:
    return _claims(check(KEY, REPLICATIONS))


def test_every_claim_holds_on_the_unchanged_case(default_claims):
    assert len(default_claims) == 5 and all(default_claims.values()), default_claims


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_the_named_change_breaks_its_claim(name, default_claims):
    override, claims = MUTATIONS[name]
    mutated = _claims(check(KEY, REPLICATIONS, overrides=override))
    for key in claims:
        assert default_claims[key], f"{key} should hold by default"
        assert not mutated[key], f"{name!r} should break {key}"


def test_crm_software_costs_its_fee_and_changes_nothing_else():
    """economics.crm_system_cost_per_month: profit falls by fee × months, every other figure is the same."""
    base = sim.load_scenario("workshop", {"accounts": {"count": 60}, "horizon_months": 6})
    bought = sim.load_scenario("workshop", {"accounts": {"count": 60}, "horizon_months": 6,
                                            "economics": {"crm_system_cost_per_month": 1000.0}})
    a, b = (summary(sim.run(sc, "routine_care", seed=3)) for sc in (base, bought))
    assert b["profit_total"] == pytest.approx(a["profit_total"] - 6 * 1000.0)
    assert {k: a[k] for k in ("retention", "revenue", "customer_equity")} == \
           {k: b[k] for k in ("retention", "revenue", "customer_equity")}


def test_every_label_of_the_case_reads_in_both_languages():
    keys = [c.label for c in CHAIN.controls] + [o for c in CHAIN.controls for o in c.options]
    keys += ["pitfall_plan", "your_chain", "your_chain_software", "too_much_value", "chain_no_segments",
             "rep_satisfaction", "chain_title", "customer_satisfaction"]
    for k in keys:
        en, zh = text(k, "en"), text(k, "zh")
        assert en != k and zh != k and en != zh, k


def test_the_room_landing_page_lists_the_case():
    entries = {e["key"]: e for e in landing_entries(ROOT / "notebooks")}
    assert entries[KEY]["title"] == CHAIN.title and entries[KEY]["path"] == f"{KEY}.ipynb"
