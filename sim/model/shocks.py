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
from sim.vocab import CRISIS, DM_CHANGE, DOWNTURN, QUALITY_INCIDENT, SHOCK

WPM = 52.0 / 12.0


@dataclass(frozen=True)
class Schedule:
    t: np.ndarray          # times (weeks), sorted
    kind: np.ndarray       # shock kind codes
    account: np.ndarray    # account index (-1 for market-wide)
    new_need: np.ndarray   # for a decision-maker change: the newcomer's company need
    new_affinity: np.ndarray


def _poisson_times(rng, rate_per_week: float, weeks: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Event times of ``n`` independent Poisson processes over ``weeks``: (times, owner index)."""
    counts = rng.poisson(rate_per_week * weeks, size=n)
    owners = np.repeat(np.arange(n, dtype=np.int32), counts)
    times = rng.uniform(0.0, weeks, size=owners.size)
    return times, owners


def build_schedule(scenario: Scenario, rng: np.random.Generator, capacity: int, weeks: int) -> Schedule:
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
        _apply(world, slice(lo, hi), sc)


def _apply(world, sl: slice, sc) -> None:
    b = world.book
    sch = world.schedule
    t = world.now
    kind, acc = sch.kind[sl], sch.account[sl]
    live = acc < 0
    live[acc >= 0] = b.stage[acc[acc >= 0]] >= 0  # accounts not yet in the book are spared
    kind, acc = kind[live], acc[live]
    if kind.size == 0:
        return
    new_need, new_aff = sch.new_need[sl][live], sch.new_affinity[sl][live]
    accs = np.where(acc >= 0, acc, 0)
    months = np.select([kind == CRISIS, kind == QUALITY_INCIDENT, kind == DOWNTURN],
                       [sc.crisis_months, sc.quality_incident_months, sc.downturn_months], 0.0)
    world.log.add(SHOCK, t, acc, rep=np.where(acc >= 0, b.rep[accs], -1), a=kind, b=1,
                  stage=np.where(acc >= 0, b.stage[accs], -1), x=months * WPM)
    m = kind == CRISIS
    b.crisis_until[acc[m]] = t + sc.crisis_months * WPM
    m = kind == QUALITY_INCIDENT
    b.quality_until[acc[m]] = t + sc.quality_incident_months * WPM
    m = kind == DM_CHANGE
    if m.any():
        a, first = np.unique(acc[m], return_index=True)
        kept = world.scenario.decision_makers.rapport_kept_on_change
        b.rapport[a] *= kept
        b.company_need[a] = new_need[m][first]
        b.affinity[a] = new_aff[m][first]
        b.needs_known[a] = False
        b.dm_since[a] = t
        world.update_tiers(a, t)
    if (kind == DOWNTURN).any():
        world.downturn_until = max(world.downturn_until, t + sc.downturn_months * WPM)
