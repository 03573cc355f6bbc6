"""Case 03's picture: the dealers month by month, one line per variant."""

from __future__ import annotations

import altair as alt

from sim.case_measures import dealer_months
from sim.viz import theme
from sim.viz.cases import stacked, variant_scale
from sim.words import text

MEASURES = (("weekly_sell_through", ".0f"), ("stock_cover", ".1f"), ("dealer_answer_rate", ".0%"))


def picture(result, lang: str) -> alt.HConcatChart:
    """Units sold per dealer per week, stock in weeks of those sales, and the share of the rep's
    calls the dealers answered."""
    df = stacked(result, dealer_months)
    names = list(result.results)
    labels, scale = variant_scale(names, lang, result.comparison.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    charts = []
    for measure, form in MEASURES:
        charts.append(alt.Chart(df).mark_line(point=True).encode(
            x=alt.X("month:Q", title=text("month", lang)),
            y=alt.Y(f"{measure}:Q", title=text(measure, lang), axis=alt.Axis(format=form)),
            color=alt.Color("variant:N", title=text("strategy", lang), scale=scale, sort=labels),
            tooltip=[alt.Tooltip("variant:N", title=text("strategy", lang)),
                     alt.Tooltip("month:Q", title=text("month", lang)),
                     alt.Tooltip(f"{measure}:Q", title=text(measure, lang), format=form)],
        ).properties(width=theme.WIDTH * 0.55, height=theme.HEIGHT * 0.8))
    return alt.hconcat(*charts).properties(title=text("dealer_month_title", lang))
