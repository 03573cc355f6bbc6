"""Replications and strategy comparisons with common random numbers and 95% intervals.

Every (strategy, replication) pair is one :class:`Task`; :func:`run_task` turns a
task into a row of metrics, and :func:`run_tasks` is the single place that maps
tasks to rows: in this process, in local processes or on a Dask cluster
(:func:`sim.parallel.map_tasks`), saving each finished row in a
:class:`sim.store.TaskStore` when given one (and skipping the rows it already
holds, to resume). The rows come back in plan order whatever the backend, so the
tables are the same as a serial run's. Replication ``i`` of every strategy uses the seed
``sim.replication_seed(seed, i)``, so strategies meet the same customers and the
same bad luck, and paired differences are much tighter than unpaired ones.

The statistics are in :mod:`sim.stats` (re-exported here), the display of the tables in
:mod:`sim.tables`. No altair, ipywidgets or IPython here: this module is part of the core.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.model import build_world
from sim.model.streams import replication_seed
from sim.parallel import backend_name, default_workers, map_tasks, progress_bar
from sim.results import RunResult, run_result, summary
from sim.scenario import MAX_REPLICATIONS, MAX_SEED, Scenario, load_scenario, scenario_from_dict, scenario_hash
from sim.stats import ID_COLUMNS, LEVEL, paired_differences, summarise, t_interval, tidy_runs, welch_interval  # noqa: F401
from sim.strategies import ParamStrategy, resolve_strategy

__all__ = [
    "Comparison", "ExperimentError", "Task", "compare",
    "paired_differences", "plan_tasks", "replicate", "run_replications", "run_task", "run_tasks",
    "summarise", "t_interval", "tidy_runs",
]


class ExperimentError(ValueError):
    """Bad experiment input (replications, seed, strategies, baseline); the message says why."""


@dataclass(frozen=True)
class Task:
    """One simulation to run: a strategy (name or object) at one replication seed
    (and, in a sweep, at one grid point: the index of its scenario)."""

    strategy: object
    replication: int
    seed: int
    point: int | None = None

    @property
    def name(self) -> str:
        return strategy_name(self.strategy)


@dataclass
class TaskOutput:
    """What one task gives back: its metrics row and, if asked, the full run."""

    row: dict
    result: RunResult | None = None


@dataclass
class Comparison:
    """The outcome of :func:`compare` (see its docstring for the tables)."""

    scenario: Scenario
    strategies: list[str]
    baseline: str
    seed: int
    replications: int
    runs: pd.DataFrame
    summary: pd.DataFrame
    paired: pd.DataFrame
    results: dict[str, RunResult] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def seeds(self) -> list[int]:
        """The replication seeds, shared by every strategy."""
        return [replication_seed(self.seed, i) for i in range(self.replications)]


# ---------------------------------------------------------------- inputs
def strategy_name(strategy) -> str:
    """The name of a strategy given as a name or a strategy object."""
    return strategy if isinstance(strategy, str) else str(getattr(strategy, "name", strategy))


def _scenario(scenario: Scenario | str) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def _check_int(value, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ExperimentError(f"{what} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)


def _settings(sc: Scenario, replications, seed) -> tuple[int, int]:
    reps = sc.replications if replications is None else replications
    seed = sc.seed if seed is None else seed
    return _check_int(reps, "replications", 1, MAX_REPLICATIONS), _check_int(seed, "seed", 0, MAX_SEED)


def _check_strategies(sc: Scenario, strategies: Sequence) -> list[str]:
    """Resolve every strategy up front (a typo fails before anything runs)."""
    if isinstance(strategies, str):
        strategies = [strategies]
    if not strategies:
        raise ExperimentError("no strategies to run")
    names = [strategy_name(s) for s in strategies]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ExperimentError(f"strategy listed more than once: {', '.join(dupes)}")
    for s in strategies:
        resolve_strategy(s, sc)  # raises ScenarioError naming the available ones
    return names


def strategies_given(sc: Scenario, strategies) -> list:
    """The strategies to run: ``strategies`` (one, or a list), or by default the scenario's."""
    if strategies is None:
        return list(sc.strategies)
    return [strategies] if isinstance(strategies, str) else list(strategies)


def check_baseline(names: Sequence[str], baseline=None) -> str:
    """The baseline's name (default: the first strategy); it must be among ``names``."""
    base = names[0] if baseline is None else strategy_name(baseline)
    if base not in names:
        raise ExperimentError(f"baseline {base!r} is not among the strategies compared: {', '.join(names)}")
    return base


def plan_tasks(strategies: Sequence, replications: int, seed: int) -> list[Task]:
    """All tasks, replication-major, so partial progress covers every strategy evenly."""
    return [Task(s, i, replication_seed(seed, i)) for i in range(replications) for s in strategies]


# ---------------------------------------------------------------- running
class PortableScenario:
    """A scenario that travels to other processes as JSON and is rebuilt (once) there.

    A :class:`Scenario` with custom strategies does not pickle (its frozen dicts refuse the
    item assignment unpickling needs), and JSON is small and exact.
    """

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.hash = scenario_hash(scenario)

    @functools.cached_property
    def as_json(self) -> str:
        return json.dumps(self.scenario.model_dump(mode="json"))

    def __reduce__(self):
        return (_scenario_from_json, (self.as_json,))


@functools.lru_cache(maxsize=64)
def _scenario_from_json(text: str) -> PortableScenario:
    return PortableScenario(scenario_from_dict(json.loads(text), "<scenario sent to a worker>"))


#: at most this many accounts (all lanes together) in one world, to bound a batch's memory
LANE_ACCOUNTS = 100_000


def _run_batch(job: tuple[list[int], PortableScenario, list[Task], list[bool]]) -> list[tuple[int, TaskOutput]]:
    """Run one batch of tasks (same scenario) as lanes of one world: what a worker executes."""
    idx, ref, tasks, keeps = job
    world = build_world(ref.scenario, [t.strategy for t in tasks], [t.seed for t in tasks]).run()
    out = []
    for lane, (i, task, keep) in enumerate(zip(idx, tasks, keeps)):
        res = run_result(world, lane)
        row = {"strategy": task.name, "replication": task.replication, "seed": task.seed, **summary(res)}
        out.append((i, TaskOutput(row, res if keep else None)))
    return out


def _lane_safe(strategy) -> bool:
    """Built-in and YAML strategies run correctly side by side; a hand-written class may not."""
    return isinstance(strategy, (str, ParamStrategy))


def _worker_count(workers, client, n_jobs: int) -> int:
    """How many workers will share the batches."""
    backend = backend_name(workers, client, n_jobs)
    if backend == "serial":
        return 1
    if backend == "dask":
        return max(1, len(client.scheduler_info().get("workers", {})))
    return workers or default_workers()


def _batches(jobs: list, ref_of: list, tasks: Sequence[Task], keeps: dict, workers, client,
             whole: bool = False) -> list[tuple]:
    """Group the tasks to run into lane batches: same scenario point and strategy, each group split
    over the workers (a share each). ``whole``: every strategy of a scenario point in one group
    (a world whose lanes follow different strategies), split only to give each worker a share."""
    def strategy_key(i: int) -> tuple:
        t = tasks[i]
        return t.name, id(t.strategy) if not isinstance(t.strategy, str) else 0

    groups: dict[tuple, list[int]] = {}
    for i in jobs:
        key = (ref_of[i].hash,) if whole else (id(ref_of[i]), *strategy_key(i))
        groups.setdefault(key if _lane_safe(tasks[i].strategy) else (i,), []).append(i)
    if whole:  # each strategy's lanes side by side (in order of first appearance)
        for members in groups.values():
            _by_first_appearance(members, strategy_key)
    n_workers = _worker_count(workers, client, len(jobs))
    most = max(1, LANE_ACCOUNTS // max(ref_of[jobs[0]].scenario.accounts.count, 1)) if jobs else 1
    splits = max(1, n_workers // max(len(groups), 1)) if whole else n_workers
    out = []
    for members in groups.values():
        size = min(most, max(1, -(-len(members) // splits)))  # ceil
        chunks = [members[lo:lo + size] for lo in range(0, len(members), size)]
        out += [(c, ref_of[c[0]], [tasks[i] for i in c], [keeps[i] for i in c]) for c in chunks]
    return out


def _by_first_appearance(members: list[int], key) -> None:
    """Sort ``members`` (in place, stably) by the order in which their ``key`` first appears."""
    first: dict = {}
    for i in members:
        first.setdefault(key(i), len(first))
    members.sort(key=lambda i: first[key(i)])


def _check_importable(tasks: Sequence[Task], workers, client) -> None:
    """Worker processes cannot import a strategy class defined in a notebook or an interactive session."""
    if backend_name(workers, client, len(tasks)) != "processes" or getattr(sys.modules["__main__"], "__file__", None):
        return
    for t in tasks:
        if not isinstance(t.strategy, str) and type(t.strategy).__module__ == "__main__":
            raise ExperimentError(f"strategy {t.name!r} is defined in a notebook or an interactive session, which "
                                  "worker processes cannot import: put its class in a .py module, or run with "
                                  "workers=1 (a Dask client sends it along)")


def run_task(scenario: Scenario, task: Task, keep_result: bool = False) -> TaskOutput:
    """Run one task and return its row: strategy, replication, seed + every summary metric."""
    res = run_result(build_world(scenario, task.strategy, task.seed).run())
    row = {"strategy": task.name, "replication": task.replication, "seed": task.seed, **summary(res)}
    return TaskOutput(row, res if keep_result else None)


def run_tasks(scenario: Scenario | Sequence[Scenario], tasks: Sequence[Task], progress=None,
              keep: Callable[[Task], bool] = lambda t: False, workers: int | None = 1, client=None,
              store=None, whole_groups: bool = False) -> list[TaskOutput]:
    """Run ``tasks`` and return their outputs in the order of ``tasks`` (the one map over tasks).

    ``scenario``: one scenario, or a sequence indexed by ``task.point`` (sweeps).
    ``progress``: True/False, or None for "on when stderr is a terminal".
    ``keep(task)`` says which tasks return their full :class:`RunResult`.
    ``workers``/``client``: where to run (see :func:`sim.parallel.map_tasks`; 1 = this process).
    ``store``: a :class:`sim.store.TaskStore`; each finished row is saved in it at once, and
    rows it already holds are not run again (a kept task is, for its full result).
    ``whole_groups``: one world for all the replications of a strategy (and grid point) unless
    workers would sit idle — quickest for a short comparison (a dashboard); by default each
    worker gets a share of every group, so that progress and Ctrl-C/resume are finer-grained.
    """
    many = not isinstance(scenario, Scenario)
    refs = [PortableScenario(sc) for sc in (scenario if many else [scenario])]
    ref_of = [refs[t.point if many else 0] for t in tasks]
    outs: list[TaskOutput | None] = [None] * len(tasks)
    if store is not None:
        for i, t in enumerate(tasks):
            row = None if keep(t) else store.load(t, ref_of[i].hash)
            outs[i] = TaskOutput(row) if row is not None else None
    todo = [i for i, o in enumerate(outs) if o is None]
    _check_importable([tasks[i] for i in todo], workers, client)
    batches = _batches(todo, ref_of, tasks, {i: keep(tasks[i]) for i in todo}, workers, client, whole_groups)
    with progress_bar(progress, len(tasks), len(tasks) - len(todo), refs[0].scenario.name) as bar:
        for _, done in map_tasks(_run_batch, batches, workers, client, bar, size=lambda b: len(b[0])):
            for i, out in done:
                if store is not None:
                    store.save(tasks[i], out.row, ref_of[i].hash)
                outs[i] = out
    return outs


def run_replications(scenario: Scenario | str, strategy, replications: int | None = None,
                     seed: int | None = None, progress=None, workers: int | None = 1, client=None) -> pd.DataFrame:
    """One row per replication of ``strategy``: strategy, replication, seed and every summary metric.

    ``replications`` and ``seed`` default to the scenario's own; ``workers``/``client`` as in
    :func:`compare`.
    """
    return replicate(scenario, strategy, replications, seed, progress, workers, client)[0]


def replicate(scenario: Scenario | str, strategy, replications: int | None = None, seed: int | None = None,
              progress=None, workers: int | None = 1, client=None) -> tuple[pd.DataFrame, RunResult]:
    """Like :func:`run_replications`, and also return the full run of replication 0."""
    sc = _scenario(scenario)
    reps, seed = _settings(sc, replications, seed)
    _check_strategies(sc, [strategy])
    outs = run_tasks(sc, plan_tasks([strategy], reps, seed), progress, keep=lambda t: t.replication == 0,
                     workers=workers, client=client)
    return pd.DataFrame([o.row for o in outs]), outs[0].result


def compare(scenario: Scenario | str, strategies: Sequence | None = None, replications: int | None = None,
            seed: int | None = None, baseline=None, progress=None, keep_first: bool = False,
            workers: int | None = 1, client=None, store=None) -> Comparison:
    """Run every strategy on the same replication seeds and compare them.

    Returns a :class:`Comparison` with

    - ``runs``: tidy, one row per strategy × replication × metric
      (strategy, replication, seed, metric, value);
    - ``summary``: per strategy × metric the mean, sd, n and a 95% t-interval (low, high);
    - ``paired``: per strategy × metric the mean difference from ``baseline`` (default: the
      first strategy) with its paired 95% interval, the unpaired (Welch) interval for
      contrast, and whether the paired interval excludes zero;
    - ``results``: with ``keep_first``, the full run of replication 0 of each strategy.

    Where it runs: ``workers`` local processes (1, the default: in this process; None: all
    cores) or the Dask cluster of ``client``; the tables are the same either way.
    ``store``: a :class:`sim.store.TaskStore` that saves each finished replication and
    supplies those saved earlier (to resume an interrupted comparison).
    """
    t0 = time.perf_counter()
    sc = _scenario(scenario)
    reps, seed = _settings(sc, replications, seed)
    given = list(sc.strategies) if strategies is None else strategies
    names = _check_strategies(sc, given)
    base = check_baseline(names, baseline)
    tasks = plan_tasks(list(given) if not isinstance(given, str) else [given], reps, seed)
    outs = run_tasks(sc, tasks, progress, keep=lambda t: keep_first and t.replication == 0,
                     workers=workers, client=client, store=store)
    runs = tidy_runs(pd.DataFrame([o.row for o in outs]))
    results = {o.row["strategy"]: o.result for o in outs if o.result is not None}
    return Comparison(
        scenario=sc, strategies=names, baseline=base, seed=seed, replications=reps, runs=runs,
        summary=summarise(runs, names), paired=paired_differences(runs, base, names),
        results=results, elapsed=time.perf_counter() - t0,
    )
