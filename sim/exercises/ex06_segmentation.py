"""Exercise 6 — value segmentation and the 20/80/30 rule (Kotler): read a book's profit, then segment
to lift it.

Part 1: from two years of one book, the share of the potential profit (the peak of the whale curve)
that the top 20% of customers bring, and the share the book keeps once the unprofitable customers
have taken theirs back. Part 2: the firm treats everyone as most-favoured
(最惠戶待遇普遍化, a CRM pitfall); set strategy parameters that segment the book and lift profit
on the same customers (paired interval).
"""

from __future__ import annotations

import functools

import numpy as np

import sim
from sim.exercises._answers import AnswerError, checker, mapping, number
from sim.exercises._common import SMALL, compare, interval, make_variant, paired_row, redraw
from sim.exercises.feedback import tr
from sim.exercises.hints import hint_from
from sim.results import ever_customer
from sim.scenario import ScenarioError, deep_merge
from sim.vocab import SEGMENTS

EXERCISE = 6
TITLE = tr("Exercise 6: segment a book (20/80/30)", "練習 6：客戶分級（20/80/30 法則）")
PARAMS = ("segment_weight", "cycle_weeks", "value_weight", "price_cut", "indulge")
HINTS = (
    ("Rank the customers by profit, most profitable first. Part 2: who gets the most-favoured treatment today, and "
     "who pays for it?", "按利潤從高到低給客戶排序。第二部分：現在誰得到了最惠待遇，又是誰在為此買單？"),
    ("The potential profit is the peak of the whale curve: the sum of all positive profits. top20_share = profit of "
     "the top 20% / potential; total_share = total profit / potential. Both as shares (0.8, not 80).",
     "潛在利潤是鯨魚曲線的最高點：所有正利潤之和。top20_share = 前 20% 客戶的利潤 / 潛在利潤；total_share = 總利潤 / 潛在利潤。兩者都寫成比例（0.8 而不是 80）。"),
    ("params: drop the blanket discount and indulgence (price_cut 0, indulge False), weight key and strategic "
     "accounts up and unprofitable ones down (segment_weight), and see the unprofitable rarely (cycle_weeks 26).",
     "params：取消普遍折扣和有求必應（price_cut 0、indulge False），提高大客戶和戰略客戶的權重、降低非利潤客戶的權重（segment_weight），非利潤客戶少拜訪（cycle_weeks 26）。"),
)


@functools.lru_cache(maxsize=16)
def _book(seed: int):
    sc = sim.load_scenario("workshop", overrides=deep_merge(SMALL, {"horizon_months": 24}))
    res = sim.run(sc, "routine_care", seed=seed)
    ap = sim.account_profit(res)
    ap = ap[ever_customer(res)[ap["account"].to_numpy()]]
    return ap[["account", "segment", "size", "revenue", "profit"]].reset_index(drop=True).round(2)


def _draw(rng) -> dict:
    seed = int(rng.integers(1, 10_000))
    return {"book": _book(seed).copy(), "seed": seed}


def variant(who):
    """Trainee ``who``'s book: each customer's segment, size, revenue and profit over two years (``v.book``)."""
    return make_variant(EXERCISE, who, _draw, shown=("book",))


def hint(n=1):
    return hint_from(HINTS, n)


def shares(book) -> tuple[float, float]:
    """(top 20% of customers' profit, total profit), as shares of the potential profit: the peak of the
    whale curve, i.e. the profit of all profitable customers (as ``sim.facts`` measures it)."""
    p = np.sort(book["profit"].to_numpy())[::-1]
    potential = np.cumsum(p).max()
    return float(p[: int(round(0.2 * p.size))].sum() / potential), float(p.sum() / potential)


def _read_params(params) -> dict:
    p = mapping(params, "params", (), PARAMS)
    if not p:
        raise AnswerError(tr("`params` is empty: set at least segment_weight or cycle_weeks.",
                             "`params` 是空的：至少設定 segment_weight 或 cycle_weeks。"))
    return p


@checker(TITLE)
def check(v, top20_share=None, total_share=None, params=None, *, fb):
    """Check the two 20/80/30 numbers, then simulate ``params`` (on top of most-favoured) against most-favoured."""
    v = redraw(v, EXERCISE, variant)
    top, total = shares(v.book)
    for name, given, true, course_en, course_zh in (
            ("top20_share", top20_share, top, "the course says about 80%", "課程說大約 80%"),
            ("total_share", total_share, total, "the course: the worst customers halve it, about 50%",
             "課程說最差的客戶讓它減半，大約 50%")):
        x = number(given, name)
        if abs(x - true) <= 0.01 + 0.01 * abs(true):
            fb.ok(f"{name} = {true:.2f} ({course_en}).", f"{name} = {true:.2f}（{course_zh}）。")
        elif abs(x / 100 - true) <= 0.01 + 0.01 * abs(true):
            fb.bad(f"{name}: write it as a share ({x / 100:.2f}), not a percentage ({x:g}).",
                   f"{name}：請寫成比例（{x / 100:.2f}），而不是百分數（{x:g}）。")
        else:
            fb.bad(f"{name} = {x:g} is not what this book shows: rank customers by profit, most profitable first, "
                   "and divide as the task says.", f"{name} = {x:g} 與這本客戶帳不符：按利潤從高到低排序，再按題目要求相除。")
    p = _read_params(params)
    over = deep_merge(SMALL, {"custom_strategies": {"segmented": {"extends": "most_favoured", "label": "Your segmentation",
                                                                  "params": p}}})
    try:
        comp = compare("workshop", over, ["most_favoured", "segmented"], "most_favoured", 4, v.seed)
    except ScenarioError as exc:
        raise AnswerError(tr(f"These params cannot be used: {str(exc).splitlines()[0]}",
                             f"這些參數無法使用：{str(exc).splitlines()[0]}")) from None
    row = paired_row(comp, "segmented")
    if row["verdict"] == "higher":
        fb.ok(f"Profit vs most-favoured care for all, paired over 4 runs: {interval(row)} — clearly higher.",
              f"與全員最惠關懷相比的利潤（4 次配對）：{interval(row)} — 明顯更高。")
        return
    fb.bad(f"Profit vs most-favoured care for all, paired over 4 runs: {interval(row)} — not clearly higher.",
           f"與全員最惠關懷相比的利潤（4 次配對）：{interval(row)} — 沒有明顯提高。")
    strat = sim.resolve_strategy("segmented", comp.scenario).params
    if strat.price_cut > 0 or strat.indulge:
        fb.bad("You kept the discount or the indulgence for everyone: that is the most-favoured pitfall itself.",
               "你保留了對所有人的折扣或有求必應：這正是「最惠戶待遇普遍化」的誤區。")
    w = strat.segment_weight.array()
    if w[SEGMENTS.index("non_profit")] >= w[SEGMENTS.index("key")]:
        fb.bad("Unprofitable accounts weigh as much as key accounts: segment — more time for key and strategic accounts.",
               "非利潤客戶的權重和大客戶一樣：要分級 — 把更多時間給大客戶和戰略客戶。")
