"""The story of case 03 (notebook 03_dealer_phone): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "The dealer who switched off his phone",
    "zh": "代理商關機",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("Pushing stock onto a dealer in a hard season makes him avoid the rep. Helping him sell — a campus "
           "channel, shared installation engineers — keeps him answering and earns more, without a price cut: the "
           "same customer manager without the remedies reaches him less often and earns less."),
    "zh": ("在淡季向代理商壓貨，只會讓他躲著業務員。幫他把貨賣出去——開拓校園渠道、共享安裝調試工程師——他會一直接電話"
           "，我們也賺得更多，而且不用降價：同一位客戶經理若不提供這些協助，接通的次數更少，賺得也更少。"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("A rep with a monthly quota keeps pushing stock onto his music-equipment dealers in a hard season. One dealer "
     "switches off his phone. The class's better answer: open a campus channel through the firm's university "
     "contacts, and lend the firm's engineers for installation and tuning — without giving up price. “If our rep "
     "became the dealer's unpaid marketing director, it would be us switching off the phone.”"),
    ("一位背著月度指標的業務員在淡季不停向樂器代理商壓貨，代理商乾脆關機躲著他。課堂上更好的答案：借公司的高校資源為"
     "代理商開拓校園渠道，派公司的工程師幫忙安裝調試、分擔人工——價格和利潤一分不讓。「如果我們的業務員成了代理商的免"
     "費營銷總監，要關機的就是我們了。」"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    ("Turn both remedies off: what happens to the dealers' sell-through, their stock in weeks of sales and the "
     "calls they answer? And if you push more units per visit?"),
    "關掉兩項扶持：代理商的銷量、庫存（可銷售週數）和接聽率會怎樣？每次多壓一些貨又會怎樣？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = ()
