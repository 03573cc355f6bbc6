"""Payne's loyalty ladder derived from the event log (sim.ladder) and its chart."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim.ladder import ladder_at, ladder_panel, ladder_table
from sim.results import run_result, state_at
from sim.viz import apply_theme
from sim.viz.ladder import ladder_chart
from sim.vocab import (
    ADVOCATE, CLIENT, CONFIDANT, CUSTOMER, FRIEND, LADDER, LAPSED, PARTNER, PURCHASE, REFERRAL, RUNG_CUSTOMER,
    RUNG_PROSPECT, SUPPORTER, label,
)
from simhelp import run_world, small_scenario

SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def runs():
    sc = small_scenario(horizon_months=18)
    return {s: [run_result(run_world(sc, s, seed)) for seed in SEEDS] for s in ("no_care", "customer_manager")}


def test_rungs_follow_behaviour(runs):
    """Each rung is what its definition says: stages, purchases, tier and referrals at that week.
    Mutation: drop the tier condition of supporters (or the referral one of advocates) in ladder_at."""
    res = runs["customer_manager"][0]
    t = res.weeks / 2
    rung, st = ladder_at(res, t), state_at(res, t)
    e = res.events
    done = e["t"] <= t
    buys = np.bincount(e["account"][done & (e["kind"] == PURCHASE) & (e["account"] >= 0)], minlength=rung.size)
    refs = np.bincount(e["b"][done & (e["kind"] == REFERRAL)], minlength=rung.size)
    assert np.array_equal(rung == -1, st["stage"] == -1)
    assert np.array_equal(rung == RUNG_PROSPECT, (st["stage"] >= 0) & (st["stage"] < CUSTOMER))
    assert np.array_equal(rung == LAPSED, st["stage"] > CUSTOMER)
    assert (buys[rung == CLIENT] >= 2).all() and (buys[rung == SUPPORTER] >= 2).all()
    assert (st["tier"][rung == SUPPORTER] >= FRIEND).all() and (st["tier"][rung == CLIENT] < FRIEND).all()
    assert (refs[(rung == ADVOCATE) | (rung == PARTNER)] > 0).all()
    assert (refs[(rung >= RUNG_CUSTOMER) & (rung <= SUPPORTER)] == 0).all()
    assert (st["tier"][rung == PARTNER] == CONFIDANT).all()
    assert (rung == CLIENT).any() and (rung == SUPPORTER).any()


def test_recency_rule_demotes_clients(runs):
    """A client whose purchases are too old is back on the customer rung (a 0-week window leaves almost none)."""
    res = runs["customer_manager"][0]
    strict = ladder_at(res, res.weeks, recent_weeks=0.0)
    assert (strict == CLIENT).sum() < (ladder_at(res, res.weeks) == CLIENT).sum()
    assert (strict == RUNG_CUSTOMER).sum() > 0


def test_panel_counts_every_account_in_the_book(runs):
    """Every month the rungs add up to the accounts in the book; the end of the panel is the end table."""
    res = runs["no_care"][0]
    p = ladder_panel(res)
    assert list(p["rung"].cat.categories) == list(LADDER)
    per_month = p.groupby("month")["accounts"].sum().to_numpy()
    assert per_month[0] == (state_at(res, 0.0)["stage"] >= 0).sum()
    table = ladder_table(res)
    assert np.isclose(table["share"].sum(), 1.0)
    end = p[p["month"] == p["month"].max()]["accounts"].to_numpy()
    assert np.array_equal(end, table["accounts"].to_numpy())


def test_care_climbs_the_ladder(runs):
    """Course: care and consulting move accounts up the ladder — paired over seeds, the customer manager
    has more supporters and above, and fewer lapsed accounts, than no care. Mutation: rungs from the
    stage alone (no tier or referral rules) leave no supporters above clients and break it."""
    def top(res):
        t = ladder_table(res).set_index("rung")["accounts"]
        return t[list(LADDER[SUPPORTER:PARTNER + 1])].sum(), t["lapsed"]

    diff = np.array([np.subtract(top(a), top(b)) for a, b in zip(runs["customer_manager"], runs["no_care"])])
    assert (diff[:, 0] > 0).all() and (diff[:, 1] < 0).all()


def test_ladder_chart_is_bilingual(runs):
    """The chart carries the seed text's Chinese rung names in zh and English in en, one panel per strategy."""
    panels = pd.concat([ladder_panel(r[0]).assign(strategy=s) for s, r in runs.items()], ignore_index=True)
    zh = json.dumps(apply_theme(ladder_chart(panels, "zh")).to_dict(), ensure_ascii=False)
    en = json.dumps(apply_theme(ladder_chart(panels, "en")).to_dict(), ensure_ascii=False)
    for code in LADDER:
        assert label(code, "zh") in zh and label(code, "en") in en
    assert "宣傳者" in zh and "夥伴" in zh and "facet" in zh
