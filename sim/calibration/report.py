"""The fit report's numbers: how well the models fit, spend and CLV per customer, and the warnings.

- **Period transactions**: customers by number of repeat transactions in the calibration
  period, observed vs the fitted BG/NBD (simulated for the same customer ages, five times over).
- **Probability alive** by frequency and recency for a customer observed over the whole period.
- **Spend**: the Gamma-Gamma model (:mod:`sim.calibration.gammagamma`); **CLV** per customer =
  expected transactions in the next :data:`HORIZON_WEEKS` (BG/NBD, FHL 2005 eq. 10) × expected
  spend (Gamma-Gamma) × the assumed margin, undiscounted. Its interval is the 2.5–97.5% range
  over :data:`DRAWS` parameter draws (fewer for books over 100,000 customers, at least
  :data:`MIN_DRAWS`) from both fits' normal approximations (parameter uncertainty, not the
  customer's own luck).
- **Calibration vs holdout** (backtest only): mean holdout transactions by calibration frequency.
- **Warnings** (:func:`fit_warnings`): a parameter at a search bound (BG/NBD and Gamma-Gamma at
  e^±12, the simulation search at :data:`sim.calibration.simfit.LIMITS`), standard errors that
  could not be computed, a pilot refit that disagrees with the data beyond :data:`POOR_FIT_Z`
  standard errors of the difference, a spend model without a finite mean.
  A warning makes ``calibrate`` exit 3 unless ``--accept-poor-fit``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.calibration import bgnbd, gammagamma, rfm, simfit
from sim.calibration.fit import ASSUMED_MARGIN, Calibration

__all__ = ["DRAWS", "FitReport", "HORIZON_WEEKS", "POOR_FIT_Z", "alive_matrix", "clv_table", "draws_for", "fit_report",
           "fit_warnings", "holdout_by_frequency", "period_transactions", "repeat_spend"]

HORIZON_WEEKS = 52
DRAWS = 200
SAMPLE_CELLS = 20_000_000  # draws × customers held at once: big books get fewer draws (at least MIN_DRAWS)
MIN_DRAWS = 50
FREQ_BINS = (7, 40)  # the last frequency bin ('k+'): the 95th percentile of x, within these
#: the pilot refit disagrees when it is this many standard errors of the difference from the data
POOR_FIT_Z = 1.96
AT_BOUND = 1e-3  # a log-parameter this close to bgnbd.LOG_BOUND has reached it


@dataclass
class FitReport:
    """Everything the fit report page shows."""

    calibration: Calibration
    spend: gammagamma.GammaGamma | None
    warnings: list[tuple[str, str]]  # (English, 中文)
    period: pd.DataFrame  # frequency, observed, model
    alive: pd.DataFrame  # x, t_x, p_alive
    customers: pd.DataFrame  # per customer: x, t_x, T, p_alive, transactions, spend, clv (+ interval)
    holdout: pd.DataFrame | None = None  # frequency, actual, bgnbd, simulation
    horizon_weeks: int = HORIZON_WEEKS
    draws: int = DRAWS
    seed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def poor(self) -> bool:
        return bool(self.warnings)


# ---------------------------------------------------------------- warnings
def _parameter_warnings(model: str, at: list[str], cov: np.ndarray) -> list[tuple[str, str]]:
    """Parameters at the search bound; else a covariance that is not usable (a flat or degenerate likelihood)."""
    if at:
        return [(f"{model}: {', '.join(at)} reached the search bound: the data cannot pin it down",
                 f"{model}：參數 {', '.join(at)} 觸及搜尋邊界，資料無法確定其值")]
    if not gammagamma.positive_definite(cov):
        return [(f"{model}: no standard errors (the likelihood is flat or degenerate): the data cannot tell the "
                 "parameters", f"{model}：無法計算標準誤（概似函數平坦或退化），資料無法確定參數")]
    return []


def _bound_warnings(cal: Calibration, spend: gammagamma.GammaGamma | None) -> list[tuple[str, str]]:
    m = cal.model
    at = [n for n, v in zip(bgnbd.NAMES, m.theta) if abs(v) >= bgnbd.LOG_BOUND - AT_BOUND]
    out = _parameter_warnings("BG/NBD", at, m.cov_log)
    for key, value in cal.match.market.items():
        low, high = simfit.LIMITS.get(key, (-math.inf, math.inf))
        if key in simfit.LIMITS and (math.isclose(value, low) or math.isclose(value, high)):
            out.append((f"market.{key} = {value:.4g} stopped at its search limit [{low:g}, {high:g}]: the simulation "
                        "cannot reproduce the data there", f"market.{key} = {value:.4g} 停在搜尋上下限：模擬無法重現資料"))
    if spend is not None:
        out += _parameter_warnings("Gamma-Gamma", list(spend.at_bound), spend.cov_log)
        if not spend.q > 1.0:
            out.append((f"Gamma-Gamma q = {spend.q:.3g} ≤ 1: the mean spend per transaction is not finite, no CLV",
                        f"Gamma-Gamma q = {spend.q:.3g} ≤ 1：每筆平均消費無限大，無法計算 CLV"))
    return out


def _pilot_warnings(cal: Calibration) -> list[tuple[str, str]]:
    """The last pilot refit against the data, within POOR_FIT_Z standard errors of the difference.

    The difference's standard error is the data's, times √(1 + customers / pilot accounts): the
    pilot's own sampling error shrinks with its size as the data's does.
    """
    if not cal.match.steps or not gammagamma.positive_definite(cal.model.cov_log):
        return []  # without standard errors there is no tolerance: the parameter warning says so
    last, m = cal.match.steps[-1].fitted, cal.model
    widen = math.sqrt(1.0 + cal.customers / max(cal.match.accounts, 1))
    checks = [("mean purchase rate per week", "每週平均購買率", last.mean_rate, *m.mean_rate()),
              ("coefficient of variation of rates", "購買率變異係數", last.cv, *m.rate_cv())]
    if cal.match.fit_churn:
        checks.append(("mean dropout after a purchase", "購買後平均流失機率", last.dropout, *m.mean_dropout()))
    out = []
    for en, zh, got, want, se in checks:
        tol = POOR_FIT_Z * se * widen
        if not np.isfinite(tol) or abs(got - want) > tol:
            out.append((f"pilot refit disagrees with the data: {en} {got:.4g} vs {want:.4g} "
                        f"(allowed ± {tol:.2g}, {POOR_FIT_Z:g} standard errors)",
                        f"模擬試算與資料不符：{zh} {got:.4g}，資料為 {want:.4g}（容許 ± {tol:.2g}）"))
    return out


def fit_warnings(cal: Calibration, spend: gammagamma.GammaGamma | None) -> list[tuple[str, str]]:
    """Every reason not to trust the fit, in English and Chinese (empty when there is none)."""
    return _bound_warnings(cal, spend) + _pilot_warnings(cal)


# ---------------------------------------------------------------- tables
def last_bin(x) -> int:
    """The frequency from which customers share one bin: the 95th percentile, within :data:`FREQ_BINS`."""
    return int(np.clip(np.quantile(np.asarray(x, dtype=float), 0.95), *FREQ_BINS))


def _bin_names(top: int) -> list[str]:
    return [str(i) for i in range(top)] + [f"{top}+"]


def period_transactions(cal: Calibration, rng: np.random.Generator, copies: int = 5) -> pd.DataFrame:
    """Customers by repeat transactions (0, 1, … k+): observed and as the fitted BG/NBD predicts."""
    T = cal.summary["T"].to_numpy()
    sim_x = bgnbd.simulate(cal.model, np.tile(T, copies), rng)[0]
    top = last_bin(cal.summary["x"])
    bins = _bin_names(top)

    def counts(x, scale):
        return np.bincount(np.minimum(np.asarray(x, dtype=np.int64), top), minlength=top + 1) / scale

    return pd.DataFrame({"frequency": bins, "observed": counts(cal.summary["x"], 1), "model": counts(sim_x, copies)})


def alive_matrix(cal: Calibration, cells: int = 30) -> pd.DataFrame:
    """P(alive) for a customer observed over the whole period, by repeat transactions x and recency t_x."""
    s = cal.summary
    T = float(s["T"].max())
    x_max = int(min(max(s["x"].quantile(0.99), 1), cells))
    xs, ts = np.arange(x_max + 1), np.linspace(0.0, T, cells)
    xx, tt = np.meshgrid(xs, ts, indexing="ij")
    tt = np.where(xx == 0, 0.0, tt)  # without repeat purchases recency is 0
    p = bgnbd.p_alive(cal.model, xx.ravel(), tt.ravel(), np.full(xx.size, T))
    return pd.DataFrame({"x": xx.ravel(), "t_x": tt.ravel().round(2), "p_alive": p}).drop_duplicates(["x", "t_x"])


def _bgnbd_draws(m: bgnbd.BGNBD, n: int, rng: np.random.Generator) -> np.ndarray:
    if not gammagamma.positive_definite(m.cov_log):
        return np.tile(np.exp(m.theta), (n, 1))
    return np.exp(rng.multivariate_normal(m.theta, m.cov_log, n, method="eigh"))


def repeat_spend(cal: Calibration) -> pd.DataFrame:
    """Repeat transactions and their mean value per customer of the calibration period."""
    return gammagamma.repeat_spend(rfm.baskets(cal.tx.frame[cal.tx.frame["date"] <= cal.end])).reindex(cal.summary.index)


def draws_for(customers: int, draws: int = DRAWS) -> int:
    """Parameter draws for the CLV intervals of a book of ``customers``: ``draws``, fewer for big books."""
    return int(min(draws, max(MIN_DRAWS, SAMPLE_CELLS // max(customers, 1))))


def clv_table(cal: Calibration, spend: gammagamma.GammaGamma | None, rs: pd.DataFrame, rng: np.random.Generator,
              horizon: float = HORIZON_WEEKS, draws: int = DRAWS) -> pd.DataFrame:
    """Per customer: p_alive, expected transactions and spend, CLV and its 2.5–97.5% interval.

    ``rs`` is :func:`repeat_spend` of the calibration.
    """
    s = cal.summary
    x, t_x, T = (s[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))
    gx, gm = rs["x"].to_numpy(dtype=float), rs["m"].to_numpy(dtype=float)
    out = pd.DataFrame({"x": x.astype(np.int64), "t_x": t_x, "T": T, "p_alive": bgnbd.p_alive(cal.model, x, t_x, T),
                        "transactions": bgnbd.conditional_expected(cal.model, horizon, x, t_x, T)}, index=s.index)
    if spend is None or not spend.q > 1.0:
        return out.assign(spend=np.nan, clv=np.nan, clv_low=np.nan, clv_high=np.nan)
    out["spend"] = gammagamma.conditional_spend(spend, gx, gm)
    out["clv"] = ASSUMED_MARGIN * out["transactions"] * out["spend"]
    rows, inverse = np.unique(np.column_stack([x, t_x, T]), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    draws = draws_for(len(s), draws)
    sample = np.empty((draws, len(s)), dtype=np.float32)
    for i, (bg, sp) in enumerate(zip(_bgnbd_draws(cal.model, draws, rng), spend.draws(draws, rng))):
        e_n = bgnbd.conditional_expected(bgnbd.BGNBD(*bg), horizon, rows[:, 0], rows[:, 1], rows[:, 2])[inverse]
        sample[i] = ASSUMED_MARGIN * e_n * gammagamma.conditional_spend(sp[None, :], gx, gm)[0]
    out["clv_low"], out["clv_high"] = np.nanpercentile(sample, [2.5, 97.5], axis=0)
    return out


def holdout_by_frequency(customers: pd.DataFrame) -> pd.DataFrame:
    """Mean holdout transactions by calibration repeat transactions (0, 1, … k+): actual, BG/NBD, simulation."""
    x = customers["calibration_transactions"].to_numpy() - 1
    top = last_bin(x)
    g = customers.assign(frequency=np.minimum(x, top)).groupby("frequency")
    out = pd.DataFrame({"actual": g["holdout_actual"].mean(), "bgnbd": g["holdout_bgnbd"].mean(),
                        "simulation": g["holdout_simulation"].mean(), "customers": g.size()}).reset_index()
    out["frequency"] = [_bin_names(top)[f] for f in out["frequency"]]
    return out


def fit_report(cal: Calibration, holdout_customers: pd.DataFrame | None = None, seed: int = 0,
               horizon: float = HORIZON_WEEKS, draws: int = DRAWS) -> FitReport:
    """The fit report of ``cal`` (with the backtest's per-customer holdout table when there is one)."""
    rng = np.random.default_rng(seed)
    rs = repeat_spend(cal)
    try:
        spend = gammagamma.fit(rs["x"], rs["m"])
    except ValueError:
        spend = None
    notes = [] if spend is not None else ["Too few repeat purchases with a value for the spend model: no CLV."]
    return FitReport(cal, spend, fit_warnings(cal, spend), period_transactions(cal, rng), alive_matrix(cal),
                     clv_table(cal, spend, rs, rng, horizon, draws),
                     None if holdout_customers is None else holdout_by_frequency(holdout_customers),
                     int(horizon), draws_for(cal.customers, draws), seed, notes)
