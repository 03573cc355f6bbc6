"""Exercise 2 — relationship tiers (關係層級): plan a rep's contacts for a quarter to reach a tier mix
within an hours and money budget.

Each answered contact adds rapport (the function's rapport × the decision maker's affinity); rapport
above the thresholds makes an acquaintance (熟人), a friend (朋友), a confidant (知己). As in the
model, a visit adds the rep's travel time. One contact per account per week: 13 per quarter at most.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.exercises._answers import AnswerError, checker, number
from sim.exercises._common import make_variant, redraw
from sim.exercises.feedback import tr
from sim.exercises.hints import hint_from
from sim.scenario import Scenario
from sim.vocab import TIERS, label

EXERCISE = 2
TITLE = tr("Exercise 2: a quarter's contacts for a tier mix", "練習 2：一個季度的聯絡計劃與關係層級")
FUNCTIONS = ("care", "information", "service", "consulting")
WEEKS = 13
HINTS = (
    ("Compare what each function costs per point of rapport, and start with the accounts closest to the next tier.",
     "比較每種聯絡方式每一分客情的成本，並從最接近下一層級的客戶開始。"),
    ("contacts needed = ceil((threshold − rapport) / (rapport per contact × affinity)). ex.outcome(v, plan) shows "
     "the tiers, hours and money of a plan before you check it.",
     "所需聯絡次數 = ceil((門檻 − 客情) / (每次客情 × 親和度))。ex.outcome(v, plan) 可以在檢查前顯示計劃的層級、工時和花費。"),
    ("A greedy plan works: for the friends pick the accounts that need the fewest care visits to reach the friend "
     "threshold, then do the same for acquaintances among the rest.",
     "貪心法即可：先挑到達「朋友」門檻所需關懷拜訪最少的客戶，再在其餘客戶中同樣挑出「熟人」。"),
)


def contact_table() -> pd.DataFrame:
    """Hours (travel included), money and rapport of one contact of each function (the model's defaults)."""
    sc = Scenario()
    rows = {}
    for f in FUNCTIONS:
        c = getattr(sc.contacts, f)
        rows[f] = {"hours": c.hours + (sc.reps.travel_hours if c.visit else 0.0), "money": c.money,
                   "rapport": c.rapport}
    return pd.DataFrame(rows).T


def _care_plan(book: pd.DataFrame, thresholds, friends: int, acquaintances: int) -> dict:
    """The greedy care-only plan (used to set the budget)."""
    gain = contact_table().loc["care", "rapport"] * book["affinity"]
    need = {t: np.ceil(np.maximum(thr - book["rapport"], 0) / gain).astype(int) for t, thr in zip(TIERS[1:], thresholds)}
    plan, left = {}, list(book.index)
    for tier, count in (("friend", friends), ("acquaintance", acquaintances - friends)):
        for acc in sorted(left, key=lambda a: need[tier][a])[:count]:
            plan[acc] = {"care": int(need[tier][acc])}
            left.remove(acc)
    return plan


def _draw(rng) -> dict:
    thresholds = tuple(Scenario().relationship.tier_thresholds)
    n = 8
    while True:
        book = pd.DataFrame({"rapport": rng.integers(2, 48, n).astype(float),
                             "affinity": np.round(rng.uniform(0.6, 1.6, n), 2)},
                            index=[f"A{i + 1}" for i in range(n)])
        friends = int(rng.integers(2, 4))
        acquaintances = friends + int(rng.integers(2, 4))
        plan = _care_plan(book, thresholds, friends, acquaintances)
        if max(c["care"] for c in plan.values()) <= WEEKS:
            break
    cost = _totals(plan)
    return {"book": book, "contacts": contact_table(), "thresholds": thresholds,
            "goal": {"friends_or_better": friends, "acquaintances_or_better": acquaintances},
            "budget": {"hours": float(math.ceil(cost["hours"] * 1.15)), "money": float(math.ceil(cost["money"] * 1.15 / 10) * 10)}}


def variant(who):
    """Trainee ``who``'s book (rapport, affinity), contact costs, goal and budget."""
    return make_variant(EXERCISE, who, _draw, shown=("book", "contacts", "thresholds", "goal", "budget"))


def hint(n=1):
    return hint_from(HINTS, n)


def _read_plan(plan, accounts) -> dict[str, dict[str, int]]:
    if plan is None or plan is Ellipsis:
        raise AnswerError(tr("`plan` has no answer yet: a dict like {'A1': {'care': 3}, 'A4': {'information': 2}}.",
                             "`plan` 還沒有答案：應該是字典，例如 {'A1': {'care': 3}, 'A4': {'information': 2}}。"))
    if not isinstance(plan, dict):
        raise AnswerError(tr(f"`plan` should be a dict of account -> contacts, got {type(plan).__name__}.",
                             f"`plan` 應該是「客戶 -> 聯絡次數」的字典，現在是 {type(plan).__name__}。"))
    out = {}
    for acc, contacts in plan.items():
        if acc not in accounts:
            raise AnswerError(tr(f"`plan` names account {acc!r}, which is not in your book ({', '.join(accounts)}).",
                                 f"`plan` 中的客戶 {acc!r} 不在你的客戶名單（{', '.join(accounts)}）中。"))
        if not isinstance(contacts, dict):
            contacts = {"care": contacts}  # shorthand: a number of care visits
        counts = {}
        for f, k in contacts.items():
            if f not in FUNCTIONS:
                raise AnswerError(tr(f"`plan[{acc!r}]` has unknown function {f!r}; use {', '.join(FUNCTIONS)}.",
                                     f"`plan[{acc!r}]` 的聯絡方式 {f!r} 未知；可用：{', '.join(FUNCTIONS)}。"))
            x = number(k, f"plan[{acc!r}][{f!r}]", low=0)
            if x != int(x):
                raise AnswerError(tr(f"`plan[{acc!r}][{f!r}]` = {x:g}: contacts come in whole numbers.",
                                     f"`plan[{acc!r}][{f!r}]` = {x:g}：聯絡次數必須是整數。"))
            counts[f] = int(x)
        out[acc] = counts
    return out


def _totals(plan: dict) -> dict:
    t = contact_table()
    return {"hours": sum(t.loc[f, "hours"] * k for c in plan.values() for f, k in c.items()),
            "money": sum(t.loc[f, "money"] * k for c in plan.values() for f, k in c.items())}


def outcome(v, plan) -> pd.DataFrame:
    """Each account's contacts, rapport and tier at the end of the quarter under ``plan``."""
    v = redraw(v, EXERCISE, variant)
    plan = _read_plan(plan, list(v.book.index))
    t = contact_table()
    df = v.book.copy()
    df["contacts"] = [sum(plan.get(a, {}).values()) for a in df.index]
    gain = [sum(t.loc[f, "rapport"] * k for f, k in plan.get(a, {}).items()) for a in df.index]
    df["rapport_end"] = np.minimum(df["rapport"] + np.array(gain) * df["affinity"], 100.0).round(1)
    df["tier_end"] = [TIERS[int(np.searchsorted(v.thresholds, r, side="right"))] for r in df["rapport_end"]]
    return df


@checker(TITLE)
def check(v, plan=None, *, fb):
    """Check that ``plan`` reaches the goal's tier mix within the hours and money budget."""
    v = redraw(v, EXERCISE, variant)
    df = outcome(v, plan)
    used = _totals(_read_plan(plan, list(v.book.index)))
    tier = df["tier_end"].map(TIERS.index)
    goal = v.goal
    for name, level, zh in (("friends_or_better", 2, "朋友及以上"), ("acquaintances_or_better", 1, "熟人及以上")):
        have = int((tier >= level).sum())
        if have >= goal[name]:
            fb.ok(f"{have} accounts at {label(TIERS[level], 'en')} or better (goal {goal[name]}).",
                  f"{have} 個客戶達到{zh}（目標 {goal[name]}）。")
        else:
            fb.bad(f"Only {have} accounts reach {label(TIERS[level], 'en')} or better; the goal is {goal[name]}. "
                   "Rapport grows only with answered contacts: raise those closest to the threshold.",
                   f"只有 {have} 個客戶達到{zh}，目標是 {goal[name]}。客情只靠有效聯絡增長：先提升最接近門檻的客戶。")
    for what, zh, unit in (("hours", "工時", "h"), ("money", "花費", "")):
        if used[what] <= v.budget[what] + 1e-9:
            fb.ok(f"{what.capitalize()}: {used[what]:g}{unit} of {v.budget[what]:g}{unit}.",
                  f"{zh}：{used[what]:g}{unit}，預算 {v.budget[what]:g}{unit}。")
        else:
            fb.bad(f"{what.capitalize()}: {used[what]:g}{unit}, over the budget of {v.budget[what]:g}{unit}. A rep's time "
                   "and gift money are limited: pick whom to raise, as a rep of 100 contacts ends with ~10 friends.",
                   f"{zh}：{used[what]:g}{unit}，超出預算 {v.budget[what]:g}{unit}。業務員的時間和禮品費有限：要選擇提升誰"
                   "（認識 100 人，大約只有 10 個朋友）。")
    busy = df.index[df["contacts"] > WEEKS].tolist()
    if busy:
        fb.bad(f"More than {WEEKS} contacts in a quarter with {', '.join(busy)}: one a week is the most a decision maker "
               "welcomes.", f"一個季度內對 {', '.join(busy)} 聯絡超過 {WEEKS} 次：每週一次已是關鍵決策人能接受的上限。")
    en = ", ".join(f"{label(t, 'en')} {int((df['tier_end'] == t).sum())}" for t in TIERS)
    zh = "、".join(f"{label(t, 'zh')} {int((df['tier_end'] == t).sum())}" for t in TIERS)
    fb.info(f"Tier mix at the end: {en}.", f"季末層級分佈：{zh}。")
