"""Spend per purchase and the segment mix, from the calibration period's baskets.

The simulation's basket is ``size × price × noise`` with ``noise = exp(u)``, ``u`` uniform on
[−basket_noise, basket_noise], and ``size`` lognormal around the segment's median. So:

- ``price`` = the median basket over all baskets;
- ``basket_noise`` = √3 × the pooled within-customer standard deviation of log basket;
- segment ``size`` medians = median over the segment's customers of their geometric-mean
  basket, divided by ``price``; ``size.sigma`` = the spread of those customer means within
  segments, less what the customers' own basket noise adds to it (method of moments).

Segments: from a segment column, each customer takes their most frequent label and labels are
mapped to the four value segments by mean spend per customer (see :func:`map_labels`);
without one, by calibration-period spend: top 5% key, next 10% strategic, next 45% profit,
the rest non-profit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.vocab import SEGMENTS

__all__ = ["QUANTILE_SHARES", "SpendProfile", "map_labels", "spend_profile"]

#: segment shares by spend rank when the data has no segment column (key first)
QUANTILE_SHARES = (0.05, 0.10, 0.45, 0.40)


@dataclass(frozen=True)
class SpendProfile:
    """What the scenario needs about spend and segments, and how it was found."""

    price: float
    basket_noise: float
    size_sigma: float
    size_medians: dict[str, float]  # segment -> median size (empty segments absent)
    mix: dict[str, float]  # segment -> share of customers
    labels: dict[str, str]  # the data's label -> segment ('' when segments came from spend)
    method: str


def _by_rank(score: pd.Series, shares=QUANTILE_SHARES) -> pd.Series:
    """Segment of each item by descending ``score``: the first shares[0] key, and so on."""
    rank = score.rank(ascending=False, method="first").to_numpy()
    pos = (rank - 0.5) / len(score)
    seg = np.searchsorted(np.cumsum(shares), pos, side="right").clip(0, len(SEGMENTS) - 1)
    return pd.Series(np.asarray(SEGMENTS)[seg], index=score.index)


def map_labels(label_of: pd.Series, spend: pd.Series) -> dict[str, str]:
    """The data's segment labels -> value segments, by mean spend per customer.

    Four labels take the four segments in spend order. Otherwise each label goes to the
    segment whose default spend band (top 5% key, 10% strategic, 45% profit, 40% non-profit)
    holds the middle of its customers in the spend ranking of labels.
    """
    mean = spend.groupby(label_of).mean().sort_values(ascending=False)
    if len(mean) == len(SEGMENTS):
        return dict(zip(mean.index, SEGMENTS))
    count = label_of.value_counts().reindex(mean.index)
    mid = (count.cumsum() - count / 2) / count.sum()
    seg = np.searchsorted(np.cumsum(QUANTILE_SHARES), mid.to_numpy(), side="right").clip(0, len(SEGMENTS) - 1)
    return {k: SEGMENTS[i] for k, i in zip(mean.index, seg)}


def _segments(b: pd.DataFrame, total: pd.Series) -> tuple[pd.Series, dict[str, str], str]:
    if "segment" not in b.columns:
        return _by_rank(total), {}, "spend rank: top 5% key, next 10% strategic, next 45% profit, rest non-profit"
    label_of = b.groupby("customer")["segment"].agg(lambda s: s.value_counts().index[0])
    labels = map_labels(label_of, total.reindex(label_of.index))
    return label_of.map(labels), labels, "segment column, labels ranked by mean spend per customer"


def _log_spread(pos: pd.DataFrame) -> tuple[pd.Series, pd.Series, float]:
    """Per customer, the mean log basket and the number of baskets; and the pooled variance of log
    baskets within customers (0 when no customer has two)."""
    logs = np.log(pos["amount"])
    g = logs.groupby(pos["customer"])
    mean_log, n = g.mean(), g.size()
    within = (logs - mean_log.reindex(pos["customer"]).to_numpy()).pow(2).groupby(pos["customer"]).sum()
    dof = (n - 1).sum()
    return mean_log, n, float(within.sum() / dof) if dof > 0 else 0.0


def spend_profile(b: pd.DataFrame) -> SpendProfile:
    """Estimate spend and segments from baskets (columns customer, amount[, segment])."""
    price = float(b["amount"].median())
    if not price > 0:
        raise ValueError("the median basket is 0: the amounts cannot give a basket value")
    mean_log, n, s_w2 = _log_spread(b[b["amount"] > 0])
    total = b.groupby("customer")["amount"].sum()
    segment, labels, method = _segments(b, total)
    seg = segment.reindex(mean_log.index)
    centred = mean_log - mean_log.groupby(seg).transform("mean")
    size_var = float(centred.pow(2).mean() - (s_w2 / n).mean()) if len(centred) > 1 else 0.0
    medians = np.exp(mean_log).groupby(seg).median() / price
    mix = segment.value_counts(normalize=True)
    return SpendProfile(
        price=price, basket_noise=float(min(3.0, np.sqrt(3.0 * s_w2))), size_sigma=float(np.sqrt(max(size_var, 0.0))),
        size_medians={s: float(medians[s]) for s in SEGMENTS if s in medians.index},
        mix={s: float(mix.get(s, 0.0)) for s in SEGMENTS}, labels=labels, method=method,
    )
