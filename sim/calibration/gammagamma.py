"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV").

A customer's transactions have values z ~ gamma(p, ν) around their own mean p/ν; ν varies
across customers as gamma(q, γ). Given x transactions with mean value m, the likelihood is

    Γ(px + q) / (Γ(px) Γ(q)) · γ^q · m^(px−1) · x^(px) / (γ + m·x)^(px+q)

and the expected mean value of the customer's next transactions is the weighted average

    E[Z | x, m] = (q − 1)/(px + q − 1) · pγ/(q − 1) + px/(px + q − 1) · m,

of the population mean pγ/(q − 1) (finite when q > 1) and the customer's own mean. As in
the paper (and lifetimes), x counts repeat transactions and m is their mean, so first
purchases are left out. The fit maximises the log-likelihood on log-parameters with the
amounts divided by their median (scale-free), standard errors from the numerical Hessian.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special
from scipy.optimize import minimize

from sim.calibration.logscale import LogScaleFit, log_covariance

__all__ = ["GammaGamma", "LOG_BOUND", "NAMES", "conditional_spend", "fit", "positive_definite", "repeat_spend",
           "simulate"]

NAMES = ("p", "q", "gamma")
LOG_BOUND = 12.0  # log-parameters (gamma after scaling by the median) are kept within ±12
AT_BOUND = 1e-3  # a log-parameter this close to the bound has reached it


@dataclass(frozen=True)
class GammaGamma(LogScaleFit):
    """Fitted p, q, γ, their covariance on the log scale, the log-likelihood and customers used."""

    NAMES = NAMES
    p: float
    q: float
    gamma: float
    cov_log: np.ndarray = field(default_factory=lambda: np.full((3, 3), np.nan), repr=False)
    loglik: float = np.nan
    n: int = 0
    at_bound: tuple[str, ...] = ()

    @property
    def mean_spend(self) -> float:
        """Population mean value of a transaction, pγ/(q − 1) (infinite when q ≤ 1)."""
        return self.p * self.gamma / (self.q - 1.0) if self.q > 1.0 else float("inf")

    def draws(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` parameter draws (p, q, γ) from the fit's normal approximation on the log scale; shape (n, 3)."""
        if not positive_definite(self.cov_log):
            return np.tile(np.exp(self.theta), (n, 1))
        return np.exp(rng.multivariate_normal(self.theta, self.cov_log, n, method="eigh"))


def positive_definite(cov: np.ndarray) -> bool:
    """Whether ``cov`` is a usable covariance matrix (finite, all eigenvalues > 0)."""
    return bool(np.all(np.isfinite(cov)) and np.linalg.eigvalsh((cov + cov.T) / 2).min() > 0)


def repeat_spend(baskets: pd.DataFrame) -> pd.DataFrame:
    """Per customer: ``x`` repeat transactions and ``m`` their mean value (first baskets left out).

    ``baskets`` has one row per customer and day (columns customer, date, amount).
    """
    b = baskets.sort_values(["customer", "date"], kind="stable")
    repeat = b[b.duplicated("customer", keep="first")]
    g = repeat.groupby("customer", sort=True)["amount"]
    out = pd.DataFrame({"x": g.size(), "m": g.mean()})
    customers = pd.Index(sorted(b["customer"].unique()), name="customer")
    return out.reindex(customers).fillna({"x": 0, "m": 0.0}).astype({"x": np.int64})


def _terms(theta: np.ndarray, x, m) -> np.ndarray:
    """Per-customer log-likelihood; ``theta`` has shape (3, ...) and broadcasts against the data."""
    p, q, g = (np.exp(theta[i])[..., None] for i in range(3))
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(g)
            + (px - 1.0) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + m * x))


def fit(x, m, standard_errors: bool = True) -> GammaGamma:
    """Maximum-likelihood fit to customers with ``x`` ≥ 1 repeat transactions of mean value ``m`` > 0.

    Customers without a repeat transaction (or with mean 0) carry no information and are left
    out; raises ``ValueError`` when fewer than three remain.
    """
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    keep = (x >= 1) & (m > 0) & np.isfinite(m)
    x, m = x[keep], m[keep]
    if x.size < 3:
        raise ValueError("the Gamma-Gamma spend model needs at least three customers with repeat purchases")
    scale = float(np.median(m))
    ms = m / scale

    def nll(theta):  # theta: (3, ...) -> (...)
        return -_terms(theta, x, ms).sum(axis=-1) / x.size

    res = minimize(nll, np.log([1.0, 3.0, 2.0]), method="L-BFGS-B", bounds=[(-LOG_BOUND, LOG_BOUND)] * 3)
    th = res.x
    hit = tuple(n for n, v in zip(NAMES, th) if abs(v) >= LOG_BOUND - AT_BOUND)
    cov = np.full((3, 3), np.nan)
    if standard_errors and not hit:
        cov = log_covariance(nll, th, x.size)
        if not positive_definite(cov):
            cov = np.full((3, 3), np.nan)
    p, q, g = map(float, np.exp(th))
    return GammaGamma(p, q, g * scale, cov, -float(res.fun) * x.size + float(np.log(scale) * -x.size), int(x.size), hit)


def conditional_spend(params, x, m) -> np.ndarray:
    """Expected value of each customer's next transactions given ``x`` and ``m`` (see the module docstring).

    ``params`` is a :class:`GammaGamma` or an array of (p, q, γ) rows (one result row each); NaN where q ≤ 1.
    """
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    if isinstance(params, GammaGamma):
        params = np.array([[params.p, params.q, params.gamma]])
        squeeze = True
    else:
        params, squeeze = np.atleast_2d(params), False
    p, q, g = (params[:, i : i + 1] for i in range(3))
    px = p * x
    out = np.where(q > 1.0, p * (g + m * x) / np.where(q > 1.0, px + q - 1.0, 1.0), np.nan)
    return out[0] if squeeze else out


def simulate(model: GammaGamma, x, rng: np.random.Generator) -> np.ndarray:
    """Mean value of ``x`` transactions per customer drawn from the model (for tests)."""
    x = np.asarray(x, dtype=np.int64)
    nu = rng.gamma(model.q, 1.0 / model.gamma, x.size)
    return rng.gamma(model.p * x, 1.0 / nu) / x  # a sum of x gamma(p, ν) is gamma(px, ν)
