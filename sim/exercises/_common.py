"""What the exercise modules share: drawing a variant, re-drawing it in a check, small simulations."""

from __future__ import annotations

import functools
import json

import numpy as np

import sim
from sim.exercises.feedback import AnswerError, Text
from sim.exercises.variant import Variant, normalise_name, variant_seed
from sim.stats import paired_differences
from sim.tables import format_interval, format_value

#: the exercises' book: small enough that a check runs in a second or two
SMALL = {"accounts": {"count": 200}, "reps": {"count": 2}, "dealers": {"count": 2}, "horizon_months": 12}


def make_variant(exercise: int, who, draw, shown: tuple[str, ...] = ()) -> Variant:
    """Trainee ``who``'s variant: ``draw(rng)`` with a generator seeded from the name."""
    seed = variant_seed(who, exercise)
    data = draw(np.random.default_rng(seed))
    name = " ".join(str(who).split())
    return Variant(name or normalise_name(who), exercise, seed, data, shown)


def redraw(v, exercise: int, variant_of) -> Variant:
    """The variant a check uses: drawn again from the name (edits to ``v`` do not count)."""
    if isinstance(v, Variant):
        if v.exercise != exercise:
            raise AnswerError(Text(f"These are the numbers of exercise {v.exercise}; this check is exercise {exercise}: "
                                   f"use ex.variant(name) from this notebook.",
                                   f"這是練習 {v.exercise} 的資料，而這裡檢查的是練習 {exercise}：請使用本筆記本的 ex.variant(姓名)。"))
        return variant_of(v.who)
    return variant_of(v)


def _freeze(x):
    return json.dumps(x, sort_keys=True, default=list)


@functools.lru_cache(maxsize=32)
def _compare_cached(base: str, overrides: str, strategies: str, baseline: str, replications: int, seed: int):
    sc = sim.load_scenario(base, overrides=json.loads(overrides))
    return sim.compare(sc, json.loads(strategies), replications=replications, seed=seed, baseline=baseline,
                       progress=False)


def compare(base: str, overrides: dict, strategies: list, baseline: str, replications: int, seed: int):
    """``sim.compare`` of named strategies (built-in or in ``overrides['custom_strategies']``), cached."""
    return _compare_cached(base, _freeze(overrides), _freeze(strategies), baseline, replications, seed)


def paired_row(comp, strategy: str, metric: str = "profit_total"):
    """The paired-difference row of ``strategy`` for ``metric`` (diff, low, high, excludes_zero, verdict)."""
    p = comp.paired
    return p[(p["strategy"] == strategy) & (p["metric"] == metric)].iloc[0]


#: what a book is worth to the business over its life: this period's profit plus the customers' equity at the end
LIFETIME = ("profit_total", "customer_equity")


def lifetime_row(comp, strategy: str):
    """The paired-difference row of ``strategy`` for profit plus customer equity (metric ``lifetime_value``):
    money saved by winning fewer accounts this year does not count as a gain, as their lost equity shows."""
    r = comp.runs[comp.runs["metric"].isin(LIFETIME)]
    sums = r.groupby(["strategy", "replication"], as_index=False)["value"].sum().assign(metric="lifetime_value")
    p = paired_differences(sums, comp.baseline, [comp.baseline, strategy])
    return p[p["strategy"] == strategy].iloc[0]


def money(x: float) -> str:
    """A sum of money for feedback lines (e.g. ``+12.3k``)."""
    return format_value("profit_total", x, signed=True)


def interval(row) -> str:
    return format_interval(row["metric"], row["diff"], row["low"], row["high"], signed=True)

