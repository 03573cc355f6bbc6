"""Exogenous shocks: customer crisis, quality incident, decision-maker change, downturn.

The whole schedule is drawn up front from the shocks stream, for every account
of the population (referral pool included), so every strategy faces the same bad
luck at the same times. The process applies each shock at its own time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.book import COMPANY_NEEDS
from sim.scenario import Scenario
from sim.vocab import CRISIS, DM_CHANGE, DOWNTURN, QUALITY_INCIDENT, SHOCK, TIER

WPM = 52.0 / 12.0


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
        t, acc = _poisson_times(rng, per_year / 52.0, weeks, capacity)
        parts.append((t, np.full(t.size, kind, np.int8), acc))
    t_dt, _ = _poisson_times(rng, s.downturn_per_year / 52.0, weeks, 1)
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


def shock_process(world):
    """Apply each shock at its own time (shocks at the very same time together)."""
    sch = world.schedule
    sc = world.scenario.shocks
    env = world.env
    times, starts = np.unique(sch.t, return_index=True)
    ends = np.append(starts[1:], sch.t.size)
    for at, lo, hi in zip(times, starts, ends):
        if at >= world.weeks:
            break
        yield env.timeout(at - env.now)
        for i in range(lo, hi):  # almost always one shock at a time
            _apply_one(world, i, sc)


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
