"""Case 12's picture (link 4): our delivered value, with the value the chain adds, and the competitor's."""

from __future__ import annotations

import altair as alt

from sim.economics import satisfaction
from sim.viz.cases import offer_bars
from sim.words import text


def picture(result, lang: str) -> alt.Chart:
    """Our offer with the chain's added value and the competitor's, part by part; the title gives the
    customer satisfaction the gap between them makes."""
    sc = result.scenarios["your_chain"]
    element = result.values["value_element"].removesuffix("_value")
    ours = sc.offer.model_copy(update={element: getattr(sc.offer, element) + result.values["value_points"]})
    sat = satisfaction(ours.delivered_value() - sc.competitor.offer.delivered_value())
    title = f"{text('chain_title', lang)} · {text('customer_satisfaction', lang)} {float(sat):.0%}"
    return offer_bars([("your_chain", ours, 0.0), ("theirs", sc.competitor.offer, 0.0)], lang, title,
                      ["#1f77b4", "#d62728"])
