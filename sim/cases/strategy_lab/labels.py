"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "scenario_choice": "Scenario", "strategies_choice": "Strategies", "metric_choice": "Metric",
        "sweep_title": "{metric} with {points} reps (the scenario and strategies above)",
        "sweep_done": "Sweep: {k} strategies × {p} points × {n} replications in {s:.1f} s.",
        "sweep_axis": "sales reps",
    },
    "zh": {
        "scenario_choice": "情境", "strategies_choice": "策略", "metric_choice": "指標",
        "sweep_title": "{metric}：{points} 名銷售人員（上方選定的情境和策略）",
        "sweep_done": "掃描：{k} 個策略 × {p} 個取值 × {n} 次重複，耗時 {s:.1f} 秒。", "sweep_axis": "銷售人員數",
    },
}
