"""Does a calibrated scenario forecast? Fit on a calibration period, predict a holdout period.

The simulation runs the calibrated scenario's twin book (:mod:`sim.calibration.twin`): at the
calibration end every real customer is a simulated account drawn from its own posterior, so
each real customer has its own forecast (the mean of its account over replications), run under
``routine_care`` for the holdout. Aggregates (transactions, active customers, the weekly
cumulative curve) and per-customer predictions are compared with what happened. The classic
BG/NBD conditional expectation on the same fit is the reference. Simulation bands are the
2.5–97.5% range over replications (the model's own randomness, not parameter uncertainty).
"""

from __future__ import annotations

import math
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration import CalibrationError, bgnbd, rfm, simfit
from sim.calibration.fit import Calibration, calibrate, parse_day, twin_scenario, write_book
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
    burn_in_weeks: int  # 0: the twin starts at the calibration end
    sim_accounts: int
    seeds: list[int]
    table: pd.DataFrame  # measure, actual, simulation, simulation_low, simulation_high, bgnbd
    weekly: pd.DataFrame  # week, cumulative actual / simulation (+ band) / bgnbd
    customers: pd.DataFrame = field(repr=False)  # customer, calibration transactions, holdout actual / predictions


@dataclass
class _SimOutcome:
    weekly: np.ndarray  # (replications, weeks): holdout transactions per week
    active: np.ndarray  # (replications,)
    per_customer: np.ndarray  # mean over replications, aligned with the real customers


def _lane_counts(res, n: int, n_weeks: int) -> np.ndarray:
    """Purchases of the twin's accounts per week of the holdout: shape (n, n_weeks)."""
    p = purchases(res)
    acc, t = p["account"].to_numpy(), p["t"].to_numpy()
    return rfm.window_counts(acc, t, 0.0, n_weeks, pd.RangeIndex(n))


def _holdout_scenario(cal: Calibration, folder: Path, n_weeks: int):
    """The twin scenario (its book written in ``folder``) lasting the holdout's ``n_weeks``."""
    return twin_scenario(cal, write_book(cal, folder / "twin.book.csv"),
                         {"horizon_months": max(1, math.ceil(n_weeks * 12 / 52))})


def _simulate(cal: Calibration, n_weeks: int, max_accounts: int, seeds: list[int], progress: bool) -> _SimOutcome:
    """The twin book under routine care for the holdout, replications side by side (lanes)."""
    from tqdm.auto import tqdm  # lazy: in a Jupyter kernel tqdm.auto loads ipywidgets

    n = cal.customers
    per_world = max(1, max_accounts // n)
    weekly, active, pred = [], [], np.zeros(n)
    with tempfile.TemporaryDirectory() as tmp:
        sc = _holdout_scenario(cal, Path(tmp), n_weeks)
        batches = [seeds[i:i + per_world] for i in range(0, len(seeds), per_world)]
        for batch in tqdm(batches, desc="simulating the holdout", disable=not progress, file=sys.stderr, leave=False):
            world = build_world(sc, simfit.STRATEGY, batch).run()
            for w in (_lane_counts(run_result(world, lane), n, n_weeks) for lane in range(len(batch))):
                weekly.append(w.sum(axis=0))
                active.append((w.sum(axis=1) > 0).sum())
                pred += w.sum(axis=1)
    return _SimOutcome(np.array(weekly, dtype=float), np.array(active, dtype=float), pred / len(seeds))


def _band(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return values.mean(axis=axis), np.percentile(values, 2.5, axis=axis), np.percentile(values, 97.5, axis=axis)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1]) if a.std() > 0 and b.std() > 0 else float("nan")


def backtest(tx: Transactions, calibration_end, holdout_end=None, replications: int = 40, seed: int | None = None,
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
    out = _simulate(cal, n_weeks, max_accounts, seeds, progress)

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
    return Backtest(cal, hold_end, weeks, 0, cal.customers, seeds, table, weekly, customers)
