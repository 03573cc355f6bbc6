"""Adding value costs something (做好加減法): added points are paid for every customer-week, contacts
can take non-money cost off the customer, and profit against points added is hump-shaped."""

from __future__ import annotations

import numpy as np
import pytest
from simhelp import small_scenario

import sim
from sim.model import value_costs
from sim.scenario import ScenarioError
from sim.strategies import strategy_from_params
from sim.vocab import COST, EVENTS

SC = sim.load_scenario("value_costs", overrides={"replications": 4})  # 600 accounts, two years
SEEDS = [sim.replication_seed(SC.seed, i) for i in range(4)]


def _service(points: float):
    return strategy_from_params(f"service_{points}", "routine_care", {"service_points": points})


def _metric(sc, strategy, metric="profit_total") -> np.ndarray:
    """``metric`` of each seed (common random numbers: the same seeds for every strategy)."""
    return np.array([sim.summary(r)[metric] for r in sim.run_many(sc, strategy, SEEDS)])


def test_profit_is_hump_shaped_in_service_points():
    """Some service pays (8 points beat none), too much does not (8 beat 24): on every seed.

    Breaks if added points stop raising delivered value (8 no longer beats 0) or cost nothing
    (24 then beats 8: the gain saturates, the cost is what bends the curve down)."""
    p0, p8, p24 = (_metric(SC, _service(k)) for k in (0, 8, 24))
    assert (p8 > p0).all(), (p0, p8)
    assert (p8 > p24).all(), (p8, p24)


def test_mutation_free_points_break_the_hump():
    """The named mutation "a point of service costs nothing": then 24 points beat 8."""
    free = SC.model_copy(update={"value_costs": SC.value_costs.model_copy(update={"service_per_point": 0.0})})
    assert (_metric(free, _service(24)) > _metric(free, _service(8))).all()


def test_added_points_are_paid_every_customer_week():
    """Each customer, each week, costs the points times their prices (a cost event, code VALUE_COST)."""
    sc = small_scenario(horizon_months=3, value_costs={"service_per_point": 0.5, "personnel_per_point": 2.0})
    s = strategy_from_params("s", "routine_care", {"service_points": 4, "personnel_points": 1.5})
    res = sim.run(sc, s, 5)
    e = res.events
    paid = (e["kind"] == COST) & (e["a"] == value_costs.VALUE_COST)
    assert paid.any()
    assert np.allclose(e["y"][paid], 4 * 0.5 + 1.5 * 2.0)
    weeks = np.unique(e["t"][paid])
    assert np.allclose(weeks % 1.0, 0.9) and weeks.size == sc.horizon_weeks  # the market clock, weekly
    free = sim.run(sc, "routine_care", 5).events
    assert not ((free["kind"] == COST) & (free["a"] == value_costs.VALUE_COST)).any()


def test_contacts_that_lower_non_money_costs_keep_customers():
    """Contact relief (time, mental, physical cost) raises retention and revenue on every seed.

    Breaks if relief is added to the customer's costs instead of taken off them."""
    on = SC.model_copy(update={"value_costs": SC.value_costs.model_copy(update={"relief_per_contact": 1.0})})
    for metric in ("retention", "revenue"):
        assert (_metric(on, "routine_care", metric) > _metric(SC, "routine_care", metric)).all(), metric


def test_relief_is_capped_by_the_cap_and_the_non_money_costs():
    for cap, want in ((6.0, 6.0), (100.0, 8.0 + 6.0 + 4.0)):
        sc = small_scenario(value_costs={"relief_per_contact": 2.5, "relief_cap": cap})
        world = sim.build_world(sc, "routine_care", 1)
        idx = np.arange(10, dtype=np.int32)
        for _ in range(20):
            value_costs.after_contacts(world, idx)
        assert np.allclose(world.value_relief[idx], want)
        assert (world.value_relief[10:] == 0).all()


def test_off_by_default_costs_nothing():
    """Default scenario and built-in strategy: no relief column, no added value, no value-cost event."""
    world = sim.build_world(small_scenario(horizon_months=2), "routine_care", 3).run()
    assert getattr(world, "value_relief", None) is None
    assert value_costs.added_value(world, np.arange(5)) == 0.0
    e = world.log.columns()
    assert not ((e["kind"] == EVENTS.index("cost")) & (e["a"] == value_costs.VALUE_COST)).any()


@pytest.mark.parametrize("bad", [{"service_points": -1}, {"image_points": 51}])
def test_points_are_bounded(bad):
    with pytest.raises(ScenarioError, match="points"):
        strategy_from_params("x", "routine_care", bad)


def test_value_cost_keys_are_checked():
    with pytest.raises(ScenarioError, match="value_costs.service_per_point"):
        small_scenario(value_costs={"service_per_point": -1})
