"""Case 13's picture: total profit as today and with customers 5% more satisfied, against twice today's."""

from __future__ import annotations

import altair as alt
import pandas as pd

from sim.viz.cases import result_scenario
from sim.viz.charts import comparison_chart
from sim.words import text

DOUBLED = "#d62728"  # the "profit doubles" line, as in sim.viz.satisfaction's chart


def picture(result, lang: str) -> alt.LayerChart:
    """Each variant's total profit (mean, 95% interval) and a dashed line at twice today's: profit doubles
    where the 5%-more-satisfied point reaches it."""
    s = result.comparison.summary
    today = float(s[(s["strategy"] == "as_today") & (s["metric"] == "profit_total")]["mean"].iloc[0])
    means = comparison_chart(s, "profit_total", lang, result_scenario(result, lang))
    line = alt.Chart(pd.DataFrame({"x": [2.0 * today], "label": [text("twice_today", lang)]})).encode(x="x:Q")
    rule = line.mark_rule(strokeDash=[4, 4], color=DOUBLED)
    note = line.mark_text(align="left", dx=4, dy=-4, color=DOUBLED, fontSize=11).encode(text="label:N",
                                                                                           y=alt.value(0))
    return (means + rule + note).properties(title=text("sat_profit_title", lang))
