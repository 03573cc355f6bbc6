"""A buying centre, not one person: the others' rapport, widening (擴大客戶關係範圍), needs drift.

Comparisons are paired: the same seeds (common random numbers) as lanes of one world; the named
mutation in each docstring makes the test fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from simhelp import assert_logs_equal, small_scenario

import sim
from sim.model import buying_centre
from sim.results import run_results
from sim.strategies.params import BUILTINS, ParamStrategy
from sim.vocab import DM_CHANGE, SHOCK, TIER

SEEDS = [21, 22, 23, 24]
CENTRE = {"others_min": 1, "others_max": 4}
WIDEN = ParamStrategy("widen_scope", BUILTINS["routine_care"].model_copy(update={"widen_share": 0.4}))


def _scenario(**centre):
    return small_scenario(horizon_months=18, decision_makers={"tenure_years": 2.0},
                          buying_centre={**CENTRE, **centre})


def _run(sc, strategy="routine_care"):
    world = sim.build_world(sc, [strategy] * len(SEEDS), SEEDS).run()
    return world, run_results(world)


def _tier_after_change(res) -> float:
    """Mean tier of accounts right after their decision maker changed (the TIER log read up to then)."""
    e = res.events
    tier_rows = np.flatnonzero(e["kind"] == TIER)  # in log order: a change's TIER row follows its SHOCK row
    history: dict[int, list[tuple[float, int]]] = {}
    for i in tier_rows:
        history.setdefault(int(e["account"][i]), []).append((float(e["t"][i]), int(e["b"][i])))
    dm = np.flatnonzero((e["kind"] == SHOCK) & (e["a"] == DM_CHANGE))
    tiers = [max((h for h in history[int(e["account"][i])] if h[0] <= e["t"][i]), key=lambda h: h[0])[1]
             for i in dm]
    return float(np.mean(tiers))


def test_off_by_default():
    world = sim.build_world(small_scenario(horizon_months=2), "routine_care", 1).run()
    assert world.buying_centre.on is False and world.buying_centre.has_others is False


def test_widening_protects_accounts_when_the_decision_maker_leaves():
    """With the relationship widened, accounts keep a higher tier through a decision-maker change,
    on every seed, although widening leaves the decision maker less rapport
    (mutation: drop ``buying_centre.carry_over`` from the shocks)."""
    sc = _scenario(carry_on_change=1.0)
    _, wide = _run(sc, WIDEN)
    _, narrow = _run(sc)
    assert all(_tier_after_change(w) > _tier_after_change(n) for w, n in zip(wide, narrow))


def test_widening_spends_the_contact_on_the_others():
    """Widening: the others end with more rapport, the decision maker with less
    (mutations: ``widen`` returns the whole gain; the others gain nothing)."""
    sc = _scenario()
    wide, _ = _run(sc, WIDEN)
    narrow, _ = _run(sc)
    others = lambda w: np.nanmean(w.buying_centre.rapport[: w.book.n])  # noqa: E731
    assert others(wide) > others(narrow)
    dm = lambda w: w.book.rapport[: w.book.n].mean()  # noqa: E731
    assert dm(wide) < dm(narrow)


def test_a_new_decision_maker_takes_on_part_of_the_others_rapport():
    """carry_over adds ``carry_on_change`` times the mean rapport of the members present."""
    world = sim.build_world(_scenario(carry_on_change=0.5), "routine_care", 3)
    bc, b = world.buying_centre, world.book
    acc = np.flatnonzero(bc.present.sum(axis=1) == 2)[:3]
    bc.rapport[acc, :2] = [[40.0, 80.0]] * acc.size
    b.rapport[acc] = 10.0
    buying_centre.carry_over(world, acc)
    assert np.allclose(b.rapport[acc], 10.0 + 0.5 * 60.0)
    buying_centre.carry_over(world, int(acc[0]))  # one account at a time, as a single shock does
    assert b.rapport[acc[0]] == pytest.approx(70.0)


def test_needs_drift_without_a_change_of_person():
    """With needs drifting and no decision maker ever leaving, needs change at about the given rate
    (mutation: ``week`` skips the drift)."""
    base = {"horizon_months": 24, "decision_makers": {"tenure_years": 100.0}}
    still = sim.build_world(small_scenario(**base), "routine_care", 5).run()
    drift = sim.build_world(small_scenario(**base, buying_centre={"need_drift_per_year": 0.5}), "routine_care", 5).run()
    n = still.book.n_initial
    changed = (still.book.company_need[:n] != drift.book.company_need[:n]).mean()
    # a change draws one of four needs (3 in 4 differ): about 0.75 * (1 - exp(-0.5 * 2)) = 0.47
    assert 0.35 < changed < 0.6


def test_lanes_equal_their_own_runs_with_a_buying_centre():
    """A lane's event log equals its own run, widened and not side by side."""
    sc = _scenario(need_drift_per_year=0.4)
    strategies = [WIDEN, "routine_care", WIDEN]
    world = sim.build_world(sc, strategies, SEEDS[:3]).run()
    for strat, seed, res in zip(strategies, SEEDS[:3], run_results(world)):
        assert_logs_equal(res.events, sim.run(sc, strat, seed).events)


def test_bad_buying_centre_is_one_clear_line():
    with pytest.raises(sim.ScenarioError, match=r"others_min \(3\) cannot exceed others_max \(1\)"):
        small_scenario(buying_centre={"others_min": 3, "others_max": 1})
