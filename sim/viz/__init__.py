"""Altair charts of CRM Dojo results (imported by reports and notebooks, never by ``sim`` itself).

Every builder takes tidy DataFrames from :mod:`sim.results` / :mod:`sim.experiment` and a
language ('en' or 'zh'); frames with a ``strategy`` column are drawn per strategy.
"""

from __future__ import annotations

from sim.viz.charts import (
    churn_cause_chart, comparison_chart, stage_area_chart, sweep_chart, tier_mix_chart, whale_curve_chart,
)
from sim.viz.theme import apply as apply_theme
from sim.viz.theme import enable as enable_theme

__all__ = [
    "apply_theme", "churn_cause_chart", "comparison_chart", "enable_theme", "stage_area_chart", "sweep_chart",
    "tier_mix_chart", "whale_curve_chart",
]
