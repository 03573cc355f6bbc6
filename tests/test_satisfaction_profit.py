"""The HBR line examined (issue 20.3): what it takes for 5% more satisfaction to double profit.

The finding: 5% more satisfaction adds profit worth a few percent of revenue, so profit doubles only
where it is that thin — here, when reps' care costs enough. The named change "customers' buying and
leaving deaf to satisfaction" takes the extra profit away, and then no care cost in the range doubles it.
On the small course business of test_mutations.py (600 accounts, 6 reps, 4 replications).
Notebook 13's variant and its claims ('doubles', 'not_double' on the paired % gain) are tested here too;
its mutations are in test_case_mutations_lab_chain.py.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd
import pytest
from test_mutations import _small

from sim.cases.satisfaction_profit.controls import LIFT, WORLD
from sim.experiment import Comparison
from sim.facts import run_facts
from sim.satisfaction_profit import DOUBLE, doubling_point, profit_gain, what_it_takes
from sim.scenario import load_scenario
from sim.stats import paired_differences, summarise
from sim.ui.cases import get_case
from sim.ui.claims import Claim, evaluate, format_claim
from sim.viz.satisfaction import verdict_text, what_it_takes_chart

R = 4
KEY, COURSE, THIN = "reps.hourly_cost", 45.0, 160.0  # care cost: the course's, and one that thins profit
#: purchases at today's mean rate factor (0.3 + 1.4 x ~0.94) whatever the satisfaction; no poaching
_DEAF = {"market": {"satisfaction_purchase_slope": 0.0, "purchase_floor": 1.62},
         "competitor": {"poaching_per_year": 0.0}}


@pytest.fixture(scope="module")
def course():
    return profit_gain(_small(), R)


def test_the_gain_is_the_facts_row_and_does_not_double_profit(course):
    """profit_gain measures what the facts row states (same figure), and on the course's margins it
    adds far less than profit: the extra is a few percent of revenue, profit several times that."""
    row = {r.key: r for r in run_facts(R, progress=False, scenario=_small(), groups=("satisfaction",))}
    assert course.gain == pytest.approx(row["satisfaction"].value)
    assert f"as thin as the extra it brings ({100 * course.extra_share:.1f}% of revenue" in row["satisfaction"].measure
    assert 0 < course.extra_low and course.high < DOUBLE and not course.doubles
    assert course.extra_share < 0.06 < course.profit_share


def test_what_it_takes_reads_one_setting_at_the_scenario_values(course):
    """A setting at the course's own value gives the course's gain (the table's row for it)."""
    table = what_it_takes(_small(), R, {"care_cost": (KEY, (COURSE,))})
    row = table.iloc[0]
    assert len(table) == 1 and row["default"] == COURSE and not row["doubles"]
    assert row["gain"] == pytest.approx(course.gain) and row["extra"] == pytest.approx(course.extra)


def test_thin_profit_doubles_it_and_deaf_customers_break_that():
    """Care costly enough that profit is as thin as the extra doubles it (bisection finds the point); with
    customers deaf to satisfaction, the same search finds no such care cost."""
    found = doubling_point(_small(), KEY, COURSE, THIN, R, steps=1)
    assert found is not None
    value, gain = found
    assert COURSE < value <= THIN and gain.gain >= DOUBLE and 0 < gain.profit <= gain.extra
    assert doubling_point(_small(_DEAF), KEY, COURSE, THIN, R, steps=1) is None


def test_verdict_and_chart_in_both_languages(course):
    """The verdict states the measured figures; the chart has one panel per setting, labelled in each language."""
    point = (150.0, course)
    en, zh = (verdict_text(course, point, KEY, COURSE, lang) for lang in ("en", "zh"))
    assert f"{course.gain:+.0f}%" in en and "does not double" in en and "150" in en
    assert f"{course.gain:+.0f}%" in zh and "不會翻倍" in zh and "150" in zh
    assert "No value" in verdict_text(course, None, KEY, COURSE, "en")
    rows = [{"setting": s, "key": KEY, "value": v, "default": 1.0, **asdict(course)}
            for s in ("care_cost", "purchase_response") for v in (1.0, 2.0)]
    for lang, title in (("en", "What 5% more"), ("zh", "客戶滿意度提高")):
        spec = what_it_takes_chart(pd.DataFrame(rows), lang).to_dict()
        assert len(spec["concat"]) == 2 and spec["title"]["text"].startswith(title)


def test_case_13_raises_satisfaction_by_the_lift_profit_gain_measures():
    """Notebook 13's "5% more satisfied" variant adds the service points profit_gain finds on its world (the
    course's business at the case's replications): one change, our service value, and nothing else."""
    case = get_case("13_satisfaction_profit")
    variants = case.variants(case.validate({}))
    (today, s0), (more, s1) = variants["as_today"], variants["more_satisfied"]
    measured = profit_gain(WORLD, case.replications).lift
    assert measured == pytest.approx(LIFT, abs=0.2)
    assert all(today.custom_strategies[s].extends == "routine_care" and not today.custom_strategies[s].params
               for s in (s0, s1))
    assert more.offer.service - today.offer.service == pytest.approx(LIFT)
    assert more.model_copy(update={"offer": today.offer}) == today


@pytest.mark.parametrize("factor, doubles", [(2.5, True), (1.25, False)])
def test_the_case_claims_read_the_paired_gain(factor, doubles):
    """'doubles' holds when the whole paired bootstrap interval of the % gain is at +100% or more, 'not_double'
    when it is below; on six replications of profit and the same times ``factor`` (with a little noise)."""
    base = np.array([100.0, 120.0, 90.0, 110.0, 105.0, 95.0])
    more = factor * base + np.array([3.0, -2.0, 1.0, -1.0, 2.0, -3.0])
    runs = pd.DataFrame([{"strategy": s, "replication": i, "seed": i, "metric": "profit_total", "value": x}
                         for s, xs in (("as_today", base), ("more_satisfied", more)) for i, x in enumerate(xs)])
    names = ["as_today", "more_satisfied"]
    comp = Comparison(scenario=load_scenario("course_facts"), strategies=names, baseline="as_today", seed=0,
                      replications=6, runs=runs, summary=summarise(runs, names),
                      paired=paired_differences(runs, "as_today", names))
    rows = {op: evaluate(Claim("more_satisfied", "profit_total", op), comp) for op in ("doubles", "not_double")}
    assert rows["doubles"]["holds"] is doubles and rows["not_double"]["holds"] is not doubles
    assert rows["doubles"]["estimate"] == pytest.approx(100 * (more.mean() / base.mean() - 1))
    assert rows["doubles"]["low"] <= rows["doubles"]["estimate"] <= rows["doubles"]["high"]
    assert format_claim(rows["doubles"]).startswith(f"{rows['doubles']['estimate']:+.0f}% [")
