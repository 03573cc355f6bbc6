"""The story of case 06 (notebook 06_public_pool): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "The public pool: dormant accounts and win-back",
    "zh": "公海客戶：休眠與喚醒",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("Accounts with no purchase for three months go to the public pool. A regular contact cycle for the pool "
           "wins more of them back, leaves fewer dormant and keeps more customers."),
    "zh": "三個月未購買的客戶轉為公海客戶。為公海客戶設定聯絡週期，能喚醒更多客戶、減少休眠、留住更多客戶。",
}

#: the story under the heading (English, Chinese)
STORY = (
    ("A CRM rule: accounts with no purchase for three months go to the *public pool* (公海客戶) with a contact "
     "cycle, so that reps reach out, find the cause and win them back. Set when an account counts as dormant and "
     "how often the pool is contacted."),
    ("CRM "
     "規則：三個月未購買的客戶轉為公海客戶，並設定聯絡週期，提醒業務員主動聯絡、找出原因、把客戶贏回來。設定客戶多久不購買算休眠，以及多久聯絡一次公海客戶。"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "A shorter contact cycle wins more back — at what care cost?",
    "縮短聯絡週期能喚醒更多客戶——維護成本是多少？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = ()
