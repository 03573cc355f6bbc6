"""The story of case 01 (notebook 01_delivered_value): its title, teaching point, story and debrief, in
English and Chinese (the markdown cells :mod:`scripts.build_notebooks` writes)."""

#: the heading of the notebook and the dashboard
TITLE = {
    "en": "Customer delivered value: add value, subtract cost",
    "zh": "顧客讓渡價值：做好加減法",
}

#: the teaching point (what the claims check)
POINT = {
    "en": ("A customer picks the offer with the larger delivered value (total value − total cost). Adding service "
           "value or cutting the customer's time cost keeps more customers and earns more; a price cut keeps "
           "customers too, but gives away margin."),
    "zh": ("客戶選擇讓渡價值（總價值 − "
           "總成本）更大的方案。提高服務價值或降低客戶的時間成本，能留住更多客戶、賺得更多；降價也能留住客戶，卻讓出了利潤。"),
}

#: the story under the heading (English, Chinese)
STORY = (
    ("Kotler: a customer compares offers by *delivered value* — product, service, personnel and image value minus "
     "the money, time, energy and psychological cost. Our offer and the competitor's are scored in points. Raise a "
     "value or cut a cost and watch who stays — and what a price cut does to the margin."),
    ("科特勒：客戶按「讓渡價值」比較各家方案——產品、服務、人員、形象價值減去貨幣、時間、精神和體力成本。我方和競爭對"
     "手的方案都以分數計。提高一項價值或降低一項成本，看看誰留下來——再看看降價對利潤做了什麼。"),
)

#: the debrief question (English, Chinese)
DEBRIEF = (
    "Which costs the firm less: 10 points of service value or a 10% price cut? Which keeps more customers?",
    "哪個對企業更划算：提高 10 分服務價值，還是降價 10%？哪個留住的客戶更多？",
)

#: cells after the dashboard: ("md" | "code", source)
EXTRA: tuple[tuple[str, str], ...] = ()
