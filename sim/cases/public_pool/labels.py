"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "your_pool": "public pool (your cycle)", "no_pool_work": "same strategy, pool left alone",
        "dormant_after_months": "Dormant after … months", "pool_cycle_weeks": "Pool contact every … weeks",
        "pool_title": "Accounts in the public pool (first replication)",
    },
    "zh": {
        "your_pool": "公海客戶挽回（你的週期）", "no_pool_work": "同一策略（不聯絡公海客戶）", "dormant_after_months": "幾個月未購買轉為公海客戶",
        "pool_cycle_weeks": "公海客戶每隔幾週聯絡", "pool_title": "公海客戶數（第一次重複）",
    },
}
