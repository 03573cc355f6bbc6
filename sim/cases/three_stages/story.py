"""The story of case 05 (notebook 05_three_stages): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "Three stages: prospects, target accounts, existing accounts",
    "zh": "客戶管理三階段：潛在、目標、存量客戶",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("Filling the funnel is not enough: the quota pusher qualifies more prospects, but the customer manager "
           "who knows the decision maker's needs keeps and grows the existing accounts, and ends with a book worth "
           "far more. Targets reached through an intermediary become opportunities more often."),
    "zh": ("只填滿漏斗還不夠：只衝指標的銷售經理篩選出更多目標客戶，但了解關鍵決策人需求的客戶經理能留住並發展存量客"
           "戶，期末的客戶資產遠高於前者。透過中間人接觸的目標客戶更常轉為當前機會。"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("Customer management in three stages: screen *prospects*, win *target accounts* by reaching the key decision "
     "maker (often through an intermediary, 借力打力), then turn *existing accounts* into partners. A young "
     "territory: mostly prospects and targets. Who builds the better business — the quota-pushing sales manager or "
     "the customer manager?"),
    ("客戶管理三階段：篩選潛在客戶；接觸關鍵決策人（常常借助中間人，借力打力）拿下目標客戶；再把存量客戶發展為戰略夥"
     "伴。這是一個新區域：大多是潛在和目標客戶。誰能建立更好的生意——衝指標的銷售經理，還是客戶經理？"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "More intermediaries: does the funnel fill faster? Does the ending book change?",
    "中間人更多時，漏斗填得更快嗎？期末的客戶群有變化嗎？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = ()
