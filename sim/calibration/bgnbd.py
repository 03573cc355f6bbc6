"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the easy way").

While alive, a customer buys at rate λ (Poisson); λ varies across customers as gamma(r, α)
(shape r, rate α). After each repeat purchase the customer drops out with probability p;
p varies as beta(a, b). Per customer the data are x repeat purchases, the time t_x of the
last one and the time T since the first purchase (all in weeks here).

The fit maximises the log-likelihood with :func:`scipy.optimize.minimize` on log-parameters;
standard errors come from the numerical Hessian (:func:`scipy.differentiate.hessian`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from sim.calibration.logscale import LogScaleFit, log_covariance

__all__ = ["BGNBD", "conditional_expected", "fit", "log_likelihood", "p_active", "p_alive", "simulate"]

NAMES = ("r", "alpha", "a", "b")
LOG_BOUND = 12.0  # log-parameters are kept within ±12 (e^12 ≈ 160,000)


@dataclass(frozen=True)
class BGNBD(LogScaleFit):
    """Fitted parameters, their covariance on the log scale, the log-likelihood and sample size."""

    NAMES = NAMES
    r: float
    alpha: float
    a: float
    b: float
    cov_log: np.ndarray = field(default_factory=lambda: np.full((4, 4), np.nan), repr=False)
    loglik: float = np.nan
    n: int = 0

    def derived(self, fn: Callable[[np.ndarray], float]) -> tuple[float, float]:
        """Value and standard error of ``fn(r, alpha, a, b)`` (delta method)."""
        from scipy.optimize import approx_fprime  # lazy: SciPy loads only when a model is fitted

        g = lambda th: float(fn(*np.exp(th)))  # noqa: E731
        grad = approx_fprime(self.theta, g, 1e-6)
        return g(self.theta), float(np.sqrt(max(grad @ self.cov_log @ grad, 0.0)))

    # the summaries the calibration matches
    def mean_rate(self) -> tuple[float, float]:
        """Mean purchase rate of alive customers per week, E[λ] = r/α (± SE)."""
        return self.derived(lambda r, alpha, a, b: r / alpha)

    def rate_cv(self) -> tuple[float, float]:
        """Coefficient of variation of λ across customers, 1/√r (± SE)."""
        return self.derived(lambda r, alpha, a, b: r ** -0.5)

    def mean_dropout(self) -> tuple[float, float]:
        """Mean dropout probability after a purchase, E[p] = a/(a+b) (± SE)."""
        return self.derived(lambda r, alpha, a, b: a / (a + b))


def _terms(theta: np.ndarray, x, t_x, T) -> np.ndarray:
    """Per-row log-likelihood; ``theta`` has shape (4, ...) and broadcasts against the data."""
    r, alpha, a, b = (np.exp(theta[i])[..., None] for i in range(4))
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    bx1 = np.maximum(b + x - 1.0, 1e-300)
    a4 = np.where(x > 0, np.log(a) - np.log(bx1) - (r + x) * np.log(alpha + t_x), -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def log_likelihood(params, x, t_x, T, weights=None) -> float:
    """Total log-likelihood of (r, alpha, a, b) for customers with data ``x, t_x, T``."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    return float((_terms(np.log(np.asarray(params, dtype=float)), x, t_x, T) * w).sum())


def _unique_rows(x, t_x, T) -> tuple[np.ndarray, ...]:
    """Distinct (x, t_x, T) rows and how often each occurs (makes large books fast)."""
    rows, counts = np.unique(np.column_stack([x, t_x, T]).astype(float), axis=0, return_counts=True)
    return rows[:, 0], rows[:, 1], rows[:, 2], counts.astype(float)


def fit(x, t_x, T, start: tuple[float, ...] | None = None, standard_errors: bool = True) -> BGNBD:
    """Maximum-likelihood BG/NBD fit; raises ``ValueError`` with no customers or no repeat purchases.

    Without ``standard_errors`` the (slower) Hessian is skipped and the covariance is NaN.
    """
    from scipy.optimize import minimize  # lazy: SciPy loads only when a model is fitted

    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    if x.size == 0 or x.sum() == 0:
        raise ValueError("the BG/NBD model needs customers with repeat purchases")
    ux, ut, uT, w = _unique_rows(x, t_x, T)
    scale = w.sum()

    def nll(theta):  # theta: (4, ...) -> (...)
        return -(_terms(theta, ux, ut, uT) * w).sum(axis=-1) / scale

    rate = x.sum() / max(T.sum(), 1e-9)
    th0 = np.log(start) if start is not None else np.log([1.0, 1.0 / rate, 1.0, 3.0])
    bounds = [(-LOG_BOUND, LOG_BOUND)] * 4
    res = minimize(nll, th0, method="L-BFGS-B", bounds=bounds)
    if not np.all(np.isfinite(res.x)):
        raise ValueError(f"the BG/NBD fit did not converge: {res.message}")
    th = res.x
    cov = np.full((4, 4), np.nan)
    if standard_errors and np.all(np.abs(th) < LOG_BOUND - 1e-3):
        cov = log_covariance(nll, th, scale)
    r, alpha, a, b = map(float, np.exp(th))
    return BGNBD(r, alpha, a, b, cov, -float(res.fun) * scale, int(x.size))


def p_alive(m: BGNBD, x, t_x, T) -> np.ndarray:
    """Probability each customer is still alive at T, given x and t_x."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    bx1 = np.maximum(m.b + x - 1.0, 1e-300)
    odds = np.where(x > 0, m.a / bx1 * np.exp((m.r + x) * (np.log(m.alpha + T) - np.log(m.alpha + t_x))), 0.0)
    return 1.0 / (1.0 + odds)


def conditional_expected(m: BGNBD, t, x, t_x, T) -> np.ndarray:
    """Expected purchases in (T, T + t] given x, t_x, T (FHL 2005, eq. 10); ``t`` broadcasts."""
    x, t_x, T, t = (np.asarray(v, dtype=float) for v in (x, t_x, T, t))
    r, alpha, a, b = m.r, m.alpha, m.a, m.b
    z = t / (alpha + T + t)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1.0, z)
    head = (a + b + x - 1.0) / (a - 1.0)
    body = 1.0 - np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t))) * hyp
    return head * body * p_alive(m, x, t_x, T)


def p_active(m: BGNBD, t, x, t_x, T) -> np.ndarray:
    """Probability of at least one purchase in (T, T + t]: alive, and λ ~ gamma(r + x, α + T) fires."""
    x, T, t = (np.asarray(v, dtype=float) for v in (x, T, t))
    none = np.exp((m.r + x) * (np.log(m.alpha + T) - np.log(m.alpha + T + t)))
    return p_alive(m, x, t_x, T) * (1.0 - none)


def simulate(m: BGNBD, T, rng: np.random.Generator, horizon: float = 0.0) -> tuple[np.ndarray, ...]:
    """Draw (x, t_x) for customers observed ``T`` weeks after their first purchase.

    With ``horizon`` > 0, also the purchases each makes in (T, T + horizon]: (x, t_x, future).
    """
    T = np.asarray(T, dtype=float)
    n = T.size
    lam = rng.gamma(m.r, 1.0 / m.alpha, n)
    p = rng.beta(m.a, m.b, n)
    x, t_x, now = np.zeros(n, dtype=np.int64), np.zeros(n), np.zeros(n)
    future = np.zeros(n, dtype=np.int64)
    alive = np.flatnonzero(lam > 0)
    while alive.size:
        now[alive] += rng.exponential(1.0, alive.size) / lam[alive]
        bought = alive[now[alive] <= T[alive] + horizon]
        seen = bought[now[bought] <= T[bought]]
        x[seen] += 1
        t_x[seen] = now[seen]
        future[bought[now[bought] > T[bought]]] += 1
        alive = bought[rng.random(bought.size) >= p[bought]]
    return (x, t_x, future) if horizon > 0 else (x, t_x)
