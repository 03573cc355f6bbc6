"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "your_offer": "your offer", "course_offer": "the course's offer", "offer_service": "Service value (points)",
        "offer_time": "Time cost (points)", "price_cut_pct": "Price cut (%)",
        "offer_title": "Delivered value = total value − total cost (points)",
    },
    "zh": {
        "your_offer": "你的方案", "course_offer": "課程中的方案", "offer_service": "服務價值（分）", "offer_time": "時間成本（分）",
        "price_cut_pct": "降價（%）", "offer_title": "顧客讓渡價值 = 總價值 − 總成本（分）",
    },
}
