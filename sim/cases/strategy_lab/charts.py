"""Case 08's picture: the chosen metric per strategy (mean, 95% interval) beside why customers left."""

from __future__ import annotations

import altair as alt

from sim.results import churn_by_cause
from sim.viz.cases import result_scenario, stacked
from sim.viz.charts import churn_cause_chart, comparison_chart
from sim.words import text


def picture(result, lang: str):
    """The lab's metric per strategy, and the causes of churn per strategy (first replication)."""
    sc = result_scenario(result, lang)
    metric = result.values.get("metric", "profit_total")
    means = comparison_chart(result.comparison.summary, metric, lang, sc)
    churn = churn_cause_chart(stacked(result, churn_by_cause), lang, sc).properties(title=text("charts_churn", lang))
    return alt.hconcat(means, churn).resolve_scale(color="independent")
