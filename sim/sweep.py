"""Parameter sweeps: strategies × replications at every point of a grid of scenario values.

A grid maps key paths (``"reps.count"``, ``"market.churn_scale"``) to lists of values; the
points are their cartesian product. Every point is validated before anything runs, so a
key path that does not exist or a value of the wrong type fails at once, naming the key
path and what is allowed. Replication ``i`` uses the same seed at every point and for
every strategy (common random numbers across the grid too).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from sim.experiment import (
    ID_COLUMNS,
    ExperimentError,
    Task,
    _check_strategies,
    _scenario,
    _settings,
    run_tasks,
    strategies_given,
    summarise,
)
from sim.model.streams import replication_seed
from sim.scenario import Scenario, ScenarioError, deep_merge, scenario_from_dict
from sim.scenario_yaml import key_path, load_yaml_text, short

__all__ = ["MAX_POINTS", "UNSWEEPABLE", "Sweep", "grid_points", "parse_assignment", "sweep"]

MAX_POINTS = 10_000  # grid points in one sweep
UNSWEEPABLE = {  # top-level keys a sweep cannot vary, and what to use instead
    "seed": "use --seed (replication i gets the same seed at every point)",
    "replications": "use --replications/-r",
    "strategies": "use --strategies", "custom_strategies": "define strategies in the scenario file",
    "name": "a sweep runs one scenario", "description": "a sweep runs one scenario",
}


@dataclass
class Sweep:
    """The outcome of :func:`sweep`.

    ``points``: one row per grid point (``point`` and one column per key path);
    ``runs``: tidy, one row per point × strategy × replication × metric (point, the key
    paths, strategy, replication, seed, metric, value); ``summary``: per point × strategy ×
    metric the mean, 95% interval (low, high), sd and n.
    """

    scenario: Scenario
    grid: dict[str, list]
    strategies: list[str]
    seed: int
    replications: int
    points: pd.DataFrame
    runs: pd.DataFrame
    summary: pd.DataFrame
    elapsed: float = 0.0

    @property
    def keys(self) -> list[str]:
        return list(self.grid)

    @property
    def seeds(self) -> list[int]:
        return [replication_seed(self.seed, i) for i in range(self.replications)]


def parse_assignment(text: str) -> tuple[str, list]:
    """``key.path=v1,v2,v3`` -> ``("key.path", [v1, v2, v3])``, each value read as plain YAML (3, 0.5, true)."""
    key, sep, values = text.partition("=")
    key = key.strip()
    items = [v.strip() for v in values.split(",")]
    if not sep or not key or not all(items):
        raise ExperimentError(f"--set {short(text)}: write key.path=value1,value2 (e.g. reps.count=5,10,15)")
    try:
        return key, [load_yaml_text(v, f"--set {key_path(key.split('.'))}") for v in items]
    except ScenarioError as exc:
        raise ExperimentError(str(exc)) from None


def _nested(path: str, value) -> dict:
    parts = path.split(".")
    if not all(parts):
        raise ExperimentError(f"sweep key path {path!r}: write keys joined by dots, e.g. market.churn_scale")
    out = value
    for part in reversed(parts):
        out = {part: out}
    return out


def _check_path(raw: dict, path: str) -> None:
    """A key path must not go inside a plain value (``horizon_months.x``)."""
    node, walked = raw, []
    for part in path.split(".")[:-1]:
        walked.append(part)
        node = node.get(part) if isinstance(node, dict) else None
        if node is not None and not isinstance(node, dict):
            raise ScenarioError(f"sweep key path {key_path(path.split('.'))}: {key_path(walked)} is a value "
                                f"({short(node)}), not a group of keys")


def normalise_grid(grid: Mapping[str, Sequence]) -> dict[str, list]:
    """Key path -> list of values (a single value becomes a list of one)."""
    if not grid:
        raise ExperimentError("the sweep grid is empty: give at least one key path and its values")
    grid = {str(k): [v] if isinstance(v, (str, bytes)) or not isinstance(v, Sequence) else list(v)
            for k, v in grid.items()}
    empty = [k for k, v in grid.items() if not v]
    if empty:
        raise ExperimentError(f"sweep key path {key_path(empty[0].split('.'))} has no values")
    fixed = [k for k in grid if k.split(".")[0] in UNSWEEPABLE]
    if fixed:
        parts = fixed[0].split(".")
        raise ExperimentError(f"sweep key path {key_path(parts)} cannot be swept: {UNSWEEPABLE[parts[0]]}")
    if math.prod(map(len, grid.values())) > MAX_POINTS:
        raise ExperimentError(f"the sweep grid has more than {MAX_POINTS:,} points: give fewer values")
    return grid


def grid_points(scenario: Scenario, grid: Mapping[str, Sequence]) -> tuple[pd.DataFrame, list[Scenario]]:
    """The grid's points (cartesian product, first key slowest) and their validated scenarios."""
    grid = normalise_grid(grid)
    raw = scenario.model_dump(mode="json")
    for key in grid:
        _check_path(raw, key)
    combos = list(itertools.product(*grid.values()))
    scenarios = []
    for combo in combos:
        override: dict = {}
        for key, value in zip(grid, combo):
            override = deep_merge(override, _nested(key, value))
        where = ", ".join(f"{key_path(k.split('.'))}={short(v)}" for k, v in zip(grid, combo))
        scenarios.append(scenario_from_dict(deep_merge(raw, override), f"sweep point {where}"))
    points = pd.DataFrame(combos, columns=list(grid)).rename_axis("point").reset_index()
    return points, scenarios


def plan_sweep(n_points: int, strategies: Sequence, replications: int, seed: int) -> list[Task]:
    """Replication-major, then point, then strategy: partial progress covers the grid evenly."""
    return [Task(s, i, replication_seed(seed, i), p)
            for i in range(replications) for p in range(n_points) for s in strategies]


def _long_runs(outs: list, tasks: list[Task], points: pd.DataFrame) -> pd.DataFrame:
    """One row per grid point, strategy, replication and metric, with the point's values."""
    wide = pd.DataFrame([{"point": t.point, **o.row} for o, t in zip(outs, tasks)])
    runs = wide.melt(id_vars=["point", *ID_COLUMNS], var_name="metric", value_name="value")
    runs = (runs.astype({"value": float}).sort_values(["point", "strategy", "metric", "replication"], kind="stable")
            .merge(points, on="point", how="left"))
    return runs[[*points.columns, *ID_COLUMNS, "metric", "value"]]


def sweep(scenario: Scenario | str, grid: Mapping[str, Sequence], strategies: Sequence | None = None,
          replications: int | None = None, seed: int | None = None, progress=None,
          workers: int | None = 1, client=None, store=None) -> Sweep:
    """Run ``strategies`` (default: the scenario's) × ``replications`` at every grid point.

    ``grid`` maps key paths to lists of values, e.g. ``{"reps.count": [5, 10], "market.churn_scale":
    [0.5, 1.0]}``. ``workers``, ``client`` and ``store`` as in :func:`sim.experiment.compare`.
    """
    t0 = time.perf_counter()
    sc = _scenario(scenario)
    reps, seed = _settings(sc, replications, seed)
    given = strategies_given(sc, strategies)
    grid = normalise_grid(grid)
    points, scenarios = grid_points(sc, grid)
    names = _check_strategies(scenarios[0], given)
    for point_sc in scenarios[1:]:
        _check_strategies(point_sc, given)
    tasks = plan_sweep(len(scenarios), given, reps, seed)
    outs = run_tasks(scenarios, tasks, progress, workers=workers, client=client, store=store)
    runs = _long_runs(outs, tasks, points)
    summary = pd.concat([summarise(g, names).assign(point=p) for p, g in runs.groupby("point", sort=True)])
    summary = summary.merge(points, on="point", how="left")[[*points.columns, *summary.columns.drop("point")]]
    return Sweep(sc, grid, names, seed, reps, points, runs, summary, time.perf_counter() - t0)
