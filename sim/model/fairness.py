"""What other customers perceive (最惠戶待遇普遍化, 姑息刁蠻客戶): favours given to all or to the unreasonable.

The third text: serving every wish, most-favoured treatment for everyone and indulging unreasonable
customers not only raise costs but "damage the interests of loyal customers and big customers".
The perceivers are the loyal and the big: customers at the friend tier or above, or in the key or
strategic segment. Two things they see (scenario keys ``economics.fairness``):

- **An indulged peer.** When out-of-scope wishes are served to customers of a region, the other
  loyal and big customers of that region (and lane) lose ``indulged_peer_points`` × the share of
  the region's customers served one this week, in points of delivered value. This perceived
  unfairness builds up (to ``cap``) and is forgotten at ``fade_per_month``.
- **A discount everyone gets.** A strategy's price cut goes to every account alike; the loyal and
  big count ``blanket_cut_share`` of its value against us (it is no recognition of them).

Deterministic (no random draws), so common random numbers hold; off (nothing stored, the gap as
before) while both parameters are 0.
"""

from __future__ import annotations

import numpy as np

from sim.units import WEEKS_PER_MONTH as WPM
from sim.vocab import CUSTOMER, FRIEND, PROFIT


def on(scenario) -> bool:
    """Whether customers perceive anything (either parameter above 0)."""
    fa = scenario.economics.fairness
    return bool(fa.indulged_peer_points or fa.blanket_cut_share)


def perceivers(book, idx: np.ndarray) -> np.ndarray:
    """Whether accounts ``idx`` are loyal (friend tier or above) or big (key or strategic segment)."""
    return (book.tier[idx] >= FRIEND) | (book.segment[idx] < PROFIT)


def penalty(world, idx: np.ndarray):
    """Points of delivered value accounts ``idx`` take off for what they perceive (0.0 when off)."""
    fa = world.scenario.economics.fairness
    unfair = getattr(world, "unfair", None)
    out = 0.0 if unfair is None else unfair[idx]
    if fa.blanket_cut_share:
        cut = world.strategy_term("price_cut", idx)
        out = out + fa.blanket_cut_share * world.scenario.offer.price * cut * perceivers(world.book, idx)
    return out


def seen(world, served: np.ndarray) -> None:
    """Out-of-scope wishes were served to accounts ``served``: the loyal and big of their region see it."""
    fa = world.scenario.economics.fairness
    if not fa.indulged_peer_points or served.size == 0:
        return
    b = world.book
    n, regions = b.n, len(world.scenario.accounts.regions)
    if getattr(world, "unfair", None) is None:
        world.unfair = np.zeros(b.capacity)
    group = b.lane_of(np.arange(n)) * regions + b.region[:n]  # lane × region
    cust = b.stage[:n] == CUSTOMER
    size = np.bincount(group[cust], minlength=world.lanes * regions)
    hits = np.bincount(group[served], minlength=size.size)
    share = hits / np.maximum(size, 1)
    others = cust & perceivers(b, np.arange(n))
    others[served] = False  # the indulged themselves have nothing to resent
    u = world.unfair
    u[:n] = np.where(others, np.minimum(u[:n] + fa.indulged_peer_points * share[group], fa.cap), u[:n])


def weekly(world) -> None:
    """The market clock's week: perceived unfairness is forgotten a little."""
    u = getattr(world, "unfair", None)
    if u is not None:
        u *= 1.0 - world.scenario.economics.fairness.fade_per_month / WPM
