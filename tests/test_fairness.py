"""What other customers perceive (issue 16.4): indulging the unreasonable and most-favoured treatment
for all harm more than the budget, because the loyal and the big see it (scenario keys ``economics.fairness``).

Off by default (both parameters 0): the goldens are the runs of before.
"""

from __future__ import annotations

import numpy as np
import pytest
from simhelp import assert_logs_equal, run_world, small_scenario

import sim
from sim.model import fairness
from sim.results import run_result
from sim.scenario import ScenarioError
from sim.units import WEEKS_PER_MONTH
from sim.vocab import CUSTOMER, FRIEND, PROFIT

SEEDS = [sim.replication_seed(20261123, i) for i in range(3)]
PEER, BLANKET = {"indulged_peer_points": 3.0}, {"blanket_cut_share": 1.0}


def _workshop(**fa):
    return sim.load_scenario("workshop", overrides={"economics": {"fairness": fa}, "replications": len(SEEDS)})


def _profit(sc, strategy="most_favoured") -> np.ndarray:
    return np.array([sim.summary(r)["profit_total"] for r in sim.run_many(sc, strategy, SEEDS)])


@pytest.fixture(scope="module")
def base_profit():
    return _profit(_workshop())


@pytest.mark.parametrize("fa", [PEER, BLANKET], ids=["indulged_peer", "blanket_cut"])
def test_what_others_perceive_costs_most_favoured_profit_on_every_seed(fa, base_profit):
    """Most-favoured care for all earns less, paired seed by seed, when the loyal and big perceive.

    Breaks if the penalty is added to the delivered-value gap instead of taken off it, or never read."""
    assert (_profit(_workshop(**fa)) < base_profit).all()


def test_strategies_that_favour_no_one_are_untouched():
    """Routine care neither indulges nor cuts prices: its run is the same with both parts on.

    Breaks if every account perceived unfairness whatever the strategy does."""
    on = small_scenario(economics={"fairness": {**PEER, **BLANKET}})
    assert_logs_equal(run_world(on, "routine_care", 3).log.columns(), run_world(small_scenario(), "routine_care", 3).log.columns())


def test_fade_and_cap_alone_change_nothing():
    """With both parameters 0 the mechanism is off, whatever its fade and cap: no state, the same run."""
    odd = small_scenario(economics={"fairness": {"fade_per_month": 1.0, "cap": 0.5}})
    world = run_world(odd, "most_favoured", 3)
    assert getattr(world, "unfair", None) is None
    assert_logs_equal(world.log.columns(), run_world(small_scenario(), "most_favoured", 3).log.columns())


def test_an_indulged_peer_is_seen_by_the_loyal_and_big_of_its_region():
    """Each perceiver of a region loses points × the share of its region's customers served a wish;
    the served, the rest, other regions and other lanes lose nothing."""
    sc = small_scenario(economics={"fairness": {"indulged_peer_points": 4.0, "cap": 100.0}})
    world = sim.build_world(sc, "most_favoured", [1, 2])
    b = world.book
    lane0 = np.arange(b.n_lane[0])
    cust = lane0[b.stage[lane0] == CUSTOMER]
    region = b.region[cust[0]]
    mine = cust[b.region[cust] == region]
    served = mine[:3]
    fairness.seen(world, served)
    seen = (b.tier[lane0] >= FRIEND) | (b.segment[lane0] < PROFIT)
    want = np.zeros(b.capacity)
    others = np.setdiff1d(mine[seen[mine]], served)
    want[others] = 4.0 * 3 / mine.size
    assert others.size > 0
    assert np.allclose(world.unfair, want)
    world.unfair[:] = 99.9
    fairness.seen(world, served)
    assert np.allclose(world.unfair[others], 100.0)  # capped
    fairness.weekly(world)
    assert np.allclose(world.unfair[others], 100.0 * (1 - sc.economics.fairness.fade_per_month / WEEKS_PER_MONTH))


def test_a_blanket_cut_is_counted_against_us_by_the_loyal_and_big_only():
    """share × list price × cut, for friends and up and key or strategic accounts; others 0."""
    sc = small_scenario(economics={"fairness": {"blanket_cut_share": 0.5}})
    world = sim.build_world(sc, "most_favoured", 1)
    idx = np.arange(world.book.n)
    seen = fairness.perceivers(world.book, idx)
    assert seen.any() and not seen.all()
    want = np.where(seen, 0.5 * sc.offer.price * world.strategy.price_cut, 0.0)
    assert np.allclose(fairness.penalty(world, idx), want)


@pytest.mark.parametrize("bad", [{"indulged_peer_points": -1}, {"blanket_cut_share": 4}, {"fade_per_month": 2}])
def test_fairness_keys_are_checked(bad):
    with pytest.raises(ScenarioError, match=f"economics.fairness.{next(iter(bad))}"):
        small_scenario(economics={"fairness": bad})


def test_a_mixed_world_keeps_each_lane_its_own_run():
    """Lanes side by side (most-favoured, then routine care): each lane's events are its run of its own
    (perceived unfairness is grouped by lane × region, never seen across lanes)."""
    sc, seeds = small_scenario(horizon_months=6, economics={"fairness": {**PEER, **BLANKET}}), [21, 22]
    world = sim.build_world(sc, ["most_favoured", "routine_care"], seeds).run()
    for lane, strat in enumerate(("most_favoured", "routine_care")):
        assert_logs_equal(run_result(world, lane).events, sim.run(sc, strat, seeds[lane]).events)
