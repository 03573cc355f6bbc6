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
from functools import cached_property

import numpy as np

from sim.units import WEEKS_PER_MONTH
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

    What a rep would know: stage, tier, rapport, segment, industry, region, size, how well
    our offer fits the account, its estimated yearly
    value, weeks since the last contact and purchase, crises and quality problems,
    a decision maker's needs once intelligence has found them, why a lost account
    left once investigated, dealers' stock
    cover, and each rep's quota gap this month. A view may hold several
    replications side by side (``lanes``; ``local`` is an account's index within
    its own book): a strategy that treats accounts one by one needs not care.
    """

    def __init__(self, world, t: float, lanes: tuple[int, int] | None = None) -> None:
        b = world.book
        lo, hi = lanes or (0, b.lanes)
        #: the view's first account in the world's book (its index 0); ``lanes``: the view's lane range
        self.start = lo * b.lane_cap
        n = (hi - 1) * b.lane_cap + int(b.n_lane[hi - 1]) - self.start
        cols = self._cols = slice(self.start, self.start + n)
        self._world = world
        self.t = t
        self.week = int(t)
        self.n = n
        self.scenario = world.scenario
        self.stage = _ro(b.stage[cols])
        self.tier = _ro(b.tier[cols])
        self.rapport = _ro(b.rapport[cols])
        self.segment = _ro(b.segment[cols])
        self.size = _ro(b.size[cols])
        self.rep = _ro(b.rep[cols])  # the world's rep numbers (each lane has its own reps)
        self.is_dealer = _ro(b.is_dealer[cols])
        self.industry = _ro(b.industry[cols])  # codes of scenario.accounts.industries
        self.region = _ro(b.region[cols])  # codes of scenario.accounts.regions
        self.needs_known = _ro(b.needs_known[cols])
        self.thresholds = world.thresholds
        # several replications may share one view, side by side in blocks ("lanes")
        self.lanes = hi - lo

    # derived columns: computed when a strategy first reads them (during its plan), then kept
    @cached_property
    def weeks_since_contact(self) -> np.ndarray:
        return self.t - self._world.book.last_contact[self._cols]

    @cached_property
    def weeks_since_purchase(self) -> np.ndarray:
        return self.t - self._world.book.last_purchase[self._cols]

    @cached_property
    def in_crisis(self) -> np.ndarray:
        return self._world.book.crisis_until[self._cols] > self.t

    @cached_property
    def quality_problem(self) -> np.ndarray:
        return self._world.book.quality_until[self._cols] > self.t

    @cached_property
    def company_need(self) -> np.ndarray:
        """The decision maker's company need once intelligence has found it, else -1."""
        b = self._world.book
        return np.where(b.needs_known[self._cols], b.company_need[self._cols], -1).astype(np.int8)

    @cached_property
    def fit(self) -> np.ndarray:
        """How well our offer fits each account, in points (the scenario's ``accounts.fit``: 0 when neutral)."""
        return _ro(self._world.book.fit[self._cols])

    @cached_property
    def churn_cause(self) -> np.ndarray:
        """The recorded cause of a lost account's churn once a rep has investigated it, else -1."""
        b = self._world.book
        return np.where(b.cause_known[self._cols], b.churn_cause[self._cols], -1).astype(np.int8)

    @cached_property
    def value_estimate(self) -> np.ndarray:
        """Estimated yearly gross margin of each account (size x typical order)."""
        w = self._world
        prods = w.products
        return w.scenario.market.purchases_per_year * w.book.size[self._cols] * prods.avg_price * prods.avg_margin

    @cached_property
    def dealer_cover_weeks(self) -> np.ndarray:
        """Dealers' stock in weeks of recent sales (NaN for other accounts)."""
        cover = np.full(self.n, np.nan)
        ds = self._world.dealers
        dk = ds.account[(ds.account >= self.start) & (ds.account < self.start + self.n)]
        if dk.size:
            cover[dk - self.start] = ds.cover_weeks(ds.pos[dk])
        return cover

    @cached_property
    def quota_gap(self) -> np.ndarray:
        """Each rep's revenue still missing against the month's quota so far (by the world's rep numbers)."""
        month_frac = (self.t % WEEKS_PER_MONTH) / WEEKS_PER_MONTH
        return self.scenario.reps.monthly_quota * month_frac - self._world.reps.revenue_month

    @cached_property
    def lane_bounds(self) -> list[tuple[int, int]]:
        """Each lane's active index range ``[lo, hi)`` in the view."""
        b = self._world.book
        first = self.start // b.lane_cap
        return [(k * b.lane_cap, k * b.lane_cap + int(b.n_lane[first + k])) for k in range(self.lanes)]

    @cached_property
    def local(self) -> np.ndarray:
        """Each account's index within its own lane's book."""
        cap = self._world.book.lane_cap
        return np.arange(self.n) % cap if self.lanes > 1 else np.arange(self.n)

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
    pool_reassign_weeks: float = 0.0  # public pool: hand a dormant account unanswered this long to the next rep

    def plan(self, view: BookView) -> Plan:  # pragma: no cover - interface
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<strategy {self.name}>"
