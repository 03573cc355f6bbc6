"""Case 00's picture: accounts by lifecycle stage, month by month, per variant."""

from __future__ import annotations

from sim.results import monthly_panel
from sim.viz.cases import result_scenario, stacked
from sim.viz.charts import stage_area_chart
from sim.words import text


def picture(result, lang: str):
    """The stages each variant's accounts are in, month by month (first replication)."""
    return stage_area_chart(stacked(result, monthly_panel), lang, result_scenario(result, lang)).properties(
        title=text("charts_stages", lang))
