"""The month's news feed, read from the event log (English or Chinese: ``sim.set_language``).

Each item is ``{"level": "alert" | "good" | "info", "kind": ..., "account": "A7" | None,
"week": float, "text": ..., "texts": {"en": ..., "zh": ...}}``; alerts first. Everything comes from events of the played
rep's accounts logged during the month (plus market-wide shocks), so the feed can always
be traced back to the log.
"""

from __future__ import annotations

import numpy as np

from sim.game.decisions import account_id
from sim.vocab import (
    CAUSES, CHURN, CONTACT, CRISIS, CUSTOMER, DM_CHANGE, DORMANT, DOWNTURN, LOST, OPPORTUNITY, PURCHASE,
    QUALITY_INCIDENT, REFERRAL, SHOCK, STAGE, TARGET, TIER, TIERS, get_language, label,
)

__all__ = ["month_news", "TEMPLATES"]

WPM = 52.0 / 12.0

TEMPLATES = {
    "en": {
        "unanswered_dealer": "The dealer {acc} did not answer ({k} of {n} contacts) — has he switched off his phone?",
        "unanswered": "{acc} did not answer ({k} of {n} contacts).",
        "dm_change": "The buyer at {acc} changed jobs: a new decision maker who does not know you yet.",
        "crisis": "{acc} is in a crisis — a chance for timely help (service or consulting counts triple).",
        "quality": "Quality problem at {acc}: send service before they leave.",
        "downturn": "The market turned down: demand falls {depth:.0%} for {months:g} months.",
        "churn": "{acc} is lost — cause: {cause}.",
        "dormant": "{acc} stopped buying and went dormant (public pool).",
        "won": "{acc} became a customer — won!",
        "opportunity": "You reached the decision maker at {acc}: now an opportunity.",
        "qualified": "{acc} qualified as a target account.",
        "wake": "{acc} is buying again.",
        "winback": "{acc} is willing to talk again (back to target).",
        "tier_up": "{acc} moved up to {tier}.",
        "tier_down": "{acc} slipped down to {tier}.",
        "purchases": "Purchases: {n} orders, revenue {rev:,.0f}; biggest buyer {acc} ({top:,.0f}).",
        "no_purchases": "No purchases this month.",
        "dealer_orders": "Dealer orders: {units:,.0f} units from {k} dealer(s), {pushed:,.0f} of them pushed by you.",
        "overstock": "Dealer {acc} holds {cover:.0f} weeks of stock — more than he can sell; he will avoid you.",
        "referral": "{ref} referred a new account: {acc}.",
        "contacts": "Your contacts: {n} made, {k} answered, {h:.0f} h.",
    },
    "zh": {
        "unanswered_dealer": "代理商 {acc} 沒有接聽（{n} 次聯絡中 {k} 次）——他關機了嗎？",
        "unanswered": "{acc} 沒有回應（{n} 次聯絡中 {k} 次）。",
        "dm_change": "{acc} 的採購負責人換了工作：新的關鍵決策人還不認識你。",
        "crisis": "{acc} 陷入危機——雪中送炭的機會（服務或顧問諮詢效果是平時的三倍）。",
        "quality": "{acc} 出現質量問題：在他們離開之前提供服務。",
        "downturn": "市場轉入低迷：需求下降 {depth:.0%}，持續 {months:g} 個月。",
        "churn": "{acc} 已流失——原因：{cause}。",
        "dormant": "{acc} 停止購買，轉入休眠，成為公海客戶。",
        "won": "{acc} 成為客戶——成交！",
        "opportunity": "你接觸到了 {acc} 的關鍵決策人：現在是當前機會。",
        "qualified": "{acc} 已篩選為目標客戶。",
        "wake": "{acc} 重新開始購買。",
        "winback": "{acc} 願意再談（回到目標客戶）。",
        "tier_up": "{acc} 升為{tier}。",
        "tier_down": "{acc} 降為{tier}。",
        "purchases": "購買：{n} 筆訂單，收入 {rev:,.0f}；最大買家 {acc}（{top:,.0f}）。",
        "no_purchases": "本月沒有購買。",
        "dealer_orders": "代理商訂貨：{k} 家共 {units:,.0f} 件，其中 {pushed:,.0f} 件是你壓的貨。",
        "overstock": "代理商 {acc} 庫存夠賣 {cover:.0f} 週——超出他能賣的；他會躲著你。",
        "referral": "{ref} 介紹了新客戶：{acc}。",
        "contacts": "你的聯絡：共 {n} 次，{k} 次有回應，{h:.0f} 小時。",
    },
}

_LEVEL_ORDER = {"alert": 0, "good": 1, "info": 2}


#: template fields that hold a vocabulary key, shown with :func:`sim.label` in each language
_LABELLED = ("cause", "tier")


def _item(items, level, kind, key, t, acc=None, **kw) -> None:
    """Add one item: ``text`` in the current language, ``texts`` in every language (for a page's toggle)."""
    name = account_id(acc) if acc is not None else ""
    texts = {lang: tpl[key].format(acc=name, **{k: label(v, lang) if k in _LABELLED else v for k, v in kw.items()})
             for lang, tpl in TEMPLATES.items()}
    items.append({"level": level, "kind": kind, "account": account_id(acc) if acc is not None else None,
                  "week": round(float(t), 2), "text": texts.get(get_language(), texts["en"]), "texts": texts})


def month_news(ev: dict[str, np.ndarray], world, rep: int) -> list[dict]:
    """News items from the month's events ``ev`` (already restricted to the played rep's accounts)."""
    items: list[dict] = []
    kind, acc, t, a, b = ev["kind"], ev["account"], ev["t"], ev["a"], ev["b"]
    dealer = world.book.is_dealer
    sc = world.scenario

    # shocks
    for i in np.flatnonzero(kind == SHOCK):
        k = int(a[i])
        if k == DM_CHANGE:
            _item(items, "alert", "dm_change", "dm_change", t[i], int(acc[i]))
        elif k == CRISIS:
            _item(items, "alert", "crisis", "crisis", t[i], int(acc[i]))
        elif k == QUALITY_INCIDENT:
            _item(items, "alert", "quality", "quality", t[i], int(acc[i]))
        elif k == DOWNTURN:
            _item(items, "alert", "downturn", "downturn", t[i], depth=sc.shocks.downturn_depth,
                  months=sc.shocks.downturn_months)
    # churn, with its cause
    for i in np.flatnonzero(kind == CHURN):
        _item(items, "alert", "churn", "churn", t[i], int(acc[i]), cause=CAUSES[int(a[i])])
    # unanswered contacts, per account
    c = np.flatnonzero(kind == CONTACT)
    if c.size:
        for x in np.unique(acc[c]):
            m = c[acc[c] == x]
            missed = int((b[m] == 0).sum())
            if missed:
                key = "unanswered_dealer" if dealer[x] else "unanswered"
                _item(items, "alert", "unanswered", key, t[m][-1], int(x), k=missed, n=int(m.size))
    # lifecycle moves
    for i in np.flatnonzero(kind == STAGE):
        frm, to, x = int(a[i]), int(b[i]), int(acc[i])
        if frm < 0:
            continue
        if to == DORMANT:
            _item(items, "alert", "dormant", "dormant", t[i], x)
        elif to == CUSTOMER and frm == OPPORTUNITY:
            _item(items, "good", "won", "won", t[i], x)
        elif to == CUSTOMER and frm == DORMANT:
            _item(items, "good", "wake", "wake", t[i], x)
        elif to == OPPORTUNITY:
            _item(items, "good", "opportunity", "opportunity", t[i], x)
        elif to == TARGET and frm == LOST:
            _item(items, "good", "winback", "winback", t[i], x)
        elif to == TARGET:
            _item(items, "info", "qualified", "qualified", t[i], x)
    # relationship tiers (moves of existing accounts only)
    for i in np.flatnonzero((kind == TIER) & (a >= 0)):
        up = int(b[i]) > int(a[i])
        _item(items, "good" if up else "alert", "tier", "tier_up" if up else "tier_down", t[i], int(acc[i]),
              tier=TIERS[int(b[i])])
    for i in np.flatnonzero(kind == REFERRAL):
        _item(items, "good", "referral", "referral", t[i], int(acc[i]), ref=account_id(int(b[i])))
    # purchases
    p = np.flatnonzero((kind == PURCHASE) & (a >= 0))
    if p.size:
        rev = ev["x"][p]
        per = {}
        for x, r in zip(acc[p].tolist(), rev.tolist()):
            per[x] = per.get(x, 0.0) + r
        top = max(per, key=per.get)
        _item(items, "info", "purchases", "purchases", t[p][-1], top, n=int(p.size), rev=float(rev.sum()), top=per[top])
    elif not (dealer[: world.book.n].any()):
        _item(items, "info", "purchases", "no_purchases", t[-1] if t.size else world.now)
    d = np.flatnonzero((kind == PURCHASE) & (a < 0))
    if d.size:
        units = ev["x"][d] / sc.dealers.unit_price
        push_t = set(zip(acc[c][ev["a"][c] == 2].tolist(), t[c][ev["a"][c] == 2].round(6).tolist())) if c.size else set()
        pushed = sum(u for x, tt, u in zip(acc[d].tolist(), t[d].round(6).tolist(), units.tolist()) if (x, tt) in push_t)
        _item(items, "info", "dealer_orders", "dealer_orders", t[d][-1], units=float(units.sum()),
              k=int(np.unique(acc[d]).size), pushed=float(pushed))
    # dealers drowning in stock now
    ds = world.dealers
    if ds.account.size:
        cover = ds.cover_weeks()
        for k in np.flatnonzero(cover > ds.cfg.avoid_cover_weeks):
            x = int(ds.account[k])
            if world.book.rep[x] == rep and world.book.stage[x] in (CUSTOMER, DORMANT):
                _item(items, "alert", "overstock", "overstock", world.now, x, cover=float(cover[k]))
    if c.size:
        _item(items, "info", "contacts", "contacts", t[c][-1], n=int(c.size), k=int((b[c] == 1).sum()),
              h=float(ev["x"][c].sum()))
    items.sort(key=lambda it: (_LEVEL_ORDER[it["level"]], it["week"]))
    return items
