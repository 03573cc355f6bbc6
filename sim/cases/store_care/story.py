"""The story of case 04 (notebook 04_store_care): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "Keeping store owners close: three tactics the text quotes from '4 tactics, 11 moves'",
    "zh": "客情維護：課文引述《4招11式》中的三招",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("Small favours alone are not enough. Mixing in a helping hand (service) and shared success (consulting, "
           "information) under the same budget keeps more customers and earns more."),
    "zh": ("只靠小恩小惠還不夠。在同樣的預算下，加上「大活小活遇到則幹」（服務）和「時時分享成功經驗」（顧問、信息傳"
           "遞），能留住更多客戶、賺得更多。"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("From a wine-trade article on keeping store owners close (客情維護4招11式), which quotes three of its tactics: "
     "*small, continual favours* (小恩小惠連續不斷), *lend a hand with any chore* (大活小活遇到則幹) and *share "
     "what works* (時時分享成功經驗). Mix the three — as care, service, consulting and information contacts — under "
     "your weekly budget, and compare the mix with small favours alone."),
    ("來自酒類行業的一篇文章《客情維護4招11式》，課文列舉了其中三招：小恩小惠連續不斷；大活小活遇到則幹；時時分享成"
     "功經驗。把三招（關懷、服務、顧問和信息傳遞）按你的每週預算組合起來，和只送小恩小惠比一比。"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "Which mix keeps the most stores for the least care cost? What if the budget halves?",
    "哪種組合以最低的維護成本留住最多的門店？預算減半又如何？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = ()
