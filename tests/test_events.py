"""Typed event readers: each kind's named columns mean what the model logged."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import sim
from sim import events as E
from sim.vocab import CAUSES, CUSTOMER, DORMANT, EVENTS, FUNCTIONS, SHOCKS

ROOT = Path(sim.__file__).resolve().parent


@pytest.fixture(scope="module")
def run():
    world = sim.build_world(sim.load_scenario("dealer_phone", overrides={"horizon_months": 12}), "quota_push", 5)
    world.run()
    return world, sim.run_result(world)


def test_every_kind_has_one_reader():
    kinds = sorted(cls.KIND for cls in E.Rows.__subclasses__())
    assert kinds == list(range(len(EVENTS)))


def test_stage_changes_chain_from_one_stage_to_the_next(run):
    """Each move starts where the account's previous move ended (breaks if from/to are swapped)."""
    s = E.stage_changes(run[1].events)
    order = np.lexsort((s.at, s.account))
    acc, frm, to = s.account[order], s.from_stage[order], s.to_stage[order]
    same = acc[1:] == acc[:-1]
    assert same.any() and np.array_equal(frm[1:][same], to[:-1][same])
    assert (frm[np.append(True, ~same)] == -1).all()  # each account's first row is its entry


def test_last_state_is_the_books_final_state(run):
    world, res = run
    st = E.last_state(res.events, len(res.accounts), res.weeks)
    n = len(res.accounts)
    assert np.array_equal(st["stage"], world.book.stage[:n]) and np.array_equal(st["tier"], world.book.tier[:n])


def test_stock_after_adds_orders_and_removes_sales(run):
    s = E.stock_moves(run[1].events)
    assert len(s) and set(np.unique(s.direction)) == {0, 1}
    for d in np.unique(s.account):
        r = s.where(s.account == d)
        step = np.where(r.direction == 0, r.units, -r.units)
        assert np.allclose(np.diff(r.stock_after), step[1:])


def test_dealer_orders_are_the_dealers_purchases(run):
    world, res = run
    p = E.purchases(res.events)
    dealer = res.accounts["is_dealer"].to_numpy()
    assert p.dealer_order.any() and np.array_equal(p.dealer_order, dealer[p.account])
    assert (p.revenue > 0).all() and (p.contribution < p.revenue).all()


def test_columns_stay_in_their_vocabularies(run):
    ev = run[1].events
    c, ch, sh = E.contacts(ev), E.churns(ev), E.shocks(ev)
    assert len(c) and set(np.unique(c.function)) <= set(range(len(FUNCTIONS))) and (c.hours > 0).all()
    assert set(np.unique(c.answered)) <= {0, 1}
    assert set(np.unique(ch.cause)) <= set(range(len(CAUSES)))
    assert set(np.unique(ch.left_from)) <= {CUSTOMER, DORMANT}
    assert set(np.unique(sh.shock)) <= set(range(len(SHOCKS))) and (sh.weeks >= 0).all()


def test_money_adds_up_to_the_summary(run):
    res = run[1]
    m, s = E.money(res.events), sim.summary(res)
    assert m.profit == pytest.approx(s["profit_total"]) and m.revenue.sum() == pytest.approx(s["revenue"])
    assert m.acquisition.sum() == pytest.approx(s["acquisition_cost"]) and m.care.sum() == pytest.approx(s["care_cost"])


def test_where_filters_every_column_and_frame_names_them(run):
    c = E.contacts(run[1].events)
    a = c.where(c.answered == 1)
    assert type(a) is E.Contacts and 0 < len(a) < len(c) and (a.answered == 1).all()
    assert list(a.frame().columns) == ["at", "t", "account", "rep", "stage", "function", "answered", "hours", "cost"]


RAW = re.compile(r'\b(?:e|ev|events|lane)\["[abxy]"\]')
DECODES = ("sim/model", "sim/events.py")  # the model writes the log; everything else reads it through sim.events


def test_no_raw_column_decoding_outside_the_readers():
    bad = [str(p.relative_to(ROOT.parent)) for p in ROOT.rglob("*.py")
           if not str(p.relative_to(ROOT.parent)).startswith(DECODES) and RAW.search(p.read_text(encoding="utf-8"))]
    assert bad == []
