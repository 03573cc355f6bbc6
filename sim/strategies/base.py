"""The strategy protocol: what a care policy sees and what it returns.

Each week a strategy gets a read-only :class:`BookView` of the accounts and
returns a :class:`Plan`: which accounts to contact, with which function, in which
order of priority. The world, not the strategy, fits each rep's plan into that
rep's hours and budget, so a strategy cannot overspend.

A hand-written strategy is a small class::

    class CallTheBigOnes(Strategy):
        name = "call_the_big_ones"
        def plan(self, view):
            big = view.customers()[view.size[view.customers()] > 5]
            return Plan.of(big, CARE, priority=view.size[big])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.vocab import CUSTOMER, DORMANT


@dataclass(frozen=True)
class Plan:
    """Contacts a strategy wants this week: parallel arrays, highest priority first served."""

    account: np.ndarray
    function: np.ndarray
    priority: np.ndarray

    @classmethod
    def of(cls, account, function, priority=1.0) -> "Plan":
        account = np.asarray(account, dtype=np.int32).ravel()
        n = account.size
        return cls(
            account=account,
            function=np.broadcast_to(np.asarray(function, dtype=np.int8), (n,)).copy(),
            priority=np.broadcast_to(np.asarray(priority, dtype=float), (n,)).copy(),
        )

    @classmethod
    def empty(cls) -> "Plan":
        return cls.of(np.zeros(0, np.int32), 0, 0.0)

    def __len__(self) -> int:
        return int(self.account.size)


def _ro(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


class BookView:
    """Read-only columns of the active accounts, as a strategy may see them this week.

    What a rep would know: stage, tier, rapport, segment, size and estimated yearly
    value, weeks since the last contact and purchase, crises and quality problems,
    a decision maker's needs once intelligence has found them, dealers' stock
    cover, and each rep's quota gap this month. A view may hold several
    replications side by side (``lanes``; ``local`` is an account's index within
    its own book): a strategy that treats accounts one by one needs not care.
    """

    def __init__(self, world, t: float) -> None:
        b, n = world.book, world.book.n
        sc = world.scenario
        self.t = t
        self.week = int(t)
        self.n = n
        self.scenario = sc
        self.stage = _ro(b.stage[:n])
        self.tier = _ro(b.tier[:n])
        self.rapport = _ro(b.rapport[:n])
        self.segment = _ro(b.segment[:n])
        self.size = _ro(b.size[:n])
        self.rep = _ro(b.rep[:n])
        self.is_dealer = _ro(b.is_dealer[:n])
        self.weeks_since_contact = t - b.last_contact[:n]
        self.weeks_since_purchase = t - b.last_purchase[:n]
        self.in_crisis = b.crisis_until[:n] > t
        self.quality_problem = b.quality_until[:n] > t
        self.needs_known = _ro(b.needs_known[:n])
        self.company_need = np.where(b.needs_known[:n], b.company_need[:n], -1).astype(np.int8)
        avg_price = sum(p.price * p.share for p in sc.products) / sum(p.share for p in sc.products)
        avg_margin = sum(p.price * p.share * p.margin for p in sc.products) / sum(p.price * p.share for p in sc.products)
        self.value_estimate = sc.market.purchases_per_year * b.size[:n] * avg_price * avg_margin
        cover = np.full(n, np.nan)
        ds = world.dealers
        dk = ds.account[ds.account < n]
        if dk.size:
            cover[dk] = ds.cover_weeks(ds.pos[dk])
        self.dealer_cover_weeks = cover
        month_frac = (t % (52 / 12)) / (52 / 12)
        self.quota_gap = sc.reps.monthly_quota * month_frac - world.reps.revenue_month
        self.thresholds = world.thresholds
        # several replications may share one view, side by side in blocks ("lanes")
        self.lanes = b.lanes
        self.lane_bounds = [(k * b.lane_cap, k * b.lane_cap + int(b.n_lane[k])) for k in range(b.lanes)]
        self.local = np.arange(n) % b.lane_cap if b.lanes > 1 else np.arange(n)  # index within its lane

    def customers(self) -> np.ndarray:
        """Indices of accounts in the customer stage."""
        return np.flatnonzero(self.stage == CUSTOMER)

    def pool(self) -> np.ndarray:
        """Indices of dormant accounts (the public pool)."""
        return np.flatnonzero(self.stage == DORMANT)


class Strategy:
    """Base class of a care strategy. Override :meth:`plan`; set ``price_cut`` for discounts."""

    name: str = "strategy"
    label: str = ""
    price_cut: float = 0.0       # discount off list price, for every account
    indulge: bool = False        # serve out-of-scope wishes of unprofitable accounts
    remedies: tuple[str, ...] = ()  # sell-through help a consulting contact brings a dealer

    def plan(self, view: BookView) -> Plan:  # pragma: no cover - interface
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<strategy {self.name}>"
