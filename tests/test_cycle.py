"""The customer management cycle: where effort went (sim.cycle), its chart, and investigating why customers left."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.cycle import cycle_effort, cycle_step
from sim.results import run_result, summary
from sim.viz import apply_theme
from sim.viz.ladder import cycle_effort_chart
from sim.vocab import (
    BUILD_CONTACT, CONTACT, CREATE_VALUE, CUSTOMER, CYCLE, DEVELOP, FUNCTIONS, RAISE_LOYALTY, label,
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
    """Pipeline contacts build contact, customer care develops, consulting creates value, pool work raises loyalty."""
    e = runs["public_pool"].events
    step = cycle_step(e)
    c = e["kind"] == CONTACT
    cust = c & (e["stage"] == CUSTOMER)
    assert (step[c & (e["stage"] < CUSTOMER)] == BUILD_CONTACT).all()
    assert (step[c & (e["stage"] > CUSTOMER)] == RAISE_LOYALTY).all() and (step == RAISE_LOYALTY).any()
    assert (step[cust & (e["a"] == FUNCTIONS.index("care"))] == DEVELOP).all()
    assert (step[cust & (e["a"] == FUNCTIONS.index("service"))] == CREATE_VALUE).all()
    assert (step[~c & (e["x"] == 0) & (e["y"] == 0)] == -1).all()


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
