"""The customer management cycle: where effort went (sim.cycle), its chart, and investigating why customers left."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.cycle import cycle_effort, step_of
from sim.events import contacts
from sim.results import run_result, summary
from sim.viz import apply_theme
from sim.viz.ladder import cycle_effort_chart
from sim.strategies.base import BookView
from sim.strategies.params import BUILTINS, ParamStrategy, PerStage
from sim.vocab import (
    BUILD_CONTACT, CHURN, CONTACT, CREATE_VALUE, CUSTOMER, CYCLE, DEVELOP, FUNCTIONS, LOST, RAISE_LOYALTY, STAGE,
    TARGET, label,
)
from simhelp import run_world, small_scenario


@pytest.fixture(scope="module")
def runs():
    sc = small_scenario(horizon_months=12)
    return {s: run_result(run_world(sc, s, 2)) for s in ("quota_push", "customer_manager", "public_pool")}


def test_every_cost_lands_on_one_step(runs):
    """The steps share out exactly the run's care and acquisition cost and its contact hours."""
    for res in runs.values():
        eff, s = cycle_effort(res), summary(res)
        assert list(eff["step"].astype(str)) == list(CYCLE)
        assert np.isclose(eff["money"].sum(), s["care_cost"] + s["acquisition_cost"])
        e = res.events
        assert np.isclose(eff["hours"].sum(), e["x"][e["kind"] == CONTACT].sum())
        assert np.isclose(eff["hours_share"].sum(), 1.0)
        by_month = cycle_effort(res, by_month=True)
        assert np.isclose(by_month["money"].sum(), eff["money"].sum())


def test_steps_follow_stage_and_function(runs):
    """Pipeline contacts build contact, customer care develops, service creates value, pool work raises loyalty.
    Mutation: map contacts by function alone (ignoring the stage) in step_of."""
    c = contacts(runs["public_pool"].events)
    step = step_of(c.stage, c.function)
    cust = c.stage == CUSTOMER
    assert (step[c.stage < CUSTOMER] == BUILD_CONTACT).all()
    assert (step[c.stage > CUSTOMER] == RAISE_LOYALTY).all() and (step == RAISE_LOYALTY).any()
    assert (step[cust & (c.function == FUNCTIONS.index("care"))] == DEVELOP).all()
    assert (step[cust & (c.function == FUNCTIONS.index("service"))] == CREATE_VALUE).all()


def test_sales_manager_never_gets_past_build_contact(runs):
    """Course: the quota-pushing sales manager spends on contact and sales only; the customer manager
    puts a large share of its hours into developing the relationship and creating value."""
    qp = cycle_effort(runs["quota_push"]).set_index("step")
    cm = cycle_effort(runs["customer_manager"]).set_index("step")
    assert qp.loc["build_contact", "hours_share"] > 0.99
    assert cm.loc[["develop", "create_value"], "hours_share"].sum() > 0.5


def test_cycle_chart_is_bilingual(runs):
    eff = pd.concat([cycle_effort(r).assign(strategy=s) for s, r in runs.items()], ignore_index=True)
    zh = json.dumps(apply_theme(cycle_effort_chart(eff, "money", "zh")).to_dict(), ensure_ascii=False)
    en = json.dumps(apply_theme(cycle_effort_chart(eff, "hours", "en")).to_dict(), ensure_ascii=False)
    for code in CYCLE:
        assert label(code, "zh") in zh and label(code, "en") in en
    with pytest.raises(ValueError, match="measure"):
        cycle_effort_chart(eff, "minutes")


# ---------------------------------------------------------------- investigating why customers left

WIN_SEEDS = (1, 2, 3, 4)


def _win_backs(res) -> int:
    e = res.events
    return int(((e["kind"] == STAGE) & (e["a"] == LOST) & (e["b"] == TARGET)).sum())


def _win_back_runs(boost: float) -> np.ndarray:
    """Per seed: win-backs of (plain care win-back, investigate-first win-back), common random numbers."""
    sc = small_scenario(horizon_months=18, lifecycle={"remedy_fit_boost": boost})
    base = BUILTINS["public_pool"].model_copy(update={"stage_weight": PerStage(lost=1.5, dormant=2.0)})
    plain = ParamStrategy("plain", base)
    probe = ParamStrategy("probe", base.model_copy(update={"investigate_lost": True}))
    return np.array([[_win_backs(run_result(run_world(sc, s, seed))) for s in (plain, probe)]
                     for seed in WIN_SEEDS])


def test_investigating_the_cause_wins_more_back():
    """Course: investigate why customers left and fit the remedy. With fitting remedies working better,
    the investigating strategy wins back more lost accounts than plain care, seed by seed (paired).
    Mutation: ignoring the cause in winback.win_back_chance (or never revealing it) removes the gain."""
    wb = _win_back_runs(4.0)
    diff = wb[:, 1] - wb[:, 0]
    assert (diff > 0).all() and diff.mean() > 0.3 * wb[:, 0].mean(), wb


def test_cause_makes_no_difference_at_the_default():
    """At remedy_fit_boost 1 investigating only spends time: it wins back no more than plain care."""
    wb = _win_back_runs(1.0)
    assert (wb[:, 1] - wb[:, 0]).mean() <= 0.15 * wb[:, 0].mean(), wb


def test_investigation_reveals_the_recorded_cause():
    """The view shows a lost account's cause only after an intelligence contact, and it is the logged one."""
    sc = small_scenario(horizon_months=12)
    strat = ParamStrategy("probe", BUILTINS["public_pool"].model_copy(
        update={"stage_weight": PerStage(lost=1.5), "investigate_lost": True}))
    w = run_world(sc, strat, 3)
    view = BookView(w, w.now)
    known = np.flatnonzero(view.churn_cause >= 0)
    assert known.size > 0
    e = w.log.columns()
    churn = e["kind"] == CHURN
    last = {int(a): int(c) for a, c in zip(e["account"][churn], e["a"][churn])}  # the last churn of each
    assert all(view.churn_cause[i] == last[i] for i in known)
    asked = (e["kind"] == CONTACT) & (e["a"] == FUNCTIONS.index("intelligence")) & (e["stage"] == LOST) & (e["b"] == 1)
    assert set(known) <= set(e["account"][asked].tolist())
