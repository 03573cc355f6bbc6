"""Reproducibility: a run is a pure function of (scenario, strategy, seed), with common random numbers."""

from __future__ import annotations

import random

import numpy as np
import pytest
from simhelp import assert_logs_equal, run_world, small_scenario

import sim
from sim.vocab import DOWNTURN, SHOCK, STAGE, TIER

#: two strategies that behave very differently (no contacts at all vs consultative care)
PAIR = ("no_care", "customer_manager")


@pytest.fixture(scope="module")
def shocky():
    """``small`` with frequent market downturns, so the downturn comparison is not vacuous."""
    return small_scenario(shocks={"downturn_per_year": 4.0, "downturn_months": 1.0})


@pytest.fixture(scope="module")
def pair(shocky):
    """The two contrasting strategies run on the same seed."""
    return tuple(run_world(shocky, s, seed=11) for s in PAIR)


def test_same_seed_same_event_log(run_small):
    """Same scenario, strategy and seed give the same event log, column for column."""
    a, b = run_small("value_based", 5), run_small("value_based", 5)
    assert len(a.log) > 1000
    assert_logs_equal(a.log.columns(), b.log.columns())


def test_same_seed_same_run_result(small):
    """``sim.run`` twice gives identical events and account tables."""
    a, b = sim.run(small, "tier_ladder", seed=2), sim.run(small, "tier_ladder", seed=2)
    assert_logs_equal(a.events, b.events)
    assert a.accounts.equals(b.accounts)
    assert sim.summary(a) == sim.summary(b)


def test_default_seed_is_the_scenarios_seed(small):
    """Without a seed the world uses the scenario's seed."""
    a = run_world(small, "routine_care")
    b = run_world(small, "routine_care", seed=small.seed)
    assert a.seed == small.seed
    assert_logs_equal(a.log.columns(), b.log.columns())


def test_global_random_state_is_not_used(run_small):
    """Reseeding Python's and NumPy's global generators does not change a run."""
    random.seed(1)
    np.random.seed(1)
    a = run_small("quota_push", 3)
    random.seed(99)
    np.random.seed(99)
    b = run_small("quota_push", 3)
    assert_logs_equal(a.log.columns(), b.log.columns())


def test_different_seeds_differ(run_small):
    """Different seeds give different event logs."""
    a, b = run_small("routine_care", 1).log.columns(), run_small("routine_care", 2).log.columns()
    same_length = a["t"].size == b["t"].size
    assert not (same_length and all(np.array_equal(a[c], b[c]) for c in a))


def test_replication_seeds_are_stable_and_distinct():
    """Replication seeds are a fixed function of (base seed, replication) and differ between replications."""
    seeds = [sim.replication_seed(20261123, r) for r in range(50)]
    assert seeds == [sim.replication_seed(20261123, r) for r in range(50)]
    assert len(set(seeds)) == 50
    assert all(0 <= s < 2**63 for s in seeds)


# ---------------------------------------------------------------- common random numbers
def _initial(world, kind):
    e = world.log.columns()
    m = (e["kind"] == kind) & (e["t"] == 0.0)
    order = np.argsort(e["account"][m], kind="stable")
    return e["account"][m][order], e["a"][m][order], e["b"][m][order]


def test_crn_same_population(shocky):
    """Two strategies on one seed draw the same accounts: segment, size, affinity, the referral pool."""
    a, b = (sim.build_world(shocky, s, 11).book for s in PAIR)
    assert a.capacity == b.capacity and a.n_initial == b.n_initial
    for col in ("segment", "region", "industry", "size", "affinity", "rate_mult", "preference",
                "has_intermediary", "company_need", "product_u", "is_dealer", "rep", "stage", "rapport"):
        assert np.array_equal(getattr(a, col), getattr(b, col)), col


def test_crn_same_stages_at_start(pair):
    """The stage events at t=0 are the same for both strategies: one per initial account, from -1."""
    sa, sb = _initial(pair[0], STAGE), _initial(pair[1], STAGE)
    for x, y in zip(sa, sb):
        assert np.array_equal(x, y)
    acc, frm, _ = sa
    assert np.array_equal(acc, np.arange(pair[0].book.n_initial))
    assert (frm == -1).all()


def test_crn_same_tiers_at_start(pair):
    """The tier events at t=0 are the same for both strategies."""
    for x, y in zip(_initial(pair[0], TIER), _initial(pair[1], TIER)):
        assert np.array_equal(x, y)


def test_crn_same_shock_schedule(pair):
    """The shock schedule drawn up front is identical under both strategies."""
    a, b = pair[0].schedule, pair[1].schedule
    for col in ("t", "kind", "account", "new_need", "new_affinity"):
        assert np.array_equal(getattr(a, col), getattr(b, col)), col


def test_crn_same_downturns(pair):
    """Market downturns hit both strategies at the same times."""
    got = []
    for w in pair:
        e = w.log.columns()
        m = (e["kind"] == SHOCK) & (e["a"] == DOWNTURN)
        got.append((e["t"][m], e["b"][m], e["account"][m]))
    assert got[0][0].size > 0
    for x, y in zip(*got):
        assert np.array_equal(x, y)


def test_crn_same_shocks_on_initial_accounts(pair):
    """Crises, quality incidents and decision-maker changes hit the initial accounts identically."""
    got = []
    for w in pair:
        e = w.log.columns()
        m = (e["kind"] == SHOCK) & (e["account"] >= 0) & (e["account"] < w.book.n_initial)
        order = np.lexsort((e["a"][m], e["account"][m], e["t"][m]))
        got.append((e["t"][m][order], e["account"][m][order], e["a"][m][order]))
    assert got[0][0].size > 0
    for x, y in zip(*got):
        assert np.array_equal(x, y)


def test_strategies_do_differ(pair):
    """The pair really behaves differently (else the CRN tests above prove nothing)."""
    assert len(pair[0].log) != len(pair[1].log)


# ---------------------------------------------------------------- stepping
def test_stepping_equals_running_through(small):
    """Running to week 10 and then to the end gives the same log as running straight through."""
    stepped = sim.build_world(small, "customer_manager", 4)
    stepped.run(until=10)
    assert stepped.now == 10
    stepped.run()
    straight = run_world(small, "customer_manager", 4)
    assert_logs_equal(stepped.log.columns(), straight.log.columns())


def test_week_by_week_equals_running_through(small):
    """Stepping one week at a time (the game's turns) gives the same log as one run."""
    stepped = sim.build_world(small, "timely_help", 8)
    for week in range(1, small.horizon_weeks + 1):
        stepped.run(until=week)
    straight = run_world(small, "timely_help", 8)
    assert_logs_equal(stepped.log.columns(), straight.log.columns())


def test_run_stops_at_the_horizon(small):
    """Asking to run past the horizon stops at the horizon."""
    w = sim.build_world(small, "routine_care", 1).run(until=small.horizon_weeks + 30)
    assert w.now == small.horizon_weeks
    assert w.log.columns()["t"].max() < small.horizon_weeks
