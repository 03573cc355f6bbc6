"""Synthetic transaction logs from known processes that no part of the simulation generates.

Each customer arrives (first purchase) at a time of its own, then buys as a Poisson process
at its own rate λ, optionally modulated by a yearly season (thinning), until it leaves:

- ``bgnbd``: after each repeat purchase it leaves with its own chance p ~ beta(a, b);
- ``pareto``: it leaves at an exponential time of its own, rate μ ~ gamma(s, β) (Pareto/NBD).

Rates are gamma(r, α) per week. Amounts: a customer's mean basket is lognormal, each basket
lognormal around it. Times are weeks from ``start``; a purchase is dated on its day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["synth_log"]


def _purchase_times(lam: float, first: float, end: float, p: float, life: float, season: float,
                    rng: np.random.Generator) -> list[float]:
    out, now = [first], first
    top = lam * (1.0 + season)
    while top > 0:
        now += rng.exponential(1.0 / top)
        if now >= min(end, first + life):
            break
        if rng.random() * (1.0 + season) > 1.0 + season * np.sin(2 * np.pi * now / 52.0):
            continue  # thinned: the season is low
        out.append(now)
        if rng.random() < p:
            break
    return out


def synth_log(n: int, weeks: float, *, process: str = "bgnbd", r: float = 0.5, alpha: float = 8.0,
              a: float = 0.8, b: float = 4.0, s: float = 0.6, beta: float = 30.0, arrival_weeks: float = 0.0,
              season: float = 0.0, basket: float = 40.0, basket_sigma: float = 0.5, seed: int = 1,
              start: str = "2024-01-01") -> pd.DataFrame:
    """``n`` customers over ``weeks`` as an export: customer, date, amount.

    ``process``: ``bgnbd`` (dropout a, b) or ``pareto`` (lifetime rate gamma(s, beta));
    ``arrival_weeks``: first purchases uniform over that many weeks (0: one cohort at the start);
    ``season``: amplitude of a yearly sine on the rate (0 to 1).
    """
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1.0 / alpha, n)
    p = rng.beta(a, b, n) if process == "bgnbd" else np.zeros(n)
    life = rng.exponential(1.0 / rng.gamma(s, 1.0 / beta, n)) if process == "pareto" else np.full(n, np.inf)
    first = rng.uniform(0.0, arrival_weeks, n) if arrival_weeks > 0 else np.zeros(n)
    mean_basket = basket * rng.lognormal(0.0, basket_sigma, n)
    rows = []
    for i in range(n):
        for t in _purchase_times(lam[i], first[i], weeks, p[i], life[i], season, rng):
            rows.append((f"K{i:05d}", t, mean_basket[i] * rng.lognormal(-0.08, 0.4)))
    df = pd.DataFrame(rows, columns=["customer", "t", "amount"])
    dates = pd.Timestamp(start) + pd.to_timedelta(np.floor(df["t"].to_numpy() * 7.0), unit="D")
    return pd.DataFrame({"customer": df["customer"], "date": dates.strftime("%Y-%m-%d"), "amount": df["amount"].round(2)})
