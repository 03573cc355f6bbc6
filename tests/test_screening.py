"""Screening that matters: offer fit by industry, region and size (scenario ``accounts.fit``), seen by strategies,
and a screening strategy that beats prospecting at random."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.experiment import t_interval
from sim.results import account_profit, run_result, summary
from sim.strategies.base import BookView
from sim.strategies.params import BUILTINS, ParamStrategy
from simhelp import run_world, small_scenario

FIT = {"industry": {"manufacturing": 6, "healthcare": 3, "services": 0, "education": -4, "retail": -8},
       "region": {"north": 2, "south": 0, "east": -2, "west": -4}}
STAGES = {"initial_stages": {"prospect": 0.35, "target": 0.15, "opportunity": 0.05, "customer": 0.45}}
SEEDS = (1, 2, 3, 4, 5)


def _scenario(fit=FIT):
    return small_scenario(horizon_months=12, accounts={"count": 400, "fit": fit, **STAGES})


@pytest.fixture(scope="module")
def paired():
    """Per seed: summaries of (random prospecting, screening) on the fit scenario, common random numbers."""
    sc = _scenario()
    plain = BUILTINS["routine_care"]
    strategies = (ParamStrategy("random", plain),
                  ParamStrategy("screening", plain.model_copy(update={"prospect_screening": True})))
    return [[run_result(run_world(sc, s, seed)) for s in strategies] for seed in SEEDS]


def test_default_fit_is_neutral():
    """No fit table: every account's fit is 0 and the gap hook is off; the view still shows the attributes."""
    w = sim.build_world(small_scenario(), "routine_care", 1)
    assert not w.book.has_fit and not w.book.fit.any()
    view = BookView(w, 0.0)
    assert np.array_equal(view.industry, w.book.industry[:view.n])
    assert np.array_equal(view.region, w.book.region[:view.n])


def test_fit_points_follow_the_table():
    """An account's fit is its industry's points plus its region's plus size_points × log2(size)."""
    sc = _scenario({**FIT, "size_points": 1.5})
    b = sim.build_world(sc, "routine_care", 2).book
    ind = np.array([FIT["industry"][k] for k in sc.accounts.industries])[b.industry]
    reg = np.array([FIT["region"][k] for k in sc.accounts.regions])[b.region]
    assert b.has_fit and np.allclose(b.fit, ind + reg + 1.5 * np.log2(b.size))


@pytest.mark.parametrize("fit, words", [
    ({"industry": {"mining": 3}}, ["accounts", "fit.industry", "mining", "accounts.industries"]),
    ({"region": {"north": 80}}, ["accounts.fit.region", "50"]),
    ({"size_points": "big"}, ["accounts.fit.size_points"]),
])
def test_bad_fit_is_one_clear_line(fit, words):
    with pytest.raises(sim.ScenarioError) as err:
        small_scenario(accounts={"fit": fit})
    msg = str(err.value)
    assert "\n" not in msg.strip() and all(w in msg for w in words), msg


def test_well_fitted_accounts_are_worth_more(paired):
    """Course: the offer's fit changes the account's value — under random prospecting, accounts of the
    well-fitted industries bring more revenue per unit of size than those of the badly fitted ones (over seeds)."""
    good, bad = [], []
    for res, _ in paired:
        ap = account_profit(res).join(res.accounts["industry"].astype(str))
        for out, names in ((good, ["manufacturing", "healthcare"]), (bad, ["education", "retail"])):
            g = ap[ap["industry"].isin(names) & ~ap["is_dealer"]]  # dealers buy by their stock
            out.append(g["revenue"].sum() / g["size"].sum())  # per unit of size: big accounts buy more anyway
    assert (np.array(good) > np.array(bad)).all(), (good, bad)


@pytest.mark.parametrize("metric", ["revenue", "active_accounts"])
def test_screening_beats_random_prospecting(paired, metric):
    """Screening the pipeline by fit wins more revenue and more active accounts than prospecting at random:
    the paired difference's 95% interval lies above 0. Mutation: drop ``b.fit`` from
    market.perceived_gap (fit without effect) and the gain goes (screening then loses accounts)."""
    diff = [summary(s)[metric] - summary(r)[metric] for r, s in paired]
    mean, low, high = t_interval(diff)
    assert low > 0, (metric, diff)


# ---------------------------------------------------------------- the public pool hands accounts on

HAND_ON = {"pool_hand_on": {"extends": "public_pool", "params": {"pool_reassign": True}}}


def _pool_scenario():
    return small_scenario(horizon_months=12, custom_strategies=HAND_ON, market={"purchases_per_year": 6})


def test_unanswered_pool_accounts_go_to_the_next_rep():
    """With pool_reassign, dormant accounts left unanswered for the pool cycle move to the next rep of the
    team (and only those); the same seed without it keeps every account with its first rep."""
    sc = _pool_scenario()
    plain, hand_on = (sim.build_world(sc, s, 4).run() for s in ("public_pool", "pool_hand_on"))
    start = sim.build_world(sc, "public_pool", 4).book.rep
    n0 = sc.accounts.count
    assert np.array_equal(plain.book.rep[:n0], start[:n0])
    moved = np.flatnonzero(hand_on.book.rep[:n0] != start[:n0])
    assert moved.size > 0 and (hand_on.book.assigned_at[moved] > 0).all()
    assert (hand_on.book.assigned_at[:n0][hand_on.book.rep[:n0] == start[:n0]] < 0).sum() > n0 / 2
    reps = sc.reps.count
    assert ((hand_on.book.rep[moved] >= 0) & (hand_on.book.rep[moved] < reps)).all()


def test_hand_on_lanes_equal_their_own_runs():
    """Lanes of a world mixing hand-on and plain pool work each equal their own run (reps stay in their lane)."""
    sc = _pool_scenario()
    strategies = ["pool_hand_on", "public_pool", "pool_hand_on"]
    seeds = [sim.replication_seed(sc.seed, i) for i in range(3)]
    lanes = sim.run_results(sim.build_world(sc, strategies, seeds).run())
    for strategy, seed, res in zip(strategies, seeds, lanes):
        alone = sim.run(sc, strategy, seed).events
        assert all(np.array_equal(res.events[k], alone[k]) for k in alone), strategy


def test_hand_on_needs_a_pool_cycle():
    with pytest.raises(sim.ScenarioError, match="pool_reassign needs pool_cycle_weeks"):
        small_scenario(custom_strategies={"x": {"extends": "routine_care", "params": {"pool_reassign": True}}})
