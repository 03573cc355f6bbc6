"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "your_customer_manager": "customer manager (your remedies)",
        "manager_no_remedies": "customer manager (no remedies)", "stock_cover": "stock (weeks of sales)",
        "weekly_sell_through": "units sold per dealer per week", "dealer_month_title": "Dealers month by month",
        "push_units": "Units per push", "downturn_depth": "Downturn depth", "campus_channel": "Campus channel",
        "shared_engineers": "Shared engineers",
        "dealer_stock_title": "Dealer stock in units (mean over dealers, first replication)",
    },
    "zh": {
        "your_customer_manager": "客戶經理（你選的扶持）", "manager_no_remedies": "客戶經理（不提供扶持）", "stock_cover": "庫存（可銷售週數）",
        "weekly_sell_through": "每家代理商每週銷量", "dealer_month_title": "代理商逐月情況", "push_units": "每次壓貨數量",
        "downturn_depth": "市場低迷程度", "campus_channel": "校園渠道", "shared_engineers": "共享工程師",
        "dealer_stock_title": "代理商庫存（件，各代理商平均，第一次重複）",
    },
}
