"""Exercise 4 — caring for store owners (《客情維護4招11式》): split a care budget across the three tactics.

Small, continual favours (小恩小惠連續不斷) are care contacts; lending a hand with any chore
(大活小活遇到則幹) is service; sharing what works in other stores (時時分享成功經驗) is
consulting. The check simulates your split against "favours only" on the same stores and passes when profit plus
customer equity (this year's money and what the book is worth at its end) is clearly higher.
"""

from __future__ import annotations


from sim.exercises._answers import checker, mapping, number
from sim.exercises._common import SMALL, compare, interval, lifetime_row, make_variant, redraw
from sim.exercises.feedback import tr
from sim.exercises.hints import hint_from
from sim.scenario import deep_merge

EXERCISE = 4
TITLE = tr("Exercise 4: a care budget across the wine-trade tactics", "練習 4：把關懷預算分配到客情維護的三招")
TACTICS = {"favours": "care", "lend_a_hand": "service", "share_success": "consulting"}
ZH = {"favours": "小恩小惠", "lend_a_hand": "大活小活遇到則幹", "share_success": "分享成功經驗"}
MIN_SHARE = 0.15
HINTS = (
    ("The article's point is that the three tactics work together, and continually: none of them alone.",
     "文章的重點是三招一起用、持續地用：不能只靠其中一招。"),
    ("Give shares that add up to 1 (e.g. 0.4, not 40%), each at least 0.15.",
     "給出加起來等於 1 的比例（例如 0.4，而不是 40%），每一項至少 0.15。"),
    ("Favours build rapport cheaply; lending a hand (service) fixes problems; sharing success (consulting) helps the "
     "store sell. Try e.g. {'favours': 0.4, 'lend_a_hand': 0.3, 'share_success': 0.3}.",
     "小恩小惠以低成本建立客情；幫忙幹活（服務）解決問題；分享成功經驗（顧問）幫助門店賣貨。"
     "例如 {'favours': 0.4, 'lend_a_hand': 0.3, 'share_success': 0.3}。"),
)


def _draw(rng) -> dict:
    return {"weekly_budget": int(rng.choice([300, 400, 500, 600, 700])),
            "stores": int(rng.choice([150, 200])), "seed": int(rng.integers(1, 10_000))}


def variant(who):
    """Trainee ``who``'s stores: how many, and each rep's weekly gift and expense budget."""
    return make_variant(EXERCISE, who, _draw, shown=("stores", "weekly_budget"))


def hint(n=1):
    return hint_from(HINTS, n)


def _overrides(v, split: dict) -> dict:
    mix = {f: 0.0 for f in ("care", "information", "transaction", "service", "intelligence", "consulting")}
    for tactic, f in TACTICS.items():
        mix[f] = split[tactic]
    custom = {"favours_only": {"extends": "routine_care", "label": "Favours only", "params": {"customer_function": "care"}},
              "your_split": {"extends": "routine_care", "label": "Your split",
                             "params": {"customer_function": "mix", "function_mix": mix}}}
    return deep_merge(SMALL, {"accounts": {"count": v.stores}, "reps": {"weekly_budget": v.weekly_budget},
                              "custom_strategies": custom})


@checker(TITLE)
def check(v, split=None, *, fb):
    """Check the split (shares of the three tactics) and simulate it against favours only."""
    v = redraw(v, EXERCISE, variant)
    raw = mapping(split, "split", tuple(TACTICS))
    shares = {k: number(raw[k], f"split[{k!r}]", low=0) for k in TACTICS}
    total = sum(shares.values())
    if total > 1.5 and abs(total - 100) < 2:
        fb.bad("Your shares add up to 100: write them as parts of 1 (0.4, not 40).", "你的比例加起來是 100：請寫成 1 的一部分（0.4 而不是 40）。")
        return
    if abs(total - 1) > 0.02:
        fb.bad(f"Your shares add up to {total:g}, not 1: a budget is a budget.", f"你的比例加起來是 {total:g}，不是 1：預算就是預算。")
        return
    fb.ok("The shares add up to the whole budget.", "比例加起來正好是全部預算。")
    thin = [k for k in TACTICS if shares[k] < MIN_SHARE]
    if thin:
        fb.bad(f"{', '.join(thin)} get less than {MIN_SHARE:.0%}: the article's tactics work together and continually "
               "(連續不斷) — a tactic used now and then is forgotten.",
               f"{'、'.join(ZH[k] for k in thin)} 少於 {MIN_SHARE:.0%}：這幾招要一起、持續地用（連續不斷）— 偶爾用一次會被忘記。")
    else:
        fb.ok("All three tactics get a real share: favours, a helping hand and shared success.",
              "三招都有實在的份額：小恩小惠、幫忙幹活、分享成功經驗。")
    comp = compare("workshop", _overrides(v, shares), ["favours_only", "your_split"], "favours_only", 4, v.seed)
    row = lifetime_row(comp, "your_split")
    text_en = f"profit + customer equity vs favours only, paired over 4 runs: {interval(row)}"
    text_zh = f"與只做小恩小惠相比的利潤 + 客戶資產（4 次配對）：{interval(row)}"
    if row["verdict"] == "higher":
        fb.ok(f"Simulated {text_en} — higher.", f"模擬{text_zh} — 更高。")
    elif row["verdict"] == "lower":
        fb.bad(f"Simulated {text_en} — lower: this split is worth less than favours alone.",
               f"模擬{text_zh} — 更低：這個分配不如只做小恩小惠。")
    else:
        fb.bad(f"Simulated {text_en} — the interval contains zero, so the difference may be luck.",
               f"模擬{text_zh} — 區間包含零，差異可能只是運氣。")
