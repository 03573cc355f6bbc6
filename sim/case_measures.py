"""Measures the case notebooks read off one run: dealers' answering, stage moves, dealers month by month.

Results layer (beside :mod:`sim.results`): tables and numbers only, no chart or widget library.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.events import Contacts, contacts, stage_changes
from sim.results import WPM, RunResult, dealer_stock
from sim.vocab import OPPORTUNITY, TARGET

__all__ = ["SHARES", "dealer_answer_rate", "dealer_months", "opportunities", "stage_moves"]

#: the case metrics that are shares (shown as percentages)
SHARES = frozenset({"retention", "yearly_churn", "dealer_answer_rate", "win_back_rate", "top20_share",
                    "total_share", "rep_satisfaction"})


def _dealer_contacts(res: RunResult) -> Contacts:
    """The rep's contact attempts with dealers."""
    c = contacts(res.events)
    dealer = res.accounts["is_dealer"].to_numpy()
    return c.where((c.account >= 0) & dealer[np.maximum(c.account, 0)])


def dealer_answer_rate(res: RunResult) -> float:
    """Share of the rep's contact attempts with dealers that the dealer answered ("phone on")."""
    c = _dealer_contacts(res)
    return float(c.answered.mean()) if len(c) else float("nan")


def stage_moves(res: RunResult, source: int, dest: int) -> float:
    """How many accounts moved from stage ``source`` to stage ``dest`` in the run."""
    s = stage_changes(res.events)
    return float(((s.from_stage == source) & (s.to_stage == dest)).sum())


def opportunities(res: RunResult) -> float:
    """Targets whose decision maker was reached and who became opportunities."""
    return stage_moves(res, TARGET, OPPORTUNITY)


def dealer_months(res: RunResult) -> pd.DataFrame:
    """Per month, over the dealers still trading: units sold per dealer per week, stock in weeks of
    those sales (cover), and the share of the rep's calls to dealers that were answered."""
    cols = ["month", "weekly_sell_through", "stock_cover", "dealer_answer_rate"]
    stock = dealer_stock(res)
    if stock.empty:
        return pd.DataFrame(columns=cols)
    per = stock.groupby("month").agg(sold=("sold", "mean"), stock=("stock", "mean"))
    per["weekly_sell_through"] = per["sold"] / WPM
    per["stock_cover"] = per["stock"] / np.maximum(per["weekly_sell_through"], 1e-9)
    c = _dealer_contacts(res)
    calls = pd.DataFrame({"month": (c.t // WPM).astype(int), "answered": c.answered})
    per["dealer_answer_rate"] = calls.groupby("month")["answered"].mean()
    return per.reset_index()[cols]
