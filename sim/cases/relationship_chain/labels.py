"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "value_element": "1 · Value to add", "value_points": "Value points added",
        "chain_segment": "2 · Segment and target", "incentive_choice": "3 · Reps paid on",
        "widen_share": "3 · Contact share for the buying centre", "training": "5 · Train the reps",
        "crm_software": "Buy CRM software (change nothing else)", "pay_relationship": "relationship measures",
        "pay_quota": "sales quota", "pitfall_plan": "most-favoured for all, quota pay, untrained",
        "your_chain": "your chain", "your_chain_software": "your chain + CRM software",
        "too_much_value": "your chain, value past the point it pays",
        "chain_no_segments": "your chain, every account contacted alike", "rep_satisfaction": "rep satisfaction",
        "chain_title": "4 · Delivered value: ours (your chain) and the competitor's",
        "customer_satisfaction": "customer satisfaction",
    },
    "zh": {
        "value_element": "1 · 增加的價值", "value_points": "增加的價值（分）", "chain_segment": "2 · 細分與目標",
        "incentive_choice": "3 · 業務員激勵依據", "widen_share": "3 · 用於採購中心其他成員的聯絡比例", "training": "5 · 培訓業務員",
        "crm_software": "購買 CRM 軟體（其他不變）", "pay_relationship": "關係指標", "pay_quota": "業績配額",
        "pitfall_plan": "全員最惠、配額激勵、未經培訓", "your_chain": "你的關係管理鏈", "your_chain_software": "你的關係管理鏈 + CRM 軟體",
        "too_much_value": "你的關係管理鏈，價值加過了頭", "chain_no_segments": "你的關係管理鏈，所有客戶一視同仁", "rep_satisfaction": "員工滿意度",
        "chain_title": "4 · 讓渡價值：我方（你的關係管理鏈）與競爭對手", "customer_satisfaction": "客戶滿意度",
    },
}
