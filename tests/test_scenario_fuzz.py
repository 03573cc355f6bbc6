"""Fuzzed scenario mappings and YAML texts (hypothesis): a clear short error or a valid, finite scenario.

Random keys, values, types and nesting are injected into a valid scenario. The contract: either a
:class:`ScenarioError` of a few short lines that never repeats a value from an extended file, or a
:class:`Scenario` whose every number is finite and whose hash is canonical. Nothing else is raised.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from sim.scenario import Scenario, ScenarioError, deep_merge, scenario_from_dict, scenario_hash
from sim.scenario_values import MAX_LINES
from sim.scenario_yaml import load_yaml_text

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
BASE = {"name": "fuzz", "horizon_months": 2, "accounts": {"count": 100}, "reps": {"count": 2},
        "dealers": {"count": 2}, "strategies": ["no_care", "mine"],
        "custom_strategies": {"mine": {"extends": "value_based", "params": {"value_weight": 1.0}}}}
SECRET = "SECRET-do-not-print"


def _paths(model: type[BaseModel], prefix: tuple = ()) -> list[tuple]:
    """Every key path of the schema (into nested models, not collections)."""
    out = []
    for name, field in model.model_fields.items():
        out.append((*prefix, name))
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out += _paths(ann, (*prefix, name))
    return out


PATHS = _paths(Scenario) + [("custom_strategies", "mine", "params", k)
                            for k in ("value_weight", "price_cut", "cycle_weeks", "nope")]
SCALARS = (st.floats(0, 1) | st.integers(0, 50) | st.floats(allow_nan=True, allow_infinity=True)
           | st.integers(-2**70, 2**70) | st.booleans()
           | st.none() | st.text(max_size=300) | st.sampled_from([1e308, -1e308, 2**63, 10**400]))
VALUES = st.recursive(SCALARS, lambda kids: st.lists(kids, max_size=4)
                      | st.dictionaries(st.text(max_size=20) | st.integers(), kids, max_size=4), max_leaves=12)
PATH = (st.sampled_from(PATHS) | st.sampled_from(PATHS)  # real key paths twice as often as made-up ones
        | st.lists(st.text(max_size=12), min_size=1, max_size=4).map(tuple))


def _nested(path: tuple, value: Any) -> dict:
    for part in reversed(path):
        value = {part: value}
    return value


def _numbers(v: Any):
    if isinstance(v, dict):
        for x in v.values():
            yield from _numbers(x)
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from _numbers(x)
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        yield v


def _check_contract(raw: dict, layers: list | None = None) -> None:
    try:
        sc = scenario_from_dict(raw, "fuzz.yaml", layers)
    except ScenarioError as exc:
        lines = str(exc).splitlines()
        assert 1 <= len(lines) <= MAX_LINES + 1
        assert all(line.startswith("fuzz.yaml") and len(line) < 700 for line in lines), lines
        assert SECRET not in str(exc)
        return
    dumped = sc.model_dump(mode="json")
    assert all(math.isfinite(x) for x in _numbers(dumped))
    assert scenario_hash(scenario_from_dict(dumped)) == scenario_hash(sc)


@SETTINGS
@given(st.lists(st.tuples(PATH, st.floats(0, 1) | st.integers(1, 50) | VALUES), min_size=1, max_size=3))
def test_injected_values_give_a_clear_error_or_a_finite_scenario(injections):
    """Any value at any (real or made-up) key path: a short ScenarioError or a valid, finite scenario."""
    raw = BASE
    for path, value in injections:
        raw = deep_merge(raw, _nested(path, value))
    _check_contract(raw)


@SETTINGS
@given(st.lists(st.tuples(PATH, VALUES | st.just(SECRET)), min_size=1, max_size=3))
def test_values_of_an_extended_file_are_never_repeated(injections):
    """Whatever an extended file holds, a message names its keys and file, never its values."""
    parent: dict = {}
    for path, value in injections:
        parent = deep_merge(parent, _nested(path, [SECRET, value] if isinstance(value, list) else SECRET))
    layers = [("fuzz.yaml", BASE), ("secrets.yaml", parent)]
    _check_contract(deep_merge(parent, BASE), layers)


TOKENS = ["a", "b", ": ", ":", " ", "  ", "\n", "- ", "[", "]", "{", "}", ", ", "&x ", "*x", "!!set ",
          "!!python/name:os.system ",
          "!x ", "? ", "'", '"', "1", "2.5", ".inf", ".nan", "<<: ", "# c", "\t", "| ", "> ", "%YAML 1.1\n", "---\n",
          "...\n", "yes", "null", "1e6", "2024-01-01", "\\x00", "\x00", "\ufeff", "é"]


KEYS = ["name", "horizon_months", "accounts", "count", "reps", "seed", "a", "yes", "<<", "? [a]", "&x k", "'q'",
        "strategies", "hours_per_week"]
VALS = ["1", "2", "0.5", ".inf", ".nan", "true", "null", "&x 3", "*x", "!!set {a}", "!!python/name:os.system", "[1, 2]",
        "{count: 5}", "'text'", "2024-01-01", "1e6", "- a", "", "!x 1", "*y", "[no_care]", "{a: &y [*y]}"]
LINE = st.tuples(st.sampled_from(["", "", "", "  "]), st.sampled_from(KEYS), st.sampled_from(VALS)).map(
    lambda t: f"{t[0]}{t[1]}: {t[2]}")
TEXTS = (st.lists(LINE, min_size=1, max_size=8).map("\n".join)
         | st.lists(st.sampled_from(TOKENS), max_size=40).map("".join) | st.text(max_size=200))


@SETTINGS
@given(TEXTS)
def test_any_yaml_text_gives_a_clear_error_or_plain_data(text):
    """Any text: a one-line ScenarioError, or plain data (text, numbers, true/false, null, lists, mappings)
    that then validates or fails clearly."""
    try:
        data = load_yaml_text(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert len(str(exc).splitlines()) == 1 and str(exc).startswith("fuzz.yaml") and len(str(exc)) < 400
        return
    stack = [data]
    while stack:
        v = stack.pop()
        assert v is None or isinstance(v, (str, int, float, bool, list, dict)), type(v)
        stack += v if isinstance(v, list) else [*v.keys(), *v.values()] if isinstance(v, dict) else []
    if isinstance(data, dict):
        _check_contract(deep_merge(BASE, data))
