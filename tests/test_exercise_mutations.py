"""The exercises' simulated verdicts can fail (issue 20.2): a named change to the world takes them away.

Exercises 4, 6 and 7 simulate a trainee's answer against a baseline and say whether it earns clearly
more (a paired 95% interval above zero: a line marked ok; exercise 4 judges profit plus customer equity).
With the solution notebooks' answers that line is ok on the course's world; with the named change merged
into the world the check simulates, it is not, and the solution fails ("no clear difference" fails in all
three). (Exercises 3 and 5 show their simulations as information only; 1, 2 and 8 check arithmetic and
reading, not the model.)
"""

from __future__ import annotations

import pytest
from test_case_mutations import _USELESS_CONTACTS
from test_case_mutations_lab_chain import _USELESS_NO_PIPELINE

from sim.exercises import _common, exercise_module
from sim.scenario import deep_merge

TRAINEE = "Wang Li"  # the solution notebooks' trainee

#: exercise -> the solution notebook's answers (exercises/solutions/NN_*.ipynb)
SOLUTIONS = {
    4: ({"favours": 0.4, "lend_a_hand": 0.3, "share_success": 0.3},),
    6: (None, None, {"price_cut": 0.0, "indulge": False,
                     "segment_weight": {"key": 4, "strategic": 3, "profit": 2, "non_profit": 0.3},
                     "cycle_weeks": {"key": 2, "strategic": 3, "profit": 6, "non_profit": 26}}),
    7: ({"extends": "customer_manager", "label": "Customer manager + public pool",
         "params": {"pool_cycle_weeks": 4, "stage_weight": {"dormant": 1.5}}},),
}

#: name -> (exercise, scenario override merged into the world its check simulates)
MUTATIONS = {
    # judged on profit alone, useless contacts did not fail it: the split wins fewer accounts in the
    # exercise's year and saves their acquisition money; profit plus customer equity counts their loss
    "contacts do nothing for the customer": (4, _USELESS_CONTACTS),
    "customers leave over a point of price gap (most-favoured's price cut pays)": (
        6, {"market": {"price_per_year": 1.0}}),
    "contacts do nothing for the customer and no prospect qualifies": (7, _USELESS_NO_PIPELINE),
}


def _answers(exercise: int, v) -> tuple:
    """The solution's answers; exercise 6's two shares are the variant's own (the solution computes them)."""
    if exercise != 6:
        return SOLUTIONS[exercise]
    profit = v.book["profit"].sort_values(ascending=False).to_numpy()
    potential = profit.cumsum().max()
    return profit[: round(0.2 * len(profit))].sum() / potential, profit.sum() / potential, SOLUTIONS[6][2]


def _verdict(exercise: int, monkeypatch, override: dict | None = None):
    """The check's feedback on the solution, in the world changed by ``override``."""
    ex = exercise_module(exercise)
    if override:
        monkeypatch.setattr(ex, "compare", lambda base, over, *rest: _common.compare(
            base, deep_merge(over, override), *rest))
    v = ex.variant(TRAINEE)
    return ex.check(v, *_answers(exercise, v))


def _simulated(fb) -> str:
    """The kind ('ok', 'bad', 'info') of the feedback line with the simulated paired profit."""
    kinds = [k for k, t in fb.lines if "profit vs" in t.en.lower() or "customer equity vs" in t.en.lower()]
    assert len(kinds) == 1, fb.text()
    return kinds[0]


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_solution_earns_more_and_the_named_change_takes_it_away(name, monkeypatch):
    exercise, override = MUTATIONS[name]
    default = _verdict(exercise, monkeypatch)
    assert default.passed and _simulated(default) == "ok", default.text()
    mutated = _verdict(exercise, monkeypatch, override)
    assert _simulated(mutated) != "ok", f"{name!r} should take exercise {exercise}'s gain away:\n{mutated.text()}"
    assert not mutated.passed


def test_every_simulated_verdict_has_a_mutation():
    assert {e for e, _ in MUTATIONS.values()} == set(SOLUTIONS)
