"""Case 02's picture: acquaintances, friends and confidants per 100 against the course's ranges, above
the tier mix month by month."""

from __future__ import annotations

import altair as alt
import pandas as pd

from sim.results import monthly_panel
from sim.viz import theme
from sim.viz.cases import result_scenario, stacked, variant_scale
from sim.viz.charts import tier_mix_chart
from sim.words import text

TIERS = ["acquaintances_per_100", "friends_per_100", "confidants_per_100"]


def tiers_per_100_chart(result, lang: str) -> alt.LayerChart:
    """Acquaintances, friends and confidants per 100 decision makers met (mean, 95% interval),
    with the course's ranges (≈50, ≈10, 3–5) as grey bands."""
    comp = result.comparison
    df = comp.summary[comp.summary["metric"].isin(TIERS)].copy()
    names = comp.strategies
    labels, scale = variant_scale(names, lang, comp.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    order = [text(m, lang) for m in TIERS]
    df["tier"] = df["metric"].map(dict(zip(TIERS, order)))
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


def picture(result, lang: str):
    """The tiers per 100 above the tier mix month by month (first replication)."""
    sc = result_scenario(result, lang)
    tiers = tier_mix_chart(stacked(result, monthly_panel), lang, sc).properties(title=text("charts_tiers", lang))
    return alt.vconcat(tiers_per_100_chart(result, lang), tiers).resolve_scale(color="independent")
