"""The public pool hands an account on (公海客戶): a dormant account whose contact cycle passes
with no answered contact goes to the next rep of its team, who gets a cycle of their own.

Driven by a strategy's ``pool_reassign_weeks`` (0: off, the default; see
:class:`~sim.strategies.params.StrategyParams` ``pool_reassign``). No random draws.
"""

from __future__ import annotations

import numpy as np

from sim.vocab import DORMANT


def reassign(world, t: float) -> None:
    """Move every dormant account left unanswered for its strategy's cycle to the next rep of its lane."""
    b, reps = world.book, world.scenario.reps.count
    for strat, lo, hi in world.groups:
        weeks = getattr(strat, "pool_reassign_weeks", 0.0)
        if not weeks or reps < 2:
            continue
        start, end = lo * b.lane_cap, (hi - 1) * b.lane_cap + int(b.n_lane[hi - 1])
        since = np.maximum(np.maximum(b.last_contact[start:end], b.stage_since[start:end]), b.assigned_at[start:end])
        due = np.flatnonzero((b.stage[start:end] == DORMANT) & (t - since >= weeks)) + start
        if due.size:
            first = b.lane_of(due) * reps  # each lane's reps are numbered from lane × reps
            b.rep[due] = (first + (b.rep[due] - first + 1) % reps).astype(b.rep.dtype)
            b.assigned_at[due] = t
