"""The fit report as one offline HTML page, in English and Chinese (Traditional).

Warnings first, then the parameters with standard errors, the period-transactions plot
(and calibration vs holdout after a backtest), probability alive by frequency and recency,
spend and CLV per customer. Same inline vega bundle, theme and style as the comparison
report (:mod:`sim.report`), so the file opens without a network.
"""

from __future__ import annotations

import html
import math
from datetime import datetime, timezone
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

import sim
from sim.calibration.fit import ASSUMED_MARGIN
from sim.calibration.gammagamma import positive_definite
from sim.calibration.page import html_table
from sim.calibration.readers import clip
from sim.calibration.report import POOR_FIT_Z, FitReport
from sim.io import write_atomic
from sim.report import html_page, sections

__all__ = ["alive_chart", "holdout_chart", "period_chart", "render", "write"]

TOP = 20  # customers listed by CLV
WARN_CSS = ".warn{background:#fff3f0;border-left:4px solid #c33;padding:.6em 1em;max-width:60em}"


def _t(en: str, zh: str) -> str:
    return f"{en} · {zh}"


def period_chart(period: pd.DataFrame):
    """Customers by repeat transactions: observed vs the fitted model (lifetimes' plot_period_transactions)."""
    names = {"observed": _t("observed", "實際"), "model": _t("BG/NBD model", "BG/NBD 模型")}
    long = period.melt("frequency", list(names), "series", "customers").replace({"series": names})
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("frequency:N", sort=list(period["frequency"]), title=_t("repeat transactions", "重複購買次數")),
        xOffset=alt.XOffset("series:N", sort=list(names.values())),
        y=alt.Y("customers:Q", title=_t("customers", "客戶數")),
        color=alt.Color("series:N", title=None, sort=list(names.values()),
                        scale=alt.Scale(range=["#222222", "#1f77b4"])),
        tooltip=["frequency", "series", alt.Tooltip("customers:Q", format=",.0f")],
    ).properties(width=560, height=260, title=_t("Frequency in the calibration period", "校準期購買頻率"))


def holdout_chart(holdout: pd.DataFrame):
    """Mean holdout transactions by calibration frequency: actual, BG/NBD, simulation."""
    names = {"actual": _t("actual", "實際"), "bgnbd": "BG/NBD", "simulation": _t("simulation", "模擬")}
    long = holdout.melt(["frequency", "customers"], list(names), "series", "mean").replace({"series": names})
    return alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("frequency:N", sort=list(holdout["frequency"]), title=_t("repeat transactions in calibration", "校準期重複購買次數")),
        y=alt.Y("mean:Q", title=_t("mean transactions in the holdout", "驗證期平均購買次數")),
        color=alt.Color("series:N", title=None, sort=list(names.values()),
                        scale=alt.Scale(range=["#222222", "#ff7f0e", "#1f77b4"])),
        tooltip=["frequency", "series", alt.Tooltip("mean:Q", format=".2f"), "customers"],
    ).properties(width=560, height=260, title=_t("Calibration vs holdout", "校準期與驗證期"))


def alive_chart(alive: pd.DataFrame, weeks: float):
    """P(alive) heatmap by repeat transactions and recency (lifetimes' plot_probability_alive_matrix)."""
    ticks = sorted(alive["t_x"].unique())[:: max(1, len(alive["t_x"].unique()) // 6)]
    return alt.Chart(alive).mark_rect().encode(
        x=alt.X("t_x:O", title=_t("weeks from first to last purchase (recency)", "首購至末購週數（近期性）"),
                axis=alt.Axis(values=ticks, format=".0f", labelAngle=0)),
        y=alt.Y("x:O", sort="descending", title=_t("repeat transactions", "重複購買次數")),
        color=alt.Color("p_alive:Q", title=_t("P(alive)", "仍活躍機率"), scale=alt.Scale(domain=[0, 1], scheme="viridis")),
        tooltip=["x", alt.Tooltip("t_x:Q", format=".1f"), alt.Tooltip("p_alive:Q", format=".2f")],
    ).properties(width=560, height=300,
                 title=_t(f"Probability alive after {weeks:.0f} weeks", f"觀察 {weeks:.0f} 週後仍活躍的機率"))


def _pm(value: float, se: float) -> str:
    return f"{value:.4g} ± {se:.2g}" if np.isfinite(se) else f"{value:.4g} (—)"


def _parameters(rep: FitReport) -> pd.DataFrame:
    """Every fitted value with its standard error."""
    cal, m = rep.calibration, rep.calibration.model
    usable = positive_definite(m.cov_log)  # else the clipped variances would read as '± 0'
    se = m.se if usable else dict.fromkeys(m.se, math.nan)

    def derived(value_se):
        return _pm(value_se[0], value_se[1] if usable else math.nan)

    rows = [(_t("BG/NBD purchase rate shape", "購買率形狀"), "r", _pm(m.r, se["r"])),
            (_t("BG/NBD purchase rate scale (weeks)", "購買率尺度（週）"), "alpha", _pm(m.alpha, se["alpha"])),
            (_t("BG/NBD dropout", "流失"), "a", _pm(m.a, se["a"])),
            (_t("BG/NBD dropout", "流失"), "b", _pm(m.b, se["b"])),
            (_t("mean purchase rate per week", "每週平均購買率"), "r/alpha", derived(m.mean_rate())),
            (_t("mean dropout after a purchase", "購買後平均流失機率"), "a/(a+b)", derived(m.mean_dropout()))]
    rows += _spend_rows(rep.spend) if rep.spend is not None else []
    ses = cal.standard_errors()
    rows += [(_t("scenario value", "情境參數"), f"market.{k}", _pm(v, ses.get(k, math.nan)))
             for k, v in cal.match.market.items()]
    return pd.DataFrame(rows, columns=[_t("what", "項目"), _t("parameter", "參數"), _t("value ± s.e.", "估計值 ± 標準誤")])


def _spend_rows(sp) -> list[tuple[str, str, str]]:
    """The Gamma-Gamma spend model's parameters with their standard errors, and its mean spend."""
    return [*((_t("Gamma-Gamma spend", "消費金額模型"), k, _pm(getattr(sp, k), sp.se[k])) for k in ("p", "q", "gamma")),
            (_t("mean spend per transaction", "每筆平均消費"), "p·gamma/(q−1)", f"{sp.mean_spend:,.2f}")]


def _pilot(rep: FitReport) -> pd.DataFrame | None:
    cal = rep.calibration
    if not cal.match.steps:
        return None
    last, m = cal.match.steps[-1].fitted, cal.model
    rows = [(_t("mean rate per week", "每週平均購買率"), f"{last.mean_rate:.4g}", _pm(*m.mean_rate())),
            (_t("rate CV", "購買率變異係數"), f"{last.cv:.3g}", _pm(*m.rate_cv())),
            (_t("mean dropout", "平均流失機率"), f"{last.dropout:.3g}", _pm(*m.mean_dropout()))]
    return pd.DataFrame(rows, columns=["", _t("last pilot refit", "最後一次模擬試算"), _t("data", "資料")])


def _customers(rep: FitReport) -> pd.DataFrame:
    c = rep.customers.sort_values("clv", ascending=False).head(TOP)
    money = lambda v: "" if not np.isfinite(v) else f"{v:,.0f}"  # noqa: E731
    return pd.DataFrame({
        _t("customer", "客戶"): [clip(i, 24) for i in c.index],
        _t("repeat", "重複購買"): c["x"].to_numpy(),
        _t("P(alive)", "活躍機率"): [f"{v:.2f}" for v in c["p_alive"]],
        _t(f"next {rep.horizon_weeks} wk", f"未來 {rep.horizon_weeks} 週"): [f"{v:.2f}" for v in c["transactions"]],
        _t("spend each", "每筆消費"): [money(v) for v in c["spend"]],
        _t("CLV [95%]", "終身價值"): [f"{money(v)} [{money(lo)}, {money(hi)}]"
                                             for v, lo, hi in zip(c["clv"], c["clv_low"], c["clv_high"])],
    })


NO_WARNING = _t("No warnings: no parameter at a bound, the pilot refit agrees with the data.",
                "沒有警告：參數未觸及邊界，模擬試算與資料一致。")


def _note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def _warnings_html(rep: FitReport) -> str:
    if not rep.warnings:
        return _note(NO_WARNING)
    items = "".join(f"<li>{html.escape(en)}<br>{html.escape(zh)}</li>" for en, zh in rep.warnings)
    head = _t("Warning: do not use this book before you have read this", "警告：使用此情境前請先閱讀")
    tail = _t("calibrate exits with code 3 unless --accept-poor-fit is given.",
              "未加 --accept-poor-fit 時 calibrate 以代碼 3 結束。")
    return f'<div class="warn"><b>{html.escape(head)}</b><ul>{items}</ul>{html.escape(tail)}</div>'


def _clv_note(rep: FitReport) -> str:
    total = np.nansum(rep.customers["clv"].to_numpy())
    return _note(
        f"CLV = expected transactions in the next {rep.horizon_weeks} weeks (BG/NBD) × expected spend per "
        f"transaction (Gamma-Gamma) × margin {ASSUMED_MARGIN} (assumed), undiscounted; [95%] from {rep.draws} "
        f"parameter draws (parameter uncertainty only). All customers: {total:,.0f}. "
        f"顧客終身價值 = 未來 {rep.horizon_weeks} 週預期購買次數 × 預期每筆消費 × 毛利率 {ASSUMED_MARGIN}（假設值）。")


def _pilot_html(rep: FitReport) -> list[str]:
    """The pilot refit's table and its note (nothing without a pilot)."""
    pilot = _pilot(rep)
    if pilot is None:
        return []
    return [html_table(pilot), _note(f"The pilot refit must be within {POOR_FIT_Z:g} standard errors of the "
                                     "difference (the data's s.e. widened for the pilot size). "
                                     f"模擬試算須在差異的 {POOR_FIT_Z:g} 個標準誤以內。")]


def _charts(rep: FitReport) -> list[tuple[str, object]]:
    """(title, chart) pairs: repeat transactions, calibration vs holdout (when there is one), probability alive."""
    charts = [("Repeat transactions: observed vs model · 重複購買：實際與模型", period_chart(rep.period))]
    if rep.holdout is not None:
        charts.append(("Calibration vs holdout · 校準期與驗證期", holdout_chart(rep.holdout)))
    cal = rep.calibration
    return charts + [("Probability alive · 仍活躍機率", alive_chart(rep.alive, float(cal.summary["T"].max())))]


def render(rep: FitReport) -> str:
    """The page as an HTML string."""
    cal, esc = rep.calibration, html.escape
    name = esc(Path(cal.source).name)
    meta = (f"{name} · {cal.start:%Y-%m-%d} – {cal.end:%Y-%m-%d} ({cal.weeks:.1f} weeks · 週) · "
            f"{cal.customers:,} customers · 客戶 · {cal.transactions:,} transactions · 交易 · sim {sim.__version__} · "
            f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    parts = [f"<style>{WARN_CSS}</style>", f"<h1>{esc(_t('Fit report', '模型擬合報告'))}: {name}</h1>",
             f'<p class="meta">{meta}</p>', _warnings_html(rep),
             f"<h2>{esc(_t('Parameters', '參數'))}</h2>", html_table(_parameters(rep)), *_pilot_html(rep),
             *sections(_charts(rep))]
    parts += [f"<h2>{esc(_t(f'Customer lifetime value: top {TOP}', f'顧客終身價值：前 {TOP} 名'))}</h2>"]
    parts += [html_table(_customers(rep)), _clv_note(rep)] if rep.spend is not None else [_note(" ".join(rep.notes))]
    return html_page(f"Fit report: {Path(cal.source).name}", parts, "en")


def write(rep: FitReport, path: str | Path) -> Path:
    """Write the page atomically."""
    return write_atomic(path, render(rep))
