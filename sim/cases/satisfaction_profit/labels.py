"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "as_today": "routine care, as today", "more_satisfied": "customers 5% more satisfied",
        "rep_hour_cost": "Care cost: a rep hour", "twice_today": "twice today's profit",
        "sat_profit_title": "Total profit (mean, 95% interval) against twice today's",
    },
    "zh": {
        "as_today": "例行關懷（現況）", "more_satisfied": "客戶滿意度提高 5%",
        "rep_hour_cost": "關懷成本：業務員每小時成本", "twice_today": "今天利潤的兩倍",
        "sat_profit_title": "總利潤（平均值及 95% 信賴區間）與今天利潤的兩倍相比",
    },
}
