"""Payne's loyalty ladder, derived from the event log (no model state of its own).

Prospect → customer → client → supporter → advocate → partner (the third text's
關係階梯模型: 潛在顧客 — 顧客 — 客戶 — 支持者 — 宣傳者 — 夥伴). At week ``t`` an account's
rung follows from what it has done so far:

* **prospect**: in the pipeline (prospect, target account or opportunity stage);
* **customer**: a customer that has not (yet) bought repeatedly and recently;
* **client**: at least :data:`REPEAT` purchases, the last within :data:`RECENT_WEEKS`;
* **supporter**: a client whose relationship tier is friend or confidant (likes us, says nothing);
* **advocate**: a customer who has referred at least one new account (says so to others);
* **partner**: an advocate at the confidant tier who is also a client (the closest bond);
* **lapsed**: dormant (public pool) or lost, off the ladder until won back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.events import purchases, referrals
from sim.results import WPM, RunResult, categorical, state_at
from sim.vocab import (
    ADVOCATE, CLIENT, CONFIDANT, CUSTOMER, DORMANT, FRIEND, LADDER, LAPSED, LOST, PARTNER, PURCHASE, REFERRAL,
    RUNG_CUSTOMER, RUNG_PROSPECT, SUPPORTER,
)

__all__ = ["REPEAT", "RECENT_WEEKS", "ladder_at", "ladder_panel", "ladder_table"]

#: purchases an account needs to count as a client (a repeat buyer)
REPEAT = 2
#: weeks since the last purchase within which a repeat buyer is still a client
RECENT_WEEKS = 26.0


def _counts(res: RunResult, t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per account up to week ``t``: purchases, week of the last purchase (-inf if none), referrals given."""
    n = len(res.accounts)
    p, r = purchases(res.events), referrals(res.events)
    p = p.where((p.t <= t) & (p.account >= 0))
    bought = np.bincount(p.account, minlength=n)
    last = np.full(n, -np.inf)
    np.maximum.at(last, p.account, p.t)
    referred = np.bincount(r.referrer[r.t <= t], minlength=n)
    return bought, last, referred


def ladder_at(res: RunResult, t: float, repeat: int = REPEAT, recent_weeks: float = RECENT_WEEKS) -> np.ndarray:
    """The rung (a code of :data:`sim.vocab.LADDER`) of every account at week ``t``; -1 where not yet in the book."""
    st = state_at(res, t)
    stage, tier = st["stage"], st["tier"]
    bought, last, referred = _counts(res, t)
    customer = stage == CUSTOMER
    client = customer & (bought >= repeat) & (t - last <= recent_weeks)
    advocate = customer & (referred > 0)
    rung = np.full(stage.size, -1, dtype=np.int8)
    rung[(stage >= 0) & (stage < CUSTOMER)] = RUNG_PROSPECT
    rung[customer] = RUNG_CUSTOMER
    rung[client] = CLIENT
    rung[client & (tier >= FRIEND)] = SUPPORTER
    rung[advocate] = ADVOCATE
    rung[advocate & client & (tier == CONFIDANT)] = PARTNER
    rung[(stage == DORMANT) | (stage == LOST)] = LAPSED
    return rung


def ladder_panel(res: RunResult, months: int | None = None, **rules) -> pd.DataFrame:
    """Accounts by month × rung (every rung every month, zeros included); ``rules``: see :func:`ladder_at`."""
    rows = []
    for m in range((res.months if months is None else months) + 1):
        rung = ladder_at(res, min(m * WPM, res.weeks), **rules)
        counts = np.bincount(rung[rung >= 0], minlength=len(LADDER))
        rows.append(pd.DataFrame({"month": m, "rung": np.arange(len(LADDER)), "accounts": counts}))
    df = pd.concat(rows, ignore_index=True)
    df["rung"] = categorical(df["rung"], LADDER)
    return df


def ladder_table(res: RunResult, **rules) -> pd.DataFrame:
    """Accounts on each rung at the end of the run, with their share of the book."""
    rung = ladder_at(res, res.weeks, **rules)
    counts = np.bincount(rung[rung >= 0], minlength=len(LADDER))
    df = pd.DataFrame({"rung": pd.Categorical(LADDER, LADDER), "accounts": counts})
    df["share"] = df["accounts"] / max(counts.sum(), 1)
    return df
