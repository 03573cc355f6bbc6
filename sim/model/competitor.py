"""A competitor that moves: it copies our service edge over time and probes the accounts we neglect.

- **Service homogenisation** (服務同質化): each week the competitor's service value closes a share
  ``1 − exp(−copy_per_year / 52)`` of the gap to ours (our offer's service plus the points our
  strategy adds), so a standing service edge decays unless renewed; the care a rep gives an
  account (its service boost from service and consulting contacts) is not copied.
- **Probing the neglected** (競爭者乘虛而入): an account we have not contacted for
  ``probe_after_weeks`` carries an extra competitor hazard ``probe_per_year`` (a price offer),
  cut by loyalty like the other pulls; its leavers are recorded with the competitor cause.

Deterministic (no random draws); each lane's competitor follows that lane's strategy. Off when
``copy_per_year`` and ``probe_per_year`` are 0: the competitor is the scenario's fixed offer.
"""

from __future__ import annotations

import numpy as np

from sim.model.value_costs import lane_points
from sim.units import WEEKS_PER_YEAR


def _copied(world) -> np.ndarray:
    """Points of service each lane's competitor has copied so far (created at the first week)."""
    c = getattr(world, "rival_copied", None)
    if c is None:
        c = world.rival_copied = np.zeros(world.lanes)
    return c


def weekly(world) -> None:
    """The competitor closes a share of each lane's service gap (nothing when copying is off)."""
    sc = world.scenario
    rate = sc.competitor.copy_per_year
    if not rate:
        return
    copied = _copied(world)
    ours = sc.offer.service + lane_points(world)[:, 0]
    gap = ours - (sc.competitor.offer.service + copied)
    copied += np.maximum(gap, 0.0) * -np.expm1(-rate / WEEKS_PER_YEAR)


def rival_value(world, idx: np.ndarray):
    """The competitor's delivered value as accounts ``idx`` see it (the fixed scalar when it stands still)."""
    c = getattr(world, "rival_copied", None)
    if c is None:
        return world.rival_value
    return world.rival_value + (c[0] if world.lanes == 1 else c[world.book.lane_of(idx)])


def probe_hazard(world, li: np.ndarray, t: float, loyal: np.ndarray):
    """Extra yearly competitor hazard on neglected accounts ``li`` (0.0 when probing is off)."""
    comp = world.scenario.competitor
    if not comp.probe_per_year:
        return 0.0
    neglected = (t - world.book.last_contact[li]) > comp.probe_after_weeks
    return np.where(neglected, comp.probe_per_year, 0.0) * loyal
