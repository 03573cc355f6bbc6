"""Tables and numbers for people: compact values (``57.26M``, ``35.1%``), ``mean [low, high]``
intervals, strategy labels and the comparison tables the CLI, the reports and the notebooks show.

Presentation over :mod:`sim.experiment`'s tables; nothing in the core imports it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.results import METRICS
from sim.scenario import Scenario
from sim.strategies import available_strategies
from sim.vocab import label

__all__ = ["SHARE_METRICS", "format_interval", "format_value", "interval_table", "paired_table", "strategy_label"]

#: metrics shown as percentages (their differences in percentage points)
SHARE_METRICS = frozenset({"retention", "yearly_churn"})


def _scale(metric: str, magnitude: float) -> tuple[float, str, int]:
    """Divisor, suffix and decimals that suit ``metric`` at ``magnitude``."""
    if metric in SHARE_METRICS:
        return (0.01, "%", 1)
    a = abs(magnitude) if np.isfinite(magnitude) else 0.0
    if a >= 1e6:
        return (1e6, "M", 2)
    if a >= 1e4:
        return (1e3, "k", 1)
    return (1.0, "", 0 if a >= 100 or a == 0 else 1 if a >= 10 else 2)


def format_value(metric: str, x: float, magnitude: float | None = None, signed: bool = False) -> str:
    """A compact display of ``x`` (e.g. ``57.26M``, ``35.1%``, ``616``)."""
    if x is None or not np.isfinite(x):
        return "–"
    div, suffix, dec = _scale(metric, x if magnitude is None else magnitude)
    if signed and metric in SHARE_METRICS:
        suffix = " pp"
    return f"{x / div:{'+' if signed else ''},.{dec}f}{suffix}"


def format_interval(metric: str, mean: float, low: float, high: float, signed: bool = False) -> str:
    """``mean [low, high]`` in one unit chosen from the largest of the three."""
    mag = np.nanmax(np.abs([mean, low, high])) if np.isfinite([mean, low, high]).any() else 0.0
    f = [format_value(metric, v, mag, signed) for v in (mean, low, high)]
    return f"{f[0]} [{f[1]}, {f[2]}]" if np.isfinite([low, high]).all() else f[0]


def strategy_label(name: str, lang: str = "en", scenario: Scenario | None = None) -> str:
    """Display label of a strategy: the vocabulary's, else the strategy's own label, else its name."""
    text = label(name, lang)
    return text if text != name else available_strategies(scenario).get(name, name)


def interval_table(summary_df: pd.DataFrame, metrics: Sequence[str] = METRICS, lang: str = "en",
                   strategies: Sequence[str] | None = None) -> pd.DataFrame:
    """Strategies as rows, one column per metric holding ``mean [low, high]``."""
    df = summary_df[summary_df["metric"].isin(metrics)]
    cells = {(r.strategy, r.metric): format_interval(r.metric, r.mean, r.low, r.high) for r in df.itertuples()}
    order = list(strategies) if strategies is not None else list(dict.fromkeys(df["strategy"]))
    table = pd.DataFrame([[cells.get((s, m), "–") for m in metrics] for s in order],
                         index=pd.Index(order, name=label("strategy", lang)),
                         columns=[label(m, lang) for m in metrics])
    return table


def paired_table(paired_df: pd.DataFrame, metrics: Sequence[str] = METRICS, lang: str = "en",
                 mark: str = " *") -> pd.DataFrame:
    """Strategies as rows, per metric ``diff [low, high]`` (paired), ``mark`` when it excludes 0."""
    df = paired_df[paired_df["metric"].isin(metrics)]
    cells = {(r.strategy, r.metric): format_interval(r.metric, r.diff, r.low, r.high, signed=True)
             + (mark if r.excludes_zero else "") for r in df.itertuples()}
    order = list(dict.fromkeys(df["strategy"]))
    return pd.DataFrame([[cells.get((s, m), "–") for m in metrics] for s in order],
                        index=pd.Index(order, name=label("strategy", lang)),
                        columns=[label(m, lang) for m in metrics])
