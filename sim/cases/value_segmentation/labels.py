"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "value_based_indulge": "value-based, indulging every wish",
        "non_profit_weight": "Weight of unprofitable accounts", "indulge": "Indulge every wish",
        "your_value_based": "value-based (your settings)",
    },
    "zh": {
        "value_based_indulge": "按價值分級但有求必應", "non_profit_weight": "非利潤客戶的權重", "indulge": "有求必應",
        "your_value_based": "按價值分級（你的設定）",
    },
}
