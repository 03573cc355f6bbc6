"""The book of accounts, held as columns (one NumPy array per attribute).

Each account is a customer firm with one key decision maker. Accounts beyond
``accounts.count`` are the referral pool: drawn with the population (so they are
the same for every strategy) and activated when a friend or confidant refers them.
"""

from __future__ import annotations

import numpy as np

from sim.accountbook import read_book
from sim.scenario import Scenario
from sim.scenario_fit import fit_points
from sim.units import RAPPORT_MAX
from sim.vocab import (
    CONSULTING, CUSTOMER, INFORMATION, LOST, OPPORTUNITY, PROSPECT, SERVICE, TARGET, TRANSACTION,
)

INACTIVE = -1
#: company needs a decision maker can have (functions that serve the firm)
COMPANY_NEEDS = np.array([INFORMATION, SERVICE, CONSULTING, TRANSACTION], dtype=np.int8)


class Book:
    """Account state as columns, for one or more replications ("lanes") side by side.

    Lane ``k`` owns the index block ``[k * lane_cap, (k + 1) * lane_cap)``: its
    ``accounts.count`` starting accounts, then its referral pool. ``n_lane[k]``
    accounts of the block are active; inactive ones have stage -1. Each lane's
    columns are drawn from its own population stream exactly as a one-lane book
    would be, so a lane is the same book as a run of its own.
    """

    def __init__(self, scenario: Scenario, rngs: list[np.random.Generator]) -> None:
        n0 = scenario.accounts.count
        cap = n0 + int(np.ceil(n0 * scenario.accounts.referral_capacity))
        self.lanes = len(rngs)
        self.lane_cap = cap
        self.capacity = cap * self.lanes
        self.n_initial = n0
        self.n_lane = np.full(self.lanes, n0, dtype=np.int64)
        #: the accounts are a twin of a real book (``accounts.book``): columns twin, twin_rate, twin_drop
        self.has_twin = scenario.accounts.book is not None
        #: routine care's weekly mean purchase factor and hazard ratio on this book (1 beyond them)
        self.twin_norm = (np.asarray(scenario.accounts.book_care or (1.0,)),
                          np.asarray(scenario.accounts.book_hazard or (1.0,)))
        cols = [_lane_columns(scenario, rng, cap, n0) for rng in rngs]
        for name in cols[0]:
            if name != "dealer_index":
                setattr(self, name, np.concatenate([c[name] for c in cols]))
        reps = scenario.reps.count
        for k in range(1, self.lanes):  # reps and dealers of lane k get global numbers
            block = slice(k * cap, (k + 1) * cap)
            self.rep[block] = np.where(self.rep[block] >= 0, self.rep[block] + k * reps, -1)
        #: each account's offer fit in points (sim.scenario_fit), added to its delivered-value gap when not neutral
        self.has_fit = not scenario.accounts.fit.neutral
        self.fit = fit_points(scenario.accounts.fit, scenario.accounts, self.industry, self.region, self.size)
        #: the cause of each account's last churn (-1: none) and whether a rep has investigated it
        self.churn_cause = np.full(self.capacity, -1, dtype=np.int8)
        self.cause_known = np.zeros(self.capacity, dtype=bool)
        self.assigned_at = np.full(self.capacity, -1e9)  # when the public pool last handed the account on
        self.dealer_index = np.concatenate([c["dealer_index"] + k * cap for k, c in enumerate(cols)]).astype(np.int32)

    @property
    def n(self) -> int:
        """One past the last active account: every active account is below it."""
        return int((self.lanes - 1) * self.lane_cap + self.n_lane[-1])

    def lane_of(self, idx) -> np.ndarray:
        return np.asarray(idx) // self.lane_cap

    # ------------------------------------------------------------ helpers
    def tiers_for(self, rapport: np.ndarray, thresholds) -> np.ndarray:
        if np.size(rapport) < 1024:  # small batches: the binary search has less overhead
            return np.searchsorted(thresholds, rapport, side="right").astype(np.int8)
        # == np.searchsorted(thresholds, rapport, side="right"): how many thresholds are <= rapport;
        # one vectorised comparison per threshold, ~4-15x faster than a binary search per account
        out = np.zeros(np.shape(rapport), dtype=np.int8)
        for th in np.asarray(thresholds):
            out += (rapport >= th).view(np.int8)
        return out


def _lane_columns(scenario: Scenario, rng: np.random.Generator, cap: int, n0: int) -> dict[str, np.ndarray]:
    """The columns of one lane's book, drawn from its population stream."""
    acc = scenario.accounts
    c: dict[str, np.ndarray] = {}
    mix = np.array(acc.segments.as_tuple(), dtype=float)
    c["segment"] = rng.choice(mix.size, size=cap, p=mix / mix.sum()).astype(np.int8)
    c["region"] = rng.integers(0, len(acc.regions), size=cap).astype(np.int16)
    c["industry"] = rng.integers(0, len(acc.industries), size=cap).astype(np.int16)
    medians = np.array(acc.size.medians())
    c["size"] = medians[c["segment"]] * rng.lognormal(0.0, acc.size.sigma, size=cap)
    dm = scenario.decision_makers
    c["affinity"] = rng.lognormal(0.0, dm.affinity_sigma, size=cap)
    c["has_intermediary"] = rng.random(cap) < acc.intermediary_share
    c["company_need"] = rng.choice(COMPANY_NEEDS, size=cap)
    spread = scenario.market.rate_spread
    c["rate_mult"] = rng.lognormal(-0.5 * spread ** 2, spread, size=cap)
    c["preference"] = rng.normal(0.0, acc.preference_sigma, size=cap)  # taste for our offer vs the competitor's, in points
    sig = acc.cost_to_serve_sigma
    c["cost_to_serve"] = rng.lognormal(-0.5 * sig ** 2, sig, size=cap)  # multiplier of order cost
    c["product_u"] = rng.random(cap)  # each account's main product (by the products' shares)

    stages = np.array(acc.initial_stages.as_tuple(), dtype=float)
    start_stage = np.array([PROSPECT, TARGET, OPPORTUNITY, CUSTOMER], dtype=np.int8)
    stage = np.full(cap, INACTIVE, dtype=np.int8)
    stage[:n0] = start_stage[rng.choice(start_stage.size, size=n0, p=stages / stages.sum())]
    c["stage"] = stage
    c["stage_since"] = np.zeros(cap)
    # existing customers start with some rapport, the more receptive the more
    start_rapport = np.minimum(rng.uniform(0.0, scenario.relationship.start_rapport_max, size=cap) * c["affinity"], RAPPORT_MAX)
    rapport = np.where(stage == CUSTOMER, start_rapport, 0.0)
    rapport[n0:] = 0.0
    c["rapport"] = rapport
    c["tier"] = np.zeros(cap, dtype=np.int8)
    rep = np.full(cap, -1, dtype=np.int32)
    rep[:n0] = rng.permutation(n0) % scenario.reps.count
    c["rep"] = rep
    # time since last purchase at start: recent for customers
    c["last_purchase"] = np.where(stage == CUSTOMER, -rng.uniform(0.0, acc.start_purchase_weeks, size=cap), -1e9)
    c["last_contact"] = -rng.uniform(0.0, acc.start_contact_weeks, size=cap)
    c["needs_known"] = np.zeros(cap, dtype=bool)
    c["dm_since"] = np.full(cap, -1e9)  # when the current decision maker took over
    c["crisis_until"] = np.full(cap, -1.0)
    c["quality_until"] = np.full(cap, -1.0)
    c["service_boost"] = np.zeros(cap)  # service value added by service/consulting, in points
    c["ever_answered"] = np.zeros(cap, dtype=bool)
    c["is_dealer"] = np.zeros(cap, dtype=bool)
    c["won"] = np.zeros(cap, dtype=bool)  # won during the run (acquired)

    d = min(scenario.dealers.count, n0)
    if d:
        dealer_index = np.sort(rng.choice(n0, size=d, replace=False)).astype(np.int32)
        c["is_dealer"][dealer_index] = True
        stage[dealer_index] = CUSTOMER
        c["last_purchase"][dealer_index] = 0.0
    else:
        dealer_index = np.zeros(0, dtype=np.int32)
    c["dealer_index"] = dealer_index
    if acc.book is not None:
        _twin_columns(c, acc.book, rng, n0)
    return c


def _twin_columns(c: dict[str, np.ndarray], path: str, rng: np.random.Generator, n0: int) -> None:
    """Start the first ``n0`` accounts as a draw from each real customer's posterior (:mod:`sim.accountbook`).

    Drawn after every other column, from the same population stream: alive or not, the
    purchase rate while alive, the dropout chance after a purchase.
    """
    bk = read_book(path)
    v = bk.values
    alive = rng.random(n0) < v["p_alive"]
    rate = rng.gamma(v["rate_shape"], 1.0 / v["rate_rate"])
    drop = rng.beta(v["dropout_a"], v["dropout_b"])
    cap = c["stage"].size
    c["segment"][:n0] = bk.segment
    c["size"][:n0] = v["size"]
    stage = c["stage"]
    stage[:n0] = np.where(alive | c["is_dealer"][:n0], CUSTOMER, LOST)
    c["rapport"][:n0] = np.where(alive, c["rapport"][:n0], 0.0)
    c["last_purchase"][:n0] = -v["weeks_since_purchase"]
    c["twin"] = np.zeros(cap, dtype=bool)
    c["twin"][:n0] = ~c["is_dealer"][:n0]
    c["twin_rate"], c["twin_drop"] = np.zeros(cap), np.zeros(cap)
    c["twin_rate"][:n0], c["twin_drop"][:n0] = rate, drop
