"""Dealers (代理商/經銷商): B2B accounts with stock, sell-through and cash.

Each week a dealer sells to its own end customers, pays its costs and reorders up
to the stock it likes to hold, as far as its cash allows. A rep's transaction push
loads extra stock on it; when stock piles up beyond what it can sell, or its cash
runs out, it stops answering the rep ("switched off his phone") and drifts to the
competitor; a dealer whose sales fall well below normal (a hard season) screens
calls too. Help with sell-through (a campus channel, shared installation
engineers) raises its sales, so its orders, and keeps it answering.
"""

from __future__ import annotations

import numpy as np

from sim.units import WEEKS_PER_MONTH as WPM
from sim.vocab import COST, CUSTOMER, DORMANT, PURCHASE, REMEDY_COST, STOCK

DEALER_OFFSET = 0.5


class DealerState:
    """Columns over the dealers (index ``k`` <-> account ``book.dealer_index[k]``)."""

    def __init__(self, scenario, book, rngs: list[np.random.Generator]) -> None:
        d = scenario.dealers
        self.cfg = d
        self.account = book.dealer_index
        k = self.account.size
        self.pos = np.full(book.capacity, -1, dtype=np.int32)
        self.pos[self.account] = np.arange(k, dtype=np.int32)
        self.per_lane = k // len(rngs)  # every lane has the same number of dealers
        self.lane = np.repeat(np.arange(len(rngs)), self.per_lane)
        self.demand = np.concatenate(
            [d.weekly_sell_through * rng.lognormal(d.size_log_mean, d.size_sigma, size=self.per_lane) for rng in rngs])
        self.noise = rngs  # weekly sell-through noise, one stream per lane
        self.stock = d.target_cover_weeks * self.demand
        self.cash = d.initial_cash_weeks * self.demand * d.unit_price * (1 + d.dealer_margin)
        self.channel_until = np.full(k, -1.0)
        self.engineers_until = np.full(k, -1.0)
        self.last_sales = self.demand.copy()

    def cover_weeks(self, k=slice(None)) -> np.ndarray:
        """Stock in weeks of recent sales."""
        return self.stock[k] / np.maximum(self.last_sales[k], 1e-9)

    def stressed(self, k=slice(None)) -> np.ndarray:
        return (self.cover_weeks(k) > self.cfg.avoid_cover_weeks) | (self.cash[k] < 0)

    def answer_prob(self, accounts: np.ndarray) -> np.ndarray:
        """Chance a dealer picks up the phone: low when it is drowning in our stock."""
        p = np.ones(accounts.size)
        k = self.pos[accounts]
        m = k >= 0
        if m.any():
            d, km = self.cfg, k[m]
            calm = np.where(self.struggling(km), d.struggling_answer_prob, d.answer_prob)
            p[m] = np.where(self.stressed(km), d.avoid_answer_prob, calm)
        return p

    def struggling(self, k=slice(None)) -> np.ndarray:
        """Dealers whose recent sales fell below ``struggling_sales_share`` of their normal sales."""
        return self.last_sales[k] < self.cfg.struggling_sales_share * self.demand[k]

    def drift_hazard(self, accounts: np.ndarray) -> np.ndarray:
        """Extra yearly churn hazard toward the competitor for stressed dealers (0 for others)."""
        h = np.zeros(accounts.size)
        k = self.pos[accounts]
        m = k >= 0
        if m.any():
            h[m] = np.where(self.stressed(k[m]), self.cfg.drift_per_year, 0.0)
        return h

    def uplift(self, t: float) -> np.ndarray:
        d = self.cfg
        return (1.0 + d.campus_channel.sell_through_uplift * (self.channel_until > t)
                + d.shared_engineers.sell_through_uplift * (self.engineers_until > t))


def dealer_process(world):
    env = world.env
    ds: DealerState = world.dealers
    if ds.account.size == 0:
        return
    yield env.timeout(DEALER_OFFSET)
    while True:
        world.catch_up()
        _week(world, env.now)
        yield env.timeout(1.0)


def _order(world, k: np.ndarray, units: np.ndarray, t: float) -> None:
    """Dealers ``k`` buy ``units`` from us: stock in, cash out, a purchase and a stock event."""
    ds, b = world.dealers, world.book
    d = ds.cfg
    acc = ds.account[k]
    ds.stock[k] += units
    ds.cash[k] -= units * d.unit_price
    revenue = units * d.unit_price
    contribution = revenue * d.unit_margin - world.scenario.economics.cost_per_order
    world.log.add(PURCHASE, t, acc, rep=b.rep[acc], a=-1, stage=b.stage[acc], x=revenue, y=contribution)
    world.log.add(STOCK, t, acc, rep=b.rep[acc], a=0, stage=b.stage[acc], x=units, y=ds.stock[k])
    np.add.at(world.reps.revenue_month, b.rep[acc], revenue)
    b.last_purchase[acc] = t
    world.set_stage(acc[b.stage[acc] == DORMANT], CUSTOMER, t)


def _week(world, t: float) -> None:
    ds, b = world.dealers, world.book
    d = ds.cfg
    stage = b.stage[ds.account]
    k = np.flatnonzero((stage == CUSTOMER) | (stage == DORMANT))
    if k.size == 0:
        return
    # fixed size (every dealer of a lane with a dealer left): the same draws for every strategy
    noise = np.zeros(ds.account.size)
    live_lanes = range(1) if len(ds.noise) == 1 else np.unique(ds.lane[k])
    for lane in live_lanes:
        noise[lane * ds.per_lane:(lane + 1) * ds.per_lane] = ds.noise[lane].lognormal(d.sales_noise_log_mean, d.sales_noise_sigma, size=ds.per_lane)
    demand = ds.demand[k] * ds.uplift(t)[k] * noise[k]
    demand = demand * world.demand_factor(ds.account[k], t)
    sold = np.minimum(ds.stock[k], demand)
    ds.stock[k] -= sold
    w = d.recent_sales_weight  # 1 - 0.3 is exactly 0.7: the default keeps the old floats
    ds.last_sales[k] = (1.0 - w) * ds.last_sales[k] + w * np.maximum(demand, 1e-6)
    value = sold * d.unit_price * (1 + d.dealer_margin)
    relief = d.shared_engineers.dealer_cost_relief * (ds.engineers_until[k] > t)
    costs = value * d.labour_share * (1 - relief) + ds.stock[k] * d.unit_price * d.holding_cost_weekly
    ds.cash[k] += value - costs
    acc = ds.account[k]
    world.log.add(STOCK, t, acc, rep=b.rep[acc], a=1, stage=b.stage[acc], x=sold, y=ds.stock[k])
    # reorder up to target cover, if cash allows
    want = np.maximum(d.target_cover_weeks * ds.last_sales[k] - ds.stock[k], 0.0)
    afford = np.maximum(ds.cash[k], 0.0) / d.unit_price
    units = np.floor(np.minimum(want, afford))
    buy = units >= 1
    if buy.any():
        _order(world, k[buy], units[buy], t)


def push(world, accounts: np.ndarray, t: float) -> None:
    """A transaction push loads stock onto dealers ``accounts`` whatever they can sell."""
    ds = world.dealers
    k = ds.pos[accounts]
    k = k[k >= 0]
    if k.size and ds.cfg.push_units > 0:
        _order(world, k, np.full(k.size, ds.cfg.push_units), t)


def help_sell_through(world, accounts: np.ndarray, remedies: tuple[str, ...], t: float) -> None:
    """Consulting with dealers: start the chosen remedies for a few months and pay for them."""
    ds, b = world.dealers, world.book
    k = ds.pos[accounts]
    acc = accounts[k >= 0]
    k = k[k >= 0]
    if k.size == 0:
        return
    months = ds.cfg.remedy_months
    until = t + months * WPM
    cost = np.zeros(k.size)
    for name in remedies:
        cfg = getattr(ds.cfg, name)
        arr = ds.channel_until if name == "campus_channel" else ds.engineers_until
        fresh = arr[k] <= t
        cost += np.where(fresh, cfg.cost_per_month * months, 0.0)
        arr[k] = np.maximum(arr[k], until)
    m = cost > 0
    if m.any():
        world.log.add(COST, t, acc[m], rep=b.rep[acc[m]], a=REMEDY_COST, stage=b.stage[acc[m]], y=cost[m])
