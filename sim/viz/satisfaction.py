"""The HBR line examined: what it takes for 5% more satisfaction to double profit, as a chart and in words.

:func:`what_it_takes_chart` draws :func:`sim.satisfaction_profit.what_it_takes`: one panel per
setting, the % more profit of 5% more satisfaction with its paired 95% interval at each value,
the course's own value marked and a dashed line at +100% ("doubles"). :func:`verdict_text` says,
from the measured figures, what it takes. English or Traditional Chinese (``lang``).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from sim.satisfaction_profit import DOUBLE, POINT, SatisfactionGain
from sim.tables import format_interval, format_value
from sim.viz import theme
from sim.vocab import get_language

__all__ = ["LABELS", "POINT", "verdict_text", "what_it_takes_chart"]

#: y-axis range of the chart (% more profit); figures beyond it are drawn at its edge
Y_RANGE = (-50.0, 250.0)

LABELS = {
    "en": {"margin_per_purchase": "Order cost per purchase (more: thinner margin)",
           "purchase_response": "Purchases follow satisfaction: slope",
           "churn_response": "Churn sensitivity: gap points (fewer: more sensitive)", "care_cost": "Care cost: a rep hour",
           "gain": "% more profit (95% interval)", "course": "the course's value", "doubles": "profit doubles",
           "value": "setting", "title": "What 5% more satisfaction does to profit, setting by setting",
           "subtitle": "filled: the course's value; dashed line: profit doubles",
           "profit_share": "profit, % of revenue", "extra": "extra profit"},
    "zh": {"margin_per_purchase": "每筆訂單處理成本（越高，毛利越薄）", "purchase_response": "購買對滿意度的敏感度：斜率",
           "churn_response": "流失敏感度：差距分數（越少越敏感）", "care_cost": "關懷成本：業務員每小時成本",
           "gain": "利潤增加 %（95% 信賴區間）", "course": "課程情境的設定", "doubles": "利潤翻倍",
           "value": "設定值", "title": "客戶滿意度提高 5%，利潤增加多少：逐項設定比較",
           "subtitle": "實心點：課程情境的設定；虛線：利潤翻倍",
           "profit_share": "利潤占營收 %", "extra": "增加的利潤"},
}

def _lang(lang: str | None) -> str:
    return get_language() if lang is None else lang


def _pct(x: float) -> str:
    return f"{x:+.0f}%"


def verdict_text(gain: SatisfactionGain, point: tuple[float, SatisfactionGain] | None, key: str, default: float,
                 lang: str | None = None) -> str:
    """What it takes, in words and figures: ``gain`` on the course's business and ``point`` from
    :func:`sim.satisfaction_profit.doubling_point` searched on ``key`` (the course's value: ``default``;
    ``None``: no value in the range doubles profit)."""
    lang = _lang(lang)
    g = f"{_pct(gain.gain)} [{_pct(gain.low)}, {_pct(gain.high)}]"
    extra = format_interval("profit_total", gain.extra, gain.extra_low, gain.extra_high)
    share, thin = (f"{100 * x:.1f}%" for x in (gain.profit_share, gain.extra_share))
    if lang == "zh":
        head = (f"在課程情境中，客戶滿意度提高 5%（{100 * gain.satisfaction:.1f}% → {100 * gain.satisfaction_more:.1f}%），"
                f"利潤增加 {g}，即多賺 {extra}，約為營收的 {thin}；而利潤本身占營收的 {share}，所以利潤不會翻倍。")
        if point is None:
            return head + f"在所試的範圍內，調整 `{key}` 都無法讓利潤翻倍。"
        return head + (f"要讓利潤翻倍，利潤必須薄到與這筆額外利潤相當：例如 `{key}` 從 {default:g} 提高到約 "
                       f"{point[0]:.0f}，利潤只剩營收的 {100 * point[1].profit_share:.1f}%。")
    head = (f"In the course's business, 5% more satisfaction ({100 * gain.satisfaction:.1f}% → "
            f"{100 * gain.satisfaction_more:.1f}%) gives {g} more profit: {extra}, about {thin} of revenue, while "
            f"profit itself is {share} of revenue, so profit does not double.")
    if point is None:
        return head + f" No value of `{key}` in the range tried doubles it."
    return head + (f" It doubles only where profit is as thin as that extra: e.g. with `{key}` at about "
                   f"{point[0]:.0f} instead of {default:g}, profit is {100 * point[1].profit_share:.1f}% of revenue.")


def what_it_takes_chart(table: pd.DataFrame, lang: str | None = None) -> alt.ConcatChart:
    """One panel per setting of :func:`~sim.satisfaction_profit.what_it_takes`'s table: the gain at each value
    with its 95% interval, the course's value filled, a dashed line where profit doubles."""
    lang = _lang(lang)
    t = LABELS[lang]
    panels = []
    for name, df in table.groupby("setting", sort=False):
        df = df.assign(course=(df["value"] == df["default"]).map({True: t["course"], False: ""}),
                       share=100 * df["profit_share"], extra_text=[format_value("profit_total", x) for x in df["extra"]])
        y = alt.Scale(domain=list(Y_RANGE), clamp=True)
        base = alt.Chart(df).encode(x=alt.X("value:Q", title=t.get(name, name), scale=alt.Scale(zero=False)))
        bars = base.mark_rule(strokeWidth=2, color=theme.EXTRA_COLOURS[1]).encode(
            y=alt.Y("low:Q", title=t["gain"], scale=y), y2="high:Q")
        tip = [alt.Tooltip("value:Q", title=t["value"]), alt.Tooltip("gain:Q", title=t["gain"], format="+.0f"),
               alt.Tooltip("low:Q", format="+.0f"), alt.Tooltip("high:Q", format="+.0f"),
               alt.Tooltip("share:Q", title=t["profit_share"], format=".1f"),
               alt.Tooltip("extra_text:N", title=t["extra"]), alt.Tooltip("course:N", title=" ")]
        dots = base.mark_point(size=70, color=theme.EXTRA_COLOURS[1]).encode(
            y=alt.Y("gain:Q", scale=y), fill=alt.condition(alt.datum.course != "", alt.value(theme.EXTRA_COLOURS[1]),
                                                           alt.value("white")), tooltip=tip)
        line = alt.Chart(pd.DataFrame({"y": [DOUBLE], "label": [t["doubles"]]})).encode(y=alt.Y("y:Q", scale=y))
        rule = line.mark_rule(strokeDash=[4, 4], color="#d62728")
        note = line.mark_text(align="left", dy=-6, color="#d62728", fontSize=11).encode(
            text="label:N", x=alt.value(4))
        panels.append((rule + note + bars + dots).properties(width=theme.SMALL_WIDTH, height=theme.SMALL_HEIGHT))
    return alt.concat(*panels, columns=2).properties(title=alt.TitleParams(t["title"], subtitle=t["subtitle"]))
