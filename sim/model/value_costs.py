"""Adding value costs something (做好加減法): a strategy's added value, its weekly cost, contact relief.

A strategy adds service, personnel or image value for every customer (``service_points`` …,
:class:`~sim.strategies.params.StrategyParams`); each point costs the firm money per
customer-week (``value_costs`` in the scenario), logged as a cost event, and can take rep time
(``value_costs.service_hours_per_point`` …): hours each rep spends on its customers' added value,
paid at the hourly cost, are no longer there for contacts (:func:`rep_hours`). An answered contact
can also take time, mental and physical cost (時間/精神/體力成本) off the account
(``value_costs.relief_per_contact``), fading with neglect like service care.
Everything here is off (no cost, no draw, no change) when the parameters are 0.
"""

from __future__ import annotations

import numpy as np

from sim.units import WEEKS_PER_MONTH as WPM
from sim.vocab import COST, CUSTOMER, SYSTEM_COST, VALUE_COST

NO_POINTS = (0.0, 0.0, 0.0)


def lane_points(world) -> np.ndarray:
    """Each lane's (service, personnel, image) points, shape (lanes, 3); cached on the world."""
    pts = getattr(world, "_value_points", None)
    if pts is None:
        pts = np.array([getattr(s, "value_points", NO_POINTS) for s in world.lane_strategy], dtype=float)
        world._value_points = pts
    return pts


def added_value(world, idx: np.ndarray):
    """Points of value our strategy adds for accounts ``idx`` (a scalar 0.0 when none)."""
    total = lane_points(world).sum(axis=1)
    if not total.any():
        return 0.0
    return total[0] if world.lanes == 1 else total[world.book.lane_of(idx)]


def _per_point(vc, kind: str) -> np.ndarray:
    """(service, personnel, image) prices of a point: money (``kind`` "") or rep hours ("hours_")."""
    return np.array([getattr(vc, f"{v}_{kind}per_point") for v in ("service", "personnel", "image")])


def lane_hours(world) -> np.ndarray | None:
    """Rep hours each lane's added value takes per customer-week (None when no lane's takes any); cached."""
    if not hasattr(world, "_value_hours"):
        h = lane_points(world) @ _per_point(world.scenario.value_costs, "hours_")
        world._value_hours = h if (h > 0).any() else None
    return world._value_hours


def rep_hours(world) -> np.ndarray | None:
    """This week's rep hours on added value, per rep (global index): its customers × the lane's hours."""
    h = lane_hours(world)
    if h is None:
        return None
    b = world.book
    rep = b.rep[: b.n][b.stage[: b.n] == CUSTOMER]
    per_rep = np.repeat(h, world.scenario.reps.count)
    return np.bincount(rep[rep >= 0], minlength=per_rep.size) * per_rep


def relief(world, idx: np.ndarray):
    """Points of non-money cost contacts have taken off accounts ``idx`` (0.0 when relief is off)."""
    r = getattr(world, "value_relief", None)
    return 0.0 if r is None else r[idx]


def after_contacts(world, ok: np.ndarray) -> None:
    """Answered contacts ``ok`` take non-money cost off their accounts (up to the cap)."""
    vc, offer = world.scenario.value_costs, world.scenario.offer
    if not vc.relief_per_contact:
        return
    if getattr(world, "value_relief", None) is None:
        world.value_relief = np.zeros(world.book.capacity)
    cap = min(vc.relief_cap, offer.time + offer.energy + offer.psychological)
    r = world.value_relief
    r[ok] = np.minimum(r[ok] + vc.relief_per_contact, cap)


def weekly(world, t: float, kept: float) -> None:
    """The market clock's week: relief keeps the share ``kept`` (as service care does); added value is paid for."""
    r = getattr(world, "value_relief", None)
    if r is not None:
        r *= kept
    _system_cost(world, t)
    vc = world.scenario.value_costs
    per_week = lane_points(world) @ _per_point(vc, "")
    hours = lane_hours(world)
    if hours is not None:  # the reps' hours on added value are paid like contact hours
        per_week = per_week + hours * world.scenario.reps.hourly_cost
    if not (per_week > 0).any():
        return
    b = world.book
    cust = np.flatnonzero(b.stage[: b.n] == CUSTOMER).astype(np.int32)
    cost = per_week[0] if world.lanes == 1 else per_week[b.lane_of(cust)]
    if world.mixed:  # only the lanes whose strategy adds value pay (and log) for it
        cust, cost = cust[cost > 0], cost[cost > 0]
    world.log.add(COST, t, cust, rep=b.rep[cust], a=VALUE_COST, stage=CUSTOMER, y=cost)


def _system_cost(world, t: float) -> None:
    """A CRM software system (``economics.crm_system_cost_per_month``): a fixed cost each week, every lane."""
    monthly = world.scenario.economics.crm_system_cost_per_month
    if not monthly:
        return
    for k in range(world.lanes):
        world.log.add(COST, t, np.full(1, -1, np.int32), a=SYSTEM_COST, y=monthly / WPM, lane=k)
