"""Case 01's picture: the four values and four costs (Kotler) of the course's offer, the trainee's and
the competitor's."""

from __future__ import annotations

import altair as alt

from sim.viz.cases import offer_bars
from sim.words import text


def picture(result, lang: str) -> alt.Chart:
    """Each offer's values, costs and delivered value, part by part."""
    yours = result.scenarios["your_offer"]
    cut = result.values.get("price_cut_pct", 0.0) / 100.0
    offers = [("course_offer", result.scenarios["course_offer"].offer, 0.0), ("your_offer", yours.offer, cut),
              ("theirs", yours.competitor.offer, 0.0)]
    return offer_bars(offers, lang, text("offer_title", lang), ["#8c564b", "#1f77b4", "#d62728"])

