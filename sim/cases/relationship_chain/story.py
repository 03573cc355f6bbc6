"""The story of case 12 (notebook 12_relationship_chain): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "The relationship management chain: from value proposition to feedback",
    "zh": "關係管理鏈：從價值主張到控制與回饋",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("CRM is a chain, not a software package: a value proposition that pays for itself, segments chosen by "
           "profitability, reps trained and paid for relationships, and feedback on what customers receive. "
           "Contacting every account alike (segments not chosen by profitability) and value added past the point it pays "
           "lower the profit. (Buying the "
           "CRM software is shown beside your chain with its cost: in this model a system changes nothing reps do, "
           "so it is a choice to discuss, not a claim the simulation tests.)"),
    "zh": ("客戶關係管理是一條鏈，而不是一套軟體：能收回成本的價值主張、按盈利能力選擇的客戶細分、經過培訓並按關係指"
           "標激勵的業務員，以及對客戶所得價值的回饋。對所有客戶一視同仁（不按盈利能力細分）、加到不再划算的價值，都會降低利潤。（購買客戶"
           "關係管理軟體的方案與成本並列在您的關係鏈旁：在此模型中，系統本身不改變業務員的任何做法，因此它是供討論的"
           "選擇，而不是模擬所檢驗的結論。）"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("Payne's relationship management chain links five steps: **1 value proposition** (which value to add — "
     "service, personnel or image — and what each point costs), **2 segment and target** (by value, or "
     "most-favoured treatment for all), **3 delivery** (how reps are paid, how much of a contact reaches the buying "
     "centre beyond the decision maker), **4 delivered value** (ours against the competitor's, shown below) and **5 "
     "control and feedback** (reps' and customers' satisfaction; training). Three pitfalls are choices you can "
     "play: *CRM software is CRM* (buy the system, change nothing reps do), *CRM cut off from planning* (segments "
     "chosen without profitability: every account contacted alike) and *no cost–benefit* (adding value past the point it pays). The baseline is "
     "the pitfall plan: most-favoured for all, quota pay, untrained reps."),
    ("佩恩的關係管理鏈把五個環節連在一起：**1 價值主張**（增加哪種價值——服務、人員或形象——每分的成本是多少）、**2 "
     "細分與目標**（按價值分級，還是最惠戶待遇普遍化）、**3 "
     "價值傳遞**（業務員按什麼激勵，聯絡有多少觸及關鍵決策人以外的採購中心成員）、**4 "
     "讓渡價值**（我方與競爭對手，見下圖）和 **5 "
     "控制與回饋**（員工滿意度與客戶滿意度；培訓）。三個誤區是可以玩的選擇：「CRM 軟體就是 "
     "CRM」（買了系統，業務員的做法不變）、「CRM "
     "與企業規劃脫節」（細分客戶不看盈利能力：所有客戶一視同仁）和「不做成本效益分析」（價值加到不再划算）。基準是誤區方案：全員最惠、按配額激勵、業務員未經培訓。"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    ("Tick *Buy CRM software*: what changes for customers, and what for profit? Raise the value points step by "
     "step: where does adding value stop paying?"),
    "勾選「購買 CRM 軟體」：客戶有什麼變化？利潤呢？逐步提高價值分數：加到哪裡就不再划算了？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = ()
