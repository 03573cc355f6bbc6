"""Exercise 3 — the dealer who switched off his phone (代理商關機): diagnose, then design the remedy.

A rep with a quota pushes stock onto dealers in a downturn; they stop answering. The class's
better answer: help the dealer sell through (a campus channel, the firm's engineers sharing his
installation labour) without giving up price or margin. The check also simulates your remedy
against the quota push on the same dealers and the same downturn.
"""

from __future__ import annotations

import numpy as np

import sim
from sim import events
from sim.exercises._answers import AnswerError, checker, choice, flag, mapping, number
from sim.exercises._common import make_variant, redraw
from sim.exercises.feedback import tr
from sim.exercises.hints import hint_from
from sim.vocab import LOST

EXERCISE = 3
TITLE = tr("Exercise 3: the dealer who switched off his phone", "練習 3：代理商關機")
DIAGNOSES = ("own_quota", "dealer_greed", "price_too_high", "product_quality")
REMEDIES = ("campus_channel", "shared_engineers")
HINTS = (
    ("Whose goal did the rep serve when he pushed stock and invited the dealer to dinner? What does the dealer want "
     "in a hard season?", "業務員壓貨、請吃飯時，服務的是誰的目標？淡季裡代理商想要的是什麼？"),
    ("A transaction push loads stock he cannot sell; care (dinners, gifts) does not sell it either. Consulting with "
     "a remedy helps sell-through.", "交易推動只會壓上賣不掉的貨；關懷（請客、送禮）也賣不掉它。帶著解決方案的顧問式拜訪才能幫他動銷。"),
    ("remedy = {'dealer_function': 'consulting', 'remedies': [...one or both of campus_channel, shared_engineers...], "
     "'push_when_behind': False, 'price_cut': 0}",
     "remedy = {'dealer_function': 'consulting', 'remedies': [campus_channel、shared_engineers 之一或兩者], "
     "'push_when_behind': False, 'price_cut': 0}"),
)


def _draw(rng) -> dict:
    return {"dealers": int(rng.integers(6, 11)), "downturn_months": int(rng.integers(6, 11)),
            "downturn_depth": float(np.round(rng.uniform(0.3, 0.5), 2)), "seed": int(rng.integers(1, 10_000))}


def variant(who):
    """Trainee ``who``'s hard season: dealers, downturn length and depth (and the simulation seed)."""
    return make_variant(EXERCISE, who, _draw, shown=("dealers", "downturn_months", "downturn_depth"))


def hint(n=1):
    return hint_from(HINTS, n)


def _read(remedy) -> dict:
    r = mapping(remedy, "remedy", ("dealer_function", "remedies"), ("push_when_behind", "price_cut"))
    out = {"dealer_function": choice(r["dealer_function"], "remedy['dealer_function']", ("care", "transaction", "consulting"))}
    rem = r["remedies"]
    if isinstance(rem, str):
        rem = [rem]
    if not isinstance(rem, (list, tuple, set)):
        raise AnswerError(tr(f"remedy['remedies'] should be a list such as ['campus_channel'], got {type(rem).__name__}.",
                             f"remedy['remedies'] 應該是清單，例如 ['campus_channel']；現在是 {type(rem).__name__}。"))
    out["remedies"] = sorted({choice(x, "remedy['remedies']", REMEDIES) for x in rem})
    out["push_when_behind"] = flag(r.get("push_when_behind", False), "remedy['push_when_behind']")
    out["price_cut"] = number(r.get("price_cut", 0.0), "remedy['price_cut']", 0, 0.5)
    return out


def _outcome(v, params: dict) -> dict:
    """Dealer answer rate, dealers lost and profit of quota push and of ``params``, over three seeds."""
    over = {"dealers": {"count": v.dealers}, "accounts": {"count": 12 + v.dealers},
            "shocks": {"downturn_months": v.downturn_months, "downturn_depth": v.downturn_depth},
            "custom_strategies": {"yours": {"extends": "quota_push", "params": params}}}
    sc = sim.load_scenario("dealer_phone", overrides=over)
    out = {}
    for name in ("quota_push", "yours"):
        answered, contacts, lost, profit = 0, 0, 0, 0.0
        for i in range(3):
            res = sim.run(sc, name, seed=sim.replication_seed(v.seed, i))
            dealer = res.accounts["is_dealer"].to_numpy()
            c, s = events.contacts(res.events), events.stage_changes(res.events)
            c = c.where(dealer[c.account])
            answered, contacts = answered + int(c.answered.sum()), contacts + len(c)
            gone = (s.to_stage == LOST) & dealer[s.account]
            lost += len(set(s.account[gone].tolist()))
            profit += sim.summary(res)["profit_total"] / 3
        out[name] = {"answer_rate": answered / max(contacts, 1), "lost": lost / 3, "profit": profit}
    return out


@checker(TITLE)
def check(v, diagnosis=None, remedy=None, *, fb):
    """Check the diagnosis and the remedy; simulate the remedy against the quota push."""
    v = redraw(v, EXERCISE, variant)
    d = choice(diagnosis, "diagnosis", DIAGNOSES)
    if d == "own_quota":
        fb.ok("Diagnosis: the rep thought only of his own quota, not of the dealer's need to earn and ride out the downturn.",
              "診斷正確：業務員只想著自己的指標，沒有想到代理商要賺錢、要熬過淡季。")
    else:
        fb.bad(f"Diagnosis '{d}' blames the dealer or the offer; the course's debrief: the rep served his own quota "
               "while the dealer needed to earn money and get resources in a hard season.",
               f"診斷「{d}」把問題歸到代理商或產品；課程的結論是：業務員只顧自己的指標，而代理商在淡季需要賺錢和資源。")
    r = _read(remedy)
    fn = r["dealer_function"]
    if fn == "consulting":
        fb.ok("Consulting with the dealer: become his adviser on selling, not a seller to him (customer manager, 客戶經理).",
              "以顧問式拜訪對待代理商：做他的銷售顧問，而不是向他推銷（客戶經理）。")
    elif fn == "transaction":
        fb.bad("A transaction push loads stock he cannot sell in a downturn: that is exactly why he switched off his phone.",
               "交易推動會在淡季壓上他賣不掉的貨：這正是他關機的原因。")
    else:
        fb.bad("Care alone (dinners, gifts) is what the rep already tried: it does not sell one more unit for the dealer.",
               "只做關懷（請客、送禮）正是業務員已經做過的：它不能幫代理商多賣一件貨。")
    if r["remedies"]:
        fb.ok(f"Remedies: {', '.join(r['remedies'])} — real help with sell-through (campus channel: new end customers; "
              "shared engineers: his installation labour).",
              f"解決方案：{'、'.join(r['remedies'])} — 真正幫助動銷（校園渠道帶來新的終端客戶；共享工程師分擔安裝人工）。")
    else:
        fb.bad("No remedy: advice without resources does not help him sell. Bring the campus channel, the engineers or both.",
               "沒有解決方案：只有建議沒有資源，幫不了他賣貨。請帶上校園渠道、工程師或兩者。")
    if r["push_when_behind"]:
        fb.bad("push_when_behind=True: the first month you are behind quota, you would push stock on him again.",
               "push_when_behind=True：只要你本月指標落後，就會再次向他壓貨。")
    if r["price_cut"] > 0:
        fb.bad(f"A price cut of {r['price_cut']:.0%} gives away margin; the class's answer helped him sell without "
               "giving up price or margin.", f"降價 {r['price_cut']:.0%} 是在讓出利潤；課堂的答案是在不讓價格和利潤的前提下幫他賣貨。")
    if not fn == "consulting" or not r["remedies"]:
        return
    res = _outcome(v, r)
    q, y = res["quota_push"], res["yours"]
    fb.info(f"Simulated (3 runs, your downturn): dealers answer {y['answer_rate']:.0%} of calls under your remedy vs "
            f"{q['answer_rate']:.0%} under the quota push; dealers lost {y['lost']:.1f} vs {q['lost']:.1f}; profit "
            f"{y['profit']:,.0f} vs {q['profit']:,.0f}.",
            f"模擬結果（3 次，你的淡季）：在你的方案下代理商接聽 {y['answer_rate']:.0%} 的電話，衝指標時為 {q['answer_rate']:.0%}；"
            f"流失代理商 {y['lost']:.1f} 對 {q['lost']:.1f}；利潤 {y['profit']:,.0f} 對 {q['profit']:,.0f}。")
