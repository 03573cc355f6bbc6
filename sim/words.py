"""Words of the case notebooks, dashboards and charts, in English and Chinese.

:func:`text` looks a key up here first (the shared words below, and each case's own labels, which
the case registry :mod:`sim.cases` adds with :func:`add_words`), then in the model's vocabulary
(:func:`sim.label`), then among the strategies' own labels; the language is the one switch,
:func:`sim.set_language`. Formatting layer (beside :mod:`sim.tables`): charts, cases and dashboards
read it; no widget or chart library is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping

from sim.tables import strategy_label
from sim.vocab import get_language, label

__all__ = ["TEXT", "add_words", "fmt", "text"]

#: the dashboard, the controls' messages and the claims, then the words several cases share (extra metrics,
#: the offer's values and costs); a case's own words are in its folder's ``labels.py``
TEXT: dict[str, dict[str, str]] = {
    "en": {
        "language": "Language", "teaching_point": "Teaching point", "running": "Running the simulation…",
        "done": "{n} replications × {k} variants in {s:.1f} s. Intervals are 95% over replications.",
        "replications": "Replications", "recompute": "Run again", "export_report": "Export report",
        "report_written": "Report saved: {path} — download", "error": "Cannot run", "baseline_note": "baseline",
        "difference_title": "Difference from “{base}” (paired, 95% interval)",
        "means_title": "{metric} (mean, 95% interval)",
        "out_of_range": "{name}: {value!r} is outside the allowed range {low} to {high}",
        "not_a_number": "{name}: {value!r} is not a number (allowed: {low} to {high})",
        "not_whole": "{name}: {value!r} must be a whole number (allowed: {low} to {high})",
        "not_an_option": "{name}: {value!r} is not one of the options: {options}",
        "pick_some": "{name}: pick at least {low} (allowed: {options})",
        "not_a_switch": "{name}: {value!r} must be on or off (True/False)",
        "unknown_control": "no control named {name!r}; the controls are: {names}", "holds": "holds",
        "not_shown": "not shown", "claim": "claim", "verdict": "verdict",
        "estimate_95": "difference or mean [95% interval]",
        "check_title": "Does the simulation show the teaching point? (paired 95% intervals)",
        "higher_than": "higher than", "lower_than": "lower than", "same_as": "no different from",
        "doubles_over": "at least doubled (95% interval at +100% or more) over",
        "not_double_over": "less than doubled (95% interval below +100%) over",
        "within": "within", "your_strategy": "your choice", "qualified": "prospects qualified as targets",
        "strategy_choice": "Strategy", "lifetime_value": "profit + customer equity",
        "dealer_answer_rate": "dealer calls answered", "dormant_end": "dormant at the end",
        "won_accounts": "accounts won", "yearly_churn": "yearly churn", "gross_margin": "gross margin",
        "units": "units", "narrower": "paired interval at most half as wide as unpaired",
        "acquaintances_per_100": "acquaintances or closer per 100", "friends_per_100": "friends or closer per 100",
        "confidants_per_100": "confidants per 100", "win_back_rate": "pooled accounts won back",
        "top20_share": "top 20% of customers' profit, share of potential",
        "total_share": "total profit, share of potential", "opportunities": "targets turned into opportunities",
        "points": "points", "ours": "our offer", "theirs": "competitor", "value_part": "value", "cost_part": "cost",
        "delivered_value": "delivered value", "product_value": "product", "service_value": "service",
        "personnel_value": "personnel", "image_value": "image", "price_cost": "price", "time_cost": "time",
        "energy_cost": "energy", "psychological_cost": "psychological",
    },
    "zh": {
        "language": "語言", "teaching_point": "教學要點", "running": "模擬執行中……",
        "done": "{k} 個方案 × {n} 次重複，耗時 {s:.1f} 秒。區間為各次重複的 95% 信賴區間。", "replications": "重複次數", "recompute": "重新執行",
        "export_report": "匯出報告", "report_written": "報告已儲存：{path}——下載", "error": "無法執行", "baseline_note": "基準",
        "difference_title": "與「{base}」的差異（配對，95% 信賴區間）", "means_title": "{metric}（平均值，95% 信賴區間）",
        "out_of_range": "{name}：{value!r} 超出允許範圍 {low} 至 {high}",
        "not_a_number": "{name}：{value!r} 不是數字（允許範圍 {low} 至 {high}）",
        "not_whole": "{name}：{value!r} 必須是整數（允許範圍 {low} 至 {high}）",
        "not_an_option": "{name}：{value!r} 不在可選項中：{options}", "pick_some": "{name}：至少選擇 {low} 項（可選：{options}）",
        "not_a_switch": "{name}：{value!r} 只能是開或關（True/False）",
        "unknown_control": "沒有名為 {name!r} 的控制項；現有控制項：{names}", "holds": "成立", "not_shown": "未能證明", "claim": "結論",
        "verdict": "判定", "estimate_95": "差異或平均值 [95% 信賴區間]", "check_title": "模擬是否顯示了教學要點？（配對 95% 信賴區間）",
        "higher_than": "高於", "lower_than": "低於", "same_as": "無異於", "within": "在範圍內",
        "doubles_over": "至少翻倍（95% 信賴區間全在 +100% 以上），相對於", "not_double_over": "未翻倍（95% 信賴區間全在 +100% 以下），相對於", "your_strategy": "你的選擇",
        "qualified": "潛在客戶轉為目標客戶", "strategy_choice": "策略", "lifetime_value": "利潤 + 客戶資產",
        "dealer_answer_rate": "代理商接聽率", "dormant_end": "期末休眠客戶", "won_accounts": "新贏得客戶", "yearly_churn": "年流失率",
        "gross_margin": "毛利", "units": "件", "narrower": "配對區間不到非配對區間的一半", "acquaintances_per_100": "每 100 人中熟人及以上",
        "friends_per_100": "每 100 人中朋友及以上", "confidants_per_100": "每 100 人中知己", "win_back_rate": "公海客戶挽回率",
        "top20_share": "前 20% 客戶利潤佔潛在利潤比例", "total_share": "總利潤佔潛在利潤比例", "opportunities": "目標客戶轉為當前機會",
        "points": "分", "ours": "我方", "theirs": "競爭對手", "value_part": "價值", "cost_part": "成本",
        "delivered_value": "讓渡價值", "product_value": "產品價值", "service_value": "服務價值", "personnel_value": "人員價值",
        "image_value": "形象價值", "price_cost": "貨幣成本", "time_cost": "時間成本", "energy_cost": "體力成本",
        "psychological_cost": "精神成本",
    },
}


def add_words(words: Mapping[str, Mapping[str, str]]) -> None:
    """Add a case's labels (``{"en": {...}, "zh": {...}}``) to :data:`TEXT`; a key that means
    something else already, or a language missing, is a ValueError (two cases may not fight over a word)."""
    if set(words) != set(TEXT):
        raise ValueError(f"labels must give every language {sorted(TEXT)}, got {sorted(words)}")
    for lang, new in words.items():
        clash = [k for k, v in new.items() if TEXT[lang].get(k, v) != v]
        if clash:
            raise ValueError(f"label {clash[0]!r} ({lang}) is already defined as {TEXT[lang][clash[0]]!r}")
    for lang, new in words.items():
        TEXT[lang].update(new)


def text(key: str, lang: str | None = None, scenario=None) -> str:
    """The display text of ``key`` in ``lang`` (default: the current language).

    Looks in :data:`TEXT`, then the model's vocabulary, then the strategies' own labels
    (built-ins and the custom strategies of ``scenario``); the key itself if unknown.
    """
    lang = get_language() if lang is None else lang
    if lang not in TEXT:
        raise ValueError(f"language must be one of {sorted(TEXT)}, got {lang!r}")
    if key in TEXT[lang]:
        return TEXT[lang][key]
    found = label(key, lang)
    if found != key:
        return found
    return strategy_label(key, lang, scenario)


def fmt(key: str, lang: str | None = None, **values) -> str:
    """:func:`text` with ``str.format`` fields filled in."""
    return text(key, lang).format(**values)
