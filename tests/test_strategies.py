"""Care strategies: the built-ins, strategies defined in YAML, and hand-written Python ones."""

from __future__ import annotations

import numpy as np
import pytest
from simhelp import run_world, small_scenario

import sim
from sim.scenario import load_scenario
from sim.strategies import BUILTINS, resolve_strategy
from sim.vocab import CARE, CONTACT, CUSTOMER, INTELLIGENCE, OPPORTUNITY, PROSPECT, TARGET

EXPECTED = ("no_care", "quota_push", "most_favoured", "value_based", "customer_manager", "tier_ladder",
            "public_pool", "timely_help", "routine_care")

CUSTOM_YAML = """
    name: custom
    horizon_months: 4
    accounts: {count: 200}
    reps: {count: 2}
    dealers: {count: 2}
    custom_strategies:
      spy:
        extends: value_based
        label: Intelligence on every customer
        params:
          customer_function: intelligence
          cycle_weeks: {non_profit: 4}
"""


@pytest.fixture(scope="module")
def short():
    """``small`` cut to four months: enough to see each strategy act."""
    return small_scenario(horizon_months=4)


def _contacts(world):
    e = world.log.columns()
    m = e["kind"] == CONTACT
    return e["account"][m], e["a"][m], e["stage"][m]


def test_builtins_are_listed():
    """All nine built-ins are available, each with a label."""
    listed = sim.available_strategies()
    assert set(EXPECTED) <= set(listed)
    assert len(listed) >= 8
    assert all(listed[name].strip() for name in EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_builtin_runs(short, name):
    """Each built-in runs to the horizon and gives a finite summary."""
    res = sim.run(short, name, seed=3)
    s = sim.summary(res)
    assert res.strategy == name
    assert all(np.isfinite(v) for v in s.values())
    assert s["revenue"] > 0


@pytest.mark.parametrize("name", [n for n in EXPECTED if n != "no_care"])
def test_builtin_makes_contacts(short, name):
    """Every built-in except no_care contacts accounts."""
    acc, _, _ = _contacts(run_world(short, name, 3))
    assert acc.size > 0


def test_no_care_logs_no_contacts(short):
    """``no_care`` never contacts anyone, so it has no contact cost."""
    w = run_world(short, "no_care", 3)
    acc, _, _ = _contacts(w)
    assert acc.size == 0
    assert sim.summary(sim.run_result(w))["care_cost"] == 0


# ---------------------------------------------------------------- YAML strategies
def test_yaml_strategy_is_listed_with_its_label(write_yaml):
    """A strategy under ``custom_strategies:`` is listed after the built-ins, with its label."""
    sc = load_scenario(write_yaml("custom.yaml", CUSTOM_YAML))
    listed = sim.available_strategies(sc)
    assert list(listed)[-1] == "spy"
    assert listed["spy"] == "Intelligence on every customer"


def test_yaml_strategy_overrides_merge_into_its_base(write_yaml):
    """Overrides replace single parameters and keep the rest of the base strategy's."""
    sc = load_scenario(write_yaml("custom.yaml", CUSTOM_YAML))
    s = resolve_strategy("spy", sc)
    base = BUILTINS["value_based"]
    assert s.params.customer_function == "intelligence"
    assert s.params.cycle_weeks.non_profit == 4
    assert s.params.cycle_weeks.key == base.cycle_weeks.key
    assert s.params.segment_weight == base.segment_weight
    assert s.label == "Intelligence on every customer"


def test_yaml_strategy_overrides_change_behaviour(write_yaml):
    """The YAML strategy's customer contacts use its overridden function; its base's do not."""
    sc = load_scenario(write_yaml("custom.yaml", CUSTOM_YAML))
    spy, base = run_world(sc, "spy", 2), run_world(sc, "value_based", 2)
    for w, expect_all in ((spy, True), (base, False)):
        acc, fn, stage = _contacts(w)
        m = (stage == CUSTOMER) & ~w.book.is_dealer[acc]
        assert m.sum() > 20
        assert bool((fn[m] == INTELLIGENCE).all()) is expect_all


def test_yaml_strategy_runs_by_name(write_yaml):
    """``sim.run`` accepts the YAML strategy's name and records it."""
    sc = load_scenario(write_yaml("custom.yaml", CUSTOM_YAML))
    assert sim.run(sc, "spy", seed=1).strategy == "spy"


def test_yaml_strategy_without_pipeline_work(write_yaml):
    """Stage weights of zero keep a YAML strategy away from the pipeline."""
    p = write_yaml("custom.yaml", CUSTOM_YAML.replace(
        "customer_function: intelligence",
        "stage_weight: {prospect: 0, target: 0, opportunity: 0}"))
    acc, _, stage = _contacts(run_world(load_scenario(p), "spy", 2))
    assert acc.size > 0
    assert not np.isin(stage, (PROSPECT, TARGET, OPPORTUNITY)).any()


# ---------------------------------------------------------------- Python strategies
class CallTheBigOnes(sim.Strategy):
    """Care visits to the biggest customers only, biggest first."""

    name = "call_the_big_ones"

    def plan(self, view: sim.BookView) -> sim.Plan:
        c = view.customers()
        big = c[view.size[c] > 5]
        return sim.Plan.of(big, CARE, priority=view.size[big])


class FixedPlan(sim.Strategy):
    """Returns whatever it was built with, every week."""

    name = "fixed"

    def __init__(self, plan):
        self._plan = plan

    def plan(self, view):
        return self._plan


def test_python_strategy_runs(short):
    """A hand-written Strategy subclass runs and its contacts follow its plan."""
    w = run_world(short, CallTheBigOnes(), 4)
    acc, fn, _ = _contacts(w)
    assert acc.size > 0
    assert (fn == CARE).all()
    assert (w.book.size[acc] > 5).all()
    assert sim.run_result(w).strategy == "call_the_big_ones"


def test_python_strategy_is_resolved_as_is(short):
    """``resolve_strategy`` hands a Strategy object back unchanged."""
    s = CallTheBigOnes()
    assert resolve_strategy(s, short) is s


@pytest.mark.parametrize(
    ("plan", "words"),
    [
        (sim.Plan.of([0, 10**6], CARE), "outside"),
        (sim.Plan.of([-1], CARE), "outside"),
        (sim.Plan.of([0, 1], 9), "functions"),
    ],
    ids=["too-high", "negative", "bad-function"],
)
def test_bad_plan_fails_clearly(short, plan, words):
    """A plan naming accounts or functions that do not exist fails with the strategy's name."""
    with pytest.raises(ValueError) as info:
        run_world(short, FixedPlan(plan), 1)
    assert "'fixed'" in str(info.value) and words in str(info.value)


def test_plan_must_be_a_plan(short):
    """A strategy returning something other than a Plan fails with a TypeError."""
    with pytest.raises(TypeError, match="must return a Plan"):
        run_world(short, FixedPlan([1, 2, 3]), 1)


def test_strategy_must_be_a_name_or_object(short):
    """Passing a number as a strategy is a TypeError."""
    with pytest.raises(TypeError):
        sim.build_world(short, 42, 1)
