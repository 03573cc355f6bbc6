"""Adding value costs rep time too (做好加減法, issue 16.2): hours on added value compete with contacts.

``value_costs.service_hours_per_point`` (and personnel, image): rep hours a point of added value
takes per customer-week, taken from each rep's selling hours before the week's contacts are fitted
in, and paid at the hourly cost. Off (0) by default: the goldens are the runs of before.
"""

from __future__ import annotations

import numpy as np
import pytest
from simhelp import assert_logs_equal, run_world, small_scenario

import sim
from sim.model import value_costs
from sim.model.contacts import ContactTable
from sim.model.reps import allocate
from sim.results import run_result
from sim.scenario import ScenarioError
from sim.strategies import strategy_from_params
from sim.strategies.base import Plan
from sim.vocab import CARE, CONTACT, COST, CUSTOMER

HOURS = {"service_hours_per_point": 0.03, "image_hours_per_point": 0.05}
SERVICE_8 = strategy_from_params("service_8", "routine_care", {"service_points": 8, "image_points": 2})


def _scenario(**vc):
    return small_scenario(horizon_months=6, value_costs=vc)


def _planning_world(sc):
    """A world at its first week's planning (the sales force's contact table in place)."""
    world = sim.build_world(sc, SERVICE_8, 4)
    world.contact_table = ContactTable(sc)
    return world


def test_rep_hours_are_customers_times_points_times_hours():
    """Each rep's hours on added value: its customers × (8 × 0.03 + 2 × 0.05) hours."""
    world = sim.build_world(_scenario(**HOURS), SERVICE_8, 4)
    b = world.book
    cust = b.stage[: b.n] == CUSTOMER
    want = np.bincount(b.rep[: b.n][cust], minlength=world.reps.count) * (8 * 0.03 + 2 * 0.05)
    assert np.allclose(value_costs.rep_hours(world), want) and want.min() > 0
    assert value_costs.rep_hours(sim.build_world(_scenario(**HOURS), "routine_care", 4)) is None


def test_hours_on_added_value_leave_less_for_contacts():
    """With every account wishing a care contact, each rep's kept hours fit in what added value leaves.

    Breaks if allocate ignores the hours (a rep then fills its whole selling time)."""
    sc = _scenario(service_hours_per_point=0.1)  # ~60 customers × 0.8 h: more than a rep's week
    world = _planning_world(sc)
    n = world.book.n
    plan = Plan(account=np.arange(n, dtype=np.int32), function=np.full(n, CARE, np.int8), priority=np.ones(n))
    on_value = value_costs.rep_hours(world)
    acc, fn, rep = allocate(world, plan)
    spent = np.bincount(rep, weights=world.contact_table.hours[fn], minlength=world.reps.count)
    cap = sc.reps.hours_per_week * sc.reps.selling_share
    assert (spent <= np.maximum(cap - on_value, 0.0) + 1e-9).all()
    free = allocate(_planning_world(_scenario()), plan)[0]
    assert acc.size < free.size


def test_rep_time_cuts_contacts_and_is_paid_at_the_hourly_cost():
    """A run: fewer contacts than without the hours; each customer-week's value cost is the points'
    money plus their hours at ``reps.hourly_cost``."""
    on, off = run_world(_scenario(**HOURS), SERVICE_8, 5).log.columns(), run_world(_scenario(), SERVICE_8, 5).log.columns()
    count = [int((e["kind"] == CONTACT).sum()) for e in (on, off)]
    assert count[0] < count[1]
    paid = (on["kind"] == COST) & (on["a"] == value_costs.VALUE_COST)
    sc = _scenario(**HOURS)
    money = 8 * sc.value_costs.service_per_point + 2 * sc.value_costs.image_per_point
    assert np.allclose(on["y"][paid], money + (8 * 0.03 + 2 * 0.05) * sc.reps.hourly_cost)


def test_strategies_adding_nothing_spend_no_rep_time():
    """The hours bind only strategies that add value: routine care's run is the same with them on.

    Breaks if the hours were charged for every customer whatever the strategy adds."""
    assert_logs_equal(run_world(_scenario(**HOURS), "routine_care", 6).log.columns(),
                      run_world(_scenario(), "routine_care", 6).log.columns())


def test_a_mixed_world_spends_rep_time_only_in_adding_lanes():
    """Lanes side by side (routine care, then 8 points): each lane's events are its run of its own."""
    sc, seeds = _scenario(**HOURS), [11, 12]
    world = sim.build_world(sc, ["routine_care", SERVICE_8], seeds).run()
    for lane, strat in enumerate(("routine_care", SERVICE_8)):
        alone = sim.run(sc, strat, seeds[lane]).events
        mixed = run_result(world, lane).events
        assert_logs_equal(mixed, alone)


def test_hours_keys_are_checked_and_left_out_of_the_dump_at_zero():
    with pytest.raises(ScenarioError, match="value_costs.service_hours_per_point"):
        _scenario(service_hours_per_point=-1)
    assert "service_hours_per_point" not in _scenario().model_dump()["value_costs"]
    assert _scenario(**HOURS).model_dump()["value_costs"]["service_hours_per_point"] == 0.03
