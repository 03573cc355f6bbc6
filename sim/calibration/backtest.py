"""Does a calibrated scenario forecast? Fit on a calibration period, predict a holdout period.

The simulated book (the calibrated scenario under ``routine_care``) runs for the real book's
mean customer age at the calibration end (its mean T, so it has aged about as much), then
for the holdout. Aggregates (transactions, active customers, the weekly cumulative curve)
are compared directly, scaled to the real number of customers when the simulated book is
smaller. For per-customer predictions a real customer is matched to the simulated account
at the same quantile of calibration-period frequency (ties by recency): the simulation knows
nothing about a particular customer, so this asks whether it ranks customers' futures the
way their pasts rank them. The classic BG/NBD conditional expectation on the same fit is the
reference. Simulation bands are the 2.5–97.5% range over replications (the model's own
randomness, not parameter uncertainty).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.calibration import CalibrationError, bgnbd, rfm, simfit
from sim.calibration.fit import Calibration, calibrate, parse_day
from sim.calibration.io import Transactions
from sim.calibration.simdata import purchases
from sim.model import build_world
from sim.model.streams import replication_seed
from sim.results import run_result

__all__ = ["Backtest", "backtest"]


@dataclass
class Backtest:
    """Predicted vs actual on the holdout period."""

    calibration: Calibration
    holdout_end: pd.Timestamp
    weeks: float  # holdout length (whole weeks: a last partial week is left out)
    burn_in_weeks: int
    sim_accounts: int
    seeds: list[int]
    table: pd.DataFrame  # measure, actual, simulation, simulation_low, simulation_high, bgnbd
    weekly: pd.DataFrame  # week, cumulative actual / simulation (+ band) / bgnbd
    customers: pd.DataFrame = field(repr=False)  # customer, calibration transactions, holdout actual / predictions


@dataclass
class _SimOutcome:
    weekly: np.ndarray  # (replications, weeks): holdout transactions per week, scaled to the real book
    active: np.ndarray  # (replications,)
    per_customer: np.ndarray  # mean over replications, aligned with the real customers


def _order(n: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Positions sorted by frequency, then recency (ascending)."""
    return np.lexsort((last, n))


def _simulate(cal: Calibration, real_order: np.ndarray, burn: int, weeks: float, n_weeks: int, accounts: int,
              seeds: list[int], progress: bool) -> _SimOutcome:
    from tqdm.auto import tqdm

    sc = simfit.book(cal.scenario.model_dump(mode="json"), accounts, burn + weeks, {})
    n_real = len(real_order)
    scale = n_real / accounts
    to_sim = np.floor((np.arange(n_real) + 0.5) / n_real * accounts).astype(np.int64)  # real rank -> sim rank
    weekly, active = [], []
    pred = np.zeros(n_real)
    for seed in tqdm(seeds, desc="simulating the holdout", disable=not progress, file=sys.stderr, leave=False):
        p = purchases(run_result(build_world(sc, simfit.STRATEGY, seed).run()))
        acc, t = p["account"].to_numpy(), p["t"].to_numpy()
        index = pd.RangeIndex(accounts)
        before = t < burn
        n_cal = np.bincount(acc[before], minlength=accounts)
        last = np.full(accounts, -np.inf)
        np.maximum.at(last, acc[before], t[before])
        hold = (t >= burn) & (t < burn + weeks)
        w = rfm.window_counts(acc[hold], t[hold], burn, n_weeks, index)
        counts = w.sum(axis=1)
        weekly.append(w.sum(axis=0) * scale)
        active.append((counts > 0).sum() * scale)
        sim_sorted = counts[_order(n_cal, last)]
        pred[real_order] += sim_sorted[to_sim]
    return _SimOutcome(np.array(weekly), np.array(active), pred / len(seeds))


def _band(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return values.mean(axis=axis), np.percentile(values, 2.5, axis=axis), np.percentile(values, 97.5, axis=axis)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1]) if a.std() > 0 and b.std() > 0 else float("nan")


def backtest(tx: Transactions, calibration_end, holdout_end=None, replications: int = 10, seed: int | None = None,
             pilot_accounts: int = 2000, max_accounts: int = 10_000, progress: bool = False) -> Backtest:
    """Calibrate on the data up to ``calibration_end``; compare forecasts with the holdout up to ``holdout_end``."""
    end = parse_day(calibration_end, "--calibration-end")
    last_day = tx.frame["date"].max()
    hold_end = last_day if holdout_end is None else parse_day(holdout_end, "--holdout-end")
    if (hold_end - end).days < 7:
        raise CalibrationError(f"the holdout period ({end:%Y-%m-%d} to {hold_end:%Y-%m-%d}) must be at least a week; "
                               f"the data ends on {last_day:%Y-%m-%d}: give an earlier --calibration-end")
    n_weeks = (hold_end - end).days // 7  # whole weeks, as the simulation's clock has them
    hold_end = end + pd.Timedelta(days=7 * n_weeks)
    cal = calibrate(tx, end, name="backtest", pilot_accounts=pilot_accounts, seed=seed, progress=progress)
    s, m = cal.summary, cal.model
    weeks = float(n_weeks)

    b = rfm.baskets(tx.frame[(tx.frame["date"] > end) & (tx.frame["date"] <= hold_end)])
    actual_w = rfm.window_counts(b["customer"].to_numpy(), rfm.to_weeks(b["date"], cal.start), cal.weeks, n_weeks, s.index)
    actual = actual_w.sum(axis=1)

    grid = np.arange(1, n_weeks + 1)
    x, t_x, T = (s[c].to_numpy() for c in ("x", "t_x", "T"))
    bg_cum = np.array([bgnbd.conditional_expected(m, t, x, t_x, T).sum() for t in grid])
    bg_each = bgnbd.conditional_expected(m, weeks, x, t_x, T)
    bg_active = float(bgnbd.p_active(m, weeks, x, t_x, T).sum())

    base_seed = cal.scenario.seed if seed is None else seed
    seeds = [replication_seed(base_seed, i) for i in range(replications)]
    burn = max(1, round(float(T.mean())))
    accounts = min(cal.customers, max_accounts)
    real_order = _order(s["n"].to_numpy(), s["last"].to_numpy())
    out = _simulate(cal, real_order, burn, weeks, n_weeks, accounts, seeds, progress)

    cum = np.cumsum(out.weekly, axis=1)
    mean, low, high = _band(cum)
    weekly = pd.DataFrame({"week": np.arange(1, n_weeks + 1), "actual": np.cumsum(actual_w.sum(axis=0)),
                           "simulation": mean, "simulation_low": low, "simulation_high": high, "bgnbd": bg_cum})
    tot, act = _band(cum[:, -1]), _band(out.active)
    table = pd.DataFrame([
        ("holdout transactions", actual.sum(), *tot, bg_cum[-1]),
        ("customers active in the holdout", (actual > 0).sum(), *act, bg_active),
        ("per-customer correlation with actual", 1.0, _corr(out.per_customer, actual), np.nan, np.nan,
         _corr(bg_each, actual)),
        ("per-customer mean absolute error", 0.0, float(np.abs(out.per_customer - actual).mean()), np.nan, np.nan,
         float(np.abs(bg_each - actual).mean())),
    ], columns=["measure", "actual", "simulation", "simulation_low", "simulation_high", "bgnbd"])
    customers = pd.DataFrame({"customer": s.index, "calibration_transactions": s["n"].to_numpy(), "holdout_actual": actual,
                              "holdout_simulation": out.per_customer, "holdout_bgnbd": bg_each})
    return Backtest(cal, hold_end, weeks, burn, accounts, seeds, table, weekly, customers)
