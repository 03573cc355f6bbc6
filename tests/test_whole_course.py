"""Every idea of the four texts changes outcomes (issue 16): ``scenarios/whole_course.yaml`` has every
mechanism on; switching each off in turn moves a measured outcome, paired over common seeds.

Each row of :data:`SWITCHES` is a row of the table in docs/model.md ("The whole course in one
scenario"): the idea, the keys that switch its mechanism off, the strategy that uses it, the
outcome and the direction the mechanism moves it (on − off). A mechanism that stopped being read
gives a difference of exactly 0 and fails; one that acted the wrong way round fails on the sign.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.scenario import deep_merge
from sim.vocab import ACQUIRED, CHURN, CONTACT, CUSTOMER, DM_LEFT, DORMANT, OPPORTUNITY, STAGE, TIER

#: a small cut of the scenario: 400 accounts, 3 dealers, 18 months, 3 common seeds
SMALL = {"accounts": {"count": 400}, "dealers": {"count": 3}, "horizon_months": 18}
SEEDS = [sim.replication_seed(20261123, i) for i in range(3)]
CM, MF, QP = "course_manager", "most_favoured", "quota_pay"
UP, DOWN = 1, -1


def _cm(**params) -> dict:
    return {"custom_strategies": {CM: {"params": params}}}


#: id -> (keys that switch the mechanism off, strategy, outcome, direction of on − off)
SWITCHES: dict[str, tuple[dict, str, str, int]] = {
    "added_value": (_cm(service_points=0), CM, "dormant_end", DOWN),
    "value_money": ({"value_costs": {"service_per_point": 0}}, CM, "care_cost", UP),
    "value_rep_time": ({"value_costs": {"service_hours_per_point": 0}}, CM, "contacts", DOWN),
    "contact_relief": ({"value_costs": {"relief_per_contact": 0}}, CM, "revenue", UP),
    "crm_software": ({"economics": {"crm_system_cost_per_month": 0}}, CM, "profit_total", DOWN),
    "service_copied": ({"competitor": {"copy_per_year": 0}}, CM, "revenue", DOWN),
    "neglect_probed": ({"competitor": {"probe_per_year": 0}}, CM, "churned", UP),
    "reps_as_people": ({"people": {"enabled": False}}, CM, "profit_total", DOWN),
    "training": ({"people": {"training_cost_per_week": 0}}, CM, "revenue", UP),
    "quota_incentive": ({"custom_strategies": {QP: {"params": {"incentive": "relationship"}}}}, QP, "churned", UP),
    "buying_centre": ({"buying_centre": {"others_min": 0, "others_max": 0}}, CM, "dm_left_churn", DOWN),
    "widen_relationship": (_cm(widen_share=0), CM, "tier_ups", DOWN),
    "needs_drift": ({"buying_centre": {"need_drift_per_year": 0}}, CM, "profit_total", DOWN),
    "investigate_lost": (_cm(investigate_lost=False), CM, "opportunities", UP),
    "remedy_fits_cause": ({"lifecycle": {"remedy_fit_boost": 1}}, CM, "opportunities", UP),
    "offer_fit": ({"accounts": {"fit": {"industry": {"manufacturing": 0, "healthcare": 0, "education": 0, "retail": 0},
                                       "region": {"north": 0, "east": 0, "west": 0}}}}, CM, "revenue", DOWN),
    "screening": (_cm(prospect_screening=False), CM, "won_fit", UP),
    "pool_reassign": (_cm(pool_reassign=False), CM, "woken", UP),
    "indulged_peer_seen": ({"economics": {"fairness": {"indulged_peer_points": 0}}}, MF, "revenue", DOWN),
    "blanket_cut_seen": ({"economics": {"fairness": {"blanket_cut_share": 0}}}, MF, "revenue", DOWN),
    "indulgence_rep_time": ({"economics": {"indulgence_hours": 0}}, MF, "contacts", DOWN),
    "timely_help": ({"relationship": {"crisis_help_multiplier": 1}}, CM, "tier_ups", UP),
    "referrals": ({"market": {"referrals_per_year": 0}}, CM, "referred", UP),
    "intermediary": ({"lifecycle": {"intermediary_boost": 1}}, CM, "opportunities", UP),
}


def _won_fit(sc, res) -> float:
    """Mean points of offer fit (industry + region, ``accounts.fit``) of the accounts won in the run."""
    won = res.accounts.iloc[res.events["account"][res.events["kind"] == ACQUIRED]]
    fit = sc.accounts.fit
    points = won["industry"].map(lambda k: fit.industry.get(k, 0.0)).astype(float)
    return float((points + won["region"].map(lambda k: fit.region.get(k, 0.0)).astype(float)).mean())


def _outcomes(overrides: dict, strategy: str) -> dict[str, np.ndarray]:
    """Each outcome (the run summary and a few counts), one value per common seed."""
    sc = sim.load_scenario("whole_course", overrides=deep_merge(SMALL, overrides))
    rows = []
    for res in sim.run_many(sc, strategy, SEEDS):
        e, k = res.events, res.events["kind"]
        stage = k == STAGE
        rows.append({**sim.summary(res), "contacts": int((k == CONTACT).sum()),
                     "opportunities": int((stage & (e["b"] == OPPORTUNITY)).sum()),
                     "woken": int((stage & (e["a"] == DORMANT) & (e["b"] == CUSTOMER)).sum()),
                     "tier_ups": int(((k == TIER) & (e["a"] >= 0) & (e["b"] > e["a"])).sum()),
                     "dm_left_churn": int(((k == CHURN) & (e["a"] == DM_LEFT)).sum()),
                     "referred": int(res.accounts["referred"].sum()), "won_fit": _won_fit(sc, res)})
    return {k: np.array([r[k] for r in rows], dtype=float) for k in rows[0]}


@pytest.fixture(scope="module")
def all_on():
    return {s: _outcomes({}, s) for s in (CM, MF, QP)}


@pytest.mark.parametrize("name", list(SWITCHES))
def test_switching_the_mechanism_off_moves_its_outcome(name, all_on):
    """On − off, paired seed by seed: the mean moves the stated way by more than its standard error
    (a mechanism not read gives 0)."""
    off, strategy, outcome, sign = SWITCHES[name]
    diff = all_on[strategy][outcome] - _outcomes(off, strategy)[outcome]
    se = diff.std(ddof=1) / np.sqrt(diff.size)
    assert sign * diff.mean() > se, f"{name}: {outcome} on − off per seed {diff}"


def test_the_docs_table_lists_every_switch():
    """docs/model.md's table has a row for each switch (its id in backticks), and no other."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "model.md").read_text(encoding="utf-8")
    section = text.split("## The whole course in one scenario", 1)[1].split("\n## ", 1)[0]
    ids = re.findall(r"test_whole_course\.py::\[`(\w+)`\]", section)
    assert sorted(ids) == sorted(SWITCHES)
