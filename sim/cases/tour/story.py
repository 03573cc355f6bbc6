"""The story of case 00 (notebook 00_tour): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "A tour of the dojo: care is an investment",
    "zh": "道場導覽：客戶關懷是一項投資",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("Caring for customers costs money now and builds a book that is worth more: judge a strategy by profit "
           "plus the value of the customers it keeps, over several replications — never one run."),
    "zh": ("關懷客戶眼前要花錢，但留下的客戶群更有價值：評價策略要看利潤加上留住客戶的價值，並且看多次重複的結果，而"
           "不是一次執行。"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("CRM Dojo simulates a book of customer accounts — each with a key decision maker — served by sales reps under "
     "a care strategy, week by week for two years. Accounts move through lifecycle stages (prospect → target → "
     "opportunity → customer → dormant → lost) and relationship tiers (passer-by → acquaintance → friend → "
     "confidant). Here: what does caring cost, and what does it buy?"),
    ("CRM Dojo "
     "模擬一組客戶（每個客戶都有關鍵決策人），由銷售人員按照某種關懷策略逐週服務兩年。客戶在生命週期各階段（潛在 → "
     "目標 → 機會 → 客戶 → 休眠 → 流失）和關係層級（過客 → 熟人 → 朋友 → "
     "知己）之間移動。本例：關懷要花多少錢，又換來了什麼？"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "Which strategy has the highest two-year profit, and which the most valuable book? Why can they differ?",
    "哪個策略兩年利潤最高？哪個策略留下的客戶群最有價值？兩者為何不同？",
)

#: cells after the dashboard: ("md" | "code", source); "cases": a markdown heading over the table of the
#: other cases' notebooks (written by scripts/build_notebooks.py from the registry)
EXTRA: tuple[tuple[str, str], ...] = (("cases", "### The cases · 案例"),)
