"""Case 04's picture: contacts with customers by contact function, per variant."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from sim.events import contacts
from sim.viz import theme
from sim.viz.cases import variant_scale
from sim.vocab import CUSTOMER, FUNCTIONS
from sim.words import text

COLOURS = ["#fdae6b", "#6baed6", "#d62728", "#31a354", "#9e9ac8", "#08519c"]  # one per contact function


def _counts(result) -> pd.DataFrame:
    """Contacts with customers per (variant, function), first replication; functions never used left out."""
    rows = []
    for name, res in result.results.items():
        c = contacts(res.events)
        counts = np.bincount(c.function[c.stage == CUSTOMER].astype(int), minlength=len(FUNCTIONS))
        rows += [{"strategy": name, "function": f, "contacts": int(c)} for f, c in zip(FUNCTIONS, counts)]
    df = pd.DataFrame(rows)
    return df[df["contacts"] > 0]


def picture(result, lang: str) -> alt.Chart:
    """Stacked bars: each variant's customer contacts, coloured by function."""
    df = _counts(result)
    names = list(result.results)
    labels, _ = variant_scale(names, lang, result.comparison.scenario)
    df["variant"] = df["strategy"].map(dict(zip(names, labels)))
    present = [f for f in FUNCTIONS if f in set(df["function"])]
    flabels = [text(f, lang) for f in present]
    df["function"] = df["function"].map(dict(zip(present, flabels)))
    scale = alt.Scale(domain=flabels, range=[COLOURS[FUNCTIONS.index(f)] for f in present])
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("variant:N", title=None, sort=labels),
        x=alt.X("contacts:Q", title=text("contacts", lang)),
        color=alt.Color("function:N", title=text("functions_title", lang).split("(")[0].split("（")[0].strip(),
                        scale=scale, sort=flabels),
        tooltip=[alt.Tooltip("variant:N"), alt.Tooltip("function:N"), "contacts:Q"],
    ).properties(title=text("functions_title", lang), width=theme.WIDTH, height=max(60, 30 * len(labels)))
