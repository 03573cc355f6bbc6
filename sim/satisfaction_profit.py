"""What it takes for 5% more satisfaction to double profit (the HBR line of the first text).

The facts row (:func:`sim.facts.satisfaction_rows`) measures the claim on the course's business:
our service value is raised, free, until customers' mean satisfaction is 5% higher, and total
profit is compared with the same replications (common random numbers) without the raise.
:func:`profit_gain` does the same on any scenario; :func:`what_it_takes` repeats it while one
setting a modeller can change moves (margin per purchase, how purchases and churn follow
satisfaction, care cost) and :func:`doubling_point` searches a setting for the value at which the
gain reaches +100%. Results layer: numbers and tables only, no chart library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from sim.economics import satisfaction
from sim.facts_measures import customer_gaps, customer_satisfaction, mean_interval, ratio_interval
from sim.model import build_world
from sim.model.streams import replication_seed
from sim.results import run_results, summary
from sim.scenario import Scenario, load_scenario
from sim.strategies import resolve_strategy
from sim.sweep import grid_points

__all__ = ["DOUBLE", "POINT", "SETTINGS", "SatisfactionGain", "doubling_point", "profit_gain", "what_it_takes"]

DOUBLE = 100.0  # % more profit: "doubles"
MORE = 0.05  # 5% more satisfaction
MAX_LIFT = 60.0  # most service points the search adds (satisfaction saturates well before)

#: settings a modeller can change -> (key path, values tried by :func:`what_it_takes`); the course's own
#: value is in each list. Margin per purchase: a basket's gross margin (~236) less the order cost.
SETTINGS: dict[str, tuple[str, tuple[float, ...]]] = {
    "margin_per_purchase": ("economics.cost_per_order", (100.0, 175.0, 200.0, 215.0)),
    "purchase_response": ("market.satisfaction_purchase_slope", (0.7, 1.4, 2.8, 5.0)),
    "churn_response": ("competitor.poaching_gap_points", (12.0, 6.0, 3.0, 1.5)),
    "care_cost": ("reps.hourly_cost", (45.0, 75.0, 100.0, 120.0)),
}


#: the teaching point, for a notebook's markdown (the verdict's figures come from :func:`verdict_text`)
POINT = {
    "en": "\"5% more satisfaction can double profit\" (HBR) is a claim about leverage, not a law: the extra profit "
          "that more satisfied customers bring is a few percent of revenue, so it doubles profit only in a business "
          "whose profit is as thin as that. Judge such a number by the margin it assumes.",
    "zh": "「客戶滿意度提高 5%，利潤可以翻倍」（《哈佛商業評論》）講的是槓桿，不是定律：客戶更滿意所帶來的額外利潤"
          "只占營收的幾個百分點，只有利潤同樣微薄的企業，利潤才會因此翻倍。評估這類數字，要先看它假設的利潤率。",
}


@dataclass(frozen=True)
class SatisfactionGain:
    """Profit with customers 5% more satisfied, against the same replications without."""

    lift: float  # service value points added
    satisfaction: float  # customers' mean satisfaction (0-1) at the end, without the lift
    satisfaction_more: float  # ... with it
    profit: float  # mean total profit without the lift
    profit_share: float  # total profit / revenue without the lift
    gain: float  # % more profit
    low: float  # paired bootstrap 95% interval of the gain
    high: float
    extra: float  # more profit, in money (paired mean over replications)
    extra_low: float  # its paired 95% t-interval
    extra_high: float
    extra_share: float  # extra / revenue: profit doubles in a business whose profit share is no more than this

    @property
    def doubles(self) -> bool:
        """Profit doubles: the whole 95% interval of the gain is at +100% or more."""
        return self.low >= DOUBLE


def _run(sc: Scenario, strategy: str, replications: int):
    seeds = [replication_seed(sc.seed, i) for i in range(replications)]
    world = build_world(sc, resolve_strategy(strategy, sc), seeds).run()
    return world, run_results(world)


def _lift(world, lanes: int, more: float) -> tuple[float, float]:
    """Service points that make customers' mean satisfaction ``1 + more`` times today's; and today's."""
    g = np.concatenate([customer_gaps(world, lane) for lane in range(lanes)])
    s0 = float(satisfaction(g).mean())
    target = min((1.0 + more) * s0, 0.999)  # satisfaction is below 1: near it, as close as it goes
    return float(brentq(lambda d: satisfaction(g + d).mean() - target, 0.0, MAX_LIFT)), s0


def profit_gain(scenario: Scenario | str = "course_facts", replications: int | None = None,
                strategy: str = "routine_care", more: float = MORE, base: tuple | None = None) -> SatisfactionGain:
    """The % more total profit when our service value rises (free) until customers are ``more`` more
    satisfied, paired over the same replication seeds, under ``strategy``. ``base``: the (world, results)
    of ``strategy`` on ``scenario`` with those seeds, if already run."""
    sc = load_scenario(scenario) if isinstance(scenario, str) else scenario
    R = replications or sc.replications
    world0, base = base or _run(sc, strategy, R)
    lift, s0 = _lift(world0, R, more)
    raised = sc.model_copy(update={"offer": sc.offer.model_copy(update={"service": sc.offer.service + lift})})
    world1, more_runs = _run(raised, strategy, R)
    s1 = float(np.mean([customer_satisfaction(world1, k) for k in range(R)]))
    p0 = np.array([summary(r)["profit_total"] for r in base])
    p1 = np.array([summary(r)["profit_total"] for r in more_runs])
    revenue = np.mean([summary(r)["revenue"] for r in base])
    m, lo, hi = (100.0 * (x - 1.0) for x in ratio_interval(p1, p0))
    extra = mean_interval(p1 - p0)
    return SatisfactionGain(lift, s0, s1, float(p0.mean()), float(p0.mean() / revenue), m, lo, hi, *extra,
                            float(extra[0] / revenue))


def _at(scenario: Scenario, key: str, values: Sequence[float]) -> list[Scenario]:
    """``scenario`` with ``key`` (a dotted key path) at each of ``values`` (validated)."""
    return grid_points(scenario, {key: list(values)})[1]


def what_it_takes(scenario: Scenario | str = "course_facts", replications: int | None = None,
                  settings: Mapping[str, tuple[str, Sequence[float]]] | None = None,
                  strategy: str = "routine_care") -> pd.DataFrame:
    """The gain of 5% more satisfaction as each setting moves (the others at the scenario's values).

    One row per setting value: setting, key, value, the course's value (``default``), and the
    :class:`SatisfactionGain` fields with ``doubles``.
    """
    sc = load_scenario(scenario) if isinstance(scenario, str) else scenario
    rows = []
    for name, (key, values) in (settings or SETTINGS).items():
        default = _value(sc, key)
        for v, s in zip(values, _at(sc, key, values)):
            g = profit_gain(s, replications, strategy)
            rows.append({"setting": name, "key": key, "value": float(v), "default": default, **asdict(g),
                         "doubles": g.doubles})
    return pd.DataFrame(rows)


def _value(scenario: Scenario, key: str) -> float:
    node = scenario
    for part in key.split("."):
        node = getattr(node, part)
    return float(node)


def doubling_point(scenario: Scenario | str, key: str, low: float, high: float,
                   replications: int | None = None, strategy: str = "routine_care",
                   steps: int = 5) -> tuple[float, SatisfactionGain] | None:
    """The value of ``key`` in [``low``, ``high``] at which 5% more satisfaction doubles profit, and the gain
    there: where profit falls to the extra profit the lift brings (gain +100%), by bisection on whether
    profit is above it (true at ``low``, false at ``high``: a setting that thins profit as it rises).
    ``None`` if profit is still above the extra profit at ``high``; ``low`` if it is not even there."""
    sc = load_scenario(scenario) if isinstance(scenario, str) else scenario
    gain_at: dict[float, SatisfactionGain] = {}

    def thick(x: float) -> bool:  # profit more than the lift adds: it does not double
        if x not in gain_at:
            gain_at[x] = profit_gain(_at(sc, key, [x])[0], replications, strategy)
        return gain_at[x].profit > gain_at[x].extra

    if thick(high):
        return None
    if not thick(low):
        return low, gain_at[low]
    for _ in range(steps):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if thick(mid) else (low, mid)
    return high, gain_at[high]
