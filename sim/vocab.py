"""The model's vocabulary: codes for stages, tiers, segments, functions, causes and events.

Arrays in the core hold small integer codes; these tuples give their names, and
:data:`LABELS` gives each name in English and Chinese for tables and charts.
"""

from __future__ import annotations

STAGES = ("prospect", "target", "opportunity", "customer", "dormant", "lost")
PROSPECT, TARGET, OPPORTUNITY, CUSTOMER, DORMANT, LOST = range(6)

#: Allowed lifecycle moves (from -> to). Win-back: dormant -> customer, lost -> target.
STAGE_TRANSITIONS = frozenset(
    {
        (PROSPECT, TARGET),
        (TARGET, OPPORTUNITY),
        (OPPORTUNITY, CUSTOMER),
        (TARGET, LOST),
        (OPPORTUNITY, LOST),
        (CUSTOMER, DORMANT),
        (CUSTOMER, LOST),
        (DORMANT, CUSTOMER),
        (DORMANT, LOST),
        (LOST, TARGET),
    }
)

TIERS = ("passer_by", "acquaintance", "friend", "confidant")
PASSER_BY, ACQUAINTANCE, FRIEND, CONFIDANT = range(4)

SEGMENTS = ("key", "strategic", "profit", "non_profit")
KEY, STRATEGIC, PROFIT, NON_PROFIT = range(4)

FUNCTIONS = ("care", "information", "transaction", "service", "intelligence", "consulting")
CARE, INFORMATION, TRANSACTION, SERVICE, INTELLIGENCE, CONSULTING = range(6)

CAUSES = ("neglect", "competitor", "service_failure", "price", "dm_left")
NEGLECT, COMPETITOR, SERVICE_FAILURE, PRICE, DM_LEFT = range(5)

SHOCKS = ("crisis", "quality_incident", "dm_change", "downturn")
CRISIS, QUALITY_INCIDENT, DM_CHANGE, DOWNTURN = range(4)

EVENTS = (
    "contact",       # a: function, b: 1 answered / 0 not, x: hours, y: money cost
    "purchase",      # a: product, x: revenue, y: gross margin
    "tier",          # a: from tier (-1 at start), b: to tier
    "stage",         # a: from stage (-1 at start), b: to stage
    "churn",         # a: cause, b: stage left from
    "shock",         # a: shock kind, b: 1 start / 0 end
    "stock",         # dealer stock movement: a: 0 order in / 1 sell-through out, x: units, y: stock after
    "acquisition",   # x: fixed cost of winning the account
    "referral",      # account = the new account, b: referring account's index (low 16 bits unused)
    "cost",          # other money spent on an account: a: 0 remedy / 1 indulgence, y: money
)
CONTACT, PURCHASE, TIER, STAGE, CHURN, SHOCK, STOCK, ACQUIRED, REFERRAL, COST = range(len(EVENTS))

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "prospect": "prospect", "target": "target account", "opportunity": "opportunity",
        "customer": "customer", "dormant": "dormant (public pool)", "lost": "lost",
        "passer_by": "passer-by", "acquaintance": "acquaintance", "friend": "friend", "confidant": "confidant",
        "key": "key account", "strategic": "strategic", "profit": "profitable", "non_profit": "unprofitable",
        "care": "care", "information": "information", "transaction": "transaction push",
        "service": "service", "intelligence": "intelligence", "consulting": "consulting",
        "neglect": "neglect", "competitor": "competitor offer", "service_failure": "service failure",
        "price": "price", "dm_left": "decision maker left",
        "crisis": "customer crisis", "quality_incident": "quality incident", "dm_change": "decision-maker change",
        "downturn": "market downturn",
        "active_accounts": "active accounts", "retention": "retention", "revenue": "revenue",
        "care_cost": "care cost", "acquisition_cost": "acquisition cost", "profit_total": "profit",
        "strategy": "strategy", "month": "month", "accounts": "accounts", "share": "share",
        "cumulative_profit": "cumulative profit", "customer_rank": "customers ranked by profit",
    },
    "zh": {
        "prospect": "潛在客戶", "target": "目標客戶", "opportunity": "當前機會",
        "customer": "客戶", "dormant": "休眠（公海）", "lost": "流失",
        "passer_by": "過客", "acquaintance": "熟人", "friend": "朋友", "confidant": "知己",
        "key": "大客戶", "strategic": "戰略客戶", "profit": "利潤客戶", "non_profit": "非利潤客戶",
        "care": "客戶關懷", "information": "信息傳遞", "transaction": "交易推動",
        "service": "服務提供", "intelligence": "情報收集", "consulting": "顧問諮詢",
        "neglect": "疏於關懷", "competitor": "競爭對手", "service_failure": "服務失誤",
        "price": "價格", "dm_left": "決策人離職",
        "crisis": "客戶危機", "quality_incident": "質量事故", "dm_change": "決策人變動",
        "downturn": "市場低迷",
        "active_accounts": "活躍客戶", "retention": "留存率", "revenue": "收入",
        "care_cost": "維護成本", "acquisition_cost": "獲客成本", "profit_total": "利潤",
        "strategy": "策略", "month": "月", "accounts": "客戶數", "share": "佔比",
        "cumulative_profit": "累計利潤", "customer_rank": "按利潤排序的客戶",
    },
}


def label(name: str, lang: str = "en") -> str:
    """The display label of a code name in ``lang`` ('en' or 'zh'); the name itself if unknown."""
    if lang not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, got {lang!r}")
    return LABELS[lang].get(name, name)
