"""The labels of this case (variants, controls, chart titles), in English and Chinese."""

LABELS = {
    "en": {
        "your_care": "your care plan", "your_care_no_ladder": "your care plan, not aimed at the next tier",
        "your_care_faster_fade": "your care plan, rapport fading faster",
        "fade_per_month": "Rapport fade per month", "care_cycle_weeks": "Care every … weeks",
        "ladder": "Aim at the next tier",
        "tiers_per_100_title": "Of 100 decision makers met (course: ≈50, ≈10, 3–5)",
        "course_range": "course's range",
    },
    "zh": {
        "your_care": "你的關懷計劃", "your_care_no_ladder": "你的關懷計劃（不瞄準下一層級）", "your_care_faster_fade": "你的關懷計劃（客情淡化更快）",
        "fade_per_month": "每月客情淡化", "care_cycle_weeks": "每隔幾週關懷一次", "ladder": "瞄準下一層級",
        "tiers_per_100_title": "每認識 100 位關鍵決策人（課程：約 50、約 10、3–5）", "course_range": "課程給出的範圍",
    },
}
