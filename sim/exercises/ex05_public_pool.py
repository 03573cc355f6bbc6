"""Exercise 5 — the public pool (公海客戶): set the dormancy rule and the pool's contact cycle.

An account with no purchase for N months goes to the public pool, where reps contact it every
few weeks to find the cause and win it back. The rule must fit how often the book buys; the
cycle must give several tries before a pooled account is lost. The check also simulates your
rule and cycle against the same strategy with the pool left alone.
"""

from __future__ import annotations

from sim.exercises._answers import checker, number
from sim.exercises._common import SMALL, compare, interval, make_variant, paired_row, redraw
from sim.exercises.feedback import tr
from sim.exercises.hints import hint_from
from sim.scenario import deep_merge
from sim.units import WEEKS_PER_MONTH as WPM

EXERCISE = 5
TITLE = tr("Exercise 5: the public pool", "練習 5：公海客戶")
HINTS = (
    ("The article's rule is three months for a book that buys about monthly. How often does your book buy?",
     "文章的規則（三個月）適用於大約每月採購一次的客戶群。你的客戶多久採購一次？"),
    ("Too short a rule sends customers who are simply between two orders to the pool; too long gives the competitor "
     "time. Aim for about twice the usual gap between purchases (12 / purchases_per_year months).",
     "規則太短，會把只是兩次訂單之間的客戶送進公海；太長則給了競爭對手時間。大約取兩次採購平均間隔（12 / purchases_per_year 個月）的兩倍。"),
    ("The cycle needs at least three tries before an account is lost: cycle ≤ lost_after_months × 52/12 / 3 weeks, "
     "and at least 2 weeks so the rep's hours go further.",
     "在客戶流失前至少要聯絡三次：週期 ≤ lost_after_months × 52/12 / 3 週，且至少 2 週，以免耗盡業務員的時間。"),
)


def _draw(rng) -> dict:
    return {"purchases_per_year": int(rng.choice([4, 6, 8, 12])),
            "lost_after_months": int(rng.choice([4, 6, 9])), "seed": int(rng.integers(1, 10_000))}


def variant(who):
    """Trainee ``who``'s book: purchases per year of a typical customer, months in the pool before it is lost."""
    return make_variant(EXERCISE, who, _draw, shown=("purchases_per_year", "lost_after_months"))


def hint(n=1):
    return hint_from(HINTS, n)


def bounds(v) -> dict:
    """The acceptable dormancy rule (months) and pool cycle (weeks) for variant ``v``."""
    gap = 12 / v.purchases_per_year
    return {"rule": (1.5 * gap, 1.5 * gap + 3), "cycle": (2.0, v.lost_after_months * WPM / 3)}


@checker(TITLE)
def check(v, dormant_after_months=None, pool_cycle_weeks=None, *, fb):
    """Check the dormancy rule and the contact cycle; simulate them against routine care."""
    v = redraw(v, EXERCISE, variant)
    rule = number(dormant_after_months, "dormant_after_months", 0.25, 36)
    cycle = number(pool_cycle_weeks, "pool_cycle_weeks", 0.5, 52)
    b, gap = bounds(v), 12 / v.purchases_per_year
    lo, hi = b["rule"]
    if rule < lo:
        fb.bad(f"{rule:g} months is too short: your customers buy every {gap:.1f} months, so a customer simply between "
               f"two orders would land in the pool. Use at least {lo:.1f}.",
               f"{rule:g} 個月太短：你的客戶每 {gap:.1f} 個月採購一次，只是處在兩次訂單之間的客戶也會被送進公海。至少用 {lo:.1f}。")
    elif rule > hi:
        fb.bad(f"{rule:g} months is too long: by then the competitor has had months to win them. Use at most {hi:.1f}.",
               f"{rule:g} 個月太長：到那時競爭對手已經有好幾個月去爭取他們了。最多用 {hi:.1f}。")
    else:
        fb.ok(f"Dormancy rule {rule:g} months: longer than the usual gap between orders ({gap:.1f} months), short enough "
              "to act before the competitor does.", f"休眠規則 {rule:g} 個月：比平常的採購間隔（{gap:.1f} 個月）長，又足夠短，能搶在競爭對手之前行動。")
    clo, chi = b["cycle"]
    if cycle < clo:
        fb.bad(f"A {cycle:g}-week cycle burns the rep's hours on accounts that do not buy: 2 weeks is the least.",
               f"{cycle:g} 週的週期會把業務員的時間耗在不採購的客戶上：至少 2 週。")
    elif cycle > chi:
        fb.bad(f"A {cycle:g}-week cycle gives fewer than three tries before a pooled account is lost "
               f"({v.lost_after_months} months): use at most {chi:.1f} weeks.",
               f"{cycle:g} 週的週期在客戶流失（{v.lost_after_months} 個月）之前不到三次聯絡：最多用 {chi:.1f} 週。")
    else:
        fb.ok(f"Contact cycle {cycle:g} weeks: at least three tries to find the cause and win the account back.",
              f"聯絡週期 {cycle:g} 週：至少三次機會找到原因、挽回客戶。")
    custom = {"your_pool": {"extends": "public_pool", "label": "Your public pool", "params": {"pool_cycle_weeks": cycle}},
              "no_pool_work": {"extends": "public_pool", "label": "The same strategy, pool left alone",
                               "params": {"pool_cycle_weeks": 0.0, "stage_weight": {"dormant": 0.0}}}}
    over = deep_merge(SMALL, {"market": {"purchases_per_year": v.purchases_per_year},
                              "lifecycle": {"dormant_after_months": rule, "lost_after_dormant_months": v.lost_after_months},
                              "custom_strategies": custom})
    comp = compare("public_pool", over, ["no_pool_work", "your_pool"], "no_pool_work", 3, v.seed)
    row, ret = paired_row(comp, "your_pool"), paired_row(comp, "your_pool", "retention")
    fb.info(f"Simulated against the same strategy with the pool left alone (3 paired runs): profit {interval(row)}, "
            f"retention {interval(ret)}.",
            f"與同一策略但不聯絡公海客戶相比的模擬結果（3 次配對）：利潤 {interval(row)}，留存率 {interval(ret)}。")
