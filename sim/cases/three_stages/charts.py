"""Case 05's picture: the funnel at the end of the run, per variant."""

from __future__ import annotations

import altair as alt

from sim.results import monthly_panel
from sim.viz import theme
from sim.viz.cases import stacked, variant_scale
from sim.vocab import STAGES
from sim.words import text


def picture(result, lang: str) -> alt.Chart:
    """Accounts at each lifecycle stage at the end of the run, per variant (a funnel read top-down)."""
    panel = stacked(result, monthly_panel)
    last = panel[panel["month"] == panel["month"].max()]
    df = last.assign(stage=last["stage"].astype(str)).groupby(["strategy", "stage"], as_index=False)["accounts"].sum()
    names = list(result.results)
    labels, scale = variant_scale(names, lang, result.comparison.scenario)
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
