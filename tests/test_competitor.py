"""A competitor that moves: it copies our service edge at its rate (service homogenisation) and
probes the accounts we neglect, so an edge decays unless renewed."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from simhelp import small_scenario

import sim
from sim.model import competitor
from sim.strategies import strategy_from_params
from sim.vocab import CAUSES, CHURN

SC = sim.load_scenario("moving_competitor", overrides={"replications": 4})  # 600 accounts, two years
SEEDS = [sim.replication_seed(SC.seed, i) for i in range(4)]
SERVICE_8 = strategy_from_params("service_8", "routine_care", {"service_points": 8})


def _with(sc, **comp):
    return sc.model_copy(update={"competitor": sc.competitor.model_copy(update=comp)})


WORLDS = {
    "still": _with(SC, copy_per_year=0.0, probe_per_year=0.0),
    "copies": _with(SC, probe_per_year=0.0),
    "probes": _with(SC, copy_per_year=0.0),
    # a named mutation: the competitor probes every account, neglected or not
    "probes everyone": _with(SC, copy_per_year=0.0, probe_after_weeks=0.01),
}
STRATEGIES = {"service_8": SERVICE_8}


@cache
def _runs(world: str, strategy: str):
    """The seeds' runs of ``strategy`` in competitor world ``world`` (shared by the tests)."""
    return sim.run_many(WORLDS[world], STRATEGIES.get(strategy, strategy), SEEDS)


def _metric(runs, metric) -> np.ndarray:
    return np.array([sim.summary(r)[metric] for r in runs])


def _competitor_churn(runs) -> int:
    return sum(int(((r.events["kind"] == CHURN) & (r.events["a"] == CAUSES.index("competitor"))).sum()) for r in runs)


def test_rival_closes_the_service_gap_at_its_rate():
    """After a year at copy_per_year=1 the rival has copied 1 − e⁻¹ of our edge (offer + added points).

    Breaks if the rival copies a fixed amount, or copies beyond our level."""
    sc = _with(small_scenario(), copy_per_year=1.0)
    edge = sc.offer.service - sc.competitor.offer.service  # 3 points
    for strategy, ours in (("routine_care", edge), (SERVICE_8, edge + 8)):
        world = sim.build_world(sc, strategy, 2).run(until=52)
        assert math.isclose(world.rival_copied[0], ours * -math.expm1(-1.0), rel_tol=1e-9)
        world.run(until=sc.horizon_weeks)
        assert world.rival_copied[0] < ours


def test_copying_costs_us_revenue_and_customers():
    """With the rival copying, routine care sells less on every seed and keeps no more customers
    on any seed (fewer on average). Breaks if the copied points are not taken off our gap."""
    still, copies = _runs("still", "routine_care"), _runs("copies", "routine_care")
    assert (_metric(copies, "revenue") < _metric(still, "revenue")).all()
    kept, kept0 = _metric(copies, "retention"), _metric(still, "retention")
    assert (kept <= kept0).all() and kept.mean() < kept0.mean()
    assert _competitor_churn(copies) > _competitor_churn(still)


def test_a_copied_edge_pays_less():
    """What 8 added service points earn over routine care shrinks when the rival copies them."""
    gain = {w: _metric(_runs(w, "service_8"), "profit_total") - _metric(_runs(w, "routine_care"), "profit_total")
            for w in ("still", "copies")}
    assert gain["copies"].mean() < gain["still"].mean(), gain


def _probed(world: str) -> dict[str, int]:
    """Customers the probing took (extra competitor-cause leavers over a still rival), by strategy."""
    return {s: _competitor_churn(_runs(world, s)) - _competitor_churn(_runs("still", s))
            for s in ("no_care", "routine_care")}


def test_probing_hits_the_neglected():
    """Probing takes far more customers from no care than from routine care (which keeps in touch)."""
    extra = _probed("probes")
    assert extra["no_care"] > 5 * max(extra["routine_care"], 1), extra


def test_mutation_probing_everyone_hits_routine_care_too():
    """The named mutation "the competitor probes every account" breaks the test above."""
    extra = _probed("probes everyone")
    assert extra["no_care"] < 5 * max(extra["routine_care"], 1), extra


def test_probe_hazard_only_past_the_neglect_threshold():
    sc = _with(small_scenario(), probe_per_year=0.4, probe_after_weeks=8.0)
    world = sim.build_world(sc, "no_care", 1)
    b = world.book
    idx = np.arange(6, dtype=np.int32)
    b.last_contact[idx] = [20.0, 13.0, 12.0, 11.9, 0.0, -5.0]
    h = competitor.probe_hazard(world, idx, 20.0, np.full(6, 0.5))
    assert np.allclose(h, [0, 0, 0, 0.2, 0.2, 0.2])
    assert competitor.probe_hazard(sim.build_world(small_scenario(), "no_care", 1), idx, 20.0, 1.0) == 0.0


def test_lanes_with_added_value_and_a_moving_competitor():
    """Lanes of different strategies (added points, relief, copying, probing): each equals its own run."""
    sc = small_scenario(horizon_months=6, competitor={"copy_per_year": 2.0, "probe_per_year": 0.5},
                        value_costs={"relief_per_contact": 1.0})
    strategies = [SERVICE_8, SERVICE_8, "routine_care", "no_care", SERVICE_8]
    seeds = [sim.replication_seed(sc.seed, i) for i in range(len(strategies))]
    lanes = sim.run_results(sim.build_world(sc, strategies, seeds).run())
    for strategy, seed, res in zip(strategies, seeds, lanes):
        alone = sim.run(sc, strategy, seed).events
        assert all(np.array_equal(res.events[k], alone[k]) for k in alone), strategy


def test_a_still_competitor_is_the_fixed_offer():
    world = sim.build_world(small_scenario(horizon_months=2), "routine_care", 3).run()
    assert getattr(world, "rival_copied", None) is None
    assert competitor.rival_value(world, np.arange(3)) == world.rival_value
