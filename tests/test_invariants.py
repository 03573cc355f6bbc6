"""Invariants of any run, checked on the event log of small random scenarios (hypothesis).

Time order is (t, position in the log): that is how :func:`sim.state_at` reads the log,
so every chain below is checked in that order.
"""

from __future__ import annotations

import numpy as np

from sim.model.market import stranger
from simhelp import run_world, small_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.strategies import BUILTINS
from sim.vocab import (
    CHURN, CONTACT, CRISIS, DM_CHANGE, EVENTS, LOST, REFERRAL, STAGE, STAGE_TRANSITIONS, STAGES, STOCK, TIER, TIERS,
)

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EPS = 1e-9


@st.composite
def cases(draw):
    """Overrides of a small scenario, a built-in strategy and a seed (short, so failures read well)."""
    overrides = {
        "horizon_months": draw(st.integers(3, 12)),
        "accounts": {"count": draw(st.integers(50, 300))},
        "reps": {"count": draw(st.integers(1, 4))},
        "dealers": {"count": draw(st.integers(0, 5))},
    }
    return overrides, draw(st.sampled_from(sorted(BUILTINS))), draw(st.integers(0, 2**32 - 1))


def _run(case):
    overrides, strategy, seed = case
    return run_world(small_scenario(**overrides), strategy, seed)


def _time_order(e, mask):
    """Indices of the events in ``mask``, ordered by account, then time, then log position."""
    m = np.flatnonzero(mask)
    return m[np.lexsort((m, e["t"][m], e["account"][m]))]


def chain_breaks(e, kind) -> list[tuple]:
    """(account, t, a, expected a) of every event whose ``a`` is not the previous event's ``b``."""
    o = _time_order(e, e["kind"] == kind)
    acc, a, b, t = e["account"][o], e["a"][o].astype(int), e["b"][o].astype(int), e["t"][o]
    first = np.append(True, acc[1:] != acc[:-1])
    expected = np.where(first, -1, np.append(-1, b[:-1]))
    bad = np.flatnonzero(a != expected)
    return [(int(acc[i]), float(t[i]), int(a[i]), int(expected[i])) for i in bad[:5]]


def _final(e, kind, n):
    o = _time_order(e, e["kind"] == kind)
    acc = e["account"][o]
    last = np.append(acc[1:] != acc[:-1], True)
    out = np.full(n, -1)
    out[acc[last]] = e["b"][o][last]
    return out


# ---------------------------------------------------------------- stages and tiers
@SETTINGS
@given(cases())
def test_stage_events_form_one_chain_per_account(case):
    """Each account's stage events start at -1 once and each move starts where the last one ended."""
    e = _run(case).log.columns()
    assert chain_breaks(e, STAGE) == []


@SETTINGS
@given(cases())
def test_every_active_account_has_one_stage(case):
    """Every account in the book enters exactly once; none outside the book has a stage."""
    w = _run(case)
    e = w.log.columns()
    m = (e["kind"] == STAGE) & (e["a"] == -1)
    entered = np.bincount(e["account"][m], minlength=w.book.capacity)
    assert (entered[: w.book.n] == 1).all()
    assert (entered[w.book.n:] == 0).all()
    assert not ((e["kind"] == STAGE) & (e["account"] >= w.book.n)).any()


@SETTINGS
@given(cases())
def test_accounts_enter_at_start_or_by_referral(case):
    """Initial accounts enter at t=0; every later entry is a referred account entering with its referral."""
    w = _run(case)
    e = w.log.columns()
    m = (e["kind"] == STAGE) & (e["a"] == -1)
    acc, t = e["account"][m], e["t"][m]
    assert (t[acc < w.book.n_initial] == 0).all()
    late = acc >= w.book.n_initial
    r = e["kind"] == REFERRAL
    referred = dict(zip(e["account"][r].tolist(), e["t"][r].tolist()))
    assert {int(a): float(x) for a, x in zip(acc[late], t[late])} == referred


@SETTINGS
@given(cases())
def test_only_allowed_stage_transitions(case):
    """Every stage move is one of ``sim.vocab.STAGE_TRANSITIONS`` and names valid stages."""
    e = _run(case).log.columns()
    m = (e["kind"] == STAGE) & (e["a"] >= 0)
    moves = set(zip(e["a"][m].tolist(), e["b"][m].tolist()))
    named = {(STAGES[a], STAGES[b]) for a, b in moves - STAGE_TRANSITIONS}
    assert named == set()
    assert np.isin(e["b"][e["kind"] == STAGE], np.arange(len(STAGES))).all()


@SETTINGS
@given(cases())
def test_stage_column_of_stage_events_is_the_new_stage(case):
    """A stage event's ``stage`` column is the stage moved to."""
    e = _run(case).log.columns()
    m = e["kind"] == STAGE
    assert np.array_equal(e["stage"][m].astype(int), e["b"][m].astype(int))


@SETTINGS
@given(cases())
def test_tier_events_form_one_chain_per_account(case):
    """Each account's tier events start at -1 once and each move starts where the last one ended."""
    e = _run(case).log.columns()
    assert chain_breaks(e, TIER) == []


@SETTINGS
@given(cases())
def test_tier_moves_are_real_moves_between_tiers(case):
    """Tier events go to a valid tier and never 'move' to the tier they came from."""
    e = _run(case).log.columns()
    m = e["kind"] == TIER
    a, b = e["a"][m].astype(int), e["b"][m].astype(int)
    assert np.isin(b, np.arange(len(TIERS))).all()
    assert np.isin(a, np.arange(-1, len(TIERS))).all()
    assert not (a == b).any()


@SETTINGS
@given(cases())
def test_log_replays_to_the_final_book(case):
    """Replaying stage and tier events gives the book's final stage and tier of every account."""
    w = _run(case)
    e, n = w.log.columns(), w.book.n
    assert np.array_equal(_final(e, STAGE, n), w.book.stage[:n])
    assert np.array_equal(_final(e, TIER, n), w.book.tier[:n])


@SETTINGS
@given(cases())
def test_state_at_end_matches_the_book(case):
    """``sim.state_at`` at the horizon agrees with the book's final columns."""
    w = _run(case)
    st_end = sim.state_at(sim.run_result(w), w.weeks)
    assert np.array_equal(st_end["stage"], w.book.stage[: w.book.n])
    assert np.array_equal(st_end["tier"], w.book.tier[: w.book.n])


@SETTINGS
@given(cases())
def test_every_churn_moves_the_account_to_lost(case):
    """Each churn event comes with a stage move to lost, at the same time, from the stage it names."""
    e = _run(case).log.columns()
    c = e["kind"] == CHURN
    s = (e["kind"] == STAGE) & (e["b"] == LOST)
    churns = sorted(zip(e["account"][c].tolist(), e["t"][c].tolist(), e["b"][c].tolist()))
    lost = set(zip(e["account"][s].tolist(), e["t"][s].tolist(), e["a"][s].tolist()))
    assert [x for x in churns if x not in lost] == []


def test_tier_chain_holds_under_frequent_decision_maker_changes():
    """Tier events stay one chain when decision makers change often (several in one week)."""
    sc = small_scenario(horizon_months=4, decision_makers={"tenure_years": 0.02})
    e = run_world(sc, "tier_ladder", 3).log.columns()
    assert chain_breaks(e, TIER) == []


@SETTINGS
@given(cases())
def test_each_accounts_events_are_logged_in_time_order(case):
    """Per account, log order is time order: nothing is stamped earlier than an event logged before it."""
    e = _run(case).log.columns()
    m = np.flatnonzero(e["account"] >= 0)
    o = m[np.argsort(e["account"][m], kind="stable")]
    acc, t, kind = e["account"][o], e["t"][o], e["kind"][o]
    back = np.flatnonzero((acc[1:] == acc[:-1]) & (t[1:] < t[:-1]))
    assert [(int(acc[i]), EVENTS[kind[i]], float(t[i]), EVENTS[kind[i + 1]], float(t[i + 1]))
            for i in back[:5]] == []


def test_contacts_end_before_the_market_tick():
    """A full week of contacts is over before that week's market tick (so its effects come first)."""
    from sim.model.market import MARKET_OFFSET

    sc = small_scenario(horizon_months=6, reps={"count": 1})
    e = run_world(sc, "most_favoured", 2).log.columns()
    t = e["t"][e["kind"] == CONTACT]
    assert t.size > 100
    assert (t - np.floor(t)).max() < MARKET_OFFSET


def test_shocks_take_effect_at_their_own_time():
    """A customer crisis is in force right after its scheduled time, not later in the week."""
    sc = small_scenario(horizon_months=3, shocks={"crisis_per_year": 2.0})
    w = sim.build_world(sc, "no_care", 5)
    s = w.schedule
    week = np.floor(s.t)
    later_same_week = np.append(week[1:] == week[:-1], False)
    pick = np.flatnonzero((s.kind == CRISIS) & (s.account >= 0) & (s.account < w.book.n_initial)
                          & later_same_week & (s.t > 1.0))[0]
    t_shock, acc = float(s.t[pick]), int(s.account[pick])
    w.run(until=(t_shock + s.t[pick + 1]) / 2)
    assert w.book.crisis_until[acc] > t_shock


def test_new_decision_maker_stays_a_stranger_after_a_year_in_stage():
    """A decision-maker change on a long-standing account leaves a stranger until rapport recovers."""
    sc = small_scenario(horizon_months=18, decision_makers={"tenure_years": 1.0})
    w = sim.build_world(sc, "no_care", 1)
    s = w.schedule
    hit = np.flatnonzero((s.kind == DM_CHANGE) & (s.t > 56) & (s.t < 58)
                         & (s.account >= 0) & (s.account < w.book.n_initial))
    w.run(until=59.95)  # two market ticks after the changes
    b, acc = w.book, s.account[hit]
    strangers = acc[(b.rapport[acc] < sc.relationship.tier_thresholds[0]) & (w.now - b.stage_since[acc] > 52)]
    assert strangers.size > 0
    assert stranger(w, strangers, w.now).all()


# ---------------------------------------------------------------- money
@SETTINGS
@given(cases())
def test_account_profit_rows_add_up(case):
    """Each account's profit is its gross margin minus care and acquisition cost."""
    ap = sim.account_profit(sim.run_result(_run(case)))
    expect = ap["gross_margin"] - ap["care_cost"] - ap["acquisition_cost"]
    np.testing.assert_allclose(ap["profit"], expect, rtol=1e-12, atol=1e-6)


@SETTINGS
@given(cases())
def test_account_profit_totals_equal_summary(case):
    """Summed over accounts, revenue, margin, costs and profit equal the run's summary."""
    res = sim.run_result(_run(case))
    ap, s = sim.account_profit(res), sim.summary(res)
    for col, key in (("revenue", "revenue"), ("gross_margin", "gross_margin"), ("care_cost", "care_cost"),
                     ("acquisition_cost", "acquisition_cost"), ("profit", "profit_total")):
        np.testing.assert_allclose(ap[col].sum(), s[key], rtol=1e-9, atol=1e-6, err_msg=col)


@SETTINGS
@given(cases())
def test_money_flows_are_not_negative(case):
    """Revenue, care cost and acquisition cost of every account are >= 0."""
    ap = sim.account_profit(sim.run_result(_run(case)))
    assert (ap[["revenue", "care_cost", "acquisition_cost"]].to_numpy() >= -EPS).all()


# ---------------------------------------------------------------- dealers
@SETTINGS
@given(cases())
def test_dealer_stock_never_negative(case):
    """Every stock event leaves the dealer with stock >= 0 and moves >= 0 units."""
    e = _run(case).log.columns()
    m = e["kind"] == STOCK
    assert (e["y"][m] >= 0).all()
    assert (e["x"][m] >= 0).all()


@SETTINGS
@given(cases())
def test_dealer_stock_chain_in_time_order(case):
    """In time order, each stock event's stock-after is the previous stock plus units in or minus units out."""
    e = _run(case).log.columns()
    o = _time_order(e, e["kind"] == STOCK)
    acc, direction, units, after = e["account"][o], e["a"][o], e["x"][o], e["y"][o]
    same = acc[1:] == acc[:-1]
    step = np.where(direction[1:] == 0, units[1:], -units[1:])
    np.testing.assert_allclose((after[:-1] + step)[same], after[1:][same], rtol=1e-9, atol=1e-6)


# ---------------------------------------------------------------- reps
def _contacts(e):
    m = e["kind"] == CONTACT
    return e["rep"][m], np.floor(e["t"][m]).astype(int), e["x"][m], e["y"][m], e["account"][m]


def _per_rep_week(rep, week, values):
    key = rep.astype(np.int64) * 100_000 + week
    _, inv = np.unique(key, return_inverse=True)
    return np.bincount(inv, weights=values)


@SETTINGS
@given(cases())
def test_rep_hours_per_week_within_selling_time(case):
    """No rep spends more contact hours in a week than hours_per_week * selling_share."""
    w = _run(case)
    rep, week, hours, _, _ = _contacts(w.log.columns())
    r = w.scenario.reps
    if rep.size:
        assert _per_rep_week(rep, week, hours).max() <= r.hours_per_week * r.selling_share + EPS


@SETTINGS
@given(cases())
def test_rep_money_per_week_within_budget(case):
    """No rep spends more contact money (cost minus time cost) in a week than weekly_budget."""
    w = _run(case)
    rep, week, hours, cost, _ = _contacts(w.log.columns())
    money = cost - hours * w.scenario.reps.hourly_cost
    assert (money >= -1e-6).all()
    if rep.size:
        assert _per_rep_week(rep, week, money).max() <= w.scenario.reps.weekly_budget + 1e-6


@SETTINGS
@given(cases())
def test_contacts_are_made_by_the_accounts_rep(case):
    """Every contact is logged against the rep who owns the account."""
    w = _run(case)
    rep, _, _, _, acc = _contacts(w.log.columns())
    assert np.array_equal(rep, w.book.rep[acc])


@SETTINGS
@given(cases())
def test_at_most_one_contact_per_account_per_week(case):
    """The sales force contacts an account at most once a week."""
    _, week, _, _, acc = _contacts(_run(case).log.columns())
    key = acc.astype(np.int64) * 10_000 + week
    assert np.unique(key).size == key.size


@SETTINGS
@given(cases())
def test_events_fall_inside_the_horizon(case):
    """Every event happens at 0 <= t < horizon weeks."""
    w = _run(case)
    t = w.log.columns()["t"]
    assert (t >= 0).all() and (t < w.weeks).all()
