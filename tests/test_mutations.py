"""Every `facts` row can fail: a named change to the business breaks it (issue 20.2).

Each mutation is a scenario override (what a modeller would change in YAML) on a
small course business (600 accounts, 6 reps, 4 replications). Beside it, the same
row holds on the unmutated small business, so the break is the change's doing.
"""

from __future__ import annotations

import pytest

from sim.facts import FactRow, run_facts
from sim.scenario import deep_merge, load_scenario

SMALL = {"name": "small_course", "accounts": {"count": 600}, "reps": {"count": 6}, "dealers": {"count": 6},
         "replications": 4}
_FUNCTIONS = ("care", "information", "transaction", "service", "intelligence", "consulting")

#: name -> (scenario override, row group, rows it must break)
MUTATIONS = {
    "rapport does not fade": ({"relationship": {"fade_per_month": 0.0}}, "tiers",
                              ("acquaintances", "friends", "confidants")),
    "contacts build no rapport": ({"contacts": {f: {"rapport": 0.0} for f in _FUNCTIONS}}, "tiers",
                                  ("acquaintances", "friends", "confidants")),
    "winning costs only rep time (no offers or onboarding)": ({"acquisition": {"cost_per_won": 0.0}}, "acquisition",
                                                            ("acquisition",)),
    "the future counts for little (60% a year)": ({"economics": {"discount_rate": 0.6}}, "defections",
                                                  ("defections",)),
    "customers do not miss their rep for a year": ({"market": {"neglect_grace_months": 12.0}}, "neglect",
                                                   ("neglect",)),
    "all customers alike": ({"accounts": {"size": {"sigma": 0.0, "key": 1.0, "strategic": 1.0, "profit": 1.0,
                                                   "non_profit": 1.0}, "cost_to_serve_sigma": 0.0},
                             "market": {"rate_spread": 0.0}}, "whale", ("worst30",)),
    "dormant accounts never contacted": ({"custom_strategies": {"pool_cycle": {
        "extends": "public_pool", "params": {"stage_weight": {"dormant": 0.0}}}}}, "pool", ("pool", "win_back")),
    "contacts cannot wake a dormant account": ({"lifecycle": {"wake_per_contact": 0.0}}, "pool", ("win_back",)),
}


def _small(override: dict | None = None):
    return load_scenario("course_facts", overrides=deep_merge(SMALL, override or {}))


def _by_key(rows: list[FactRow]) -> dict[str, FactRow]:
    return {r.key: r for r in rows}


@pytest.fixture(scope="module")
def default_rows() -> dict[str, FactRow]:
    """Every row on the unmutated small course business."""
    return _by_key(run_facts(progress=False, scenario=_small()))


def test_every_required_row_has_a_mutation():
    """No required row is left without a named change that should break it."""
    covered = {k for _, _, keys in MUTATIONS.values() for k in keys}
    required = {"acquaintances", "friends", "confidants", "acquisition", "defections", "neglect", "worst30",
                "pool", "win_back"}
    assert covered == required


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_row_holds_by_default_and_the_named_change_breaks_it(name, default_rows):
    override, group, keys = MUTATIONS[name]
    mutated = _by_key(run_facts(progress=False, scenario=_small(override), groups=(group,)))
    for k in keys:
        assert default_rows[k].holds, f"{k} should hold on the small course business: {default_rows[k]}"
        assert not mutated[k].holds, f"{name!r} should break {k}: {mutated[k]}"


def test_satisfaction_claim_rests_on_buying_following_satisfaction(default_rows):
    """The examined HBR row: with purchases deaf to satisfaction, 5% more satisfaction earns clearly less."""
    flat = {"market": {"satisfaction_purchase_slope": 0.0, "purchase_floor": 1.0}}
    mutated = _by_key(run_facts(progress=False, scenario=_small(flat), groups=("satisfaction",)))["satisfaction"]
    base = default_rows["satisfaction"]
    assert base.examined and base.low > 0
    assert mutated.high < base.low


def test_the_two_halves_of_20_80_30_trade_off(default_rows):
    """The examined 20/80 row: with serving free (no order cost) the top 20% earn ~80% of total profit,
    as the text says, and then the worst 30% no longer halve the potential: one business cannot show both."""
    free = _by_key(run_facts(progress=False, scenario=_small({"economics": {"cost_per_order": 0.0}}),
                             groups=("whale",)))
    assert default_rows["top20"].examined and default_rows["top20"].value > 100
    assert free["top20"].holds and not free["worst30"].holds
