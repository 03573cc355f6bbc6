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
    "purchase",      # a: product (-1 dealer order), x: revenue, y: contribution (margin - order cost)
    "tier",          # a: from tier (-1 at start), b: to tier
    "stage",         # a: from stage (-1 at start), b: to stage
    "churn",         # a: cause, b: stage left from
    "shock",         # a: shock kind, b: 1 (start), x: how long it lasts (weeks; 0 for a decision-maker change)
    "stock",         # dealer stock movement: a: 0 order in / 1 sell-through out, x: units, y: stock after
    "acquisition",   # y: fixed cost of winning the account
    "referral",      # account: the new account, b: the referring account
    "cost",          # other money spent: a: its purpose (COST_PURPOSES), y: money
)
CONTACT, PURCHASE, TIER, STAGE, CHURN, SHOCK, STOCK, ACQUIRED, REFERRAL, COST = range(len(EVENTS))
#: what a "cost" event paid for (its ``a`` code)
COST_PURPOSES = ("dealer_remedy", "indulgence", "value_added", "crm_system", "training")
REMEDY_COST, INDULGENCE_COST, VALUE_COST, SYSTEM_COST, TRAINING_COST = range(len(COST_PURPOSES))

#: Payne's loyalty ladder (derived in :mod:`sim.ladder`), then "lapsed": dormant or lost, off the ladder
LADDER = ("ladder_prospect", "ladder_customer", "client", "supporter", "advocate", "partner", "lapsed")
RUNG_PROSPECT, RUNG_CUSTOMER, CLIENT, SUPPORTER, ADVOCATE, PARTNER, LAPSED = range(len(LADDER))

#: the contact that fits each recorded cause of churn, once investigated (調查客戶流失原因): neglect → care,
#: a competitor's offer → consulting, service failure → service, price → a transaction offer,
#: the decision maker left → information that introduces us to the new one
REMEDY_OF_CAUSE = {
    "neglect": "care", "competitor": "consulting", "service_failure": "service", "price": "transaction",
    "dm_left": "information",
}
#: the fitting function's code, by cause code
REMEDY_FUNCTION = tuple(FUNCTIONS.index(REMEDY_OF_CAUSE[c]) for c in CAUSES)

#: the customer management cycle's steps where effort goes (see :mod:`sim.cycle`)
CYCLE = ("build_contact", "develop", "create_value", "raise_loyalty")
BUILD_CONTACT, DEVELOP, CREATE_VALUE, RAISE_LOYALTY = range(len(CYCLE))
#: the step of a contact on a current customer, by function (pipeline contacts build contact,
#: contacts on dormant or lost accounts and remedies raise loyalty: see :func:`sim.cycle.cycle_step`)
CYCLE_OF_FUNCTION = {
    "care": "develop", "information": "build_contact", "transaction": "build_contact",
    "service": "create_value", "intelligence": "develop", "consulting": "create_value",
}

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
        "customer_equity": "customer equity (value of the book at the end)",
        # the rep table (sim.results.rep_people)
        "skill": "skill", "potential": "potential skill", "satisfaction": "rep satisfaction",
        "leavers": "reps who left", "turnover_per_year": "rep turnover per year",
        "strategy": "strategy", "month": "month", "accounts": "accounts", "share": "share",
        "cumulative_profit": "cumulative profit", "customer_rank": "customers ranked by profit",
        # report and CLI
        "report_title": "CRM Dojo — strategy comparison", "scenario": "scenario", "seeds": "seeds",
        "replications": "replications", "baseline": "baseline", "mean": "mean",
        "interval_95": "95% interval", "difference": "difference", "stage": "stage", "tier": "tier",
        "segment": "segment", "cause": "cause", "churned": "churned accounts",
        "cumulative_share": "share of total profit", "comparison_table": "Results (mean [95% interval])",
        "paired_table": "Difference from the baseline (paired, mean [95% interval])",
        "higher": "higher", "lower": "lower", "no clear difference": "no clear difference",
        "charts_metrics": "Headline metrics", "charts_stages": "Accounts by lifecycle stage",
        "charts_tiers": "Customers by relationship tier", "charts_churn": "Why customers left",
        "charts_whale": "Whale curve: cumulative profit by customer",
        "one_replication": "(first replication of each strategy)",
        "ladder_prospect": "prospect", "ladder_customer": "customer", "client": "client",
        "supporter": "supporter", "advocate": "advocate", "partner": "partner", "lapsed": "lapsed (off the ladder)",
        "rung": "loyalty ladder rung", "charts_ladder": "Payne's loyalty ladder: accounts by rung",
        "build_contact": "build contact", "develop": "develop the relationship", "create_value": "create value",
        "raise_loyalty": "raise loyalty", "cycle_step": "customer management cycle step", "hours": "rep hours",
        "money": "money spent", "charts_cycle": "Where the effort went: the customer management cycle",
    },
    "zh": {
        "prospect": "潛在客戶", "target": "目標客戶", "opportunity": "當前機會",
        "customer": "客戶", "dormant": "休眠（公海客戶）", "lost": "流失",
        "passer_by": "過客", "acquaintance": "熟人", "friend": "朋友", "confidant": "知己",
        "key": "大客戶", "strategic": "戰略客戶", "profit": "利潤客戶", "non_profit": "非利潤客戶",
        "care": "客戶關懷", "information": "信息傳遞", "transaction": "交易推動",
        "service": "服務提供", "intelligence": "情報收集", "consulting": "顧問諮詢",
        "neglect": "疏於關懷", "competitor": "競爭對手", "service_failure": "服務失誤",
        "price": "價格", "dm_left": "關鍵決策人離職",
        "crisis": "客戶危機", "quality_incident": "品質事故", "dm_change": "關鍵決策人變動",
        "downturn": "市場低迷",
        "active_accounts": "活躍客戶", "retention": "留存率", "revenue": "收入",
        "care_cost": "維護成本", "acquisition_cost": "獲客成本", "profit_total": "利潤",
        "customer_equity": "客戶資產（期末客戶群價值）",
        "skill": "業務員能力", "potential": "能力潛力", "satisfaction": "員工滿意度",
        "leavers": "離職人數", "turnover_per_year": "年離職率",
        "strategy": "策略", "month": "月", "accounts": "客戶數", "share": "佔比",
        "cumulative_profit": "累計利潤", "customer_rank": "按利潤排序的客戶",
        # strategies (English labels come from the strategies themselves)
        "no_care": "不做關懷", "quota_push": "衝指標推銷（銷售經理）", "most_favoured": "全員最惠關懷",
        "routine_care": "例行關懷", "value_based": "按價值分級", "customer_manager": "客戶經理（顧問式）",
        "tier_ladder": "關係層級遞進", "public_pool": "公海客戶挽回", "timely_help": "雪中送炭（危機中及時援手）",
        # report and CLI
        "report_title": "CRM Dojo — 策略比較", "scenario": "情境", "seeds": "隨機種子",
        "replications": "重複次數", "baseline": "基準", "mean": "平均值",
        "interval_95": "95% 信賴區間", "difference": "差異", "stage": "階段", "tier": "關係層級",
        "segment": "客戶類別", "cause": "原因", "churned": "流失客戶數",
        "cumulative_share": "佔總利潤比例", "comparison_table": "結果（平均值 [95% 信賴區間]）",
        "paired_table": "與基準的差異（配對，平均值 [95% 信賴區間]）",
        "higher": "更高", "lower": "更低", "no clear difference": "無明顯差異",
        "charts_metrics": "主要指標", "charts_stages": "各生命週期階段的客戶數",
        "charts_tiers": "各關係層級的客戶數", "charts_churn": "客戶流失原因",
        "charts_whale": "鯨魚曲線：按客戶累計利潤",
        "one_replication": "（每個策略的第一次重複）",
        "ladder_prospect": "潛在顧客", "ladder_customer": "顧客", "client": "客戶",
        "supporter": "支持者", "advocate": "宣傳者", "partner": "夥伴", "lapsed": "已流失（離開階梯）",
        "rung": "關係階梯", "charts_ladder": "Payne 關係階梯：各階客戶數",
        "build_contact": "建立客戶聯絡", "develop": "發展客戶關係", "create_value": "創造客戶價值",
        "raise_loyalty": "提升客戶忠誠", "cycle_step": "客戶管理循環步驟", "hours": "業務員工時",
        "money": "花費", "charts_cycle": "努力花在哪裡：客戶管理循環",
    },
}


_language = ["en"]  # the one switch for every label, legend and caption


def set_language(lang: str) -> None:
    """Switch every label, legend and widget caption to ``lang`` ('en' or 'zh')."""
    if lang not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, got {lang!r}")
    _language[0] = lang


def get_language() -> str:
    """The language labels use when none is given ('en' unless :func:`set_language` said otherwise)."""
    return _language[0]


def label(name: str, lang: str | None = None) -> str:
    """The display label of a code name in ``lang`` (default: the current language); the name if unknown."""
    lang = get_language() if lang is None else lang
    if lang not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, got {lang!r}")
    return LABELS[lang].get(name, name)
