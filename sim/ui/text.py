"""Words of the case notebooks and dashboards, in English and Chinese.

:func:`text` looks a key up here first, then in the model's vocabulary
(:func:`sim.label`), then among the strategies' own labels; the language is the
one switch, :func:`sim.set_language`. No widget or chart library is imported here.
"""

from __future__ import annotations

from sim.tables import strategy_label
from sim.ui.text_chain import CHAIN_TEXT
from sim.vocab import get_language, label

__all__ = ["TEXT", "text", "fmt"]

TEXT: dict[str, dict[str, str]] = {
    "en": {
        # dashboard
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
        "unknown_control": "no control named {name!r}; the controls are: {names}",
        "holds": "holds", "not_shown": "not shown", "claim": "claim", "verdict": "verdict",
        "estimate_95": "difference or mean [95% interval]",
        "check_title": "Does the simulation show the teaching point? (paired 95% intervals)",
        "higher_than": "higher than", "lower_than": "lower than", "same_as": "no different from",
        "within": "within",
        # variants of the cases
        "your_offer": "your offer", "course_offer": "the course's offer",
        "your_care": "your care plan", "your_customer_manager": "customer manager (your remedies)",
        "small_favours": "small favours only", "store_mix": "your store-care mix",
        "your_pool": "public pool (your cycle)", "value_based_indulge": "value-based, indulging every wish",
        "your_strategy": "your choice", "manager_no_remedies": "customer manager (no remedies)",
        "your_care_no_ladder": "your care plan, not aimed at the next tier",
        "your_care_faster_fade": "your care plan, rapport fading faster",
        "no_pool_work": "same strategy, pool left alone",
        "without_intermediaries": "same strategy, intermediaries no help",
        "qualified": "prospects qualified as targets", "stock_cover": "stock (weeks of sales)",
        "weekly_sell_through": "units sold per dealer per week", "dealer_month_title": "Dealers month by month",
        # controls
        "strategy_choice": "Strategy", "offer_service": "Service value (points)",
        "offer_time": "Time cost (points)", "price_cut_pct": "Price cut (%)",
        "fade_per_month": "Rapport fade per month", "care_cycle_weeks": "Care every … weeks",
        "ladder": "Aim at the next tier", "push_units": "Units per push",
        "downturn_depth": "Downturn depth", "campus_channel": "Campus channel",
        "shared_engineers": "Shared engineers", "weight_care": "Small favours (care)",
        "weight_service": "Helping hand (service)", "weight_consulting": "Shared success (consulting)",
        "weight_information": "Shared success (information)", "weekly_budget": "Weekly budget per rep",
        "intermediary_share": "Targets with an intermediary", "intermediary_boost": "Intermediary boost",
        "dormant_after_months": "Dormant after … months", "pool_cycle_weeks": "Pool contact every … weeks",
        "non_profit_weight": "Weight of unprofitable accounts", "indulge": "Indulge every wish",
        "scenario_choice": "Scenario", "strategies_choice": "Strategies", "metric_choice": "Metric",
        # extra metrics
        "lifetime_value": "profit + customer equity", "dealer_answer_rate": "dealer calls answered",
        "dormant_end": "dormant at the end", "won_accounts": "accounts won", "yearly_churn": "yearly churn",
        "gross_margin": "gross margin",
        "units": "units", "your_value_based": "value-based (your settings)",
        "narrower": "paired interval narrower than unpaired",
        "acquaintances_per_100": "acquaintances or closer per 100", "friends_per_100": "friends or closer per 100",
        "confidants_per_100": "confidants per 100", "win_back_rate": "pooled accounts won back",
        "top20_share": "top 20% of customers' profit, share of potential",
        "total_share": "total profit, share of potential", "opportunities": "targets turned into opportunities",
        # chart titles
        "dealer_stock_title": "Dealer stock in units (mean over dealers, first replication)",
        "tiers_per_100_title": "Of 100 decision makers met (course: ≈50, ≈10, 3–5)",
        "functions_title": "Customer contacts by function (first replication)",
        "funnel_title": "The funnel at the end (first replication)",
        "pool_title": "Accounts in the public pool (first replication)",
        "offer_title": "Delivered value = total value − total cost (points)",
        "contacts": "contacts", "points": "points", "ours": "our offer", "theirs": "competitor",
        "value_part": "value", "cost_part": "cost", "delivered_value": "delivered value",
        "product_value": "product", "service_value": "service", "personnel_value": "personnel",
        "image_value": "image", "price_cost": "price", "time_cost": "time", "energy_cost": "energy",
        "psychological_cost": "psychological", "course_range": "course's range",
        # the strategy lab's sweep
        "sweep_title": "{metric} with {points} reps (the scenario and strategies above)",
        "sweep_done": "Sweep: {k} strategies × {p} points × {n} replications in {s:.1f} s.",
        "sweep_axis": "sales reps",
    },
    "zh": {
        "language": "語言", "teaching_point": "教學要點", "running": "模擬執行中……",
        "done": "{k} 個方案 × {n} 次重複，耗時 {s:.1f} 秒。區間為各次重複的 95% 信賴區間。",
        "replications": "重複次數", "recompute": "重新執行", "export_report": "匯出報告",
        "report_written": "報告已儲存：{path}——下載", "error": "無法執行", "baseline_note": "基準",
        "difference_title": "與「{base}」的差異（配對，95% 信賴區間）",
        "means_title": "{metric}（平均值，95% 信賴區間）",
        "out_of_range": "{name}：{value!r} 超出允許範圍 {low} 至 {high}",
        "not_a_number": "{name}：{value!r} 不是數字（允許範圍 {low} 至 {high}）",
        "not_whole": "{name}：{value!r} 必須是整數（允許範圍 {low} 至 {high}）",
        "not_an_option": "{name}：{value!r} 不在可選項中：{options}",
        "pick_some": "{name}：至少選擇 {low} 項（可選：{options}）",
        "not_a_switch": "{name}：{value!r} 只能是開或關（True/False）",
        "unknown_control": "沒有名為 {name!r} 的控制項；現有控制項：{names}",
        "holds": "成立", "not_shown": "未能證明", "claim": "結論", "verdict": "判定",
        "estimate_95": "差異或平均值 [95% 信賴區間]",
        "check_title": "模擬是否顯示了教學要點？（配對 95% 信賴區間）",
        "higher_than": "高於", "lower_than": "低於", "same_as": "無異於", "within": "在範圍內",
        "your_offer": "你的方案", "course_offer": "課程中的方案",
        "your_care": "你的關懷計劃", "your_customer_manager": "客戶經理（你選的扶持）",
        "small_favours": "只送小恩小惠", "store_mix": "你的客情組合",
        "your_pool": "公海客戶挽回（你的週期）", "value_based_indulge": "按價值分級但有求必應",
        "your_strategy": "你的選擇", "manager_no_remedies": "客戶經理（不提供扶持）",
        "your_care_no_ladder": "你的關懷計劃（不瞄準下一層級）",
        "your_care_faster_fade": "你的關懷計劃（客情淡化更快）",
        "without_intermediaries": "同一策略（中間人無助力）",
        "no_pool_work": "同一策略（不聯絡公海客戶）",
        "qualified": "潛在客戶轉為目標客戶", "stock_cover": "庫存（可銷售週數）",
        "weekly_sell_through": "每家代理商每週銷量", "dealer_month_title": "代理商逐月情況",
        "strategy_choice": "策略", "offer_service": "服務價值（分）", "offer_time": "時間成本（分）",
        "price_cut_pct": "降價（%）", "fade_per_month": "每月客情淡化", "care_cycle_weeks": "每隔幾週關懷一次",
        "ladder": "瞄準下一層級", "push_units": "每次壓貨數量", "downturn_depth": "市場低迷程度",
        "campus_channel": "校園渠道", "shared_engineers": "共享工程師", "weight_care": "小恩小惠（關懷）",
        "weight_service": "大活小活（服務）", "weight_consulting": "分享成功經驗（顧問）",
        "weight_information": "分享成功經驗（信息傳遞）", "weekly_budget": "每位銷售每週預算",
        "intermediary_share": "有中間人的目標客戶比例", "intermediary_boost": "中間人助力倍數",
        "dormant_after_months": "幾個月未購買轉為公海客戶", "pool_cycle_weeks": "公海客戶每隔幾週聯絡",
        "non_profit_weight": "非利潤客戶的權重", "indulge": "有求必應",
        "scenario_choice": "情境", "strategies_choice": "策略", "metric_choice": "指標",
        "lifetime_value": "利潤 + 客戶資產", "dealer_answer_rate": "代理商接聽率",
        "dormant_end": "期末休眠客戶", "won_accounts": "新贏得客戶", "yearly_churn": "年流失率",
        "gross_margin": "毛利",
        "units": "件", "your_value_based": "按價值分級（你的設定）",
        "narrower": "配對區間比非配對區間更窄",
        "acquaintances_per_100": "每 100 人中熟人及以上", "friends_per_100": "每 100 人中朋友及以上",
        "confidants_per_100": "每 100 人中知己", "win_back_rate": "公海客戶挽回率",
        "top20_share": "前 20% 客戶利潤佔潛在利潤比例", "total_share": "總利潤佔潛在利潤比例",
        "opportunities": "目標客戶轉為當前機會",
        "dealer_stock_title": "代理商庫存（件，各代理商平均，第一次重複）",
        "tiers_per_100_title": "每認識 100 位關鍵決策人（課程：約 50、約 10、3–5）",
        "functions_title": "按職能劃分的客戶聯絡（第一次重複）",
        "funnel_title": "期末銷售漏斗（第一次重複）",
        "pool_title": "公海客戶數（第一次重複）",
        "offer_title": "顧客讓渡價值 = 總價值 − 總成本（分）",
        "contacts": "聯絡次數", "points": "分", "ours": "我方", "theirs": "競爭對手",
        "value_part": "價值", "cost_part": "成本", "delivered_value": "讓渡價值",
        "product_value": "產品價值", "service_value": "服務價值", "personnel_value": "人員價值",
        "image_value": "形象價值", "price_cost": "貨幣成本", "time_cost": "時間成本", "energy_cost": "體力成本",
        "psychological_cost": "精神成本", "course_range": "課程給出的範圍",
        "sweep_title": "{metric}：{points} 名銷售人員（上方選定的情境和策略）",
        "sweep_done": "掃描：{k} 個策略 × {p} 個取值 × {n} 次重複，耗時 {s:.1f} 秒。",
        "sweep_axis": "銷售人員數",
    },
}

for _lang, _words in CHAIN_TEXT.items():  # case 12's labels live with the case
    TEXT[_lang].update(_words)


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
