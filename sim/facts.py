"""The course's numbers, measured on the default scenarios.

Each :class:`FactRow` pairs a claim of the course (``../shared/course.md``,
"Numbers the course states") with the figure the simulation produces — a mean
over replications with its 95% interval — and whether it falls in the course's
range. Nothing here writes the numbers in: each figure is computed from the
event logs of ordinary runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy import stats

from sim.model import build_world
from sim.model.streams import replication_seed
from sim.results import (
    RunResult, account_profit, churn_by_cause, customer_weeks, ever_customer, run_results, state_at, summary,
)
from sim.scenario import Scenario, load_scenario
from sim.vocab import CONFIDANT, CONTACT, CUSTOMER, DORMANT, FRIEND, ACQUAINTANCE, NEGLECT, PURCHASE, STAGE

WPM = 52.0 / 12.0

__all__ = ["FactRow", "run_facts", "facts_table", "mean_interval"]


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

    @property
    def holds(self) -> bool:
        if self.strict:
            return self.range_low <= self.low and self.high <= self.range_high
        return self.range_low <= self.value <= self.range_high


def mean_interval(x) -> tuple[float, float, float]:
    """Mean and 95% t-interval of replications ``x``."""
    x = np.asarray(x, dtype=float)
    m = float(x.mean())
    if x.size < 2:
        return m, m, m
    half = float(stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return m, m - half, m + half


def _runs(scenario: Scenario, strategy: str, replications: int, tick: Callable[[int], object]) -> list[RunResult]:
    """The replications of one strategy, run side by side as lanes of one world."""
    seeds = [replication_seed(scenario.seed, i) for i in range(replications)]
    out = run_results(build_world(scenario, strategy, seeds).run())
    tick(replications)
    return out


# ---------------------------------------------------------------- measures
def tier_mix(res: RunResult) -> tuple[float, float, float]:
    """Per 100 decision makers in the book that a rep has met: at least acquaintance, at least friend, confidant."""
    e = res.events
    known = np.zeros(len(res.accounts), dtype=bool)
    m = (e["kind"] == CONTACT) & (e["b"] == 1)
    known[e["account"][m]] = True
    end = state_at(res, res.weeks)
    known &= (end["stage"] == CUSTOMER) | (end["stage"] == DORMANT)
    tier = end["tier"][known]
    n = max(tier.size, 1)
    return (100 * (tier >= ACQUAINTANCE).sum() / n, 100 * (tier >= FRIEND).sum() / n,
            100 * (tier == CONFIDANT).sum() / n)


def acquisition_ratio(res: RunResult) -> float:
    """Acquisition cost per won account ÷ yearly care cost per kept (customer-year) account."""
    s = summary(res)
    per_won = s["acquisition_cost"] / max(s["won_accounts"], 1)
    care_per_year = s["care_cost"] / max(_customer_years(res), 1e-9)
    return per_won / care_per_year if care_per_year > 0 else float("nan")


def _customer_years(res: RunResult) -> float:
    return customer_weeks(res) / 52.0


def neglect_share(res: RunResult) -> float:
    """Share of churn events whose recorded cause is neglect."""
    c = churn_by_cause(res)
    return float(c.loc[NEGLECT, "share"])


def whale(res: RunResult) -> tuple[float, float]:
    """Whale curve: (top 20% of customers' profit, total profit), as shares of the potential profit.

    The potential is the peak of the whale curve: the profit of all profitable
    customers, before the unprofitable ones take their share back.
    """
    ap = account_profit(res)
    p = np.sort(ap["profit"].to_numpy()[ever_customer(res)])[::-1]
    k20 = int(round(0.2 * p.size))
    potential = np.cumsum(p).max()
    return float(p[:k20].sum() / potential), float(p.sum() / potential)


def dormancy_idle_weeks(res: RunResult) -> np.ndarray:
    """Weeks since the last purchase at each move into the public pool (dormant)."""
    e = res.events
    m = (e["kind"] == STAGE) & (e["b"] == DORMANT) & (e["a"] == CUSTOMER)
    acc, t = e["account"][m], e["t"][m]
    pm = e["kind"] == PURCHASE
    pa, pt = e["account"][pm], e["t"][pm]
    order = np.lexsort((pt, pa))
    pa, pt = pa[order], pt[order]
    key = pa.astype(np.float64) * 1e6 + pt
    pos = np.searchsorted(key, acc.astype(np.float64) * 1e6 + t, side="right") - 1
    has = (pos >= 0) & (pa[np.maximum(pos, 0)] == acc)
    # accounts that never bought in the run: their last purchase was before it began
    return np.where(has, t - pt[np.maximum(pos, 0)], np.nan)


def win_back_rate(res: RunResult) -> float:
    """Share of moves into the public pool that end in a purchase (dormant -> customer)."""
    e = res.events
    into = ((e["kind"] == STAGE) & (e["b"] == DORMANT)).sum()
    back = ((e["kind"] == STAGE) & (e["a"] == DORMANT) & (e["b"] == CUSTOMER)).sum()
    return float(back / max(into, 1))


def profit_per_customer(res: RunResult) -> float:
    """NPV of profit per account that was ever a customer."""
    ap = account_profit(res)
    return float(ap["npv"].sum() / max(ever_customer(res).sum(), 1))
def won_cohort_npv(res: RunResult, within_weeks: float | None = None) -> float:
    """Lifetime value of a new customer: NPV of the profit of the accounts won early, per account.

    The cohort is the accounts won in the first third of the run (``within_weeks``),
    so each is followed for most of its life. Counts everything spent to win them
    (pipeline contacts, acquisition cost) and all they brought afterwards,
    discounted to the start of the run.
    """
    from sim.vocab import ACQUIRED
    e = res.events
    within = res.weeks / 3.0 if within_weeks is None else within_weeks
    m = (e["kind"] == ACQUIRED) & (e["t"] < within)
    cohort = np.unique(e["account"][m])
    if cohort.size == 0:
        return float("nan")
    npv = account_profit(res)["npv"].to_numpy()
    return float(npv[cohort].mean())


def ratio_interval(new, base, level: float = 0.95, draws: int = 4000, seed: int = 0) -> tuple[float, float, float]:
    """Ratio of means ``mean(new) / mean(base)`` of paired replications, with a paired bootstrap interval."""
    new, base = np.asarray(new, float), np.asarray(base, float)
    ratio = new.mean() / base.mean()
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, new.size, size=(draws, new.size))
    boot = new[idx].mean(axis=1) / base[idx].mean(axis=1)
    lo, hi = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    return float(ratio), float(lo), float(hi)


# ---------------------------------------------------------------- the table
def _with(scenario: Scenario, **market) -> Scenario:
    return scenario.model_copy(update={"market": scenario.market.model_copy(update=market)})


def _churn_drop_rows(base: Scenario, strategy: str, reps: int, tick) -> FactRow:
    """Profit per new customer when yearly churn drops by 5 points (churn hazards scaled down)."""
    runs0 = _runs(base, strategy, reps, tick)
    c0 = np.array([summary(r)["yearly_churn"] for r in runs0])
    v0 = np.array([won_cohort_npv(r) for r in runs0])
    target = c0.mean() - 0.05
    scale, runs1 = 1.0, runs0
    # find the churn scale that lowers yearly churn by 5 points (secant steps on the mean)
    lo_s, lo_c, hi_s, hi_c = 0.0, 0.0, 1.0, c0.mean()
    for _ in range(4):
        scale = lo_s + (hi_s - lo_s) * (target - lo_c) / max(hi_c - lo_c, 1e-9)
        runs1 = _runs(_with(base, churn_scale=scale * base.market.churn_scale), strategy, reps, tick)
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
    return FactRow(
        claim="5% fewer defections -> 25-85% more profit", source="seed 000 (Reichheld & Sasser)",
        measure=(f"lifetime NPV per new customer (won in the first {base.horizon_months // 36} years, followed "
                 f"{base.horizon_months // 12} years) when yearly churn drops {drop:.1f} points "
                 f"({100 * c0.mean():.1f}% -> {100 * c1.mean():.1f}%), {strategy}; paired bootstrap interval"),
        value=m, low=lo, high=hi, range_low=25.0, range_high=85.0, unit="% more profit",
    )


FACTS_SCENARIO = "course"
LIFETIME_SCENARIO = "lifetime"
WHALE_STRATEGY = "routine_care"


def _row(claim, source, measure, values, lo, hi, unit, strict=False) -> FactRow:
    m, a, b = mean_interval(values)
    return FactRow(claim, source, measure, m, a, b, lo, hi, unit, strict)


def run_facts(replications: int | None = None, progress: bool = True) -> list[FactRow]:
    """Run the default scenarios and measure every number the course states."""
    from tqdm.auto import tqdm

    sc = load_scenario(FACTS_SCENARIO)
    life = load_scenario(LIFETIME_SCENARIO)
    R = replications or sc.replications
    RL = replications or life.replications
    bar = tqdm(total=4 * R + 6 * RL, desc="course facts", unit="run", disable=not progress)
    tick = bar.update
    try:
        routine = _runs(sc, "routine_care", R, tick)
        rows = []
        tiers = np.array([tier_mix(r) for r in routine])
        book = "tier of decision makers met, per 100, customers after 3 years of routine care"
        rows.append(_row("of 100 contacts ~50 become acquaintances", "seed 000", book + " (acquaintance or closer)",
                         tiers[:, 0], 40, 60, "per 100"))
        rows.append(_row("... ~10 become friends", "seed 000", book + " (friend or closer)",
                         tiers[:, 1], 7, 14, "per 100"))
        rows.append(_row("... 3-5 become confidants", "seed 000", book + " (confidant)",
                         tiers[:, 2], 3, 5, "per 100"))
        rows.append(_row("a new customer costs 5-10x keeping one", "seed 000",
                         "acquisition cost per won account / yearly care cost per kept account, routine care",
                         [acquisition_ratio(r) for r in routine], 5, 10, "x"))
        rows.append(_churn_drop_rows(life, "routine_care", RL, tick))
        no_care = _runs(sc, "no_care", R, tick)
        rows.append(_row("2/3 of leavers leave for lack of care", "seed 000 (Yankee Group)",
                         "share of churn whose recorded cause is neglect, no care",
                         [100 * neglect_share(r) for r in no_care], 60, 73, "%"))
        wh_runs = routine if WHALE_STRATEGY == "routine_care" else _runs(sc, WHALE_STRATEGY, R, tick)
        wh = np.array([whale(r) for r in wh_runs])
        rows.append(_row("top 20% of customers ~80% of profit", "seed 003 (Kotler 20/80/30)",
                         f"top 20% of customers' profit, % of potential (whale-curve peak), {WHALE_STRATEGY}",
                         100 * wh[:, 0], 70, 90, "%"))
        rows.append(_row("worst 30% halve potential profit", "seed 003 (Kotler 20/80/30)",
                         f"total profit, % of potential (whale-curve peak), {WHALE_STRATEGY}",
                         100 * wh[:, 1], 40, 60, "%"))
        pool = _runs(sc, "public_pool", R, tick)
        idle = np.concatenate([dormancy_idle_weeks(r) for r in pool + routine])
        idle = idle[~np.isnan(idle)] / WPM
        on_rule = [100 * np.mean((x[~np.isnan(x)] >= 3.0) & (x[~np.isnan(x)] < 3.0 + 1 / WPM))
                   for x in (dormancy_idle_weeks(r) / WPM for r in pool + routine)]
        rows.append(_row("no purchase for 3 months -> public pool", "seed 003",
                         f"moves into the pool 3 months (+ < 1 week) after the last purchase "
                         f"({idle.size} moves)", on_rule, 100, 100, "%"))
        diff = [100 * (win_back_rate(p) - win_back_rate(r)) for p, r in zip(pool, routine)]
        rows.append(_row("... and a contact cycle wins them back", "seed 003",
                         "extra share of pooled accounts won back: public-pool cycle vs routine care (paired)",
                         diff, 0.0, 100.0, "points", strict=True))
    finally:
        bar.close()
    return rows


def facts_table(rows: list[FactRow]) -> str:
    """The facts as a plain-text table: claim, simulated figure with 95% interval, course range, verdict."""
    head = ("claim", "simulated (95% interval)", "course range", "holds")
    body = []
    for r in rows:
        sim_txt = f"{r.value:.1f} [{r.low:.1f}, {r.high:.1f}] {r.unit}"
        rng = f"{r.range_low:g}-{r.range_high:g} {r.unit}" + (" (whole interval)" if r.strict else "")
        body.append((r.claim, sim_txt, rng, "yes" if r.holds else "NO"))
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(4)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    for r, b in zip(rows, body):
        lines.append(fmt.format(*b))
        lines.append("    " + r.measure + f"  [{r.source}]")
    held = sum(r.holds for r in rows)
    lines.append(f"\n{held} of {len(rows)} rows hold.")
    return "\n".join(lines)
