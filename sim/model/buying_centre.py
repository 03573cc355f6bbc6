"""A buying centre, not one person: the key decision maker (關鍵決策人) and the others around them.

Off unless ``buying_centre.others_max`` or ``need_drift_per_year`` is above 0. With others, each
account has ``others_min..others_max`` other members (influencers), each with a rapport of their
own. A strategy's ``widen_share`` (擴大客戶關係範圍) spends that share of each contact with a
customer on the others: the decision maker gains that much less, each other member gains it. When
the decision maker leaves, the newcomer takes on part of the others' mean rapport, so a widened
relationship survives the change. The others' rapport fades like any unrenewed rapport. Needs
drift: each week an account's need changes with a small chance, not only at a new decision maker.
"""

from __future__ import annotations

import numpy as np

from sim.model.book import COMPANY_NEEDS
from sim.model.people import BUYING_CENTRE_STREAM, lane_stream, lane_values
from sim.units import RAPPORT_MAX, WEEKS_PER_MONTH as WPM, WEEKS_PER_YEAR
from sim.vocab import CUSTOMER


class BuyingCentreState:
    """The others' rapport, one row per account (a column per member; absent members stay NaN)."""

    def __init__(self, world) -> None:
        cfg = world.scenario.buying_centre
        self.cfg = cfg
        self.has_others = cfg.others_max > 0
        self.drift = cfg.need_drift_per_year > 0
        self.on = self.has_others or self.drift
        if not self.on:
            return
        b = world.book
        self.rngs = [lane_stream(s, BUYING_CENTRE_STREAM) for s in world.seeds]
        k = np.concatenate([rng.integers(cfg.others_min, cfg.others_max + 1, b.lane_cap) for rng in self.rngs])
        self.present = np.arange(max(cfg.others_max, 1))[None, :] < k[:, None]
        self.rapport = np.where(self.present, cfg.others_start_share * b.rapport[:, None], np.nan)
        self.widen = lane_values(world, "widen_share", 0.0).astype(float)


def widen(world, ok: np.ndarray, st: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """Spend the strategy's ``widen_share`` of customer contacts' ``gain`` on the others; the decision maker's part."""
    bc = world.buying_centre
    if not bc.has_others:
        return gain
    share = bc.widen[world.book.lane_of(ok)] * (st == CUSTOMER)
    if not share.any():
        return gain
    r = bc.rapport[ok]
    bc.rapport[ok] = np.minimum(r + (bc.cfg.others_gain * share * gain)[:, None], RAPPORT_MAX)
    return gain * (1.0 - share)


def carry_over(world, d) -> None:
    """A new decision maker at accounts ``d`` takes on part of the others' mean rapport."""
    bc = world.buying_centre
    if not bc.has_others:
        return
    b, d = world.book, np.atleast_1d(d)
    n = np.atleast_2d(bc.present[d]).sum(axis=1)
    mean = np.nansum(np.atleast_2d(bc.rapport[d]), axis=1) / np.maximum(n, 1)
    b.rapport[d] = np.minimum(b.rapport[d] + bc.cfg.carry_on_change * mean, RAPPORT_MAX)


def week(world, t: float) -> None:
    """The others' rapport fades a week; needs drift (a fixed number of draws per lane)."""
    bc = world.buying_centre
    if not bc.on:
        return
    if bc.has_others:
        bc.rapport *= (1.0 - world.scenario.relationship.fade_per_month) ** (1.0 / WPM)
    if bc.drift:
        b = world.book
        p = -np.expm1(-bc.cfg.need_drift_per_year / WEEKS_PER_YEAR)
        for lane, rng in enumerate(bc.rngs):
            u, need = rng.random(b.lane_cap), rng.choice(COMPANY_NEEDS, b.lane_cap)
            lo = lane * b.lane_cap
            hit = np.flatnonzero((u < p) & (b.stage[lo:lo + b.lane_cap] >= 0)) + lo
            changed = hit[b.company_need[hit] != need[hit - lo]]
            b.company_need[changed] = need[changed - lo]
            b.needs_known[changed] = False
