"""The SimPy world: wires the book, the event log and the processes of one run.

``build_world(scenario, strategy, seed)`` returns a :class:`World`; ``world.run()``
runs it to the horizon (or ``world.run(until=week)`` steps it, for the game).
Processes: the sales force (weekly plan and contacts), the dealers, the market
clock (weekly, vectorised over accounts) and the shocks (at their own times).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import simpy

from sim.model.book import Book
from sim.model.eventlog import EventLog
from sim.model.streams import Streams
from sim.scenario import Scenario
from sim.vocab import CUSTOMER, STAGE, TIER

WEEKS_PER_MONTH = 52.0 / 12.0


@dataclass
class RepState:
    """What the reps did: hours and money used this week, revenue this month."""

    count: int
    revenue_month: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.revenue_month = np.zeros(self.count)


class World:
    """One run's state: SimPy environment, account columns, event log and streams."""

    def __init__(self, scenario: Scenario, strategy, seed: int) -> None:
        from sim.model import dealers, market, reps, shocks  # processes

        self.scenario = scenario
        self.strategy = strategy
        self.seed = int(seed)
        self.streams = Streams.from_seed(self.seed)
        self.env = simpy.Environment()
        self.log = EventLog()
        self.book = Book(scenario, self.streams.population)
        self.reps = RepState(scenario.reps.count)
        self.weeks = scenario.horizon_weeks
        self.thresholds = np.asarray(scenario.relationship.tier_thresholds)
        self.downturn_until = -1.0
        self.schedule = shocks.build_schedule(scenario, self.streams.shocks, self.book.capacity, self.weeks)
        self.dealers = dealers.DealerState(scenario, self.book, self.streams.dealers)
        self._log_initial_state()

        env = self.env
        env.process(reps.sales_force(self))
        env.process(dealers.dealer_process(self))
        env.process(shocks.shock_process(self))
        env.process(market.market_clock(self))

    # ------------------------------------------------------------ state changes
    def _log_initial_state(self) -> None:
        b = self.book
        idx = np.arange(b.n, dtype=np.int32)
        b.tier[idx] = b.tiers_for(b.rapport[idx], self.thresholds)
        self.log.add(STAGE, 0.0, idx, rep=b.rep[idx], a=-1, b=b.stage[idx], stage=b.stage[idx])
        self.log.add(TIER, 0.0, idx, rep=b.rep[idx], a=-1, b=b.tier[idx], stage=b.stage[idx])

    def set_stage(self, idx: np.ndarray, new_stage: int, t: float) -> None:
        """Move accounts ``idx`` to ``new_stage`` (only those not already there), logging each move."""
        b = self.book
        idx = idx[b.stage[idx] != new_stage]
        if idx.size == 0:
            return
        old = b.stage[idx].copy()
        b.stage[idx] = new_stage
        b.stage_since[idx] = t
        self.log.add(STAGE, t, idx, rep=b.rep[idx], a=old, b=new_stage, stage=new_stage)

    def update_tiers(self, idx: np.ndarray, t: float) -> None:
        """Recompute the tier of accounts ``idx`` from their rapport; log the changes."""
        b = self.book
        new = b.tiers_for(b.rapport[idx], self.thresholds)
        changed = new != b.tier[idx]
        if changed.any():
            ch = idx[changed]
            self.log.add(TIER, t, ch, rep=b.rep[ch], a=b.tier[ch], b=new[changed], stage=b.stage[ch])
            b.tier[ch] = new[changed]

    def activate(self, k: int, t: float, rep_of: np.ndarray, stage: int) -> np.ndarray:
        """Bring ``k`` accounts from the referral pool into the book; returns their indices."""
        b = self.book
        k = min(k, b.capacity - b.n)
        if k <= 0:
            return np.zeros(0, dtype=np.int32)
        idx = np.arange(b.n, b.n + k, dtype=np.int32)
        b.n += k
        b.rep[idx] = rep_of[:k]
        b.stage[idx] = stage
        b.stage_since[idx] = t
        b.last_contact[idx] = t
        b.has_intermediary[idx] = True  # the referrer is the intermediary
        self.log.add(STAGE, t, idx, rep=b.rep[idx], a=-1, b=stage, stage=stage)
        self.log.add(TIER, t, idx, rep=b.rep[idx], a=-1, b=b.tier[idx], stage=stage)
        return idx

    # ------------------------------------------------------------ running
    @property
    def now(self) -> float:
        return float(self.env.now)

    def in_downturn(self, t: float) -> bool:
        return t < self.downturn_until

    def run(self, until: float | None = None) -> "World":
        """Run to week ``until`` (default: the horizon)."""
        stop = self.weeks if until is None else min(until, self.weeks)
        if stop > self.env.now:
            self.env.run(until=stop)
        return self

    def customers(self) -> np.ndarray:
        return np.flatnonzero(self.book.stage[: self.book.n] == CUSTOMER)


def build_world(scenario: Scenario, strategy, seed: int | None = None) -> World:
    """A ready-to-run world for ``scenario`` under ``strategy`` (a name or a strategy object)."""
    from sim.strategies import resolve_strategy

    strat = resolve_strategy(strategy, scenario)
    return World(scenario, strat, scenario.seed if seed is None else seed)
