"""Case 06's picture: accounts in the public pool month by month, per variant."""

from __future__ import annotations

import altair as alt

from sim.results import monthly_panel
from sim.viz import theme
from sim.viz.cases import stacked, variant_scale
from sim.vocab import DORMANT, STAGES
from sim.words import text


def picture(result, lang: str) -> alt.Chart:
    """Accounts in the public pool (dormant) month by month, one line per variant."""
    panel = stacked(result, monthly_panel)
    pool = panel[panel["stage"].astype(str) == STAGES[DORMANT]]
    df = pool.groupby(["strategy", "month"], as_index=False)["accounts"].sum()
    names = list(result.results)
    labels, scale = variant_scale(names, lang, result.comparison.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    return alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("month:Q", title=text("month", lang)),
        y=alt.Y("accounts:Q", title=text("accounts", lang)),
        color=alt.Color("variant:N", title=text("strategy", lang), scale=scale, sort=labels),
        tooltip=[alt.Tooltip("variant:N"), "month:Q", "accounts:Q"],
    ).properties(title=text("pool_title", lang), width=theme.WIDTH, height=theme.HEIGHT)
