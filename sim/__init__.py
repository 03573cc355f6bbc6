"""CRM Dojo: a SimPy simulation of customer relationship management.

The public API — what notebooks, the CLI and tests may import::

    import sim
    sc = sim.load_scenario("workshop")
    res = sim.run(sc, "value_based", seed=1)
    sim.summary(res)

No Jupyter, ipywidgets or altair is imported here: charts live in ``sim.viz``.
"""

from __future__ import annotations

from sim.model import World, build_world
from sim.model.streams import replication_seed
from sim.results import (
    METRICS, RunResult, account_profit, accounts_frame, churn_by_cause, dealer_stock, events_frame,
    monthly_panel, rep_people, rep_utilisation, run_result, run_results, state_at, summary, whale_curve,
)
from sim.cycle import cycle_effort
from sim.ladder import ladder_panel, ladder_table
from sim.scenario import Scenario, ScenarioError, load_scenario, scenario_from_dict, scenario_hash
from sim.strategies import BookView, Plan, Strategy, available_strategies, resolve_strategy
from sim.experiment import compare  # noqa: E402  (after the core it builds on)
from sim.sweep import sweep  # noqa: E402
from sim.vocab import CAUSES, FUNCTIONS, SEGMENTS, STAGES, TIERS, get_language, label, set_language
from sim.version import __version__

__all__ = [
    "BookView", "CAUSES", "FUNCTIONS", "METRICS", "Plan", "RunResult", "SEGMENTS", "STAGES",
    "Scenario", "ScenarioError", "Strategy", "TIERS", "World", "__version__", "account_profit",
    "accounts_frame", "available_strategies", "build_world", "churn_by_cause", "compare", "dealer_stock",
    "events_frame", "get_language", "label", "load_scenario", "monthly_panel", "rep_people", "rep_utilisation", "replication_seed",
    "resolve_strategy", "run", "run_many", "run_result", "run_results", "scenario_from_dict", "scenario_hash", "set_language", "state_at",
    "summary", "sweep", "whale_curve",
    "cycle_effort", "ladder_panel", "ladder_table",
]


def run(scenario: Scenario | str, strategy="routine_care", seed: int | None = None) -> RunResult:
    """Run one replication of ``scenario`` under ``strategy`` and return its :class:`RunResult`.

    ``seed`` defaults to the scenario's own seed. Same inputs, same event log.
    """
    sc = load_scenario(scenario) if isinstance(scenario, str) else scenario
    return run_result(build_world(sc, strategy, seed).run())


def run_many(scenario: Scenario | str, strategy="routine_care", seeds=None) -> list[RunResult]:
    """Run several replications of ``scenario`` under ``strategy`` side by side, one per seed.

    The replications share one world ("lanes") and so cost far less than one run
    each, yet each result equals ``sim.run(scenario, strategy, seed)`` exactly.
    ``seeds`` defaults to the scenario's replications (``sim.replication_seed``).
    ``strategy`` may be a list, one (built-in or YAML) strategy per seed.
    """
    sc = load_scenario(scenario) if isinstance(scenario, str) else scenario
    if seeds is None:
        seeds = [replication_seed(sc.seed, i) for i in range(sc.replications)]
    return run_results(build_world(sc, strategy, list(seeds)).run())
