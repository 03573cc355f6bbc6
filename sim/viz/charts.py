"""Chart builders: small functions from tidy DataFrames to altair charts.

Each builder aggregates its frame first (so charts stay small), labels every field
with :func:`sim.label` in ``lang``, and returns an unconfigured chart; pass the
top-level chart to :func:`sim.viz.theme.apply` (reports do) for fonts and sizes.
A frame with a ``strategy`` column is drawn per strategy (facets or colours).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from sim.tables import SHARE_METRICS, strategy_label
from sim.viz import theme
from sim.vocab import CAUSES, CUSTOMER, STAGES, TIERS, label

__all__ = ["churn_cause_chart", "comparison_chart", "gain_chart", "month_area_chart", "stage_area_chart",
           "sweep_chart", "tier_mix_chart", "whale_curve_chart"]

WHALE_POINTS = 200


def _strategies(df: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(df["strategy"])) if "strategy" in df else []


def strategy_field(df: pd.DataFrame, lang: str, scenario=None) -> tuple[pd.DataFrame, alt.Scale, list[str]]:
    """Add a ``strategy_label`` column; return the frame, its colour scale and the label order."""
    names = _strategies(df)
    labels = [strategy_label(n, lang, scenario) for n in names]
    df = df.assign(strategy_label=df["strategy"].map(dict(zip(names, labels))))
    return df, alt.Scale(domain=labels, range=theme.colours(names)), labels


def _coded(df: pd.DataFrame, column: str, codes: tuple[str, ...], kind: str, lang: str):
    """Replace code names in ``column`` by labels; return frame, colour scale and label order."""
    present = [c for c in codes if c in set(df[column].astype(str))]
    labels = [label(c, lang) for c in present]
    df = df.assign(**{column: df[column].astype(str).map(dict(zip(present, labels)))})
    return df, alt.Scale(domain=labels, range=theme.colours(present, kind)), labels


def facet_by_strategy(chart: alt.Chart, df: pd.DataFrame, lang: str, order: list[str], columns: int = 4):
    """Small multiples by strategy when the frame has several strategies."""
    if "strategy_label" not in df or df["strategy_label"].nunique() < 2:
        return chart
    return chart.properties(width=theme.SMALL_WIDTH, height=theme.SMALL_HEIGHT).facet(
        facet=alt.Facet("strategy_label:N", title=None, sort=order), columns=columns)


def comparison_chart(summary: pd.DataFrame, metric: str, lang: str = "en", scenario=None) -> alt.LayerChart:
    """Mean of ``metric`` per strategy with its 95% interval as an error bar."""
    df = summary[summary["metric"] == metric][["strategy", "mean", "low", "high", "n"]]
    df, scale, order = strategy_field(df, lang, scenario)
    name = label(metric, lang)
    y = alt.Y("strategy_label:N", title=None, sort=order)
    tip = [alt.Tooltip("strategy_label:N", title=label("strategy", lang)),
           alt.Tooltip("mean:Q", title=label("mean", lang), format=",.4~g"),
           alt.Tooltip("low:Q", format=",.4~g"), alt.Tooltip("high:Q", format=",.4~g"), "n:Q"]
    base = alt.Chart(df).encode(y=y, color=alt.Color("strategy_label:N", scale=scale, legend=None))
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", title=f"{name} ({label('mean', lang)}, {label('interval_95', lang)})",
                scale=alt.Scale(zero=False), axis=alt.Axis(format=".0%" if metric in SHARE_METRICS else "~s")),
        x2="high:Q")
    points = base.mark_point(filled=True, size=70).encode(x="mean:Q", tooltip=tip)
    return (bars + points).properties(title=name, width=theme.SMALL_WIDTH + 60,
                                      height=max(60, 22 * len(order)))


def gain_chart(gains: pd.DataFrame, metric: str, current: str, lang: str = "en", scenario=None,
               title: str | None = None) -> alt.LayerChart:
    """Each strategy minus ``current`` on ``metric``: mean paired difference, its 95% interval, and 0.

    ``gains``: strategy, diff, low, high (e.g. :attr:`sim.decision.MetricDecision.gains`).
    """
    df, scale, order = strategy_field(gains[["strategy", "diff", "low", "high"]], lang, scenario)
    name = label(metric, lang).split(" (")[0].split("（")[0]
    axis = alt.Axis(format="+.1%" if metric in SHARE_METRICS else "+~s")
    tip = [alt.Tooltip("strategy_label:N", title=label("strategy", lang)),
           alt.Tooltip("diff:Q", title=label("difference", lang), format="+,.4~g"),
           alt.Tooltip("low:Q", format="+,.4~g"), alt.Tooltip("high:Q", format="+,.4~g")]
    base = alt.Chart(df).encode(y=alt.Y("strategy_label:N", title=None, sort=order),
                                color=alt.Color("strategy_label:N", scale=scale, legend=None))
    bars = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("low:Q", axis=axis, title=f"{name} − {strategy_label(current, lang, scenario)} "
                f"({label('mean', lang)}, {label('interval_95', lang)})"),
        x2="high:Q")
    points = base.mark_point(filled=True, size=90).encode(x="diff:Q", tooltip=tip)
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#444444", strokeDash=[4, 3]).encode(x="x:Q")
    chart = (zero + bars + points).properties(width=theme.WIDTH, height=max(60, 28 * len(order)))
    return chart.properties(title=title) if title else chart


def month_area_chart(panel: pd.DataFrame, field: str, coded, lang: str = "en", scenario=None,
                     y_title: str = "accounts", normalize: bool = False, title: str | None = None) -> alt.Chart:
    """Accounts by ``field`` month by month, stacked (as shares with ``normalize``), one panel per strategy.

    ``coded(df)`` turns ``field``'s codes into labels: it returns the frame, the colour scale and the label order.
    """
    keys = [k for k in ("strategy", "month", field) if k in panel]
    df = panel.assign(**{field: panel[field].astype(str)}).groupby(keys, sort=False)["accounts"].sum().reset_index()
    df, colour, field_order = coded(df)
    order = []
    if "strategy" in df:
        df, _, order = strategy_field(df, lang, scenario)
    df[f"{field}_rank"] = df[field].map({s: i for i, s in enumerate(field_order)})
    stack = {"stack": "normalize", "axis": alt.Axis(format="%")} if normalize else {"stack": "zero"}
    chart = alt.Chart(df).mark_area().encode(
        x=alt.X("month:Q", title=label("month", lang)),
        y=alt.Y("sum(accounts):Q", title=label(y_title, lang), **stack),
        color=alt.Color(f"{field}:N", title=label(field, lang), scale=colour, sort=field_order),
        order=alt.Order(f"{field}_rank:Q"),
        tooltip=["month:Q", alt.Tooltip(f"{field}:N", title=label(field, lang)),
                 alt.Tooltip("sum(accounts):Q", title=label("accounts", lang))],
    ).properties(width=theme.WIDTH, height=theme.HEIGHT)
    return facet_by_strategy(chart.properties(title=title) if title else chart, df, lang, order)


def stage_area_chart(panel: pd.DataFrame, lang: str = "en", scenario=None) -> alt.Chart:
    """Accounts in each lifecycle stage, month by month (stacked areas; one panel per strategy)."""
    return month_area_chart(panel, "stage", lambda df: _coded(df, "stage", STAGES, "stage", lang), lang, scenario)


def tier_mix_chart(panel: pd.DataFrame, lang: str = "en", scenario=None) -> alt.Chart:
    """Share of current customers at each relationship tier, month by month."""
    cust = panel[panel["stage"].astype(str) == STAGES[CUSTOMER]]
    return month_area_chart(cust, "tier", lambda df: _coded(df, "tier", TIERS, "tier", lang), lang, scenario,
                            y_title="share", normalize=True)


def bar_rows(df: pd.DataFrame, field: str, field_order: list[str], tip: list, lang: str, scenario=None):
    """The rows of a stacked bar chart: one bar per strategy when ``df`` has several (the strategy
    joins the tooltip ``tip``), else one bar per value of ``field``; returns (df, y, height)."""
    if "strategy" in df:
        df, _, order = strategy_field(df, lang, scenario)
        tip.insert(0, alt.Tooltip("strategy_label:N", title=label("strategy", lang)))
        return df, alt.Y("strategy_label:N", title=None, sort=order), max(60, 24 * len(order))
    return df, alt.Y(f"{field}:N", title=None, sort=field_order), 24 * len(field_order)


def churn_cause_chart(churn_df: pd.DataFrame, lang: str = "en", scenario=None) -> alt.Chart:
    """Churned accounts by recorded cause (one stacked bar per strategy when there are several)."""
    df, colour, cause_order = _coded(churn_df, "cause", CAUSES, "cause", lang)
    df["cause_rank"] = df["cause"].map({s: i for i, s in enumerate(cause_order)})
    x = alt.X("churned:Q", title=label("churned", lang))
    tip = [alt.Tooltip("cause:N", title=label("cause", lang)), "churned:Q",
           alt.Tooltip("share:Q", title=label("share", lang), format=".0%")]
    df, y, height = bar_rows(df, "cause", cause_order, tip, lang, scenario)
    return alt.Chart(df).mark_bar().encode(
        x=x, y=y, color=alt.Color("cause:N", title=label("cause", lang), scale=colour, sort=cause_order),
        order=alt.Order("cause_rank:Q"), tooltip=tip,
    ).properties(width=theme.WIDTH, height=height)


def _thin(df: pd.DataFrame, points: int = WHALE_POINTS) -> pd.DataFrame:
    """At most ``points`` rows of a whale curve, keeping both ends and the peak."""
    n = len(df)
    if n <= points:
        return df
    keep = np.unique(np.r_[np.linspace(0, n - 1, points).round().astype(int),
                           int(np.nanargmax(df["cumulative_share"].to_numpy()))])
    return df.iloc[keep]


def whale_curve_chart(whale_df: pd.DataFrame, lang: str = "en", scenario=None) -> alt.LayerChart:
    """Cumulative share of total profit against the share of customers ranked by profit."""
    if "strategy" in whale_df:
        df = pd.concat([_thin(g) for _, g in whale_df.groupby("strategy", sort=False)], ignore_index=True)
        df, scale, order = strategy_field(df, lang, scenario)
        colour = alt.Color("strategy_label:N", title=label("strategy", lang), scale=scale, sort=order)
    else:
        df, colour = _thin(whale_df).assign(strategy_label=""), alt.value(theme.strategy_colour("value_based"))
    line = alt.Chart(df).mark_line().encode(
        x=alt.X("rank_share:Q", title=label("customer_rank", lang), axis=alt.Axis(format="%")),
        y=alt.Y("cumulative_share:Q", title=label("cumulative_share", lang), axis=alt.Axis(format="%")),
        color=colour,
        tooltip=[alt.Tooltip("rank_share:Q", format=".0%"), alt.Tooltip("cumulative_share:Q", format=".0%")],
    )
    one = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(strokeDash=[4, 4], color="#888888").encode(y="y:Q")
    return (line + one).properties(width=theme.WIDTH, height=theme.HEIGHT)


def sweep_chart(summary: pd.DataFrame, metric: str, x: str | None = None, lang: str = "en",
                scenario=None) -> alt.Chart:
    """Mean of ``metric`` against a swept key path ``x`` (default: the first), one line per strategy,
    with its 95% interval as a band; small multiples over the other swept keys, if any.

    ``summary`` is a sweep summary: point, one column per key path, strategy, metric, mean, low, high, n.
    """
    keys = list(summary.columns[1:summary.columns.get_loc("strategy")])
    x = x or keys[0]
    df = summary[summary["metric"] == metric].copy()
    df, scale, order = strategy_field(df, lang, scenario)
    others = [k for k in keys if k != x]
    df["panel"] = df[others].astype(str).apply(lambda r: ", ".join(f"{k}={v}" for k, v in r.items()), axis=1) \
        if others else ""
    name = label(metric, lang)
    numeric = pd.api.types.is_numeric_dtype(df[x]) and not pd.api.types.is_bool_dtype(df[x])
    df = df.rename(columns={x: "x"})
    xenc = (alt.X("x:Q", title=x, scale=alt.Scale(zero=False), axis=alt.Axis(values=sorted(set(df["x"]))))
            if numeric else alt.X("x:O", title=x))
    fmt = ".0%" if metric in SHARE_METRICS else "~s"
    colour = alt.Color("strategy_label:N", title=label("strategy", lang), scale=scale, sort=order)
    tip = [alt.Tooltip("strategy_label:N", title=label("strategy", lang)), alt.Tooltip("x", title=x),
           alt.Tooltip("mean:Q", title=label("mean", lang), format=",.4~g"),
           alt.Tooltip("low:Q", format=",.4~g"), alt.Tooltip("high:Q", format=",.4~g"), "n:Q"]
    base = alt.Chart(df).encode(x=xenc, color=colour)
    band = (base.mark_area(opacity=0.18) if numeric else base.mark_rule(strokeWidth=2)).encode(
        y=alt.Y("low:Q", title=f"{name} ({label('mean', lang)}, {label('interval_95', lang)})",
                scale=alt.Scale(zero=False), axis=alt.Axis(format=fmt)), y2="high:Q")
    line = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=50)).encode(y="mean:Q", tooltip=tip)
    chart = (band + line).properties(title=name, width=theme.WIDTH, height=theme.HEIGHT)
    if df["panel"].nunique() > 1:
        chart = (band + line).properties(width=theme.SMALL_WIDTH + 60, height=theme.SMALL_HEIGHT).facet(
            facet=alt.Facet("panel:N", title=None), columns=3).properties(title=name)
    return chart
