"""Care strategies: the built-ins, YAML-defined mixes, and the protocol for your own.

``resolve_strategy(x, scenario)`` accepts a built-in name, the name of a strategy
defined under ``custom_strategies:`` in the scenario, or a :class:`Strategy` object.
"""

from __future__ import annotations

from sim.scenario import Scenario, ScenarioError
from sim.scenario_strategies import BUILTINS, StrategyParams, custom_params
from sim.scenario_yaml import short
from sim.strategies.base import BookView, Plan, Strategy
from sim.strategies.params import ParamStrategy

__all__ = [
    "BUILTINS", "BookView", "ParamStrategy", "Plan", "Strategy", "StrategyParams",
    "available_strategies", "resolve_strategy", "strategy_from_params",
]


def available_strategies(scenario: Scenario | None = None) -> dict[str, str]:
    """Name -> label of every strategy usable with ``scenario`` (built-ins first)."""
    out = {name: p.label for name, p in BUILTINS.items()}
    if scenario is not None:
        for name, spec in scenario.custom_strategies.items():
            out[name] = spec.label or f"{name} (based on {spec.extends})"
    return out


def strategy_from_params(name: str, base: str, overrides: dict, source: str = "") -> ParamStrategy:
    """A :class:`ParamStrategy` from a built-in ``base`` with parameter ``overrides``."""
    return ParamStrategy(name, custom_params(name, base, overrides, source))


def resolve_strategy(strategy, scenario: Scenario) -> Strategy:
    """Turn a name or a strategy object into a :class:`Strategy` for ``scenario``."""
    if isinstance(strategy, Strategy):
        return strategy
    if not isinstance(strategy, str):
        raise TypeError(f"a strategy is a name or a Strategy object, got {type(strategy).__name__}")
    if strategy in scenario.custom_strategies:
        spec = scenario.custom_strategies[strategy]
        s = strategy_from_params(strategy, spec.extends, dict(spec.params), f"{scenario.name}: ")
        if spec.label:
            s.label = spec.label
        return s
    if strategy in BUILTINS:
        return ParamStrategy(strategy, BUILTINS[strategy])
    known = ", ".join(available_strategies(scenario))
    raise ScenarioError(f"unknown strategy {short(strategy)}; available: {known}")
