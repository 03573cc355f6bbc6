"""The role-play game without a browser: decisions in, state out; validation; save, load, replay; score."""

from __future__ import annotations

import json

import numpy as np
import pytest

import sim
from simhelp import assert_logs_equal, small_scenario
from sim.game import DecisionError, Game, normalise_decisions, score_formula
from sim.game.decisions import contact_costs, month_weeks
from sim.game.score import WEIGHTS, builtin_score, combine
from sim.model.world import WEEKS_PER_MONTH
from sim.vocab import CONSULTING, CONTACT, DM_CHANGE, SHOCK, TIERS

CONSULT_DEALERS = {"hours": {"dealers": {"consulting": 24}}, "remedies": ["campus_channel", "shared_engineers"]}


@pytest.fixture
def game() -> Game:
    return Game("dealer_phone", seed=4, months=4)


def two_reps() -> sim.Scenario:
    return small_scenario(accounts={"count": 60}, reps={"count": 2}, dealers={"count": 2}, horizon_months=3)


def test_decisions_in_state_out(game):
    """A month of consulting with the dealers: only those contacts, within the hours; a report back."""
    assert (game.month, game.months, game.finished) == (0, 4, False)
    dealers = set(game.accounts().query("dealer")["account"])
    plan = game.check(CONSULT_DEALERS)
    assert plan.ok and plan.contacts == 6 and plan.hours_used == 24 <= plan.hours_available
    rep = game.play(CONSULT_DEALERS)
    assert game.month == 1 and rep.month == 0 and rep.contacts_planned == 6
    ev = game.events()
    c = (ev["kind"] == CONTACT) & (ev["t"] < WEEKS_PER_MONTH)
    assert c.sum() > 0
    assert set(ev["a"][c]) == {CONSULTING}
    assert {f"A{a}" for a in ev["account"][c]} <= dealers
    assert set(rep.kpis) >= {"revenue", "profit", "care_cost", "customers", "retention", "score", "month_profit"}
    assert sum(rep.stage_mix.values()) == len(game.accounts())
    assert set(rep.tier_mix) == set(TIERS) and sum(rep.tier_mix.values()) == rep.kpis["customers"]
    assert all({"level", "kind", "text", "week"} <= set(n) for n in rep.news)
    for _ in range(3):
        game.play(game.default_decisions())
    assert game.finished and game.now == pytest.approx(game.world.weeks)
    with pytest.raises(DecisionError, match="game is over"):
        game.play(CONSULT_DEALERS)


def test_validation_messages_name_the_problem(game):
    bad = game.check({"hours": {"A999": {"care": 2}, "vips": {"care": 1}, "profit": {"gift": 3, "care": -2},
                                "dealers": {"service": "lots"}}})
    assert not bad.ok
    text = "\n".join(bad.errors)
    assert "unknown account 'A999': your accounts are A0" in text
    assert "unknown account or group 'vips'" in text and "key, strategic" in text
    assert "unknown function 'gift'; use one of care, information" in text
    assert "profit × care: hours cannot be negative, got -2" in text
    assert "dealers × service: hours must be a number, got 'lots'" in text
    hours = game.hours_available()
    over = game.check({"hours": {"all": {"information": hours + 10}}})
    assert over.errors == [f"over the hours: you allocated {hours + 10:g} h but the rep has {hours:g} h for "
                           f"contacts this month ({len(month_weeks(0, game.world.weeks))} weeks × 24 h)"]
    tight = Game(small_scenario(reps={"count": 1, "weekly_budget": 100.0}, horizon_months=2), seed=1)
    weeks = len(month_weeks(0, tight.world.weeks))
    money = tight.check({"hours": {"customers": {"care": 40}}})  # 20 care visits × 40
    assert money.errors == [f"over the budget: these contacts cost 800 in gifts and expenses but the budget is "
                            f"{100 * weeks:,.0f} this month ({weeks} weeks × 100)"]
    with pytest.raises(DecisionError) as exc:
        game.play({"hours": {"A999": {"care": 2}}})
    assert exc.value.messages == ["unknown account 'A999': your accounts are A0, A1, A2, A3, A4, A5, … (20 in all)"]
    assert game.month == 0  # nothing was played
    with pytest.raises(DecisionError, match="unknown key"):
        normalise_decisions({"hour": {}})
    with pytest.raises(DecisionError, match="unknown remedy"):
        normalise_decisions({"remedies": ["free lunch"]})


def test_warnings_for_waste_and_another_reps_account():
    g = Game(two_reps(), seed=2)
    theirs = int(np.flatnonzero(g.world.book.rep[: g.world.book.n] == 1)[0])
    plan = g.check({"hours": {f"A{theirs}": {"care": 2}}})
    assert plan.errors == [f"account A{theirs} is not in your book (another rep looks after it)"]
    mine = g.accounts()["account"].iloc[0]
    plan = g.check({"hours": {mine: {"care": 20}, "lost": {"care": 2}, "key": {"consulting": 5}}})
    assert plan.ok
    text = "\n".join(plan.warnings)
    assert f"{mine} can take at most" in text and "one a week" in text
    assert "lost: no accounts in this group now" in text
    assert "5 h buys 1 contact(s) of 4 h; 1 h left over" in text or "key: no accounts" in text


def test_other_reps_follow_the_builtin_and_played_rep_the_decisions():
    g = Game(two_reps(), seed=3, others="routine_care")
    g.play({"hours": {}})  # the played rep does nothing
    ev = g.events()
    c = ev["kind"] == CONTACT
    rep_of = g.world.book.rep[ev["account"][c]]
    first_week = ev["t"][c] < WEEKS_PER_MONTH
    assert not np.any((rep_of == 0) & first_week)
    assert np.any(rep_of == 1)


def test_save_load_replays_the_same_world(game, tmp_path):
    game.play(CONSULT_DEALERS)
    game.play({"hours": {"dealers": {"transaction": 30}, "A1": {"service": 3}}})
    game.play({"default": True})
    path = game.save(tmp_path / "game.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["scenario"]["name"] == "dealer_phone" and data["scenario"]["hash"] == sim.scenario_hash(game.scenario)
    assert data["seed"] == 4 and len(data["decisions"]) == 3
    back = Game.load(path)
    assert back.month == 3 and back.history == game.history
    assert_logs_equal(back.world.log.columns(), game.world.log.columns())
    assert back.score() == game.score()
    assert [r.news for r in back.reports] == [r.news for r in game.reports]
    # the replay goes on like the original
    game.play(CONSULT_DEALERS)
    back.play(CONSULT_DEALERS)
    assert_logs_equal(back.world.log.columns(), game.world.log.columns())
    data["scenario"]["hash"] = "0" * 16
    with pytest.raises(ValueError, match="would not replay the same"):
        Game.from_dict(data)


def test_news_reports_shocks_of_the_month():
    """Every decision-maker change of the played rep's accounts appears in that month's news."""
    g = Game("dealer_phone", seed=4, months=6)
    for _ in range(6):
        start = len(g.world.log)
        rep = g.play(g.default_decisions())
        ev = g.events(start)
        dm = np.flatnonzero((ev["kind"] == SHOCK) & (ev["a"] == DM_CHANGE))
        said = {n["account"] for n in rep.news if n["kind"] == "dm_change"}
        assert {f"A{a}" for a in ev["account"][dm]} == said
        for n in rep.news:
            if n["kind"] == "dm_change":
                assert "changed jobs" in n["text"]


def test_news_in_chinese():
    sim.set_language("zh")
    try:
        g = Game("dealer_phone", seed=4, months=1)
        rep = g.play(g.default_decisions())
        assert any("市場" in n["text"] or "聯絡" in n["text"] for n in rep.news)
    finally:
        sim.set_language("en")


def test_score_formula_and_builtins_on_the_same_seed(game):
    assert score_formula() == "score = 50 × profit / reference + 30 × retention + 20 × tier index"
    assert WEIGHTS == {"profit": 50.0, "retention": 30.0, "tier": 20.0}
    for _ in range(4):
        game.play(CONSULT_DEALERS)
    s = game.score()
    assert s.score == pytest.approx(round(50 * s.profit / s.reference + 30 * s.retention + 20 * s.tier_index, 2))
    assert combine(s.reference, s.reference, 1.0, 1.0) == pytest.approx(100.0)
    table = game.compare(["quota_push", "customer_manager"])
    assert list(table["kind"]).count("built-in") == 2 and "you" in set(table["player"])
    # a built-in is scored on sim.run of the same scenario and seed: same profit as the summary (one rep)
    res = sim.run(game.scenario, "customer_manager", seed=game.seed)
    row = builtin_score(game.scenario, game.seed, 0, "customer_manager")
    assert row["profit"] == pytest.approx(sim.summary(res)["profit_total"])
    assert row["retention"] == pytest.approx(sim.summary(res)["retention"])
    assert all(r == pytest.approx(s.reference) for r in table["reference"])


def test_default_and_fitted_decisions_are_playable(game):
    assert game.check(game.default_decisions()).ok
    h, _ = contact_costs(game.scenario)
    five_weeks = {"hours": {"dealers": {"service": 60}, "profit": {"care": 60}}}  # 120 h: month 1 has 5 weeks
    assert game.check(five_weeks).ok
    game.play(five_weeks)
    assert not game.check(five_weeks).ok  # month 2 has 4 weeks: 96 h
    fitted = game.fit(five_weeks)
    assert game.check(fitted).ok and sum(fitted["hours"]["dealers"].values()) <= 60
    game.play_lenient(five_weeks)  # carried over into a shorter month: scaled, not refused
    assert game.month == 2 and game.history[-1] == fitted
