"""The sales force: reps' weekly planning and contacts.

At the start of each week the strategy gives its wish list; the sales force fits
it into each rep's hours and budget (highest priority first) and the reps carry
out the week's contacts: each contact, and everything it causes, happens at
mid-week (``CONTACT_OFFSET``), before the dealers' and the market's weekly step.
(Contacts spread over five working days cost five passes a week and changed no
result the course cares about.) Reps are
columns (quota, revenue this month) like accounts: one process drives all of
them, so the cost of a week does not grow with the number of reps.
"""

from __future__ import annotations

import numpy as np

from sim.model import buying_centre, people, pool, value_costs
from sim.model.contacts import ContactTable, apply_contacts
from sim.strategies.base import BookView, Plan
from sim.units import WEEKS_PER_MONTH as WPM
from sim.vocab import CARE, SERVICE

PLAN_OFFSET = 0.05
#: when the week's contacts take effect (dealers' week at 0.5, the market clock at 0.9)
CONTACT_OFFSET = 0.4


def sales_force(world):
    """Each week: ask the strategy, fit its wishes into the reps' time, carry out the contacts."""
    env = world.env
    world.contact_table = ContactTable(world.scenario)
    yield env.timeout(PLAN_OFFSET)
    last_month = 0
    while True:
        t = env.now
        world.catch_up()
        month = int(t // WPM)
        if month != last_month:
            world.reps.revenue_month[:] = 0.0
            last_month = month
        people.week(world, t)  # reps learn, train, feel the quota, leave (off by default)
        buying_centre.week(world, t)
        pool.reassign(world, t)
        acc, fn, rep = allocate(world, plan_week(world, t))
        week = t - PLAN_OFFSET
        yield env.timeout(week + CONTACT_OFFSET - env.now)
        world.catch_up()
        apply_contacts(world, acc, fn, rep, env.now)
        yield env.timeout(week + 1.0 + PLAN_OFFSET - env.now)


def plan_week(world, t: float) -> Plan:
    """The week's wishes: the strategy's plan, or in a world whose lanes follow different
    strategies, each strategy's plan for its own lanes (seen as a book of their own), joined."""
    if not world.mixed:
        return check_plan(world.strategy.plan(BookView(world, t)), world.strategy, world.book.n)
    plans = []
    for strat, lo, hi in world.groups:
        view = BookView(world, t, lanes=(lo, hi))
        plans.append((check_plan(strat.plan(view), strat, view.n), view.start))
    return Plan(account=np.concatenate([p.account + start for p, start in plans]).astype(np.int32),
                function=np.concatenate([p.function for p, _ in plans]),
                priority=np.concatenate([p.priority for p, _ in plans]))


def check_plan(plan: Plan, strategy, n: int) -> Plan:
    """Reject a malformed plan from a user strategy (for a book of ``n`` accounts) with a clear message."""
    name = getattr(strategy, "name", "strategy")
    if not isinstance(plan, Plan):
        raise TypeError(f"strategy {name!r}: plan() must return a Plan, got {type(plan).__name__}")
    if not (plan.account.size == plan.function.size == plan.priority.size):
        raise ValueError(f"strategy {name!r}: plan arrays differ in length")
    if plan.account.size and (plan.account.min() < 0 or plan.account.max() >= n):
        raise ValueError(f"strategy {name!r}: plan names accounts outside 0..{n - 1}")
    if plan.function.size and (plan.function.min() < 0 or plan.function.max() > 5):
        raise ValueError(f"strategy {name!r}: plan functions must be codes 0..5 (sim.vocab.FUNCTIONS)")
    return plan


def _cumsum_by_lane(bounds, x: np.ndarray) -> np.ndarray:
    """Running sums restarted at each lane (``bounds``: where each lane's contacts start, and the end),
    as a run of its own would add them."""
    if bounds is None:
        return np.cumsum(x)
    out = np.empty_like(x)
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        out[lo:hi] = np.cumsum(x[lo:hi])
    return out


def indulgence_hours(world, acc: np.ndarray, fn: np.ndarray) -> np.ndarray | float:
    """Expected rep hours the out-of-scope wishes of indulged care and service contacts take
    (0 for a strategy that does not indulge): time the week no longer has for other accounts."""
    indulge = world.strategy_term("indulge", acc)
    eco = world.scenario.economics
    if not (indulge.any() if world.mixed else indulge) or eco.indulgence_hours == 0:
        return 0.0
    wish = ((fn == SERVICE) | (fn == CARE)) & indulge
    return wish * (eco.wish_chance * eco.indulgence_hours) * world.book.cost_to_serve[acc]


def allocate(world, plan: Plan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit the plan into each rep's hours and weekly budget, highest priority first.

    Returns the kept contacts as (account, function, rep), grouped by rep.
    """
    if len(plan) == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.int8), np.zeros(0, np.int32)
    b = world.book
    reps_cfg = world.scenario.reps
    table: ContactTable = world.contact_table
    acc, fn, prio = plan.account, plan.function, plan.priority
    # one contact per account per week: keep the highest-priority wish
    # (a plan built with np.flatnonzero has strictly increasing accounts: nothing to drop)
    if acc.size > 1 and not bool(np.all(acc[1:] > acc[:-1])):
        order = np.lexsort((-prio, acc))
        first = np.ones(order.size, dtype=bool)
        first[1:] = acc[order][1:] != acc[order][:-1]
        keep = order[first]
        acc, fn, prio = acc[keep], fn[keep], prio[keep]
    rep = b.rep[acc]
    # the order of np.lexsort((-prio, rep)), from two stable sorts: by priority, then by rep
    # (a radix sort when rep fits in 16 bits)
    order = np.argsort(-prio, kind="stable")
    rep_key = rep[order]
    if rep_key.size and 0 <= rep_key.min() and rep_key.max() < 65536:
        rep_key = rep_key.astype(np.uint16)
    order = order[np.argsort(rep_key, kind="stable")]
    acc, fn, rep = acc[order], fn[order], rep[order]
    hours, money = table.hours[fn] + indulgence_hours(world, acc, fn), table.money[fn]
    bounds = None if world.lanes == 1 else np.searchsorted(rep, np.arange(world.lanes + 1) * reps_cfg.count)
    ch, cm = _cumsum_by_lane(bounds, hours), _cumsum_by_lane(bounds, money)
    # first position of each contact's rep group (rep is sorted): one linear pass
    new_group = np.ones(rep.size, dtype=bool)
    new_group[1:] = rep[1:] != rep[:-1]
    start = np.maximum.accumulate(np.where(new_group, np.arange(rep.size), 0))
    carried = start > 0  # the running sums carry the previous rep's total (within a lane)
    if bounds is not None:  # nor the previous lane's
        lane_start = np.zeros(rep.size + 1, dtype=bool)
        lane_start[bounds] = True
        carried &= ~lane_start[start]
    before_h = ch - hours - np.where(carried, ch[np.maximum(start - 1, 0)], 0.0)
    before_m = cm - money - np.where(carried, cm[np.maximum(start - 1, 0)], 0.0)
    cap_h = reps_cfg.hours_per_week * reps_cfg.selling_share
    on_value = value_costs.rep_hours(world)  # hours the week's added value takes (None: none)
    if on_value is not None:
        cap_h = cap_h - on_value[rep]
    ok = (before_h + hours <= cap_h) & (before_m + money <= reps_cfg.weekly_budget)
    return acc[ok], fn[ok], rep[ok]
