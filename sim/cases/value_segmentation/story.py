"""The story of case 07 (notebook 07_value_segmentation): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "Value segmentation: 20/80/30, and no most-favoured treatment for all",
    "zh": "按價值分級：20/80/30，不搞最惠戶待遇普遍化",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("The top 20% of customers bring most of the profit and the worst ones give a large part of it back. Care "
           "by value earns far more than most-favoured care for everyone. Indulging every wish costs money and "
           "takes the rep's time from other accounts: it keeps fewer customers and leaves less value (profit plus "
           "the value of the customers kept)."),
    "zh": ("前 20% "
           "的客戶帶來大部分利潤，最差的客戶又吃掉其中一大塊。按價值分級關懷比人人享受最惠待遇賺得多得多。有求必應既花錢，又佔用業務員照顧其他客戶的時間：留住的客戶更少，留下的價值（利潤加上留住客戶的價值）也更少。"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("Kotler's 20/80/30: the most profitable 20% of customers bring about 80% of total profit, and the worst 30% "
     "halve the potential profit. A common CRM pitfall is most-favoured treatment for everyone (最惠戶待遇普遍化) "
     "and indulging unreasonable customers. Segment by value instead."),
    ("科特勒的 20/80/30 法則：最賺錢的 20% 客戶貢獻約 80% 的總利潤，最差的 30% 客戶使潛在利潤減半。CRM "
     "的常見誤區是最惠戶待遇普遍化、遷就不合理的客戶。改為按價值分級。"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "Who are the customers at the right end of the whale curve, and what would you change for them?",
    "鯨魚曲線右端的客戶是誰？你會為他們改變什麼？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = ()
