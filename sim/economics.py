"""Delivered value, satisfaction and the money side: margins, costs, NPV.

Customer delivered value (Kotler) = product + service + personnel + image value
minus price + time + energy + psychological cost. Each account compares ours,
as it perceives it now, with the competitor's.
"""

from __future__ import annotations

import numpy as np

from sim.scenario import Offer

#: personnel value a rep adds per tier of relationship (points)
PERSONNEL_PER_TIER = 3.0
#: service value lost while a quality problem is open (points)
QUALITY_PENALTY = 12.0
#: how many points of delivered-value gap move satisfaction from 27% to 73%
SATISFACTION_SCALE = 4.0


def delivered_value(offer: Offer, *, price_cut: float = 0.0, service_boost=0.0, tier=0,
                    quality_open=False, added=0.0, relief=0.0) -> np.ndarray:
    """Our delivered value as accounts perceive it (vectorised over the keyword arrays).

    ``added``: service, personnel and image points a strategy pays for (做好加法); ``relief``: time,
    mental and physical cost contacts have taken off (做好減法). Both 0 leave the sum as it was.
    """
    value = (offer.product + offer.image + offer.personnel + PERSONNEL_PER_TIER * np.asarray(tier)
             + offer.service + np.asarray(service_boost) - QUALITY_PENALTY * np.asarray(quality_open))
    cost = offer.price * (1.0 - price_cut) + offer.time + offer.energy + offer.psychological
    return (value + added) - (cost - relief)  # x + 0.0 == x: bit for bit as without them


def satisfaction(gap) -> np.ndarray:
    """Share-like satisfaction in (0, 1) from the delivered-value gap (ours − competitor's)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(gap, dtype=float) / SATISFACTION_SCALE))


def discount_factors(t_weeks: np.ndarray, yearly_rate: float) -> np.ndarray:
    """Discount factor of cash flows at ``t_weeks`` for NPV."""
    return (1.0 + yearly_rate) ** (-np.asarray(t_weeks, dtype=float) / 52.0)


def npv(amounts: np.ndarray, t_weeks: np.ndarray, yearly_rate: float) -> float:
    """Net present value of ``amounts`` received at ``t_weeks``."""
    return float(np.sum(np.asarray(amounts) * discount_factors(t_weeks, yearly_rate)))
