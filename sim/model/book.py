"""The book of accounts, held as columns (one NumPy array per attribute).

Each account is a customer firm with one key decision maker. Accounts beyond
``accounts.count`` are the referral pool: drawn with the population (so they are
the same for every strategy) and activated when a friend or confidant refers them.
"""

from __future__ import annotations

import numpy as np

from sim.scenario import Scenario
from sim.vocab import (
    CONSULTING, CUSTOMER, INFORMATION, OPPORTUNITY, PROSPECT, SERVICE, TARGET, TRANSACTION,
)

INACTIVE = -1
#: company needs a decision maker can have (functions that serve the firm)
COMPANY_NEEDS = np.array([INFORMATION, SERVICE, CONSULTING, TRANSACTION], dtype=np.int8)


class Book:
    """Account state as columns. ``n`` accounts are active; ``capacity`` includes the referral pool."""

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        acc = scenario.accounts
        n0 = acc.count
        cap = n0 + int(np.ceil(n0 * acc.referral_capacity))
        self.capacity = cap
        self.n_initial = n0
        self.n = n0  # active accounts are 0..n-1

        mix = np.array(acc.segments.as_tuple(), dtype=float)
        self.segment = rng.choice(4, size=cap, p=mix / mix.sum()).astype(np.int8)
        self.region = rng.integers(0, len(acc.regions), size=cap).astype(np.int16)
        self.industry = rng.integers(0, len(acc.industries), size=cap).astype(np.int16)
        medians = np.array(acc.size.medians())
        self.size = medians[self.segment] * rng.lognormal(0.0, acc.size.sigma, size=cap)
        dm = scenario.decision_makers
        self.affinity = rng.lognormal(0.0, dm.affinity_sigma, size=cap)
        self.has_intermediary = rng.random(cap) < acc.intermediary_share
        self.company_need = rng.choice(COMPANY_NEEDS, size=cap)
        self.rate_mult = rng.lognormal(-0.5 * scenario.market.rate_spread ** 2, scenario.market.rate_spread, size=cap)
        self.preference = rng.normal(0.0, 4.0, size=cap)  # taste for our offer vs the competitor's, in points
        sig = acc.cost_to_serve_sigma
        self.cost_to_serve = rng.lognormal(-0.5 * sig ** 2, sig, size=cap)  # multiplier of order cost
        self.product_u = rng.random(cap)  # each account's main product (by the products' shares)

        stages = np.array(acc.initial_stages.as_tuple(), dtype=float)
        start_stage = np.array([PROSPECT, TARGET, OPPORTUNITY, CUSTOMER], dtype=np.int8)
        self.stage = np.full(cap, INACTIVE, dtype=np.int8)
        self.stage[:n0] = start_stage[rng.choice(4, size=n0, p=stages / stages.sum())]
        self.stage_since = np.zeros(cap)
        # existing customers start with some rapport, the more receptive the more
        start_rapport = np.minimum(rng.uniform(0.0, 30.0, size=cap) * self.affinity, 100.0)
        self.rapport = np.where(self.stage == CUSTOMER, start_rapport, 0.0)
        self.rapport[n0:] = 0.0
        self.tier = np.zeros(cap, dtype=np.int8)
        self.rep = np.full(cap, -1, dtype=np.int32)
        self.rep[:n0] = rng.permutation(n0) % scenario.reps.count
        # time since last purchase at start: recent for customers
        self.last_purchase = np.where(self.stage == CUSTOMER, -rng.uniform(0.0, 6.0, size=cap), -1e9)
        self.last_contact = -rng.uniform(0.0, 8.0, size=cap)
        self.needs_known = np.zeros(cap, dtype=bool)
        self.dm_since = np.full(cap, -1e9)  # when the current decision maker took over
        self.crisis_until = np.full(cap, -1.0)
        self.quality_until = np.full(cap, -1.0)
        self.service_boost = np.zeros(cap)  # service value added by service/consulting, in points
        self.ever_answered = np.zeros(cap, dtype=bool)
        self.is_dealer = np.zeros(cap, dtype=bool)
        self.won = np.zeros(cap, dtype=bool)  # won during the run (acquired)

        d = min(scenario.dealers.count, n0)
        if d:
            self.dealer_index = np.sort(rng.choice(n0, size=d, replace=False)).astype(np.int32)
            self.is_dealer[self.dealer_index] = True
            self.stage[self.dealer_index] = CUSTOMER
            self.last_purchase[self.dealer_index] = 0.0
        else:
            self.dealer_index = np.zeros(0, dtype=np.int32)

    # ------------------------------------------------------------ helpers
    def active(self) -> slice:
        return slice(0, self.n)

    def tiers_for(self, rapport: np.ndarray, thresholds) -> np.ndarray:
        if np.size(rapport) < 1024:  # small batches: the binary search has less overhead
            return np.searchsorted(np.asarray(thresholds), rapport, side="right").astype(np.int8)
        # == np.searchsorted(thresholds, rapport, side="right"): how many thresholds are <= rapport;
        # one vectorised comparison per threshold, ~4-15x faster than a binary search per account
        out = np.zeros(np.shape(rapport), dtype=np.int8)
        for th in np.asarray(thresholds):
            out += (rapport >= th).view(np.int8)
        return out
