"""Charts of the course's cases (the notebooks' dashboards), in English or Chinese.

:func:`case_chart` turns a :class:`sim.ui.cases.CaseResult` into one themed chart: the
case's own picture (dealer stock, tier ladder, funnel, public pool, whale curve, the
offer's values and costs, …) above the paired differences from the baseline with their
95% intervals. Every builder takes ``lang`` (default: the current language,
:func:`sim.set_language`) and labels every axis, legend and title in it.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from sim.case_measures import SHARES, dealer_months
from sim.economics import satisfaction
from sim.events import contacts
from sim.results import churn_by_cause, monthly_panel, whale_curve
from sim.ui.text import text
from sim.viz import theme
from sim.viz.charts import churn_cause_chart, comparison_chart, stage_area_chart, tier_mix_chart, whale_curve_chart
from sim.vocab import CUSTOMER, DORMANT, FUNCTIONS, STAGES, get_language

__all__ = ["case_chart", "churn_cause_chart_for", "difference_chart", "means_chart", "offer_chart", "chain_value_chart", "dealer_stock_chart",
           "tiers_per_100_chart", "function_chart", "funnel_chart", "pool_chart", "labelled_scenario"]


def _lang(lang: str | None) -> str:
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


def _result_scenario(result, lang: str):
    """The baseline scenario knowing every variant's custom strategy, labelled in ``lang``."""
    return labelled_scenario(result.comparison.scenario, lang, tuple(result.scenarios.values()))


def _variant_labels(names, lang, scenario) -> list[str]:
    return [text(n, lang, scenario) for n in names]


def _variant_scale(names, lang, scenario):
    labels = _variant_labels(names, lang, scenario)
    return labels, alt.Scale(domain=labels, range=theme.colours(list(names)))


def _fmt(metric: str) -> str:
    return ".0%" if metric in SHARES else "~s"


def difference_chart(comp, metrics, lang: str | None = None, scenario=None) -> alt.ConcatChart:
    """Each variant minus the baseline, per metric: the mean paired difference and its 95% interval.

    An interval that does not cross the dashed zero line is a difference the replications show.
    """
    lang = _lang(lang)
    sc = scenario or comp.scenario
    others = [s for s in comp.strategies if s != comp.baseline]
    labels, scale = _variant_scale(others, lang, sc)
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
    lang = _lang(lang)
    sc = labelled_scenario(scenario or comp.scenario, lang)
    charts = [comparison_chart(comp.summary, m, lang, sc) for m in metrics
              if (comp.summary["metric"] == m).any()]
    return alt.concat(*charts, columns=2)


def _stacked(result, table) -> pd.DataFrame:
    return pd.concat([table(r).assign(strategy=name) for name, r in result.results.items()], ignore_index=True)


OFFER_PARTS = [("product", "product_value", 1), ("service", "service_value", 1), ("personnel", "personnel_value", 1),
               ("image", "image_value", 1), ("price", "price_cost", -1), ("time", "time_cost", -1),
               ("energy", "energy_cost", -1), ("psychological", "psychological_cost", -1)]


def offer_chart(result, lang: str | None = None) -> alt.Chart:
    """The four values and four costs (Kotler) of the course's offer, the trainee's and the competitor's."""
    lang = _lang(lang)
    yours = result.scenarios["your_offer"]
    cut = result.values.get("price_cut_pct", 0.0) / 100.0
    offers = [("course_offer", result.scenarios["course_offer"].offer, 0.0), ("your_offer", yours.offer, cut),
              ("theirs", yours.competitor.offer, 0.0)]
    return _offer_bars(offers, lang, text("offer_title", lang), ["#8c564b", "#1f77b4", "#d62728"])


def chain_value_chart(result, lang: str | None = None) -> alt.Chart:
    """Case 12, link 4: our delivered value (with the value the chain adds) and the competitor's, part by
    part; the title gives the customer satisfaction the gap between them makes."""
    lang = _lang(lang)
    sc = result.scenarios["your_chain"]
    element = result.values["value_element"].removesuffix("_value")
    ours = sc.offer.model_copy(update={element: getattr(sc.offer, element) + result.values["value_points"]})
    sat = satisfaction(ours.delivered_value() - sc.competitor.offer.delivered_value())
    title = f"{text('chain_title', lang)} · {text('customer_satisfaction', lang)} {float(sat):.0%}"
    return _offer_bars([("your_chain", ours, 0.0), ("theirs", sc.competitor.offer, 0.0)], lang, title,
                       ["#1f77b4", "#d62728"])


def _offer_bars(offers, lang: str, title: str, colours: list[str]) -> alt.Chart:
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


def dealer_stock_chart(result, lang: str | None = None) -> alt.HConcatChart:
    """Dealers month by month, one line per variant: units sold per dealer per week, stock in weeks of
    those sales, and the share of the rep's calls they answered."""
    lang = _lang(lang)
    df = _stacked(result, dealer_months)
    names = list(result.results)
    labels, scale = _variant_scale(names, lang, result.comparison.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    charts = []
    for measure, form in (("weekly_sell_through", ".0f"), ("stock_cover", ".1f"), ("dealer_answer_rate", ".0%")):
        charts.append(alt.Chart(df).mark_line(point=True).encode(
            x=alt.X("month:Q", title=text("month", lang)),
            y=alt.Y(f"{measure}:Q", title=text(measure, lang), axis=alt.Axis(format=form)),
            color=alt.Color("variant:N", title=text("strategy", lang), scale=scale, sort=labels),
            tooltip=[alt.Tooltip("variant:N", title=text("strategy", lang)),
                     alt.Tooltip("month:Q", title=text("month", lang)),
                     alt.Tooltip(f"{measure}:Q", title=text(measure, lang), format=form)],
        ).properties(width=theme.WIDTH * 0.55, height=theme.HEIGHT * 0.8))
    return alt.hconcat(*charts).properties(title=text("dealer_month_title", lang))


def tiers_per_100_chart(result, lang: str | None = None) -> alt.LayerChart:
    """Acquaintances, friends and confidants per 100 decision makers met (mean, 95% interval),
    with the course's ranges (≈50, ≈10, 3–5) as grey bands."""
    lang = _lang(lang)
    comp = result.comparison
    metrics = ["acquaintances_per_100", "friends_per_100", "confidants_per_100"]
    df = comp.summary[comp.summary["metric"].isin(metrics)].copy()
    names = comp.strategies
    labels, scale = _variant_scale(names, lang, comp.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    order = [text(m, lang) for m in metrics]
    df["tier"] = df["metric"].map(dict(zip(metrics, order)))
    course = pd.DataFrame({"tier": order, "lo": [40, 7, 3], "hi": [60, 14, 5]})
    band = alt.Chart(course).mark_bar(color="#dddddd", opacity=0.8).encode(
        y=alt.Y("tier:N", sort=order, title=None), x=alt.X("lo:Q", title=None), x2="hi:Q",
        tooltip=[alt.Tooltip("tier:N"), alt.Tooltip("lo:Q", title=text("course_range", lang)), "hi:Q"])
    base = alt.Chart(df).encode(y=alt.Y("tier:N", sort=order, title=None),
                                yOffset=alt.YOffset("variant:N", sort=labels),
                                color=alt.Color("variant:N", title=text("strategy", lang), scale=scale, sort=labels))
    rule = base.mark_rule(strokeWidth=3).encode(x=alt.X("low:Q", title=text("accounts", lang)), x2="high:Q")
    point = base.mark_point(filled=True, size=70).encode(
        x="mean:Q", tooltip=[alt.Tooltip("variant:N"), alt.Tooltip("mean:Q", format=".1f"),
                             alt.Tooltip("low:Q", format=".1f"), alt.Tooltip("high:Q", format=".1f")])
    return (band + rule + point).properties(title=text("tiers_per_100_title", lang), width=theme.WIDTH,
                                            height=theme.SMALL_HEIGHT)


def function_chart(result, lang: str | None = None) -> alt.Chart:
    """Contacts with customers by contact function, per variant (first replication)."""
    lang = _lang(lang)
    rows = []
    for name, res in result.results.items():
        c = contacts(res.events)
        counts = np.bincount(c.function[c.stage == CUSTOMER].astype(int), minlength=len(FUNCTIONS))
        rows += [{"strategy": name, "function": f, "contacts": int(c)} for f, c in zip(FUNCTIONS, counts)]
    df = pd.DataFrame(rows)
    df = df[df["contacts"] > 0]
    names = list(result.results)
    labels, _ = _variant_scale(names, lang, result.comparison.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    present = [f for f in FUNCTIONS if f in set(df["function"])]
    flabels = [text(f, lang) for f in present]
    df["function"] = df["function"].map(dict(zip(present, flabels)))
    colours = ["#fdae6b", "#6baed6", "#d62728", "#31a354", "#9e9ac8", "#08519c"]
    scale = alt.Scale(domain=flabels, range=[colours[FUNCTIONS.index(f)] for f in present])
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("variant:N", title=None, sort=labels),
        x=alt.X("contacts:Q", title=text("contacts", lang)),
        color=alt.Color("function:N", title=text("functions_title", lang).split("(")[0].split("（")[0].strip(),
                        scale=scale, sort=flabels),
        tooltip=[alt.Tooltip("variant:N"), alt.Tooltip("function:N"), "contacts:Q"],
    ).properties(title=text("functions_title", lang), width=theme.WIDTH, height=max(60, 30 * len(labels)))


def funnel_chart(result, lang: str | None = None) -> alt.Chart:
    """Accounts at each lifecycle stage at the end of the run, per variant (a funnel read top-down)."""
    lang = _lang(lang)
    panel = _stacked(result, monthly_panel)
    last = panel[panel["month"] == panel["month"].max()]
    df = last.assign(stage=last["stage"].astype(str)).groupby(["strategy", "stage"], as_index=False)["accounts"].sum()
    names = list(result.results)
    labels, scale = _variant_scale(names, lang, result.comparison.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    order = [text(s, lang) for s in STAGES]
    df["stage"] = df["stage"].map(dict(zip(STAGES, order)))
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("stage:N", title=text("stage", lang), sort=order),
        yOffset=alt.YOffset("variant:N", sort=labels),
        x=alt.X("accounts:Q", title=text("accounts", lang)),
        color=alt.Color("variant:N", title=text("strategy", lang), scale=scale, sort=labels),
        tooltip=[alt.Tooltip("variant:N"), alt.Tooltip("stage:N"), "accounts:Q"],
    ).properties(title=text("funnel_title", lang), width=theme.WIDTH, height=theme.HEIGHT)


def pool_chart(result, lang: str | None = None) -> alt.Chart:
    """Accounts in the public pool (dormant) month by month, one line per variant."""
    lang = _lang(lang)
    panel = _stacked(result, monthly_panel)
    pool = panel[panel["stage"].astype(str) == STAGES[DORMANT]]
    df = pool.groupby(["strategy", "month"], as_index=False)["accounts"].sum()
    names = list(result.results)
    labels, scale = _variant_scale(names, lang, result.comparison.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    return alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("month:Q", title=text("month", lang)),
        y=alt.Y("accounts:Q", title=text("accounts", lang)),
        color=alt.Color("variant:N", title=text("strategy", lang), scale=scale, sort=labels),
        tooltip=[alt.Tooltip("variant:N"), "month:Q", "accounts:Q"],
    ).properties(title=text("pool_title", lang), width=theme.WIDTH, height=theme.HEIGHT)


def _case_picture(result, lang: str):
    """The case's own chart(s), above the differences."""
    key = result.case.key
    sc = _result_scenario(result, lang)
    if key == "00_tour":
        return stage_area_chart(_stacked(result, monthly_panel), lang, sc).properties(
            title=text("charts_stages", lang))
    if key == "01_delivered_value":
        return offer_chart(result, lang)
    if key == "02_relationship_tiers":
        tiers = tier_mix_chart(_stacked(result, monthly_panel), lang, sc).properties(title=text("charts_tiers", lang))
        return alt.vconcat(tiers_per_100_chart(result, lang), tiers).resolve_scale(color="independent")
    if key == "03_dealer_phone":
        return dealer_stock_chart(result, lang)
    if key == "04_store_care":
        return function_chart(result, lang)
    if key == "05_three_stages":
        return funnel_chart(result, lang)
    if key == "06_public_pool":
        return pool_chart(result, lang)
    if key == "07_value_segmentation":
        return whale_curve_chart(_stacked(result, whale_curve), lang, sc).properties(title=text("charts_whale", lang))
    if key == "12_relationship_chain":
        return chain_value_chart(result, lang)
    if key == "08_strategy_lab":
        metric = result.values.get("metric", "profit_total")
        return alt.hconcat(comparison_chart(result.comparison.summary, metric, lang, sc),
                           churn_cause_chart_for(result, lang, sc)).resolve_scale(color="independent")
    return None


def churn_cause_chart_for(result, lang: str, scenario=None):
    """Why customers left, per variant (first replication)."""
    return churn_cause_chart(_stacked(result, churn_by_cause), lang, scenario).properties(
        title=text("charts_churn", lang))


def case_chart(result, lang: str | None = None):
    """The dashboard's chart of a case result: its picture above the paired differences, themed."""
    lang = _lang(lang)
    comp = result.comparison
    parts = [p for p in (_case_picture(result, lang),) if p is not None]
    parts.append(difference_chart(comp, result.case.metrics, lang, _result_scenario(result, lang)))
    return theme.apply(alt.vconcat(*parts).resolve_scale(color="independent"))

