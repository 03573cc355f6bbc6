"""Case 07's picture: the whale curve of each variant's customers."""

from __future__ import annotations

from sim.results import whale_curve
from sim.viz.cases import result_scenario, stacked
from sim.viz.charts import whale_curve_chart
from sim.words import text


def picture(result, lang: str):
    """Cumulative profit over customers ranked by profit (first replication)."""
    return whale_curve_chart(stacked(result, whale_curve), lang, result_scenario(result, lang)).properties(
        title=text("charts_whale", lang))
