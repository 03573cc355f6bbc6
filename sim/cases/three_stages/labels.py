"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "without_intermediaries": "same strategy, intermediaries no help",
        "intermediary_share": "Targets with an intermediary", "intermediary_boost": "Intermediary boost",
        "funnel_title": "The funnel at the end (first replication)",
    },
    "zh": {
        "without_intermediaries": "同一策略（中間人無助力）", "intermediary_share": "有中間人的目標客戶比例",
        "intermediary_boost": "中間人助力倍數", "funnel_title": "期末銷售漏斗（第一次重複）",
    },
}
