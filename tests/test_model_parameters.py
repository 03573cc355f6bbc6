"""The behaviour moved out of sim/model (issue 16.1) is reached by scenario keys and sweeps.

Each parameter, swept away from its default through :func:`sim.sweep.grid_points` (the path
``--set`` takes), changes the event log of a small run: the model really reads it. Defaults
keep the event logs of before (checked by tests/golden and tests/test_reproducibility.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from simhelp import run_world, small_scenario

from sim.sweep import grid_points

#: (key path, a value away from the default, a strategy whose runs depend on it)
MOVED = [
    ("contacts.answer_prob", 0.6, "routine_care"),
    ("contacts.unanswered_hours_share", 0.9, "routine_care"),
    ("contacts.pull_forward", 0.9, "quota_push"),
    ("contacts.value_cap", 3.0, "value_based"),
    ("lifecycle.win_back_per_contact", 0.9, "public_pool"),
    ("lifecycle.proposal_reach_boost", 4.0, "customer_manager"),
    ("lifecycle.pipeline_idle_weeks", 4.0, "no_care"),
    ("lifecycle.pipeline_drift_per_week", 0.5, "no_care"),
    ("relationship.fade_after_weeks", 20.0, "quota_push"),
    ("relationship.service_fade_share", 3.0, "value_based"),
    ("relationship.start_rapport_max", 80.0, "no_care"),
    ("market.crisis_purchase_factor", 0.0, "no_care"),
    ("market.other_product_share", 0.9, "no_care"),
    ("market.neglect_ramp_months", 0.5, "no_care"),
    ("market.friend_referral_share", 1.0, "customer_manager"),
    ("competitor.poaching_gap_points", 60.0, "no_care"),
    ("decision_makers.stranger_weeks", 4.0, "no_care"),
    ("accounts.preference_sigma", 12.0, "no_care"),
    ("accounts.start_purchase_weeks", 12.0, "no_care"),
    ("accounts.start_contact_weeks", 30.0, "no_care"),
    ("dealers.remedy_months", 9.0, "customer_manager"),
    ("dealers.labour_share", 0.5, "no_care"),
    ("dealers.drift_per_year", 10.0, "quota_push"),
    ("dealers.size_sigma", 1.0, "no_care"),
    ("dealers.size_log_mean", 0.5, "no_care"),
    ("dealers.sales_noise_sigma", 0.8, "no_care"),
    ("dealers.sales_noise_log_mean", 0.5, "no_care"),
    ("dealers.recent_sales_weight", 0.9, "quota_push"),
]

SEED = 3


@pytest.fixture(scope="module")
def small():
    """``small`` with dealers that feel overstocked sooner, so the dealers' drift is in play."""
    return small_scenario(dealers={"avoid_cover_weeks": 4.0})


@pytest.fixture(scope="module")
def baseline(small):
    cache: dict = {}

    def get(strategy):
        if strategy not in cache:
            cache[strategy] = run_world(small, strategy, SEED).log.columns()
        return cache[strategy]
    return get


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        a[c].shape == b[c].shape and np.array_equal(a[c], b[c], equal_nan=a[c].dtype.kind == "f") for c in a)


@pytest.mark.parametrize("path, value, strategy", MOVED, ids=[m[0] for m in MOVED])
def test_swept_parameter_changes_the_run(small, baseline, path, value, strategy):
    """Sweeping the key moves the run: a model that ignored it (a literal left in) would not."""
    _, (moved,) = grid_points(small, {path: [value]})
    section, key = path.split(".")
    assert getattr(getattr(moved, section), key) == value
    assert not _same(run_world(moved, strategy, SEED).log.columns(), baseline(strategy))
