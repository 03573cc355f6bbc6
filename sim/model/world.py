"""The SimPy world: wires the book, the event log and the processes of one run.

``build_world(scenario, strategy, seed)`` returns a :class:`World`; ``world.run()``
runs it to the horizon (or ``world.run(until=week)`` steps it, for the game).
Processes: the sales force (weekly plan and contacts), the dealers and the market
clock (weekly, vectorised over accounts). Shocks happen at their own times, applied
lazily (:class:`~sim.model.shocks.ShockClock`): each process catches up on them first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import simpy

from sim.model import buying_centre, dealers, market, people, reps, shocks
from sim.model.book import Book
from sim.model.eventlog import EventLog
from sim.model.streams import Streams
from sim.scenario import Scenario
from sim.strategies import resolve_strategy
from sim.units import WEEKS_PER_MONTH
from sim.vocab import CUSTOMER, STAGE, TIER


@dataclass
class RepState:
    """What the reps did: hours and money used this week, revenue this month."""

    count: int
    revenue_month: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.revenue_month = np.zeros(self.count)


class World:
    """One study's state: SimPy environment, account columns, event log and streams.

    A world holds one replication, or several side by side ("lanes": one seed
    each, see :class:`~sim.model.book.Book`) that share one clock and one pass of
    every process per step, so a batch of replications costs little more than
    one. Each lane draws only from its own streams: its events are exactly those
    of a run of its own (``sim.results.run_result(world, lane)``).
    """

    def __init__(self, scenario: Scenario, strategy, seed: int | Sequence[int]) -> None:
        self.scenario = scenario
        self.seeds = [int(s) for s in (seed if isinstance(seed, Sequence) else [seed])]
        if not self.seeds:
            raise ValueError("a world needs at least one seed")
        per_lane = list(strategy) if isinstance(strategy, (list, tuple)) else [strategy] * len(self.seeds)
        if len(per_lane) != len(self.seeds):
            raise ValueError(f"one strategy per seed: {len(per_lane)} strategies for {len(self.seeds)} seeds")
        self.strategy = per_lane[0]  # the world's strategy (the first lane's, where lanes differ)
        self.lane_strategy = per_lane
        #: runs of lanes under one strategy: (strategy, first lane, one past the last)
        self.groups = _runs(per_lane)
        self.mixed = len(self.groups) > 1
        self._lane_terms = ({name: np.array([getattr(s, name) for s in per_lane]) for name in ("price_cut", "indulge")}
                            if self.mixed else {})
        self.seed = self.seeds[0]
        self.lane_streams = [Streams.from_seed(s) for s in self.seeds]
        self.streams = self.lane_streams[0]
        self.lanes = len(self.seeds)
        self.env = simpy.Environment()
        self.book = Book(scenario, [s.population for s in self.lane_streams])
        self.log = EventLog(self.book.lane_cap)
        self.reps = RepState(scenario.reps.count * self.lanes)
        self.weeks = scenario.horizon_weeks
        self.thresholds = np.asarray(scenario.relationship.tier_thresholds)
        self.downturn_until = np.full(self.lanes, -1.0)
        self.schedule = shocks.build_schedule(
            scenario, [s.shocks for s in self.lane_streams], self.book.lane_cap, self.weeks)
        self.shock_clock = shocks.ShockClock(self)
        self.products = market.ProductTable(scenario)
        self.rival_value = scenario.competitor.offer.delivered_value()  # the competitor's, as accounts see it
        self.dealers = dealers.DealerState(scenario, self.book, [s.dealers for s in self.lane_streams])
        self.people = people.PeopleState(self)  # internal marketing (off by default)
        self.buying_centre = buying_centre.BuyingCentreState(self)
        self._log_initial_state()
        if self.book.has_twin:
            market.twin_reference(self)

        env = self.env
        env.process(reps.sales_force(self))
        env.process(dealers.dealer_process(self))
        env.process(market.market_clock(self))

    # ------------------------------------------------------------ state changes
    def _log_initial_state(self) -> None:
        b = self.book
        idx = np.flatnonzero(b.stage >= 0).astype(np.int32)
        b.tier[idx] = b.tiers_for(b.rapport[idx], self.thresholds)
        self.log.add(STAGE, 0.0, idx, rep=b.rep[idx], a=-1, b=b.stage[idx], stage=b.stage[idx])
        self.log.add(TIER, 0.0, idx, rep=b.rep[idx], a=-1, b=b.tier[idx], stage=b.stage[idx])

    def set_stage(self, idx: np.ndarray, new_stage: int, t: float) -> None:
        """Move accounts ``idx`` to ``new_stage`` (only those not already there), logging each move."""
        if idx.size == 0:
            return
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
        if idx.size == 0:
            return
        b = self.book
        new = b.tiers_for(b.rapport[idx], self.thresholds)
        changed = new != b.tier[idx]
        if changed.any():
            ch = idx[changed]
            self.log.add(TIER, t, ch, rep=b.rep[ch], a=b.tier[ch], b=new[changed], stage=b.stage[ch])
            b.tier[ch] = new[changed]

    def activate(self, lane: int, k: int, t: float, rep_of: np.ndarray, stage: int) -> np.ndarray:
        """Bring ``k`` accounts of lane ``lane``'s referral pool into its book; returns their indices."""
        b = self.book
        used = int(b.n_lane[lane])
        k = min(k, b.lane_cap - used)
        if k <= 0:
            return np.zeros(0, dtype=np.int32)
        start = lane * b.lane_cap + used
        idx = np.arange(start, start + k, dtype=np.int32)
        b.n_lane[lane] += k
        b.rep[idx] = rep_of[:k]
        b.stage[idx] = stage
        b.stage_since[idx] = t
        b.last_contact[idx] = t
        b.has_intermediary[idx] = True  # the referrer is the intermediary
        self.log.add(STAGE, t, idx, rep=b.rep[idx], a=-1, b=stage, stage=stage)
        self.log.add(TIER, t, idx, rep=b.rep[idx], a=-1, b=b.tier[idx], stage=stage)
        return idx

    def strategy_term(self, name: str, idx: np.ndarray):
        """A strategy's ``price_cut`` or ``indulge`` for accounts ``idx``: the world's strategy's value,
        or, in a world whose lanes follow different strategies, each account's lane's (an array)."""
        if not self.mixed:
            return getattr(self.strategy, name)
        return self._lane_terms[name][self.book.lane_of(idx)]

    # ------------------------------------------------------------ running
    @property
    def now(self) -> float:
        return float(self.env.now)

    def demand_factor(self, idx: np.ndarray, t: float) -> np.ndarray | float:
        """Share of normal demand left for accounts ``idx`` (less in their lane's downturn)."""
        hit = self.downturn_until > t
        if not hit.any():
            return 1.0
        depth = self.scenario.shocks.downturn_depth
        if self.lanes == 1:
            return 1.0 - depth
        return np.where(hit[self.book.lane_of(idx)], 1.0 - depth, 1.0)

    def run(self, until: float | None = None) -> "World":
        """Run to week ``until`` (default: the horizon)."""
        stop = self.weeks if until is None else min(until, self.weeks)
        if stop > self.env.now:
            self.env.run(until=stop)
            self.shock_clock.apply_until(stop, inclusive=False)
        return self

    def catch_up(self) -> None:
        """Apply the shocks due by now: every process calls this before it reads or changes the book."""
        self.shock_clock.apply_until(self.env.now)

    def customers(self) -> np.ndarray:
        return np.flatnonzero(self.book.stage[: self.book.n] == CUSTOMER)


def _runs(items: list) -> list[tuple[object, int, int]]:
    """Runs of the same object in ``items``: (object, start, end)."""
    out = []
    for i, x in enumerate(items):
        if out and out[-1][0] is x:
            out[-1] = (x, out[-1][1], i + 1)
        else:
            out.append((x, i, i + 1))
    return out


def build_world(scenario: Scenario, strategy, seed: int | Sequence[int] | None = None) -> World:
    """A ready-to-run world for ``scenario`` under ``strategy`` (a name or a strategy object).

    ``seed`` may be a list of seeds: one lane (replication) per seed, run together. ``strategy``
    may then be a list too, one per seed (lanes of one strategy side by side): a built-in or
    YAML strategy runs in a lane exactly as in a run of its own.
    """
    if isinstance(strategy, (list, tuple)):
        resolved: dict = {}  # each distinct strategy once: its lanes form one group
        for s in strategy:
            key = s if isinstance(s, str) else id(s)
            if key not in resolved:
                resolved[key] = resolve_strategy(s, scenario)
        strat = [resolved[s if isinstance(s, str) else id(s)] for s in strategy]
    else:
        strat = resolve_strategy(strategy, scenario)
    return World(scenario, strat, scenario.seed if seed is None else seed)
