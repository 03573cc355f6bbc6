"""The backtest as one offline HTML page: the table and the cumulative-transactions chart.

Uses the comparison report's machinery (:mod:`sim.report`): the same inline vega bundle,
theme and style, so the file opens without a network.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

import altair as alt
import pandas as pd

import sim
from sim.calibration import backtest as bt_module
from sim.calibration.backtest import Backtest
from sim.io import write_atomic
from sim.report import CSS
from sim.viz.html import js_in_script, page_chart, vega_bundle

__all__ = ["cumulative_chart", "format_table", "html_table", "render", "write"]

SERIES = {"actual": "actual", "simulation": "calibrated simulation", "bgnbd": "BG/NBD reference"}
COLOURS = ["#222222", "#1f77b4", "#ff7f0e"]
DASHES = [[1, 0], [1, 0], [6, 3]]  # the reference dashed


def cumulative_chart(weekly: pd.DataFrame):
    """Cumulative holdout transactions by week: actual, simulation (with its band) and BG/NBD."""
    long = weekly.melt("week", list(SERIES), "series", "transactions").replace({"series": SERIES})
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(SERIES.values()), range=COLOURS))
    x = alt.X("week:Q", title="week of the holdout period")
    band = alt.Chart(weekly).mark_area(opacity=0.2, color=COLOURS[1]).encode(
        x=x, y="simulation_low:Q", y2="simulation_high:Q")
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=x, y=alt.Y("transactions:Q", title="cumulative repeat transactions"), color=colour,
        strokeDash=alt.StrokeDash("series:N", legend=None, scale=alt.Scale(domain=list(SERIES.values()), range=DASHES)),
        tooltip=["week", "series", alt.Tooltip("transactions:Q", format=",.0f")])
    return (band + lines).properties(width=640, height=320, title="Holdout: predicted vs actual")


def format_table(bt: Backtest) -> pd.DataFrame:
    """The backtest table as text: simulation as 'mean [2.5%, 97.5%]'."""
    def num(v, corr):
        return "" if pd.isna(v) else (f"{v:.3f}" if corr else f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}")

    rows = []
    for r in bt.table.itertuples(index=False):
        corr = "correlation" in r.measure or "error" in r.measure
        band = "" if pd.isna(r.simulation_low) else f" [{num(r.simulation_low, corr)}, {num(r.simulation_high, corr)}]"
        actual = "" if r.measure.startswith("per-customer") else num(r.actual, corr)
        rows.append((r.measure, actual, num(r.simulation, corr) + band, num(r.bgnbd, corr)))
    return pd.DataFrame(rows, columns=["", "actual", "simulation [95% of replications]", "BG/NBD"])


def html_table(df: pd.DataFrame) -> str:
    """``df`` as an escaped HTML table (the first column left-aligned)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    cells = ("".join(f"<td>{html.escape(str(v))}</td>" for v in row) for row in df.itertuples(index=False))
    body = "".join(f"<tr>{c}</tr>" for c in cells)
    return f'<table class="results"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def render(bt: Backtest) -> str:
    """The page as an HTML string."""
    cal, esc = bt.calibration, html.escape
    meta = (f"{esc(Path(cal.source).name)} · calibration {cal.start:%Y-%m-%d} to {cal.end:%Y-%m-%d} "
            f"({cal.customers:,} customers) · holdout to {bt.holdout_end:%Y-%m-%d} ({bt.weeks:.1f} weeks) · "
            f"{len(bt.seeds)} replications of {bt.sim_accounts:,} simulated accounts · sim {sim.__version__} · "
            f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    note = " ".join((bt_module.__doc__ or "").split("\n\n", 1)[-1].split())
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Backtest: {esc(Path(cal.source).name)}</title>\n<style>{CSS}</style>\n"
        f'<script type="text/javascript">\n{js_in_script(vega_bundle())}\n</script>\n</head>\n<body>\n'
        f"<h1>Backtest of a calibrated scenario</h1>\n<p class=\"meta\">{meta}</p>\n"
        f"<h2>Predicted vs actual</h2>\n{html_table(format_table(bt))}\n<p class=\"note\">{esc(note)}</p>\n"
        f"<h2>Cumulative repeat transactions in the holdout</h2>\n{page_chart(cumulative_chart(bt.weekly), 0)}\n"
        "</body>\n</html>\n"
    )


def write(bt: Backtest, path: str | Path) -> Path:
    """Write the page atomically."""
    return write_atomic(path, render(bt))
