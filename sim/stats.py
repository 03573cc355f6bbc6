"""The statistics of replications: tidy tables, t-intervals of means and paired differences.

Replication ``i`` of every strategy uses the same seed (common random numbers), so the
paired difference of two strategies is much tighter than the unpaired (Welch) one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from sim.results import METRICS

__all__ = ["ID_COLUMNS", "LEVEL", "paired_differences", "summarise", "t_interval", "tidy_runs", "welch_interval"]

LEVEL = 0.95
ID_COLUMNS = ("strategy", "replication", "seed")


def tidy_runs(wide: pd.DataFrame) -> pd.DataFrame:
    """Replication rows (one column per metric) -> one row per strategy × replication × metric."""
    metrics = [c for c in wide.columns if c not in ID_COLUMNS]
    long = wide.melt(id_vars=list(ID_COLUMNS), value_vars=metrics, var_name="metric", value_name="value")
    long["value"] = long["value"].astype(float)
    return long.sort_values(["strategy", "metric", "replication"], kind="stable", ignore_index=True)


def _t_quantile(q: float, dof: float) -> float:
    """Student t quantile; ``stdtrit`` is what ``scipy.stats.t.ppf`` calls, without its slow import."""
    from scipy.special import stdtrit  # lazy: keeps SciPy out of ``import sim`` (and of a kernel)

    return float(stdtrit(dof, q))


def t_interval(values: Iterable[float], level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and two-sided t-interval of the mean; (mean, nan, nan) with fewer than 2 values."""
    x = np.asarray(list(values), dtype=float)
    n = x.size
    if n == 0:
        return (np.nan, np.nan, np.nan)
    mean = float(x.mean())
    if n < 2:
        return (mean, np.nan, np.nan)
    half = float(_t_quantile(0.5 + level / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return (mean, mean - half, mean + half)


def welch_interval(a: np.ndarray, b: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """Unpaired (Welch) interval of mean(a) - mean(b)."""
    na, nb = a.size, b.size
    if na < 2 or nb < 2:
        return (np.nan, np.nan)
    va, vb = a.var(ddof=1) / na, b.var(ddof=1) / nb
    diff, se = a.mean() - b.mean(), np.sqrt(va + vb)
    if se == 0:
        return (float(diff), float(diff))
    dof = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    half = _t_quantile(0.5 + level / 2, dof) * se
    return (float(diff - half), float(diff + half))


def _order(df: pd.DataFrame, strategies: Sequence[str] | None) -> pd.DataFrame:
    """Sort by strategy (in the order given) then by metric (headline metrics first)."""
    strategies = list(strategies) if strategies is not None else list(dict.fromkeys(df["strategy"]))
    extra = [m for m in dict.fromkeys(df["metric"]) if m not in METRICS]
    metrics = [m for m in METRICS if m in set(df["metric"])] + extra
    df = df.assign(strategy=pd.Categorical(df["strategy"], strategies),
                   metric=pd.Categorical(df["metric"], metrics))
    df = df.sort_values(["strategy", "metric"], ignore_index=True)
    return df.astype({"strategy": str, "metric": str})


def summarise(runs: pd.DataFrame, strategies: Sequence[str] | None = None) -> pd.DataFrame:
    """Per strategy × metric: mean, sd, n and the 95% t-interval (low, high) of the mean."""
    rows = []
    for (s, m), g in runs.groupby(["strategy", "metric"], sort=False):
        v = g["value"].to_numpy()
        mean, low, high = t_interval(v)
        rows.append({"strategy": s, "metric": m, "mean": mean, "low": low, "high": high,
                     "sd": float(v.std(ddof=1)) if v.size > 1 else np.nan, "n": int(v.size)})
    return _order(pd.DataFrame(rows), strategies)


def paired_differences(runs: pd.DataFrame, baseline: str, strategies: Sequence[str] | None = None) -> pd.DataFrame:
    """Each strategy minus ``baseline``, per metric, replication by replication (same seeds).

    Columns: strategy, baseline, metric, diff, low, high (paired 95% interval), welch_low,
    welch_high (unpaired interval, for contrast), n, excludes_zero and verdict
    ('higher', 'lower' or 'no clear difference').
    """
    wide = runs.pivot(index=["metric", "replication"], columns="strategy", values="value")
    metric_of = wide.index.get_level_values("metric").to_numpy()
    column = {s: i for i, s in enumerate(wide.columns)}
    values = wide.to_numpy(dtype=float)
    rows = []
    for m in dict.fromkeys(runs["metric"]):
        block = values[metric_of == m]
        base = block[:, column[baseline]]
        for s in (strategies or list(column)):
            if s == baseline:
                continue
            x = block[:, column[s]]
            d = (x - base)[~np.isnan(x) & ~np.isnan(base)]
            mean, low, high = t_interval(d)
            wl, wh = welch_interval(x[~np.isnan(x)], base[~np.isnan(base)])
            excl = bool(low > 0 or high < 0)
            verdict = ("higher" if mean > 0 else "lower") if excl else "no clear difference"
            rows.append({"strategy": s, "baseline": baseline, "metric": m, "diff": mean, "low": low,
                         "high": high, "welch_low": wl, "welch_high": wh, "n": int(d.size),
                         "excludes_zero": excl, "verdict": verdict})
    cols = ["strategy", "baseline", "metric", "diff", "low", "high", "welch_low", "welch_high", "n",
            "excludes_zero", "verdict"]
    if not rows:
        return pd.DataFrame(columns=cols)
    return _order(pd.DataFrame(rows, columns=cols), strategies)
