"""Replications over parameter draws: how a comparison holds up when the parameters are uncertain.

Replication ``i`` draws every parameter of the scenario's ``uncertainty:`` section (see
:mod:`sim.uncertainty`) from a generator seeded by its replication seed alone, then runs every
strategy on that drawn scenario with that seed: the strategies of a replication share the draw and
the luck (common random numbers), and the result is a pure function of (scenario, strategies, seed)
whichever backend runs it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.experiment import (
    Comparison,
    ExperimentError,
    Task,
    _check_strategies,
    _scenario,
    _settings,
    check_baseline,
    paired_differences,
    run_tasks,
    strategies_given,
    summarise,
    tidy_runs,
)
from sim.model.streams import replication_seed
from sim.scenario import Scenario, deep_merge, scenario_from_dict
from sim.sweep import _nested
from sim.uncertainty import bounds, numeric_field

__all__ = ["compare_draws", "draw_values", "drawn_scenarios"]

#: mixed into the replication seed so the draw stream is not the simulation's own
DRAW_STREAM = 0x5EED_D8A3


def _value(raw: dict, path: str) -> float:
    node = raw
    for part in path.split("."):
        node = node[part]
    return float(node)


def draw_values(scenario: Scenario, rep_seed: int) -> dict[str, float]:
    """One draw of every uncertain parameter (key path -> value), from ``rep_seed`` alone."""
    raw = scenario.model_dump(mode="json")
    rng = np.random.default_rng([DRAW_STREAM, int(rep_seed)])
    out = {}
    for path, spread in scenario.uncertainty.items():  # in the file's order: one z per key path
        z, value = float(rng.standard_normal()), _value(raw, path)
        info, _ = numeric_field(Scenario, path)
        if spread.dist == "lognormal" and value > 0:
            x = value * float(np.exp(spread.se / value * z))
        else:
            x = value + spread.se * z
        low, high = bounds(info)
        x = min(max(x, low), high)
        out[path] = int(round(x)) if info.annotation is int else x
    return out


def drawn_scenarios(scenario: Scenario, seeds: Sequence[int]) -> list[tuple[dict[str, float], Scenario]]:
    """Per replication seed: its draw and the scenario with the drawn values."""
    raw = scenario.model_dump(mode="json")
    out = []
    for s in seeds:
        values, over = draw_values(scenario, s), {}
        for path, x in values.items():
            over = deep_merge(over, _nested(path, x))
        out.append((values, scenario_from_dict(deep_merge(raw, over), f"parameter draw of seed {s}")))
    return out


def compare_draws(scenario: Scenario | str, strategies: Sequence | None = None, replications: int | None = None,
                  seed: int | None = None, baseline=None, progress=None, workers: int | None = 1, client=None,
                  store=None) -> tuple[Comparison, list[dict[str, float]]]:
    """Like :func:`sim.experiment.compare`, each replication on its own parameter draw.

    Returns the comparison (its ``scenario`` is the undrawn one) and the draw of each replication.
    """
    t0 = time.perf_counter()
    sc = _scenario(scenario)
    if not sc.uncertainty:
        raise ExperimentError(f"scenario {sc.name!r} has no uncertainty: section, so there is nothing to draw")
    reps, seed = _settings(sc, replications, seed)
    given = strategies_given(sc, strategies)
    names = _check_strategies(sc, given)
    base = check_baseline(names, baseline)
    seeds = [replication_seed(seed, i) for i in range(reps)]
    draws = drawn_scenarios(sc, seeds)
    tasks = [Task(s, i, seeds[i], i) for i in range(reps) for s in given]
    outs = run_tasks([d[1] for d in draws], tasks, progress, workers=workers, client=client, store=store)
    runs = tidy_runs(pd.DataFrame([o.row for o in outs]))
    comp = Comparison(scenario=sc, strategies=names, baseline=base, seed=seed, replications=reps, runs=runs,
                      summary=summarise(runs, names), paired=paired_differences(runs, base, names),
                      elapsed=time.perf_counter() - t0)
    return comp, [d[0] for d in draws]
