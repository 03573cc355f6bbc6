"""The story of case 02 (notebook 02_relationship_tiers): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "Relationship tiers: passer-by, acquaintance, friend, confidant",
    "zh": "關係層級：過客、熟人、朋友、知己",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("Rapport builds with good contacts and fades with neglect. Regular care makes more friends and "
           "confidants than routine care, and aiming it at the next tier makes more still; when rapport fades "
           "faster, the same care makes fewer."),
    "zh": ("客情隨良好的聯絡而增長，因長期疏遠而淡化。定期關懷比例行關懷交到更多朋友和知己，瞄準下一層級的關懷交到的"
           "更多；客情淡化得更快時，同樣的關懷交到的朋友更少。"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("Of 100 people a rep knows, about 50 become acquaintances, about 10 friends and 3–5 confidants. Rapport grows "
     "with good contacts and fades with neglect (長期疏遠會造成客情關係淡化). Set how often you care, whether you "
     "aim at accounts close to the next tier, and how fast rapport fades."),
    ("業務員認識的 100 個人中，約 50 人成為熟人，約 10 人成為朋友，3–5 "
     "人成為知己。客情隨良好的聯絡增長，因長期疏遠而淡化。設定關懷頻率、是否瞄準接近下一層級的客戶，以及客情淡化的速度。"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "How many confidants does your plan make per 100, and at what cost in profit?",
    "你的計劃每 100 人交到幾位知己？代價是多少利潤？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = ()
