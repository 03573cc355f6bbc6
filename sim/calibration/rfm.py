"""From transactions to what the BG/NBD model needs per customer: frequency, recency, age.

Time is measured in weeks (the simulation's clock). Purchases by one customer on the same
day count as one transaction (one basket; their amounts add up), as is usual for BG/NBD.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["DAY", "baskets", "summarise", "to_weeks", "window_counts"]

DAY = 1.0 / 7.0  # one day, in weeks


def baskets(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per customer and day: amount summed (and the customer's segment label if given)."""
    keys = ["customer", "date"]
    agg = {"amount": ("amount", "sum")}
    if "segment" in frame.columns:
        agg["segment"] = ("segment", "first")
    return frame.groupby(keys, sort=False, observed=True).agg(**agg).reset_index()


def to_weeks(dates: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    """Days since ``origin``, in weeks."""
    return ((dates - origin) / pd.Timedelta(days=1)).to_numpy(dtype=float) / 7.0


def summarise(customer: np.ndarray, t: np.ndarray, end: float) -> pd.DataFrame:
    """Per customer with a transaction before ``end`` (weeks): n, x = n − 1, t_x, T, first, last.

    ``t_x`` is the time of the last repeat purchase after the first one, ``T`` the time from
    the first purchase to ``end`` (Fader, Hardie & Lee's notation).
    """
    keep = t < end
    df = pd.DataFrame({"customer": customer[keep], "t": t[keep]})
    g = df.groupby("customer", sort=True)["t"].agg(["size", "min", "max"])
    out = pd.DataFrame({
        "n": g["size"].to_numpy(),
        "x": g["size"].to_numpy() - 1,
        "t_x": (g["max"] - g["min"]).to_numpy(),
        "T": end - g["min"].to_numpy(),
        "first": g["min"].to_numpy(),
        "last": g["max"].to_numpy(),
    }, index=g.index)
    return out


def window_counts(customer: np.ndarray, t: np.ndarray, start: float, weeks: int, index: pd.Index) -> np.ndarray:
    """Transactions of each customer in ``index`` per week from ``start``: shape (len(index), weeks)."""
    w = np.floor(t - start).astype(np.int64)
    ok = (w >= 0) & (w < weeks)
    pos = index.get_indexer(customer[ok])
    found = pos >= 0
    out = np.zeros((len(index), weeks), dtype=np.int64)
    np.add.at(out, (pos[found], w[ok][found]), 1)
    return out
