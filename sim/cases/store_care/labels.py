"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "small_favours": "small favours only", "store_mix": "your store-care mix",
        "weight_care": "Small favours (care)", "weight_service": "Helping hand (service)",
        "weight_consulting": "Shared success (consulting)", "weight_information": "Shared success (information)",
        "weekly_budget": "Weekly budget per rep",
        "functions_title": "Customer contacts by function (first replication)", "contacts": "contacts",
    },
    "zh": {
        "small_favours": "只送小恩小惠", "store_mix": "你的客情組合", "weight_care": "小恩小惠（關懷）", "weight_service": "大活小活（服務）",
        "weight_consulting": "分享成功經驗（顧問）", "weight_information": "分享成功經驗（信息傳遞）", "weekly_budget": "每位銷售每週預算",
        "functions_title": "按職能劃分的客戶聯絡（第一次重複）", "contacts": "聯絡次數",
    },
}
