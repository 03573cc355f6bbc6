"""Exogenous shocks: customer crisis, quality incident, decision-maker change, downturn.

The whole schedule is drawn up front from the shocks stream, for every account
of the population (referral pool included), so every strategy faces the same bad
luck at the same times. A :class:`ShockClock` applies each shock at its own time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model import buying_centre
from sim.model.book import COMPANY_NEEDS
from sim.scenario import Scenario
from sim.units import WEEKS_PER_MONTH as WPM, WEEKS_PER_YEAR
from sim.vocab import CRISIS, DM_CHANGE, DOWNTURN, QUALITY_INCIDENT, SHOCK, TIER

#: fewer shocks due at once than this are applied one by one (array operations cost more for a few)
BATCH_MIN = 16


@dataclass(frozen=True)
class Schedule:
    t: np.ndarray          # times (weeks), sorted
    kind: np.ndarray       # shock kind codes
    account: np.ndarray    # account index (-1 for market-wide)
    new_need: np.ndarray   # for a decision-maker change: the newcomer's company need
    new_affinity: np.ndarray
    lane: np.ndarray       # the replication (lane) it belongs to


def _poisson_times(rng, rate_per_week: float, weeks: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Event times of ``n`` independent Poisson processes over ``weeks``: (times, owner index)."""
    counts = rng.poisson(rate_per_week * weeks, size=n)
    owners = np.repeat(np.arange(n, dtype=np.int32), counts)
    times = rng.uniform(0.0, weeks, size=owners.size)
    return times, owners


def build_schedule(scenario: Scenario, rngs: list[np.random.Generator], lane_cap: int, weeks: int) -> Schedule:
    """Every lane's shocks, each lane drawn from its own stream, merged in time order."""
    lanes = [_lane_schedule(scenario, rng, lane_cap, weeks) for rng in rngs]
    if len(lanes) == 1:
        return lanes[0]
    merged = {f: np.concatenate([getattr(s, f) for s in lanes]) for f in Schedule.__dataclass_fields__}
    off = np.concatenate([np.full(s.t.size, k * lane_cap, np.int32) for k, s in enumerate(lanes)])
    merged["account"] = np.where(merged["account"] >= 0, merged["account"] + off, -1).astype(np.int32)
    merged["lane"] = np.concatenate([np.full(s.t.size, k, np.int32) for k, s in enumerate(lanes)])
    order = np.argsort(merged["t"], kind="stable")
    return Schedule(**{f: v[order] for f, v in merged.items()})


def _lane_schedule(scenario: Scenario, rng: np.random.Generator, capacity: int, weeks: int) -> Schedule:
    s = scenario.shocks
    parts = []
    for kind, per_year in ((CRISIS, s.crisis_per_year), (QUALITY_INCIDENT, s.quality_incident_per_year),
                           (DM_CHANGE, 1.0 / scenario.decision_makers.tenure_years)):
        t, acc = _poisson_times(rng, per_year / WEEKS_PER_YEAR, weeks, capacity)
        parts.append((t, np.full(t.size, kind, np.int8), acc))
    t_dt, _ = _poisson_times(rng, s.downturn_per_year / WEEKS_PER_YEAR, weeks, 1)
    fixed = np.array([m * WPM for m in s.downturn_starts if m * WPM < weeks], dtype=float)
    t_dt = np.concatenate([t_dt, fixed])
    parts.append((t_dt, np.full(t_dt.size, DOWNTURN, np.int8), np.full(t_dt.size, -1, np.int32)))
    t = np.concatenate([p[0] for p in parts])
    order = np.argsort(t, kind="stable")
    dm = scenario.decision_makers
    new_need = rng.choice(COMPANY_NEEDS, size=t.size)
    new_aff = rng.lognormal(0.0, dm.affinity_sigma, size=t.size)
    return Schedule(
        t=t[order],
        kind=np.concatenate([p[1] for p in parts])[order],
        account=np.concatenate([p[2] for p in parts])[order],
        new_need=new_need[order],
        new_affinity=new_aff[order],
        lane=np.zeros(t.size, dtype=np.int32),
    )


class ShockClock:
    """Applies the schedule lazily: every shock due by a time, in time order, each at its own time.

    Shocks change only the accounts they hit, and nothing reads those accounts between
    the processes' steps; so applying, before each step (and when a run stops), every
    shock scheduled since the last step gives exactly the state and the log that one
    SimPy event per shock would, without an event per shock. Batches of shocks on
    distinct accounts are applied as array operations.
    """

    def __init__(self, world) -> None:
        self.world = world
        self.next = 0  # index of the first shock not yet applied
        self.next_t = float(world.schedule.t[0]) if world.schedule.t.size else np.inf  # and its time

    def apply_until(self, t: float, inclusive: bool = True) -> None:
        """Apply every shock scheduled before ``t`` (at ``t`` too when ``inclusive``), within the horizon."""
        w = self.world
        sch = w.schedule
        stop = min(t, w.weeks)
        if stop < self.next_t:  # nothing due yet (most calls)
            return
        hi = int(np.searchsorted(sch.t, stop, side="right" if inclusive and stop == t else "left"))
        lo = self.next
        if hi <= lo:
            return
        self.next = hi
        self.next_t = float(sch.t[hi]) if hi < sch.t.size else np.inf
        sc = w.scenario.shocks
        acc = sch.account[lo:hi]
        if hi - lo < BATCH_MIN or (acc < 0).any() or np.unique(acc).size < acc.size:
            for i in range(lo, hi):  # few, market-wide, or one account twice: one at a time
                _apply_one(w, i, sc)
        else:
            _apply_batch(w, lo, hi, sc)


def _months(kind: np.ndarray, sc) -> np.ndarray:
    """How long each shock lasts, in months (0 for a decision-maker change)."""
    return np.select([kind == CRISIS, kind == QUALITY_INCIDENT, kind == DOWNTURN],
                     [sc.crisis_months, sc.quality_incident_months, sc.downturn_months], 0.0)


def _apply_batch(world, lo: int, hi: int, sc) -> None:
    """Shocks ``lo:hi`` of the schedule, on distinct accounts (none market-wide), as array operations.

    Same state and same log, row for row, as :func:`_apply_one` on each in turn.
    """
    b, sch = world.book, world.schedule
    acc = sch.account[lo:hi]
    live = b.stage[acc] >= 0  # accounts not yet in the book are spared
    if not live.any():
        return
    sel = np.arange(lo, hi)[live]
    acc, kind, t = acc[live], sch.kind[sel], sch.t[sel]
    stage, rep, old_tier = b.stage[acc], b.rep[acc], b.tier[acc]
    crisis, quality, dm = kind == CRISIS, kind == QUALITY_INCIDENT, kind == DM_CHANGE
    b.crisis_until[acc[crisis]] = t[crisis] + sc.crisis_months * WPM
    b.quality_until[acc[quality]] = t[quality] + sc.quality_incident_months * WPM
    d = acc[dm]
    b.rapport[d] *= world.scenario.decision_makers.rapport_kept_on_change
    buying_centre.carry_over(world, d)  # the others carry part of the relationship (off by default)
    b.company_need[d] = sch.new_need[sel[dm]]
    b.affinity[d] = sch.new_affinity[sel[dm]]
    b.needs_known[d] = False
    b.dm_since[d] = t[dm]
    b.tier[d] = b.tiers_for(b.rapport[d], world.thresholds)
    new_tier = b.tier[acc]
    # one SHOCK row per shock, each decision-maker change's TIER row (if its tier moved) right after it
    n = acc.size
    pos = np.flatnonzero(new_tier != old_tier)  # only decision-maker changes move a tier
    order = np.argsort(np.concatenate([2 * np.arange(n), 2 * pos + 1]), kind="stable")

    def both(shock_col, tier_col):
        return np.concatenate([shock_col, tier_col])[order]

    world.log.add(
        both(np.full(n, SHOCK, np.int8), np.full(pos.size, TIER, np.int8)), both(t, t[pos]), both(acc, acc[pos]),
        rep=both(rep, rep[pos]), a=both(kind.astype(np.int16), old_tier[pos]),
        b=both(np.ones(n, np.int32), new_tier[pos]),
        stage=both(stage, stage[pos]), x=both(_months(kind, sc) * WPM, np.zeros(pos.size)), y=0.0,
    )


def _apply_one(world, i: int, sc) -> None:
    """Apply shock ``i`` of the schedule now (scalar code: shocks come one at a time)."""
    b = world.book
    sch = world.schedule
    acc, kind = int(sch.account[i]), int(sch.kind[i])
    if acc >= 0 and b.stage[acc] < 0:  # accounts not yet in the book are spared
        return
    t = float(sch.t[i])  # its scheduled time (the clock may carry rounding from earlier waits)
    if kind == CRISIS:
        months = sc.crisis_months
    elif kind == QUALITY_INCIDENT:
        months = sc.quality_incident_months
    elif kind == DOWNTURN:
        months = sc.downturn_months
    else:
        months = 0.0
    lane = int(sch.lane[i])
    world.log.add(SHOCK, t, acc, rep=int(b.rep[acc]) if acc >= 0 else -1, a=kind, b=1,
                  stage=int(b.stage[acc]) if acc >= 0 else -1, x=months * WPM, lane=lane)
    if kind == CRISIS:
        b.crisis_until[acc] = t + sc.crisis_months * WPM
    elif kind == QUALITY_INCIDENT:
        b.quality_until[acc] = t + sc.quality_incident_months * WPM
    elif kind == DM_CHANGE:
        b.rapport[acc] *= world.scenario.decision_makers.rapport_kept_on_change
        buying_centre.carry_over(world, acc)
        b.company_need[acc] = sch.new_need[i]
        b.affinity[acc] = sch.new_affinity[i]
        b.needs_known[acc] = False
        b.dm_since[acc] = t
        r = b.rapport[acc]  # world.update_tiers for one account
        new = sum(1 for th in world.thresholds if th <= r)
        old = int(b.tier[acc])
        if new != old:
            world.log.add(TIER, t, acc, rep=int(b.rep[acc]), a=old, b=new, stage=int(b.stage[acc]))
            b.tier[acc] = new
    elif kind == DOWNTURN:
        world.downturn_until[lane] = max(world.downturn_until[lane], t + sc.downturn_months * WPM)
