"""Altair charts of CRM Dojo results (imported by reports and notebooks, never by ``sim`` itself).

Every builder takes tidy DataFrames from :mod:`sim.results` / :mod:`sim.experiment` and a
language ('en' or 'zh'); frames with a ``strategy`` column are drawn per strategy.
"""

from __future__ import annotations

from sim.viz import offline
from sim.viz.charts import (
    churn_cause_chart, comparison_chart, gain_chart, stage_area_chart, sweep_chart, tier_mix_chart, whale_curve_chart,
)
from sim.viz.ladder import cycle_effort_chart, ladder_chart
from sim.viz.theme import apply as apply_theme
from sim.viz.theme import enable as enable_theme


def save_chart(chart, path, scale: float = 2.0):
    """Write ``chart`` as PNG or SVG (by the suffix of ``path``), offline, with readable Chinese."""
    return offline.save_chart(chart, path, scale)


def enable_offline(mode: str = "svg") -> None:
    """Theme + offline renderer for a notebook: charts draw with no internet
    ('svg': drawn in the kernel, the default; 'html': vega JavaScript inline, with tooltips)."""
    offline.enable(mode)

__all__ = [
    "apply_theme", "churn_cause_chart", "comparison_chart", "enable_offline", "enable_theme", "gain_chart",
    "save_chart", "stage_area_chart", "sweep_chart",
    "tier_mix_chart", "whale_curve_chart",
    "cycle_effort_chart", "ladder_chart",
]
