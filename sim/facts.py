"""The course's numbers, measured on the default scenarios (or any scenario).

Each :class:`FactRow` pairs a claim of the course (``../shared/course.md``,
"Numbers the course states") with the figure the simulation produces — a mean
over replications with its 95% interval — and whether it falls in the course's
range. Nothing here writes the numbers in: each figure is computed from the
event logs of ordinary runs, under strategies that can change it. A row marked
``examined`` is a claim the course quotes that the business need not reproduce:
it is measured and shown, but does not decide whether the table holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np

from sim.facts_measures import (
    acquisition_ratio, acquisition_split, dormancy_idle_weeks, mean_interval,
    neglect_share, pool_contacted_share, ratio_interval, tier_mix, top20_of_total, whale, win_back_rate, won_cohort_npv,
)
from sim.model import build_world
from sim.model.streams import replication_seed
from sim.results import RunResult, run_results, summary
from sim.satisfaction_profit import profit_gain
from sim.scenario import Scenario, load_scenario
from sim.strategies import resolve_strategy, strategy_from_params
from sim.units import WEEKS_PER_MONTH as WPM


__all__ = ["FactRow", "run_facts", "facts_table", "facts_json", "mean_interval", "ratio_interval",
           "dormancy_idle_weeks", "tier_mix", "whale", "win_back_rate", "FACT_STRATEGIES", "GROUPS"]

FACTS_SCENARIO = "course_facts"
LIFETIME_SCENARIO = "lifetime"
#: the strategies the rows are measured under that are not built-ins: (built-in, parameter changes).
#: A scenario's ``custom_strategies`` of the same name replaces them.
FACT_STRATEGIES = {
    # ordinary care, thinly spread: one rotating contact every half year
    "thin_care": ("routine_care", {"cycle_weeks": {"key": 26, "strategic": 26, "profit": 26, "non_profit": 26}}),
    # routine care that also visits dormant accounts on its six-week round, without a pool cycle
    "routine_visits_dormant": ("routine_care", {"stage_weight": {"dormant": 1.0}}),
    # the public pool strategy as it is (a name of its own, so a scenario can change it)
    "pool_cycle": ("public_pool", {}),
}


@dataclass(frozen=True)
class FactRow:
    claim: str
    source: str
    measure: str
    value: float
    low: float
    high: float
    range_low: float
    range_high: float
    unit: str = ""
    strict: bool = False  # holds only if the whole 95% interval is in range
    key: str = ""
    examined: bool = False  # a claim examined: shown, not required to hold

    @property
    def holds(self) -> bool:
        if self.strict:
            return self.range_low <= self.low and self.high <= self.range_high
        return self.range_low <= self.value <= self.range_high


def _row(key, claim, source, measure, values, lo, hi, unit, strict=False, examined=False) -> FactRow:
    m, a, b = mean_interval(values)
    return FactRow(claim, source, measure, m, a, b, lo, hi, unit, strict, key, examined)


class _Runs:
    """Replications of one scenario, run once per strategy and kept (lanes of one world)."""

    def __init__(self, scenario: Scenario, replications: int, tick: Callable[[int], object]) -> None:
        self.sc, self.R, self.tick = scenario, replications, tick
        self._cache: dict[str, tuple[object, list[RunResult]]] = {}

    def strategy(self, name: str):
        if name in FACT_STRATEGIES and name not in self.sc.custom_strategies:
            base, over = FACT_STRATEGIES[name]
            return strategy_from_params(name, base, over)
        return resolve_strategy(name, self.sc)

    def world(self, name: str, scenario: Scenario | None = None):
        """(world, results) of strategy ``name`` (on ``scenario``, not kept, if given)."""
        if scenario is None and name in self._cache:
            return self._cache[name]
        sc = scenario or self.sc
        seeds = [replication_seed(sc.seed, i) for i in range(self.R)]
        world = build_world(sc, self.strategy(name), seeds).run()
        out = (world, run_results(world))
        self.tick(self.R)
        if scenario is None:
            self._cache[name] = out
        return out

    def __call__(self, name: str, scenario: Scenario | None = None) -> list[RunResult]:
        return self.world(name, scenario)[1]


def _with(scenario: Scenario, section: str, **values) -> Scenario:
    part = getattr(scenario, section)
    return scenario.model_copy(update={section: part.model_copy(update=values)})


# ---------------------------------------------------------------- the rows
def satisfaction_rows(runs: _Runs) -> list[FactRow]:
    """5% more satisfaction -> profit: raise our service value until customers are 5% more satisfied
    (:func:`sim.satisfaction_profit.profit_gain`, on the routine-care runs the rows share)."""
    g = profit_gain(runs.sc, runs.R, base=runs.world("routine_care"))
    runs.tick(runs.R)
    return [FactRow(
        "5% more satisfaction can double profit", "seed 000 (quoting HBR)",
        f"a claim examined: total profit when our service value rises {g.lift:.1f} points, so customers' mean "
        f"satisfaction goes {100 * g.satisfaction:.1f}% -> {100 * g.satisfaction_more:.1f}% (5% more), routine "
        f"care; paired bootstrap interval; it doubles only where profit is as thin as the extra it brings "
        f"({100 * g.extra_share:.1f}% of revenue; here {100 * g.profit_share:.1f}%)",
        g.gain, g.low, g.high, 80.0, 120.0, "% more profit", key="satisfaction", examined=True)]


def tier_rows(runs: _Runs) -> list[FactRow]:
    tiers = np.array([tier_mix(r) for r in runs("routine_care")])
    book = f"tier of decision makers met, per 100, customers after {runs.sc.horizon_months // 12} years of routine care"
    return [
        _row("acquaintances", "of 100 contacts ~50 become acquaintances", "seed 000",
             book + " (acquaintance or closer)", tiers[:, 0], 40, 60, "per 100"),
        _row("friends", "... ~10 become friends", "seed 000", book + " (friend or closer)", tiers[:, 1], 7, 14, "per 100"),
        _row("confidants", "... 3-5 become confidants", "seed 000", book + " (confidant)", tiers[:, 2], 3, 5, "per 100"),
    ]


def acquisition_rows(runs: _Runs) -> list[FactRow]:
    rc = runs("routine_care")
    effort, offers, care = np.mean([acquisition_split(r) for r in rc], axis=0)
    return [_row("acquisition", "a new customer costs 5-10x keeping one", "seed 000",
                 f"per won account, reps' effort on prospects, targets and opportunities ({effort:,.0f}: hours x "
                 f"hourly cost + contact money) + offers and onboarding ({offers:,.0f}), / yearly care cost per kept "
                 f"account ({care:,.0f}), routine care", [acquisition_ratio(r) for r in rc], 5, 10, "x")]


def churn_drop_rows(life: _Runs, strategy: str = "routine_care") -> list[FactRow]:
    """Profit per new customer when yearly churn drops by 5 points (churn hazards scaled down)."""
    base = life.sc
    runs0 = life(strategy)
    c0 = np.array([summary(r)["yearly_churn"] for r in runs0])
    v0 = np.array([won_cohort_npv(r) for r in runs0])
    target = c0.mean() - 0.05
    runs1 = runs0
    # find the churn scale that lowers yearly churn by 5 points (secant steps on the mean)
    lo_s, lo_c, hi_s, hi_c = 0.0, 0.0, 1.0, c0.mean()
    for _ in range(4):
        scale = lo_s + (hi_s - lo_s) * (target - lo_c) / max(hi_c - lo_c, 1e-9)
        runs1 = life(strategy, _with(base, "market", churn_scale=scale * base.market.churn_scale))
        c1 = np.mean([summary(r)["yearly_churn"] for r in runs1])
        if abs(c1 - target) < 0.004:
            break
        if c1 > target:
            hi_s, hi_c = scale, c1
        else:
            lo_s, lo_c = scale, c1
    c1 = np.array([summary(r)["yearly_churn"] for r in runs1])
    v1 = np.array([won_cohort_npv(r) for r in runs1])
    m, lo, hi = (100.0 * (x - 1.0) for x in ratio_interval(v1, v0))
    drop = 100 * (c0.mean() - c1.mean())
    return [FactRow(
        "5% fewer defections -> 25-85% more profit", "seed 000 (Reichheld & Sasser)",
        f"lifetime NPV per new customer (won in the first {base.horizon_months // 36} years, followed "
        f"{base.horizon_months // 12} years) when yearly churn drops {drop:.1f} points "
        f"({100 * c0.mean():.1f}% -> {100 * c1.mean():.1f}%), {strategy}; paired bootstrap interval",
        m, lo, hi, 25.0, 85.0, "% more profit", key="defections")]


def neglect_rows(runs: _Runs) -> list[FactRow]:
    thin = runs("thin_care")
    routine = np.mean([neglect_share(r) for r in runs("routine_care")])
    return [_row("neglect", "2/3 of leavers leave for lack of care", "seed 000 (Yankee Group)",
                 f"share of churn whose recorded cause is neglect, thin care (a contact every 26 weeks); "
                 f"routine care (every 6 weeks): {100 * routine:.0f}%",
                 [100 * neglect_share(r) for r in thin], 60, 73, "%")]


def whale_rows(runs: _Runs) -> list[FactRow]:
    rc = runs("routine_care")
    of_potential = 100 * np.array([whale(r) for r in rc])
    src = "seed 003 (Kotler 20/80/30)"
    return [
        _row("top20", "top 20% of customers ~80% of total profit", src,
             f"a claim examined: top 20% of customers' profit, % of total profit, routine care "
             f"(% of potential profit, the whale curve's peak: {of_potential[:, 0].mean():.0f}%)",
             [100 * top20_of_total(r) for r in rc], 70, 90, "%", examined=True),
        _row("worst30", "worst 30% halve potential profit", src,
             "total profit, % of potential (whale-curve peak: the profitable customers' profit), routine care",
             of_potential[:, 1], 40, 60, "%"),
    ]


def pool_rows(runs: _Runs) -> list[FactRow]:
    pool, visits = runs("pool_cycle"), runs("routine_visits_dormant")
    cycle = float(runs.strategy("pool_cycle").params.pool_cycle_weeks or 4.0)
    idle = np.concatenate([dormancy_idle_weeks(r) for r in pool]) / WPM
    idle = idle[~np.isnan(idle)]
    back = np.mean([win_back_rate(r) for r in pool])
    diff = [100 * (win_back_rate(p) - win_back_rate(v)) for p, v in zip(pool, visits)]
    return [
        _row("pool", "no purchase for 3 months -> public pool, worked in a cycle", "seed 003",
             f"moves into the pool a rep contacted within the {cycle:g}-week cycle, public pool; "
             f"{100 * back:.0f}% won back; {idle.size} moves, median {np.median(idle) if idle.size else np.nan:.1f} "
             f"months after the last purchase", [100 * pool_contacted_share(r, cycle) for r in pool],
             80, 100, "%"),
        _row("win_back", "... and a contact cycle wins them back", "seed 003",
             "extra share of pooled accounts won back: public-pool cycle vs routine care that also visits "
             "dormant accounts on its round (paired)", diff, 0.0, 100.0, "points", strict=True),
    ]


#: row groups: name -> (function, whether it runs on the lifetime scenario)
GROUPS: dict[str, tuple[Callable, bool]] = {
    "satisfaction": (satisfaction_rows, False), "tiers": (tier_rows, False),
    "acquisition": (acquisition_rows, False), "defections": (churn_drop_rows, True),
    "neglect": (neglect_rows, False), "whale": (whale_rows, False), "pool": (pool_rows, False),
}


def lifetime_of(scenario: Scenario) -> Scenario:
    """The scenario followed for fifteen years (the course's own: ``scenarios/lifetime.yaml``)."""
    if scenario.name == FACTS_SCENARIO:
        return load_scenario(LIFETIME_SCENARIO)
    return scenario.model_copy(update={"horizon_months": 180})


def run_facts(replications: int | None = None, progress: bool = True, scenario: Scenario | None = None,
              groups: tuple[str, ...] | None = None) -> list[FactRow]:
    """Measure every number the course states on ``scenario`` (default: the course's business).

    ``groups``: only these row groups (see :data:`GROUPS`).
    """
    from tqdm.auto import tqdm  # lazy: in a Jupyter kernel tqdm.auto loads ipywidgets

    sc = scenario or load_scenario(FACTS_SCENARIO)
    names = tuple(groups or GROUPS)
    life = lifetime_of(sc) if "defections" in names else None
    R = replications or sc.replications
    RL = replications or (life.replications if life else 1)
    bar = tqdm(desc="course facts", unit="run", disable=not progress)  # no total: rows share cached runs
    try:
        runs = _Runs(sc, R, bar.update)
        life_runs = _Runs(life, RL, bar.update) if life else None
        return [row for g in names for row in GROUPS[g][0](life_runs if GROUPS[g][1] else runs)]
    finally:
        bar.close()


def facts_table(rows: list[FactRow]) -> str:
    """The facts as a plain-text table: claim, simulated figure with 95% interval, course range, verdict."""
    head = ("claim", "simulated (95% interval)", "course range", "holds")
    body = [_fact_cells(r) for r in rows]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(4)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    for r, b in zip(rows, body):
        lines.append(fmt.format(*b))
        lines.append("    " + r.measure + f"  [{r.source}]")
    required = [r for r in rows if not r.examined]
    held = sum(r.holds for r in required)
    lines.append(f"\n{held} of {len(required)} rows hold"
                 + (f"; {len(rows) - len(required)} claims examined, not required." if len(required) < len(rows) else "."))
    return "\n".join(lines)


def _fact_cells(r: FactRow) -> tuple[str, str, str, str]:
    """One row of the facts table: claim, simulated figure with interval, course range, verdict."""
    sim_txt = f"{r.value:.1f} [{r.low:.1f}, {r.high:.1f}] {r.unit}"
    rng = f"{r.range_low:g}-{r.range_high:g} {r.unit}" + (" (whole interval)" if r.strict else "")
    return r.claim, sim_txt, rng, ("yes" if r.holds else "NO") + (" (examined)" if r.examined else "")


def facts_json(rows: list[FactRow]) -> list[dict]:
    """Each row's figure, interval, range and verdict, as plain values (for ``--json``)."""
    return [{**asdict(r), "holds": r.holds} for r in rows]
