"""Words of the role-play pages (solo game and tournament team page), in English and Chinese.

:func:`gtext` looks a key up in the current language (``sim.set_language``), falling back
to English; :func:`target_label` names a row of the decisions grid (a group or an account).
Pure Python: no widget library is imported here.
"""

from __future__ import annotations

from sim.game import GROUPS
from sim.game.decisions import GROUP_HELP
from sim.game.score import WEIGHTS
from sim.vocab import get_language, label

__all__ = ["ACCOUNT_COLUMNS", "COMPARE_COLUMNS", "TEXT", "gtext", "plan_summary", "score_formula_text",
           "target_label", "target_help"]

#: the columns of the accounts table and of the final comparison, in the order shown
ACCOUNT_COLUMNS = ("account", "segment", "dealer", "stage", "tier", "rapport", "value_per_year",
                   "weeks_since_contact", "stock_cover_weeks")
COMPARE_COLUMNS = ("player", "kind", "score", "profit", "retention", "tier_index", "customers")

TEXT = {
    "en": {
        "month": "Month {m} of {n}", "hours": "hours for contacts: {h:g}", "budget": "gift & expense budget: {b:,.0f}",
        "target": "accounts", "next": "Next month", "submit": "Submit decisions", "check_ok": "{summary}",
        "check_bad": "cannot play these decisions:", "news": "News of month {m}",
        "no_news": "Nothing to report yet: make your decisions and press the button.",
        "kpis": "Your book", "tiers": "Customers by tier", "stages": "Accounts by stage",
        "remedies": "A consulting visit to a dealer offers:", "campus_channel": "campus channel (300/month)",
        "shared_engineers": "shared installation engineers (400/month)", "add_account": "add a row for account",
        "add": "Add", "save": "Save game", "saved": "Saved: {name} — download", "over": "The game is over.",
        "score": "Score", "compare": "Your score next to the built-in strategies on the same world",
        "profit": "profit", "revenue": "revenue", "retention": "retention", "customers": "customers",
        "tier_index": "tier index", "contacts": "contacts", "answered": "answered", "accounts_table": "Your accounts",
        "reset": "Default plan", "clear": "Clear",
        "plan": "month {m}: {n} contacts, {h:g} of {H:g} h, money {x:,.0f} of {X:,.0f}",
        "formula": "score = {p:g} × profit / reference + {r:g} × retention + {t:g} × tier index",
        "account": "account", "segment": "segment", "dealer": "dealer", "stage": "stage", "tier": "tier",
        "rapport": "rapport", "value_per_year": "value per year", "weeks_since_contact": "weeks since contact",
        "stock_cover_weeks": "stock (weeks)", "player": "player", "kind": "kind", "team": "you",
        "kind_team": "your game", "kind_built-in": "built-in", "yes": "yes", "no": "",
        "group_dealers": "dealers", "group_pipeline": "pipeline", "group_customers": "customers", "group_all": "all",
    },
    "zh": {
        "month": "第 {m} 月，共 {n} 月", "hours": "可用聯絡時間：{h:g} 小時", "budget": "禮品與費用預算：{b:,.0f}",
        "target": "客戶", "next": "下個月", "submit": "提交決策", "check_ok": "{summary}",
        "check_bad": "這些決策無法執行：", "news": "第 {m} 月動態",
        "no_news": "暫無訊息：做好決策後按下按鈕。",
        "kpis": "你的客戶群", "tiers": "各關係層級的客戶", "stages": "各階段的客戶",
        "remedies": "拜訪代理商做顧問諮詢時提供：", "campus_channel": "校園渠道（每月 300）",
        "shared_engineers": "共享安裝工程師（每月 400）", "add_account": "為客戶新增一行",
        "add": "新增", "save": "儲存遊戲", "saved": "已儲存：{name}——下載", "over": "遊戲結束。",
        "score": "得分", "compare": "你的得分與內建策略（同一個世界）的比較",
        "profit": "利潤", "revenue": "收入", "retention": "留存率", "customers": "客戶數",
        "tier_index": "關係指數", "contacts": "聯絡次數", "answered": "有回應", "accounts_table": "你的客戶",
        "reset": "預設計劃", "clear": "清空",
        "plan": "第 {m} 月：{n} 次聯絡，耗時 {h:g} / {H:g} 小時，費用 {x:,.0f} / {X:,.0f}",
        "formula": "得分 = {p:g} × 利潤 / 參考利潤 + {r:g} × 留存率 + {t:g} × 關係指數",
        "account": "客戶", "segment": "客戶類別", "dealer": "代理商", "stage": "階段", "tier": "關係層級",
        "rapport": "客情", "value_per_year": "每年價值", "weeks_since_contact": "距上次聯絡（週）",
        "stock_cover_weeks": "庫存（週）", "player": "玩家", "kind": "類型", "team": "你",
        "kind_team": "你的遊戲", "kind_built-in": "內建策略", "yes": "是", "no": "",
        "group_dealers": "代理商", "group_pipeline": "銷售管道", "group_customers": "全部客戶", "group_all": "全部",
    },
}

_HELP_ZH = {
    "key": "大客戶", "strategic": "戰略客戶", "profit": "利潤客戶", "non_profit": "非利潤客戶",
    "dealers": "代理商（客戶或休眠）", "pipeline": "潛在客戶、目標客戶和當前機會", "dormant": "休眠客戶（公海）",
    "lost": "流失客戶（挽回）", "crisis": "陷入危機或有品質問題的客戶", "customers": "所有客戶",
    "all": "所有未流失的客戶",
}


def gtext(key: str, **kw) -> str:
    """The page's word for ``key`` in the current language (English if missing), formatted with ``kw``."""
    t = TEXT.get(get_language(), TEXT["en"]).get(key) or TEXT["en"].get(key, key)
    return t.format(**kw) if kw else t


def target_label(target: str) -> str:
    """A grid row's name: a group's label (``sim.label``, else this module's words) or an account id."""
    if target not in GROUPS:
        return target
    own = f"group_{target}"
    return gtext(own) if own in TEXT["en"] else label(target)


def target_help(target: str) -> str:
    """The tooltip of a grid row: which accounts a group holds."""
    return _HELP_ZH.get(target, "") if get_language() == "zh" else GROUP_HELP.get(target, "")


def plan_summary(plan) -> str:
    """:meth:`MonthPlan.summary` in the current language."""
    return gtext("plan", m=plan.month + 1, n=plan.contacts, h=plan.hours_planned, H=plan.hours_available,
                 x=plan.money, X=plan.budget)


def score_formula_text() -> str:
    """:func:`sim.game.score_formula` in the current language."""
    return gtext("formula", p=WEIGHTS["profit"], r=WEIGHTS["retention"], t=WEIGHTS["tier"])
