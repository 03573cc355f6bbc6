"""Charts of the third text's frames: Payne's loyalty ladder and the customer management cycle.

``ladder_chart`` takes :func:`sim.ladder.ladder_panel` frames, ``cycle_effort_chart``
:func:`sim.cycle.cycle_effort` frames (either may carry a ``strategy`` column: one
panel or bar per strategy). Labels are in ``lang`` ('en' or 'zh').
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from sim.viz import theme
from sim.viz.charts import bar_rows, month_area_chart
from sim.vocab import CYCLE, LADDER, label

__all__ = ["ladder_chart", "cycle_effort_chart", "LADDER_COLOURS", "CYCLE_COLOURS"]

#: rungs from pale (prospect) to dark (partner); lapsed in grey
LADDER_COLOURS = dict(zip(LADDER, ("#deebf7", "#9ecae1", "#6baed6", "#41ab5d", "#238b45", "#00441b", "#bdbdbd")))
CYCLE_COLOURS = dict(zip(CYCLE, ("#6baed6", "#9467bd", "#2ca02c", "#ff7f0e")))


def _labelled(df: pd.DataFrame, column: str, codes: tuple[str, ...], colours: dict[str, str], lang: str):
    """Codes in ``column`` → labels (all codes kept, in order); the frame, colour scale and order."""
    labels = [label(c, lang) for c in codes]
    df = df.assign(**{column: df[column].astype(str).map(dict(zip(codes, labels)))})
    df[f"{column}_rank"] = df[column].map({s: i for i, s in enumerate(labels)})
    return df, alt.Scale(domain=labels, range=[colours[c] for c in codes]), labels


def ladder_chart(panel: pd.DataFrame, lang: str = "en", scenario=None) -> alt.Chart:
    """Accounts on each rung of the loyalty ladder, month by month (stacked; one panel per strategy)."""
    return month_area_chart(panel, "rung", lambda df: _labelled(df, "rung", LADDER, LADDER_COLOURS, lang), lang,
                            scenario, title=label("charts_ladder", lang))


def cycle_effort_chart(effort: pd.DataFrame, measure: str = "hours", lang: str = "en",
                       scenario=None) -> alt.Chart:
    """Share of ``measure`` ('hours' or 'money') spent on each cycle step (one bar per strategy)."""
    if measure not in ("hours", "money"):
        raise ValueError(f"measure must be 'hours' or 'money', got {measure!r}")
    keys = [k for k in ("strategy", "step") if k in effort]
    df = effort.assign(step=effort["step"].astype(str)).groupby(keys, sort=False)[measure].sum().reset_index()
    df, colour, step_order = _labelled(df, "step", CYCLE, CYCLE_COLOURS, lang)
    tip = [alt.Tooltip("step:N", title=label("cycle_step", lang)),
           alt.Tooltip(f"{measure}:Q", title=label(measure, lang), format=",.0f")]
    df, y, height = bar_rows(df, "step", step_order, tip, lang, scenario)
    return alt.Chart(df).mark_bar().encode(
        x=alt.X(f"sum({measure}):Q", stack="normalize", title=f"{label(measure, lang)} ({label('share', lang)})",
                axis=alt.Axis(format="%")),
        y=y, color=alt.Color("step:N", title=label("cycle_step", lang), scale=colour, sort=step_order),
        order=alt.Order("step_rank:Q"), tooltip=tip,
    ).properties(title=label("charts_cycle", lang), width=theme.WIDTH, height=height)
