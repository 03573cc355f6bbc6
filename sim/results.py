"""From the event log to tidy pandas tables.

A :class:`RunResult` holds one run's event log (columns) and the static account
table; every function here derives its table from those alone, so any number on
a chart can be traced back to events.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.events import acquisitions, churns, contacts, last_state, money, stage_changes, stock_moves
from sim.model.people import rep_table
from sim.units import WEEKS_PER_MONTH as WPM, WEEKS_PER_YEAR
from sim.vocab import (
    CAUSES, CUSTOMER, DORMANT, EVENTS, FUNCTIONS, LOST, OPPORTUNITY, PROSPECT, SEGMENTS, STAGES, TARGET, TIERS,
)

PIPELINE = (PROSPECT, TARGET, OPPORTUNITY)

__all__ = [
    "RunResult", "run_result", "run_results", "events_frame", "accounts_frame", "summary", "monthly_panel",
    "account_profit", "churn_by_cause", "whale_curve", "rep_utilisation", "rep_people", "dealer_stock",
    "state_at", "METRICS",
]

#: the headline metrics of a run, in display order
METRICS = ("active_accounts", "retention", "revenue", "care_cost", "acquisition_cost", "profit_total",
           "customer_equity")


@dataclass
class RunResult:
    """One finished run: its identity, event log columns and account attributes."""

    scenario_name: str
    strategy: str
    seed: int
    weeks: int
    events: dict[str, np.ndarray]
    accounts: pd.DataFrame
    hours_per_week: float
    reps: int
    discount_rate: float
    meta: dict = field(default_factory=dict)

    @property
    def months(self) -> int:
        return int(np.ceil(self.weeks / WPM))


@functools.lru_cache(maxsize=64)
def _category_dtype(categories: tuple) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(categories))


def categorical(codes, categories) -> pd.Categorical:
    """``pd.Categorical.from_codes`` with the dtype built once per list of categories (20x quicker)."""
    return pd.Categorical.from_codes(codes, dtype=_category_dtype(tuple(categories)))


def run_result(world, lane: int = 0) -> RunResult:
    """Freeze a finished world into a :class:`RunResult` (of one lane, for a world of several)."""
    sc = world.scenario
    strategy = world.lane_strategy[lane]
    reps = sc.reps.count
    people = rep_table(world, lane)  # reps' skill and turnover, when internal marketing is on
    return RunResult(
        scenario_name=sc.name, strategy=getattr(strategy, "name", str(strategy)),
        seed=world.seeds[lane], weeks=world.weeks, events=world.log.lane(lane, reps), accounts=_accounts(world, lane),
        hours_per_week=sc.reps.hours_per_week * sc.reps.selling_share, reps=sc.reps.count,
        discount_rate=sc.economics.discount_rate, meta={"people": people} if people else {},
    )


def _accounts(world, lane: int) -> pd.DataFrame:
    """The accounts of one lane: id, segment, region, industry, size, rep, dealer or not, referred or not."""
    b, sc = world.book, world.scenario
    n = int(b.n_lane[lane])
    blk = slice(lane * b.lane_cap, lane * b.lane_cap + n)
    return pd.DataFrame({
        "account": np.arange(n, dtype=np.int32),
        "segment": categorical(b.segment[blk], SEGMENTS),
        "region": categorical(b.region[blk], sc.accounts.regions),
        "industry": categorical(b.industry[blk], sc.accounts.industries),
        "size": b.size[blk],
        "rep": b.rep[blk] - lane * sc.reps.count,
        "is_dealer": b.is_dealer[blk],
        "referred": np.arange(n) >= b.n_initial,
    })


def run_results(world) -> list[RunResult]:
    """One :class:`RunResult` per lane (replication) of a finished world."""
    return [run_result(world, k) for k in range(world.lanes)]


def events_frame(res: RunResult) -> pd.DataFrame:
    """The event log as a DataFrame with readable kind names and the month of each event."""
    df = pd.DataFrame(res.events)
    df.insert(1, "event", categorical(df["kind"].astype(int), EVENTS))
    df["month"] = (df["t"] // WPM).astype(int)
    return df


def accounts_frame(res: RunResult) -> pd.DataFrame:
    """Static account attributes plus final stage and tier."""
    df = res.accounts.copy()
    st = state_at(res, res.weeks)
    df["stage"] = categorical(st["stage"], STAGES)
    df["tier"] = categorical(st["tier"], TIERS)
    return df


def state_at(res: RunResult, t: float) -> dict[str, np.ndarray]:
    """Stage and tier of every account at week ``t`` (-1 where not yet in the book)."""
    return last_state(res.events, len(res.accounts), t)


def _money(res: RunResult):
    """Per-event money flows: revenue, gross margin (+), care cost and acquisition cost (costs > 0)."""
    m = money(res.events)
    return m.revenue, m.margin, m.care, m.acquisition


def summary(res: RunResult) -> dict[str, float]:
    """Headline metrics of one run (see :data:`METRICS`) plus a few diagnostics."""
    e = res.events
    revenue, margin, care, acq = _money(res)
    start = state_at(res, 0.0)["stage"]
    end = state_at(res, res.weeks)["stage"]
    n0 = int((res.accounts["referred"] == False).sum())  # noqa: E712
    initial_customers = start[:n0] == CUSTOMER
    kept = initial_customers & (end[:n0] != LOST)
    churned = len(churns(e))
    years = res.weeks / 52.0
    customer_years = customer_weeks(res) / 52.0
    won = len(acquisitions(e))
    return {
        "active_accounts": float((end == CUSTOMER).sum()),
        "retention": float(kept.sum() / max(initial_customers.sum(), 1)),
        "revenue": float(revenue.sum()),
        "care_cost": float(care.sum()),
        "acquisition_cost": float(acq.sum()),
        "profit_total": float(margin.sum() - care.sum() - acq.sum()),
        "gross_margin": float(margin.sum()),
        "won_accounts": float(won),
        "churned": float(churned),
        "yearly_churn": float(churned / max(customer_years, 1e-9)),
        "dormant_end": float((end == DORMANT).sum()),
        "customer_equity": customer_equity(res, churned / max(customer_years, 1e-9), end, (margin, care)),
        "years": years,
    }


def customer_equity(res: RunResult, yearly_churn: float, end_stage: np.ndarray,
                    margin_care: tuple[np.ndarray, np.ndarray] | None = None) -> float:
    """What the book is worth when the run stops: the accounts still active, valued on.

    Each active account's last-12-month profit (margin − care cost) continues as a
    yearly amount that shrinks with the run's own churn rate and is discounted:
    ``profit × r / (1 + d − r)`` with ``r = 1 − yearly churn``. Profit over the run
    plus this equity compares strategies that harvest a book with ones that build it.
    ``margin_care``: the run's per-event margin and care cost, if already at hand.
    """
    e = res.events
    recent = e["t"] >= res.weeks - 52.0
    margin, care = margin_care if margin_care is not None else _money(res)[1:3]
    acc = e["account"]
    ok = recent & (acc >= 0)
    net = np.bincount(acc[ok], weights=(margin - care)[ok], minlength=len(res.accounts))
    active = (end_stage == CUSTOMER) | (end_stage == DORMANT)
    r = float(np.clip(1.0 - yearly_churn, 0.0, 0.99))
    return float(net[active].sum() * r / (1.0 + res.discount_rate - r))


def customer_weeks(res: RunResult) -> float:
    """Account-weeks spent in the customer or dormant stage (exposure for churn rates)."""
    s = stage_changes(res.events)
    acc, t, to = s.account, s.t, s.to_stage
    order = np.lexsort((t, acc))
    acc, t, to = acc[order], t[order], to[order]
    nxt_t = np.append(t[1:], res.weeks)
    same = np.append(acc[1:] == acc[:-1], False)
    end = np.where(same, nxt_t, res.weeks)
    active = (to == CUSTOMER) | (to == DORMANT)
    return float(np.sum((end - t)[active]))


def monthly_panel(res: RunResult, months: int | None = None, rep: int | None = None) -> pd.DataFrame:
    """Accounts by month × stage × tier × segment (tidy: one row per non-empty cell).

    ``months``: months 0..``months`` (default: the whole run); ``rep``: only that rep's accounts.
    """
    seg = res.accounts["segment"].cat.codes.to_numpy()
    mine = np.ones(len(seg), dtype=bool) if rep is None else res.accounts["rep"].to_numpy() == rep
    rows = []
    for m in range((res.months if months is None else months) + 1):
        st = state_at(res, min(m * WPM, res.weeks))
        live = (st["stage"] >= 0) & mine
        key = pd.DataFrame({"stage": st["stage"][live], "tier": st["tier"][live], "segment": seg[live]})
        c = key.value_counts().rename("accounts").reset_index()
        c["month"] = m
        rows.append(c)
    df = pd.concat(rows, ignore_index=True)
    df["stage"] = categorical(df["stage"], STAGES)
    df["tier"] = categorical(df["tier"], TIERS)
    df["segment"] = categorical(df["segment"], SEGMENTS)
    return df[["month", "stage", "tier", "segment", "accounts"]].sort_values(
        ["month", "stage", "tier", "segment"], ignore_index=True)


def account_profit(res: RunResult) -> pd.DataFrame:
    """Per-account revenue, margin, care and acquisition cost, profit and NPV of profit."""
    e = res.events
    revenue, margin, care, acq = _money(res)
    acc = e["account"]
    valid = acc >= 0
    n = len(res.accounts)
    disc = (1.0 + res.discount_rate) ** (-e["t"] / 52.0)

    def per(x):
        return np.bincount(acc[valid], weights=x[valid], minlength=n)

    df = res.accounts[["account", "segment", "size", "rep", "is_dealer"]].copy()
    df["revenue"] = per(revenue)
    df["gross_margin"] = per(margin)
    df["care_cost"] = per(care)
    df["acquisition_cost"] = per(acq)
    df["profit"] = df["gross_margin"] - df["care_cost"] - df["acquisition_cost"]
    df["npv"] = per((margin - care - acq) * disc)
    return df


def churn_by_cause(res: RunResult) -> pd.DataFrame:
    """Churn events by recorded cause: count and share."""
    counts = np.bincount(churns(res.events).cause.astype(int), minlength=len(CAUSES))
    df = pd.DataFrame({"cause": pd.Categorical(CAUSES, CAUSES), "churned": counts})
    df["share"] = df["churned"] / max(counts.sum(), 1)
    return df


def whale_curve(res: RunResult, customers_only: bool = True) -> pd.DataFrame:
    """Cumulative profit by customer rank (most profitable first), as shares of the total."""
    ap = account_profit(res)
    if customers_only:
        ever = ever_customer(res)
        ap = ap[ever[ap["account"].to_numpy()]]
    p = np.sort(ap["profit"].to_numpy())[::-1]
    total = p.sum()
    cum = np.cumsum(p)
    return pd.DataFrame({
        "rank_share": np.arange(1, p.size + 1) / max(p.size, 1),
        "profit": p,
        "cumulative_profit": cum,
        "cumulative_share": cum / total if total else np.nan,
    })


def ever_customer(res: RunResult) -> np.ndarray:
    s = stage_changes(res.events)
    out = np.zeros(len(res.accounts), dtype=bool)
    out[s.account[s.to_stage == CUSTOMER]] = True
    return out


def rep_utilisation(res: RunResult) -> pd.DataFrame:
    """Hours each rep spent on contacts per month, by function, and the share of selling time used."""
    c = contacts(res.events)
    df = pd.DataFrame({
        "rep": c.rep, "month": (c.t // WPM).astype(int),
        "function": categorical(c.function.astype(int), FUNCTIONS), "hours": c.hours,
        "answered": c.answered.astype(bool),
    })
    g = df.groupby(["rep", "month"], observed=True).agg(
        hours=("hours", "sum"), contacts=("hours", "size"), answered=("answered", "mean")).reset_index()
    g["utilisation"] = g["hours"] / (res.hours_per_week * WPM)
    return g


def rep_people(res: RunResult) -> pd.DataFrame:
    """Each rep at the end of the run: skill, potential, satisfaction, times the post changed hands
    and the yearly turnover (empty when the scenario's ``people`` mechanism is off)."""
    people = res.meta.get("people")
    if not people:
        return pd.DataFrame(columns=["rep", "skill", "potential", "satisfaction", "leavers", "turnover_per_year"])
    df = pd.DataFrame({"rep": np.arange(res.reps), **people})
    df["turnover_per_year"] = df["leavers"] / (res.weeks / WEEKS_PER_YEAR)
    return df


def dealer_stock(res: RunResult) -> pd.DataFrame:
    """Each dealer's stock at the end of each month, with units ordered and sold that month."""
    s = stock_moves(res.events)
    if not len(s):
        return pd.DataFrame(columns=["account", "month", "ordered", "sold", "stock"])
    df = pd.DataFrame({
        "account": s.account, "month": (s.t // WPM).astype(int),
        "direction": s.direction, "units": s.units, "stock": s.stock_after, "t": s.t,
    })
    df["ordered"] = np.where(df["direction"] == 0, df["units"], 0.0)
    df["sold"] = np.where(df["direction"] == 1, df["units"], 0.0)
    g = df.sort_values("t").groupby(["account", "month"]).agg(
        ordered=("ordered", "sum"), sold=("sold", "sum"), stock=("stock", "last")).reset_index()
    return g
