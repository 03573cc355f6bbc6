"""The month's news feed, read from the event log (English or Chinese: ``sim.set_language``).

Each item is ``{"level": "alert" | "good" | "info", "kind": ..., "account": "A7" | None,
"week": float, "text": ..., "texts": {"en": ..., "zh": ...}}``; alerts first. Everything comes from events of the played
rep's accounts logged during the month (plus market-wide shocks), so the feed can always
be traced back to the log.
"""

from __future__ import annotations

import numpy as np

from sim.events import churns, contacts, purchases, referrals, shocks, stage_changes, tier_changes
from sim.game.decisions import account_id
from sim.vocab import (
    CAUSES, CRISIS, CUSTOMER, DM_CHANGE, DORMANT, DOWNTURN, LOST, OPPORTUNITY, QUALITY_INCIDENT, TARGET, TIERS,
    TRANSACTION, get_language, label,
)

__all__ = ["month_news", "TEMPLATES"]


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
        "quality": "{acc} 出現品質問題：在他們離開之前提供服務。",
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
    c = contacts(ev)
    _shock_news(items, shocks(ev), world.scenario)
    for i in range(len(ch := churns(ev))):  # churn, with its cause
        _item(items, "alert", "churn", "churn", ch.t[i], int(ch.account[i]), cause=CAUSES[int(ch.cause[i])])
    _unanswered_news(items, c, world.book.is_dealer)
    _stage_news(items, stage_changes(ev))
    tc = tier_changes(ev)
    tc = tc.where(tc.from_tier >= 0)  # relationship tiers (moves of existing accounts only)
    for i in range(len(tc)):
        up = int(tc.to_tier[i]) > int(tc.from_tier[i])
        _item(items, "good" if up else "alert", "tier", "tier_up" if up else "tier_down", tc.t[i],
              int(tc.account[i]), tier=TIERS[int(tc.to_tier[i])])
    r = referrals(ev)
    for i in range(len(r)):
        _item(items, "good", "referral", "referral", r.t[i], int(r.account[i]), ref=account_id(int(r.referrer[i])))
    _purchase_news(items, purchases(ev), c, world, ev["t"])
    _overstock_news(items, world, rep)
    if len(c):
        _item(items, "info", "contacts", "contacts", c.t[-1], n=len(c), k=int((c.answered == 1).sum()),
              h=float(c.hours.sum()))
    items.sort(key=lambda it: (_LEVEL_ORDER[it["level"]], it["week"]))
    return items


_SHOCK_NEWS = {DM_CHANGE: "dm_change", CRISIS: "crisis", QUALITY_INCIDENT: "quality"}


def _shock_news(items: list, s, sc) -> None:
    for i in range(len(s)):
        k = int(s.shock[i])
        if k in _SHOCK_NEWS:
            _item(items, "alert", _SHOCK_NEWS[k], _SHOCK_NEWS[k], s.t[i], int(s.account[i]))
        elif k == DOWNTURN:
            _item(items, "alert", "downturn", "downturn", s.t[i], depth=sc.shocks.downturn_depth,
                  months=sc.shocks.downturn_months)


def _unanswered_news(items: list, c, dealer: np.ndarray) -> None:
    """Unanswered contacts, per account."""
    for x in np.unique(c.account):
        m = c.account == x
        missed = int((c.answered[m] == 0).sum())
        if missed:
            key = "unanswered_dealer" if dealer[x] else "unanswered"
            _item(items, "alert", "unanswered", key, c.t[m][-1], int(x), k=missed, n=int(m.sum()))


def _stage_key(frm: int, to: int) -> tuple[str, str] | None:
    """(level, key) of the news of a lifecycle move, or None."""
    if to == DORMANT:
        return "alert", "dormant"
    if to == CUSTOMER and frm == OPPORTUNITY:
        return "good", "won"
    if to == CUSTOMER and frm == DORMANT:
        return "good", "wake"
    if to == OPPORTUNITY:
        return "good", "opportunity"
    if to == TARGET:
        return ("good", "winback") if frm == LOST else ("info", "qualified")
    return None


def _stage_news(items: list, s) -> None:
    for i in range(len(s)):
        frm, to = int(s.from_stage[i]), int(s.to_stage[i])
        key = _stage_key(frm, to) if frm >= 0 else None
        if key:
            _item(items, key[0], key[1], key[1], s.t[i], int(s.account[i]))


def _purchase_news(items: list, p, c, world, t_all: np.ndarray) -> None:
    """The month's purchases (top buyer) and dealer orders (how much of it a push brought forward)."""
    own = p.where(~p.dealer_order)
    if len(own):
        per = {}
        for x, r in zip(own.account.tolist(), own.revenue.tolist()):
            per[x] = per.get(x, 0.0) + r
        top = max(per, key=per.get)
        _item(items, "info", "purchases", "purchases", own.t[-1], top, n=len(own), rev=float(own.revenue.sum()),
              top=per[top])
    elif not (world.book.is_dealer[: world.book.n].any()):
        _item(items, "info", "purchases", "no_purchases", t_all[-1] if t_all.size else world.now)
    d = p.where(p.dealer_order)
    if len(d):
        units = d.revenue / world.scenario.dealers.unit_price
        pu = c.where(c.function == TRANSACTION)
        push_t = set(zip(pu.account.tolist(), pu.t.round(6).tolist()))
        pushed = sum(u for x, tt, u in zip(d.account.tolist(), d.t.round(6).tolist(), units.tolist()) if (x, tt) in push_t)
        _item(items, "info", "dealer_orders", "dealer_orders", d.t[-1], units=float(units.sum()),
              k=int(np.unique(d.account).size), pushed=float(pushed))


def _overstock_news(items: list, world, rep: int) -> None:
    """Dealers drowning in stock now."""
    ds = world.dealers
    if ds.account.size:
        cover = ds.cover_weeks()
        for k in np.flatnonzero(cover > ds.cfg.avoid_cover_weeks):
            x = int(ds.account[k])
            if world.book.rep[x] == rep and world.book.stage[x] in (CUSTOMER, DORMANT):
                _item(items, "alert", "overstock", "overstock", world.now, x, cover=float(cover[k]))
