"""Measures behind ``python -m sim facts``: each reads the event log of ordinary runs.

Nothing here knows the course's numbers; :mod:`sim.facts` compares these figures
with them.
"""

from __future__ import annotations

import numpy as np

from sim.economics import satisfaction
from sim.events import acquisitions, contacts, purchases, stage_changes
from sim.experiment import t_interval
from sim.model.market import perceived_gap
from sim.results import (
    RunResult, account_profit, churn_by_cause, customer_weeks, ever_customer, state_at, summary,
)
from sim.vocab import (
    ACQUAINTANCE, CONFIDANT, CUSTOMER, DORMANT, FRIEND, NEGLECT, OPPORTUNITY, PROSPECT,
)

__all__ = [
    "mean_interval", "ratio_interval", "tier_mix", "acquisition_split", "acquisition_ratio", "neglect_share",
    "whale", "top20_of_total", "dormancy_idle_weeks", "win_back_rate", "pool_contacted_share", "won_cohort_npv",
    "customer_gaps", "customer_satisfaction",
]


def mean_interval(x) -> tuple[float, float, float]:
    """Mean and 95% t-interval of replications ``x``."""
    x = np.asarray(x, dtype=float)
    if x.size < 2:
        m = float(x.mean())
        return m, m, m
    return t_interval(x, 0.95)


def ratio_interval(new, base, level: float = 0.95, draws: int = 4000, seed: int = 0) -> tuple[float, float, float]:
    """Ratio of means ``mean(new) / mean(base)`` of paired replications, with a paired bootstrap interval."""
    new, base = np.asarray(new, float), np.asarray(base, float)
    ratio = new.mean() / base.mean()
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, new.size, size=(draws, new.size))
    boot = new[idx].mean(axis=1) / base[idx].mean(axis=1)
    lo, hi = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    return float(ratio), float(lo), float(hi)


def tier_mix(res: RunResult) -> tuple[float, float, float]:
    """Per 100 decision makers in the book that a rep has met: at least acquaintance, at least friend, confidant."""
    c = contacts(res.events)
    known = np.zeros(len(res.accounts), dtype=bool)
    known[c.account[c.answered == 1]] = True
    end = state_at(res, res.weeks)
    known &= (end["stage"] == CUSTOMER) | (end["stage"] == DORMANT)
    tier = end["tier"][known]
    n = max(tier.size, 1)
    return (100 * (tier >= ACQUAINTANCE).sum() / n, 100 * (tier >= FRIEND).sum() / n,
            100 * (tier == CONFIDANT).sum() / n)


def acquisition_split(res: RunResult) -> tuple[float, float, float]:
    """Per won account: reps' effort on the pipeline (hours × hourly cost + contact money), offers
    (the onboarding cost of each win); and the yearly care cost per kept (customer-year) account."""
    c = contacts(res.events)
    s = summary(res)
    won = max(s["won_accounts"], 1)
    pipe = (c.stage >= PROSPECT) & (c.stage <= OPPORTUNITY)
    effort = float(c.cost[pipe].sum()) / won
    offers = float(acquisitions(res.events).cost.sum()) / won
    care = s["care_cost"] / max(customer_weeks(res) / 52.0, 1e-9)
    return effort, offers, care


def acquisition_ratio(res: RunResult) -> float:
    """(Effort + offers) per won account ÷ yearly care cost per kept account."""
    effort, offers, care = acquisition_split(res)
    return (effort + offers) / care if care > 0 else float("nan")


def neglect_share(res: RunResult) -> float:
    """Share of churn events whose recorded cause is neglect."""
    return float(churn_by_cause(res).loc[NEGLECT, "share"])


def whale(res: RunResult) -> tuple[float, float]:
    """Whale curve: (top 20% of customers' profit, total profit), as shares of the potential profit.

    The potential is the peak of the whale curve: the profit of all profitable
    customers, before the unprofitable ones take their share back.
    """
    p = _customer_profits(res)
    potential = np.cumsum(p).max()
    return float(p[:int(round(0.2 * p.size))].sum() / potential), float(p.sum() / potential)


def top20_of_total(res: RunResult) -> float:
    """The top 20% of customers' profit as a share of total profit (the 20/80 rule as the text states it)."""
    p = _customer_profits(res)
    return float(p[:int(round(0.2 * p.size))].sum() / p.sum())


def _customer_profits(res: RunResult) -> np.ndarray:
    """Profit of each account that was ever a customer, most profitable first."""
    ap = account_profit(res)
    return np.sort(ap["profit"].to_numpy()[ever_customer(res)])[::-1]


def dormancy_idle_weeks(res: RunResult) -> np.ndarray:
    """Weeks since the last purchase at each move into the public pool (dormant)."""
    s = stage_changes(res.events)
    m = (s.to_stage == DORMANT) & (s.from_stage == CUSTOMER)
    acc, t = s.account[m], s.t[m]
    p = purchases(res.events)
    pa, pt = p.account, p.t
    order = np.lexsort((pt, pa))
    pa, pt = pa[order], pt[order]
    key = pa.astype(np.float64) * 1e6 + pt
    pos = np.searchsorted(key, acc.astype(np.float64) * 1e6 + t, side="right") - 1
    has = (pos >= 0) & (pa[np.maximum(pos, 0)] == acc)
    # accounts that never bought in the run: their last purchase was before it began
    return np.where(has, t - pt[np.maximum(pos, 0)], np.nan)


def win_back_rate(res: RunResult) -> float:
    """Share of moves into the public pool that end in a purchase (dormant -> customer)."""
    s = stage_changes(res.events)
    into = (s.to_stage == DORMANT).sum()
    back = ((s.from_stage == DORMANT) & (s.to_stage == CUSTOMER)).sum()
    return float(back / max(into, 1))


def pool_contacted_share(res: RunResult, within_weeks: float) -> float:
    """Share of moves into the public pool (before the last ``within_weeks``) that a rep contacted
    (visited or called, answered or not) within ``within_weeks``, while the account was still dormant."""
    s, c = stage_changes(res.events), contacts(res.events)
    m = (s.to_stage == DORMANT) & (s.t <= res.weeks - within_weeks)
    acc, t = s.account[m], s.t[m]
    ca, ct = c.account[c.stage == DORMANT], c.t[c.stage == DORMANT]
    order = np.lexsort((ct, ca))
    ca, ct = ca[order], ct[order]
    key = ca.astype(np.float64) * 1e6 + ct
    pos = np.searchsorted(key, acc.astype(np.float64) * 1e6 + t, side="left")  # first contact at or after
    ok = pos < ca.size
    p = np.minimum(pos, max(ca.size - 1, 0))
    hit = ok & (ca[p] == acc) & (ct[p] - t <= within_weeks) if ca.size else np.zeros(acc.size, bool)
    return float(hit.mean()) if acc.size else float("nan")


def won_cohort_npv(res: RunResult, within_weeks: float | None = None) -> float:
    """Lifetime value of a new customer: NPV of the profit of the accounts won early, per account.

    The cohort is the accounts won in the first third of the run (``within_weeks``),
    so each is followed for most of its life. Counts everything spent to win them
    (pipeline contacts, acquisition cost) and all they brought afterwards,
    discounted to the start of the run.
    """
    w = acquisitions(res.events)
    within = res.weeks / 3.0 if within_weeks is None else within_weeks
    cohort = np.unique(w.account[w.t < within])
    if cohort.size == 0:
        return float("nan")
    npv = account_profit(res)["npv"].to_numpy()
    return float(npv[cohort].mean())


def customer_gaps(world, lane: int = 0) -> np.ndarray:
    """Delivered-value gap (ours − competitor's) of lane ``lane``'s customers now, in points."""
    b = world.book
    lo = lane * b.lane_cap
    idx = lo + np.flatnonzero(b.stage[lo:lo + int(b.n_lane[lane])] == CUSTOMER)
    return perceived_gap(world, idx, world.env.now)


def customer_satisfaction(world, lane: int = 0) -> float:
    """Mean satisfaction (0-1) of lane ``lane``'s customers when the run stops."""
    gap = customer_gaps(world, lane)
    return float(satisfaction(gap).mean()) if gap.size else float("nan")
