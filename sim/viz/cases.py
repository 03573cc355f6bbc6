"""The shared pieces of the case charts, in English or Chinese (each case's own picture: its folder).

A case's chart (:func:`sim.cases.charts.case_chart`) is its own picture (``sim/cases/<name>/charts.py``:
dealer stock, tier ladder, funnel, …) above :func:`difference_chart`, the paired differences from the
baseline with their 95% intervals (:func:`with_differences`). The helpers here label the variants in
the chart's language and draw what several cases share (:func:`offer_bars`). Every builder takes
``lang`` (default: the current language, :func:`sim.set_language`) and labels every axis, legend and
title in it. Chart layer: it imports no case and no widget.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from sim.case_measures import SHARES
from sim.viz import theme
from sim.viz.charts import comparison_chart
from sim.vocab import get_language
from sim.words import text

__all__ = ["OFFER_PARTS", "chart_lang", "difference_chart", "labelled_scenario", "means_chart", "offer_bars",
           "result_scenario", "stacked", "variant_scale", "with_differences"]


def chart_lang(lang: str | None) -> str:
    """``lang``, or the current language when None."""
    return get_language() if lang is None else lang


def labelled_scenario(scenario, lang: str, others=()):
    """``scenario`` with the custom strategies of it and of ``others`` (scenarios), labelled in ``lang``
    (so the shared chart builders of :mod:`sim.viz.charts` show every variant in that language)."""
    if scenario is None:
        return scenario
    specs = {}
    for sc in (scenario, *others):
        for name, spec in sc.custom_strategies.items():
            specs[name] = spec.model_copy(update={"label": text(name, lang)})
    return scenario.model_copy(update={"custom_strategies": specs}) if specs else scenario


def result_scenario(result, lang: str):
    """The baseline scenario knowing every variant's custom strategy, labelled in ``lang``."""
    return labelled_scenario(result.comparison.scenario, lang, tuple(result.scenarios.values()))


def variant_scale(names, lang, scenario):
    """The variants' labels in ``lang`` and a colour scale over them (the theme's colour per name)."""
    labels = [text(n, lang, scenario) for n in names]
    return labels, alt.Scale(domain=labels, range=theme.colours(list(names)))


def _fmt(metric: str) -> str:
    return ".0%" if metric in SHARES else "~s"


def difference_chart(comp, metrics, lang: str | None = None, scenario=None) -> alt.ConcatChart:
    """Each variant minus the baseline, per metric: the mean paired difference and its 95% interval.

    An interval that does not cross the dashed zero line is a difference the replications show.
    """
    lang = chart_lang(lang)
    sc = scenario or comp.scenario
    others = [s for s in comp.strategies if s != comp.baseline]
    labels, scale = variant_scale(others, lang, sc)
    names = dict(zip(others, labels))
    panels = []
    for m in metrics:
        df = comp.paired[(comp.paired["metric"] == m) & comp.paired["strategy"].isin(others)].copy()
        if df.empty:
            continue
        df["variant"] = df["strategy"].map(names)
        df["verdict_text"] = df["verdict"].map(lambda v: text(v, lang))
        y = alt.Y("variant:N", title=None, sort=labels)
        x_title = f"{text(m, lang)}: {text('difference', lang)}"
        base = alt.Chart(df).encode(y=y, color=alt.Color("variant:N", scale=scale, legend=None))
        rule = base.mark_rule(strokeWidth=3).encode(
            x=alt.X("low:Q", title=x_title, axis=alt.Axis(format=_fmt(m))), x2="high:Q")
        tip = [alt.Tooltip("variant:N", title=text("strategy", lang)),
               alt.Tooltip("diff:Q", title=text("difference", lang), format=",.4~g"),
               alt.Tooltip("low:Q", format=",.4~g"), alt.Tooltip("high:Q", format=",.4~g"),
               alt.Tooltip("verdict_text:N", title=text("verdict", lang))]
        point = base.mark_point(filled=True, size=80).encode(x="diff:Q", tooltip=tip)
        zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 4], color="#666666").encode(x="x:Q")
        panels.append((zero + rule + point).properties(width=theme.SMALL_WIDTH + 40,
                                                       height=max(40, 26 * len(others))))
    title = text("difference_title", lang).format(base=text(comp.baseline, lang, sc))
    if not panels:
        return means_chart(comp, metrics, lang, scenario)
    return alt.concat(*panels, columns=2).properties(title=title)


def means_chart(comp, metrics, lang: str | None = None, scenario=None) -> alt.ConcatChart:
    """Mean of each metric per variant with its 95% interval (for one variant, or to show levels)."""
    lang = chart_lang(lang)
    sc = labelled_scenario(scenario or comp.scenario, lang)
    charts = [comparison_chart(comp.summary, m, lang, sc) for m in metrics
              if (comp.summary["metric"] == m).any()]
    return alt.concat(*charts, columns=2)


def stacked(result, table) -> pd.DataFrame:
    """``table(run)`` of each variant's first replication, one frame with a ``strategy`` column."""
    return pd.concat([table(r).assign(strategy=name) for name, r in result.results.items()], ignore_index=True)


OFFER_PARTS = [("product", "product_value", 1), ("service", "service_value", 1), ("personnel", "personnel_value", 1),
               ("image", "image_value", 1), ("price", "price_cost", -1), ("time", "time_cost", -1),
               ("energy", "energy_cost", -1), ("psychological", "psychological_cost", -1)]


def offer_bars(offers, lang: str, title: str, colours: list[str]) -> alt.Chart:
    """Bars of each offer's values, costs and delivered value: ``offers`` are (who, Offer, price cut)."""
    rows = []
    for who, offer, c in offers:
        for field, key, sign in OFFER_PARTS:
            v = getattr(offer, field) * ((1 - c) if field == "price" else 1.0)
            rows.append({"offer": text(who, lang), "part": text(key, lang), "points": v,
                         "side": text("value_part" if sign > 0 else "cost_part", lang)})
        dv = offer.delivered_value() + c * offer.price
        rows.append({"offer": text(who, lang), "part": text("delivered_value", lang), "points": dv,
                     "side": text("delivered_value", lang)})
    df = pd.DataFrame(rows)
    order = [text(k, lang) for _, k, _ in OFFER_PARTS] + [text("delivered_value", lang)]
    who = [text(w, lang) for w, _, _ in offers]
    scale = alt.Scale(domain=who, range=colours)
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("part:N", title=None, sort=order, axis=alt.Axis(labelAngle=-30)),
        xOffset=alt.XOffset("offer:N", sort=who),
        y=alt.Y("points:Q", title=text("points", lang)),
        color=alt.Color("offer:N", title=None, scale=scale, sort=who),
        tooltip=[alt.Tooltip("offer:N"), alt.Tooltip("part:N"), alt.Tooltip("points:Q", format=".1f")],
    ).properties(title=title, width=theme.WIDTH + 80, height=theme.HEIGHT)


def with_differences(result, picture, lang: str):
    """The dashboard's chart of a case result: its ``picture`` (or None) above the paired differences, themed."""
    parts = [p for p in (picture,) if p is not None]
    parts.append(difference_chart(result.comparison, result.case.metrics, lang, result_scenario(result, lang)))
    return theme.apply(alt.vconcat(*parts).resolve_scale(color="independent"))
