"""Lanes: replications run side by side in one world, each equal to a run of its own."""

from __future__ import annotations

import numpy as np
import pytest
from simhelp import small_scenario

import sim


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("strategy", ["routine_care", "value_based", "customer_manager", "quota_push", "public_pool"])
def test_each_lane_equals_its_own_run(strategy):
    """Every lane's event log equals the standalone run with the same seed, column for column."""
    sc = small_scenario(horizon_months=12, shocks={"downturn_per_year": 2.0})
    seeds = [sim.replication_seed(sc.seed, i) for i in range(3)]
    lanes = sim.run_many(sc, strategy, seeds)
    for seed, res in zip(seeds, lanes):
        assert _same(res.events, sim.run(sc, strategy, seed).events)


def test_lanes_may_follow_different_strategies():
    """In a world whose lanes follow different strategies (discount and indulgence, dealer remedies,
    quota push, no care) each lane equals the run of its own strategy and seed."""
    sc = small_scenario(horizon_months=12, dealers={"count": 6}, shocks={"downturn_per_year": 2.0})
    strategies = ["most_favoured", "most_favoured", "customer_manager", "quota_push", "no_care", "customer_manager"]
    seeds = [sim.replication_seed(sc.seed, i) for i in range(len(strategies))]
    world = sim.build_world(sc, strategies, seeds)
    assert [s.name for s, _, _ in world.groups] == ["most_favoured", "customer_manager", "quota_push", "no_care",
                                                     "customer_manager"]
    lanes = sim.run_results(world.run())
    for strategy, seed, res in zip(strategies, seeds, lanes):
        alone = sim.run(sc, strategy, seed)
        assert res.strategy == strategy
        assert _same(res.events, alone.events), strategy
    kinds = np.concatenate([r.events["kind"] for r in lanes])
    assert (kinds == sim.vocab.EVENTS.index("cost")).any()  # indulgence and remedies happened


def test_one_strategy_per_seed():
    sc = small_scenario(horizon_months=3)
    with pytest.raises(ValueError, match="one strategy per seed: 2 strategies for 3 seeds"):
        sim.build_world(sc, ["routine_care", "no_care"], [1, 2, 3])


def test_lanes_keep_their_own_referral_pools():
    """A lane whose referral pool fills up does not spill into the next lane's accounts."""
    sc = small_scenario(horizon_months=12, accounts={"count": 120, "referral_capacity": 0.02},
                        market={"referrals_per_year": 5.0})
    seeds = [11, 12]
    lanes = sim.run_many(sc, "customer_manager", seeds)
    for seed, res in zip(seeds, lanes):
        assert _same(res.events, sim.run(sc, "customer_manager", seed).events)
        assert len(res.accounts) <= 120 + int(np.ceil(120 * 0.02))


def test_run_many_defaults_to_the_scenarios_replications():
    """Without seeds, run_many gives one result per replication, seeded like sim.replication_seed."""
    sc = small_scenario(horizon_months=3, replications=2)
    res = sim.run_many(sc, "routine_care")
    assert [r.seed for r in res] == [sim.replication_seed(sc.seed, i) for i in range(2)]


def test_a_world_of_one_lane_is_a_plain_run():
    """build_world with one seed in a list equals build_world with that seed."""
    sc = small_scenario(horizon_months=6)
    a = sim.build_world(sc, "tier_ladder", [5]).run().log.columns()
    b = sim.build_world(sc, "tier_ladder", 5).run().log.columns()
    assert _same(a, b)


@pytest.mark.parametrize("strategy", ["routine_care", "customer_manager"])
def test_shocks_in_batches_equal_shocks_one_by_one(strategy, monkeypatch):
    """Shocks applied as array operations give the same event log as applied one at a time."""
    from sim.model import shocks

    sc = small_scenario(horizon_months=12, shocks={"crisis_per_year": 3.0, "quality_incident_per_year": 3.0},
                        decision_makers={"tenure_years": 0.5})
    seeds = [sim.replication_seed(sc.seed, i) for i in range(6)]
    monkeypatch.setattr(shocks, "BATCH_MIN", 10**9)
    one_by_one = sim.build_world(sc, strategy, seeds).run().log.columns()
    monkeypatch.setattr(shocks, "BATCH_MIN", 2)
    calls = []
    real = shocks._apply_batch
    monkeypatch.setattr(shocks, "_apply_batch", lambda *a: calls.append(a[2] - a[1]) or real(*a))
    batched = sim.build_world(sc, strategy, seeds).run().log.columns()
    assert sum(calls) > 100  # most shocks went through the array path
    assert _same(one_by_one, batched)
