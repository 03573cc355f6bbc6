"""Internal marketing (內部營銷): reps' skill, satisfaction, selection, training, incentives, turnover.

Each comparison is paired: the same seeds (common random numbers), strategies or settings side by
side as lanes of one world; the named mutation in each docstring makes it fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from simhelp import assert_logs_equal, small_scenario

import sim
from sim.model.people import lane_stream
from sim.results import rep_people, run_results
from sim.strategies.params import BUILTINS, ParamStrategy
from sim.vocab import CHURN, COMPETITOR, CONTACT, TRANSACTION

SEEDS = [11, 12, 13, 14]
ON = {"enabled": True, "hire_skill_sd": 0.2, "leave_per_year": 1.0}
QUOTA = ParamStrategy("quota_pay", BUILTINS["routine_care"].model_copy(update={"incentive": "quota"}))


def _scenario(**people):
    return small_scenario(horizon_months=18, people={**ON, **people})


def _lanes(sc, strategy="routine_care"):
    world = sim.build_world(sc, [strategy] * len(SEEDS), SEEDS).run()
    return world, run_results(world)


def _lane_rapport(world) -> np.ndarray:
    b = world.book
    return np.array([b.rapport[k * b.lane_cap:(k * b.lane_cap + b.n_lane[k])].mean() for k in range(world.lanes)])


def test_off_by_default_the_world_has_no_rep_columns():
    """Off (the default) nothing is drawn and the rep table is empty (mutation: ``on`` always True)."""
    world = sim.build_world(small_scenario(horizon_months=2), "routine_care", 1).run()
    assert world.people.on is False
    assert rep_people(sim.results.run_result(world)).empty


def test_skilled_hires_build_more_rapport():
    """Selection: a higher hiring standard gives more rapport on every seed
    (mutation: drop ``people.skill_of`` from the rapport gain in ``contacts._rapport``)."""
    hi, _ = _lanes(_scenario(hire_skill_mean=1.5, leave_per_year=0.0))
    lo, _ = _lanes(_scenario(hire_skill_mean=0.6, leave_per_year=0.0))
    assert (_lane_rapport(hi) > _lane_rapport(lo)).all()


def test_training_costs_money_and_raises_skill_and_keeps_reps():
    """Training: dearer (care cost), more skilled, fewer leavers
    (mutation: training does not raise potential or satisfaction in ``people.week``)."""
    _, trained = _lanes(_scenario(training_cost_per_week=80.0))
    _, plain = _lanes(_scenario())
    for t, p in zip(trained, plain):
        assert sim.summary(t)["care_cost"] > sim.summary(p)["care_cost"]
        assert rep_people(t)["skill"].mean() > rep_people(p)["skill"].mean()
    assert sum(rep_people(t)["leavers"].sum() for t in trained) < sum(rep_people(p)["leavers"].sum() for p in plain)


def test_quota_pay_shifts_hours_to_pushes_and_drives_reps_out():
    """Quota pay: far more transaction pushes, and reps behind quota grow unhappy and leave
    (mutations: ``_quota_pay`` not applied in the plan; quota pressure sign flipped)."""
    sc = small_scenario(horizon_months=18, reps={"count": 6}, people={**ON, "leave_per_year": 2.0})
    _, quota = _lanes(sc, QUOTA)
    _, rel = _lanes(sc)

    def push_share(r):
        e = r.events
        return (e["a"][e["kind"] == CONTACT] == TRANSACTION).mean()

    assert all(push_share(q) > push_share(r) + 0.15 for q, r in zip(quota, rel))
    assert (np.mean([rep_people(q)["satisfaction"].mean() for q in quota])
            < np.mean([rep_people(r)["satisfaction"].mean() for r in rel]))
    assert sum(rep_people(q)["leavers"].sum() for q in quota) > sum(rep_people(r)["leavers"].sum() for r in rel)


def test_a_leaving_rep_takes_relationships_along():
    """Unhappy reps who leave cost rapport, and customers who follow them churn to the competitor
    (mutations: ``rapport_kept_on_leave`` not applied; followers not moved to lost)."""
    unhappy = {"satisfaction_mean": 0.0, "satisfaction_sd": 0.0, "quota_pressure_per_week": 0.0}
    alike = {"hire_skill_sd": 0.0, "new_rep_skill": 1.0, "follow_share": 0.0}  # replacements as good as the leavers
    stay, _ = _lanes(_scenario(leave_per_year=0.0, **alike, **unhappy))
    left, _ = _lanes(_scenario(leave_per_year=6.0, **alike, **unhappy))
    assert (_lane_rapport(left) < _lane_rapport(stay)).all()
    _, leave_res = _lanes(_scenario(leave_per_year=6.0, follow_share=0.5, **unhappy))
    followed = [int(((r.events["kind"] == CHURN) & (r.events["a"] == COMPETITOR)).sum()) for r in leave_res]
    assert min(followed) > 0
    table = rep_people(leave_res[0])
    assert len(table) == 3 and table["leavers"].sum() > 0
    assert (table["turnover_per_year"] == table["leavers"] / (leave_res[0].weeks / 52.0)).all()
    assert (table["skill"] <= table["potential"] + 1e-12).all()  # replacements start below potential


def test_lanes_equal_their_own_runs_with_people_on():
    """A lane's event log equals its own run, quota pay and relationship pay side by side."""
    sc = _scenario(training_cost_per_week=20.0)
    world = sim.build_world(sc, [QUOTA, "routine_care", QUOTA], SEEDS[:3]).run()
    for strat, seed, res in zip([QUOTA, "routine_care", QUOTA], SEEDS[:3], run_results(world)):
        alone = sim.run(sc, strat, seed)
        assert_logs_equal(res.events, alone.events)
        assert res.meta == alone.meta


def test_people_stream_is_its_own():
    """The people stream is independent of the six standard streams of the same seed."""
    std = sim.model.streams.Streams.from_seed(5)
    assert lane_stream(5, 16).random() not in {getattr(std, n).random() for n in sim.model.streams.STREAM_NAMES}


def test_bad_people_section_is_one_clear_line():
    with pytest.raises(sim.ScenarioError, match=r"skill_min \(2.5\) cannot exceed skill_max \(2.0\)"):
        small_scenario(people={"skill_min": 2.5})


def test_rep_table_columns_have_both_labels():
    """Every column of the rep table has an English and a Chinese label (mutation: drop one from LABELS)."""
    world = sim.build_world(_scenario(), "routine_care", 1).run(until=4)
    table = rep_people(sim.results.run_result(world))
    for col in table.columns.drop("rep"):
        assert sim.label(col, "en") != col or col == "skill"
        assert sim.label(col, "zh") != col
