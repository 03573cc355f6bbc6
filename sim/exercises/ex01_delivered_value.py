"""Exercise 1 — customer delivered value (顧客讓渡價值): compute it and predict the customer's choice.

Delivered value = (product + service + personnel + image value) − (price + time + energy +
psychological cost). The customer picks the larger; the firm wins by "adding value and
subtracting cost" (做好加減法).
"""

from __future__ import annotations

import pandas as pd

from sim.exercises._answers import checker, choice, number
from sim.exercises._common import make_variant, redraw
from sim.exercises.feedback import Text, tr
from sim.exercises.hints import hint_from

EXERCISE = 1
TITLE = tr("Exercise 1: delivered value", "練習 1：顧客讓渡價值")
VALUES = ("product", "service", "personnel", "image")
COSTS = ("price", "time", "energy", "psychological")
ZH = {"product": "產品價值", "service": "服務價值", "personnel": "人員價值", "image": "形象價值",
      "price": "貨幣成本", "time": "時間成本", "energy": "體力成本", "psychological": "精神成本"}
RANGES = {"product": (40, 60), "service": (8, 20), "personnel": (5, 15), "image": (5, 15),
          "price": (35, 55), "time": (4, 12), "energy": (3, 10), "psychological": (2, 8)}
HINTS = (
    ("Delivered value is total customer value minus total customer cost: four values, four costs.",
     "顧客讓渡價值 = 顧客總價值 − 顧客總成本：四項價值，四項成本。"),
    ("Total value = product + service + personnel + image; total cost = price + time + energy + psychological. "
     "Do it for both offers; the customer picks the larger.",
     "總價值 = 產品 + 服務 + 人員 + 形象；總成本 = 貨幣 + 時間 + 體力 + 精神。兩個報價都算一遍，客戶選較大的。"),
    ("points_needed = how far we are behind: max(0, competitor − ours). Any mix of added value and cut cost "
     "that adds up to it closes the gap.",
     "points_needed = 我們落後多少：max(0, 競爭對手 − 我們)。增加價值和減少成本的任何組合，只要加起來等於它，就能追平。"),
)


def _delivered(o: dict) -> float:
    return sum(o[k] for k in VALUES) - sum(o[k] for k in COSTS)


def _draw(rng) -> dict:
    while True:
        ours = {k: int(rng.integers(lo, hi + 1)) for k, (lo, hi) in RANGES.items()}
        theirs = {k: int(rng.integers(lo, hi + 1)) for k, (lo, hi) in RANGES.items()}
        if 1 <= abs(_delivered(ours) - _delivered(theirs)) <= 12:
            break
    offers = pd.DataFrame({"kind": ["value"] * 4 + ["cost"] * 4, "ours": [ours[k] for k in (*VALUES, *COSTS)],
                           "competitor": [theirs[k] for k in (*VALUES, *COSTS)]}, index=[*VALUES, *COSTS])
    return {"offers": offers, "ours": ours, "competitor": theirs}


def variant(who):
    """Trainee ``who``'s two offers (points): ``v.offers`` (a table), ``v.ours``, ``v.competitor`` (dicts)."""
    return make_variant(EXERCISE, who, _draw, shown=("offers",))


def hint(n=1):
    return hint_from(HINTS, n)


def _diagnose(given: float, offer: dict) -> Text | None:
    """Which slip gives ``given`` instead of the delivered value of ``offer``."""
    value, cost = sum(offer[k] for k in VALUES), sum(offer[k] for k in COSTS)
    if abs(given - value) < 0.01:
        return tr("that is the total value only: subtract the four costs.", "這只是總價值：還要減去四項成本。")
    if abs(given - (value + cost)) < 0.01:
        return tr("the costs were added, not subtracted.", "成本被加上了，應該減去。")
    for k in COSTS:
        if abs(given - (value - cost + offer[k])) < 0.01:
            return tr(f"the {k} cost is missing: a customer pays in {k} too.", f"漏掉了{ZH[k]}：客戶付出的不只是錢。")
    for k in VALUES:
        if abs(given - (value - offer[k] - cost)) < 0.01:
            return tr(f"the {k} value is missing.", f"漏掉了{ZH[k]}。")
    return None


@checker(TITLE)
def check(v, ours=None, competitor=None, choice_=None, points_needed=None, *, fb):
    """Check our and the competitor's delivered value, the customer's choice and the points needed."""
    v = redraw(v, EXERCISE, variant)
    true = {"ours": _delivered(v.ours), "competitor": _delivered(v.competitor)}
    given = {"ours": number(ours, "ours"), "competitor": number(competitor, "competitor")}
    for side, offer in (("ours", v.ours), ("competitor", v.competitor)):
        if abs(given[side] - true[side]) < 0.01:
            fb.ok(f"Delivered value of {side}: {true[side]:g} points — four values minus four costs.",
                  f"{'我們' if side == 'ours' else '競爭對手'}的讓渡價值：{true[side]:g} 分 — 四項價值減四項成本。")
        else:
            why = _diagnose(given[side], offer) or tr(
                "recount: (product + service + personnel + image) − (price + time + energy + psychological).",
                "請重算：(產品 + 服務 + 人員 + 形象) − (貨幣 + 時間 + 體力 + 精神)。")
            fb.bad(f"Delivered value of {side} is not {given[side]:g}: {why.en}",
                   f"{'我們' if side == 'ours' else '競爭對手'}的讓渡價值不是 {given[side]:g}：{why.zh}")
    winner = "ours" if true["ours"] > true["competitor"] else "competitor"
    picked = choice(choice_, "choice", ("ours", "competitor"))
    if picked == winner:
        fb.ok(f"The customer picks {winner}: the larger delivered value wins.", f"客戶選擇{'我們' if winner == 'ours' else '競爭對手'}：讓渡價值大的一方勝出。")
    else:
        fb.bad(f"The customer picks the larger delivered value, which is {winner}'s "
               f"({true['ours']:g} vs {true['competitor']:g}) — not the better product or the lower price alone.",
               f"客戶選擇讓渡價值較大的一方，即{'我們' if winner == 'ours' else '競爭對手'}"
               f"（{true['ours']:g} 對 {true['competitor']:g}）— 不只看產品好壞或價格高低。")
    need = max(0.0, true["competitor"] - true["ours"])
    got = number(points_needed, "points_needed", low=0)
    if abs(got - need) < 0.01:
        fb.ok(f"Points needed: {need:g} — add value or subtract cost (做好加減法) by that much to match.",
              f"需要 {need:g} 分 — 透過增加價值或減少成本（做好加減法）追平。")
    elif need == 0:
        fb.bad("We already win, so 0 points are needed; more would be icing on the cake (錦上添花) paid from margin.",
               "我們已經勝出，需要 0 分；再加就是錦上添花，花的是利潤。")
    else:
        fb.bad(f"We are behind by competitor − ours points, not {got:g}: every point of added value or cut cost counts the same.",
               f"我們落後的分數是 競爭對手 − 我們，不是 {got:g}：增加一分價值和減少一分成本效果相同。")
