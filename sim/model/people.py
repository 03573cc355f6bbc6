"""Internal marketing (內部營銷): reps who differ in skill and satisfaction, and who may leave.

Off unless ``people.enabled``: then nothing here draws or changes anything. On, each rep has a
skill (scales the rapport and reach of its contacts), a potential (the skill experience brings it
towards; selection sets it at hiring, training raises it at a cost per rep-week) and a satisfaction
(0-1; under quota pay it falls while the rep is behind quota; low satisfaction makes a rep leave).
A rep who leaves takes relationships along: its accounts lose rapport, some customers follow it to
the competitor, and its replacement starts at a low skill. Draws come from a stream of each lane's
own (:func:`lane_stream`), a fixed number a week, so runs stay a pure function of their seed.
"""

from __future__ import annotations

import numpy as np

from sim.units import WEEKS_PER_MONTH as WPM, WEEKS_PER_YEAR
from sim.vocab import CHURN, COMPETITOR, COST, CUSTOMER, LOST, TRAINING_COST

#: spawn keys of the extra streams (past the six of sim.model.streams, so those stay as they are)
PEOPLE_STREAM, BUYING_CENTRE_STREAM = 16, 17


def lane_stream(seed: int, key: int) -> np.random.Generator:
    """A stream spawned from a lane's SeedSequence, beside (and independent of) the standard ones."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=(key,))))


def lane_values(world, name: str, default) -> np.ndarray:
    """A strategy setting for each lane (a strategy without it: ``default``)."""
    return np.array([getattr(getattr(s, "params", s), name, default) for s in world.lane_strategy])


class PeopleState:
    """Per-rep columns (global rep numbers, lane by lane) and the counts of the rep table."""

    def __init__(self, world) -> None:
        cfg = world.scenario.people
        self.on = bool(cfg.enabled)
        if not self.on:
            return
        self.cfg, self.count = cfg, world.scenario.reps.count
        self.rngs = [lane_stream(s, PEOPLE_STREAM) for s in world.seeds]
        hires = [self._hire(rng, self.count) for rng in self.rngs]
        self.potential = np.concatenate([h[0] for h in hires])
        self.skill = self.potential.copy()
        self.satisfaction = np.concatenate([h[1] for h in hires])
        self.leavers = np.zeros(self.skill.size, dtype=np.int64)
        self.quota_pay = lane_values(world, "incentive", "relationship") == "quota"

    def _hire(self, rng, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Potential skill and satisfaction of ``k`` hires (always 2k draws)."""
        c = self.cfg
        skill = np.clip(rng.normal(c.hire_skill_mean, c.hire_skill_sd, k), c.skill_min, c.skill_max)
        sat = np.clip(rng.normal(c.satisfaction_mean, c.satisfaction_sd, k), 0.0, 1.0)
        return skill, sat


def skill_of(world, idx: np.ndarray):
    """The skill of the reps of accounts ``idx`` (1.0 while the mechanism is off)."""
    p = world.people
    return p.skill[world.book.rep[idx]] if p.on else 1.0


def week(world, t: float) -> None:
    """The reps' week: learning, training, quota pressure, then who leaves."""
    p = world.people
    if not p.on:
        return
    c = p.cfg
    p.skill += c.learning_per_week * np.maximum(p.potential - p.skill, 0.0)
    if c.training_cost_per_week > 0:
        p.potential = np.minimum(p.potential + c.training_skill_per_week, c.skill_max)
        p.satisfaction = np.minimum(p.satisfaction + c.training_satisfaction_per_week, 1.0)
        for k in range(world.lanes):
            reps = np.arange(k * p.count, (k + 1) * p.count, dtype=np.int32)
            world.log.add(COST, t, np.full(p.count, -1, np.int32), rep=reps, a=TRAINING_COST,
                          y=c.training_cost_per_week, lane=k)
    if p.quota_pay.any():
        _quota_pressure(world, t)
    for k, rng in enumerate(p.rngs):
        _turnover(world, k, rng, t)


def _quota_pressure(world, t: float) -> None:
    """Quota pay: a rep behind the month's quota so far loses satisfaction, one ahead gains it."""
    p = world.people
    if t % WPM < 1.0:  # the month's first week: nothing sold yet to judge by
        return
    quota = world.scenario.reps.monthly_quota * ((t % WPM) / WPM)
    sign = np.where(world.reps.revenue_month < quota, -1.0, 1.0)
    lane_pay = np.repeat(p.quota_pay, p.count)
    step = np.where(lane_pay, sign * p.cfg.quota_pressure_per_week, 0.0)
    p.satisfaction = np.clip(p.satisfaction + step, 0.0, 1.0)


def _turnover(world, lane: int, rng, t: float) -> None:
    """Lane ``lane``'s leavers this week, and their replacements (a fixed number of draws)."""
    p, b, c = world.people, world.book, world.people.cfg
    reps = slice(lane * p.count, (lane + 1) * p.count)
    u_leave = rng.random(p.count)
    u_follow = rng.random(b.lane_cap)
    pot, sat = p._hire(rng, p.count)
    leave = u_leave < -np.expm1(-c.leave_per_year * (1.0 - p.satisfaction[reps]) / WEEKS_PER_YEAR)
    if not leave.any():
        return
    lo = lane * b.lane_cap
    acc = np.arange(lo, lo + int(b.n_lane[lane]), dtype=np.int32)
    acc = acc[(b.stage[acc] >= 0) & leave[np.maximum(b.rep[acc] - lane * p.count, 0)] & (b.rep[acc] >= 0)]
    b.rapport[acc] *= c.rapport_kept_on_leave
    world.update_tiers(acc, t)
    gone = acc[(b.stage[acc] == CUSTOMER) & (u_follow[acc - lo] < c.follow_share)]
    world.log.add(CHURN, t, gone, rep=b.rep[gone], a=COMPETITOR, b=CUSTOMER, stage=CUSTOMER)
    world.set_stage(gone, LOST, t)
    new = np.flatnonzero(leave) + lane * p.count
    p.leavers[new] += 1
    p.potential[new] = pot[leave]
    p.skill[new] = c.new_rep_skill * pot[leave]
    p.satisfaction[new] = sat[leave]


def rep_table(world, lane: int) -> dict[str, list]:
    """Lane ``lane``'s reps at the end: skill, potential, satisfaction and how many left (empty when off)."""
    p = world.people
    if not p.on:
        return {}
    reps = slice(lane * p.count, (lane + 1) * p.count)
    return {"skill": p.skill[reps].tolist(), "potential": p.potential[reps].tolist(),
            "satisfaction": p.satisfaction[reps].tolist(), "leavers": p.leavers[reps].tolist()}
