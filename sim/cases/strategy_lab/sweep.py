"""Case 08's sweep: the lab's scenario and strategies at several values of one scenario key."""

from __future__ import annotations

from collections.abc import Mapping

import sim
from sim.cases.strategy_lab import CASE

__all__ = ["lab_sweep"]


def lab_sweep(values: Mapping | None = None, key: str = "reps.count", points=(3, 5, 8),
              replications: int | None = None, workers: int | None = 1):
    """A small sweep for the strategy lab: the lab's scenario and strategies at each value of ``key``,
    with the lab's replications (``values["replications"]``) unless ``replications`` is given."""
    v = CASE.validate(values)
    reps = v["replications"] if replications is None else replications
    return sim.sweep(v["scenario"], {key: list(points)}, list(v["strategies"]), replications=reps, workers=workers)
