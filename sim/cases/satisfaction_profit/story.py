"""The story of case 13 (notebook 13_satisfaction_profit): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

from sim.satisfaction_profit import POINT as _POINT

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "5% more satisfaction: does profit double?",
    "zh": "客戶滿意度提高 5%：利潤會翻倍嗎？",
}

#: the teaching point (what the claims check): the one the facts row and its chart state
POINT = dict(_POINT)

#: the story under the heading (English, Chinese)
STORY = (
    ("The first text quotes the Harvard Business Review: \"5% more satisfaction can double profit\". Here is the "
     "course's business under routine care, and the same business with customers 5% more satisfied (our service "
     "value raised, at no cost, until their mean satisfaction is 5% higher), on the same customers and the same "
     "luck. The one setting that decides the verdict is the margin: move what a rep hour of care costs and watch "
     "the extra profit against the dashed line at twice today's profit."),
    ("第一篇課文引用《哈佛商業評論》：「客戶滿意度提高 5%，利潤可以翻倍」。這裡是課程情境的企業在例行關懷下的情形，"
     "以及同一家企業、客戶滿意度提高 5% 的情形（免費提高我們的服務價值，直到客戶的平均滿意度提高 5%），"
     "兩者面對相同的客戶和相同的運氣。決定結論的只有一個設定：利潤率。調整業務員每小時的關懷成本，"
     "看看額外的利潤與「今天利潤的兩倍」那條虛線相比如何。"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "At what care cost does the extra profit reach today's profit? What would a business look like whose "
    "profit is that thin — and would you quote the HBR line to it?",
    "關懷成本到多少時，額外的利潤才等於今天的利潤？利潤這麼微薄的企業是什麼樣子——你會對它引用這句話嗎？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = (
    ("md", "### Setting by setting · 逐項設定\n\nThe checks below run the claim at the course's care cost and at "
           "a rep hour of 140, where profit is about as thin as the extra. For the same gain as each of four "
           "settings moves (margin per purchase, how purchases and churn follow satisfaction, care cost), run "
           "`sim.satisfaction_profit.what_it_takes()` and draw it with `sim.viz.satisfaction.what_it_takes_chart`; "
           "`python -m sim facts` measures the row on any scenario. "
           "· 下方的檢驗在課程情境的關懷成本，以及業務員每小時 140（利潤薄到與額外利潤相當）時各測一次。"
           "要看四項設定（每筆訂單的毛利、購買與流失對滿意度的敏感度、關懷成本）逐一變動時的利潤增幅，"
           "執行 `sim.satisfaction_profit.what_it_takes()`，並用 `sim.viz.satisfaction.what_it_takes_chart` 繪圖；"
           "`python -m sim facts` 可在任何情境下測量這一行。"),
)
