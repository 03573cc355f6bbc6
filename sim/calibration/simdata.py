"""The simulated book a calibration works with, and its purchases as a transaction log, like a CRM export.

:func:`book` is the workshop shaped like a calibrated book (:func:`base_scenario`), simulated
under :data:`STRATEGY`. Only the accounts the run started with count (referred accounts joining later and dealers
ordering through the dealer process are not part of the book being calibrated).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.events import purchases as purchases_of
from sim.model import build_world
from sim.results import RunResult, run_result
from sim.scenario import Scenario, deep_merge, load_scenario, scenario_from_dict

__all__ = ["BASE", "STRATEGY", "base_scenario", "book", "example_log", "purchases", "transaction_log"]

BASE = "workshop"
STRATEGY = "routine_care"  # an ordinarily cared book
#: the book is the export's customers: all start as customers, no dealer channel
STRUCTURE = {"accounts": {"initial_stages": {"prospect": 0.0, "target": 0.0, "opportunity": 0.0, "customer": 1.0}},
             "dealers": {"count": 0}}


def base_scenario() -> dict:
    """The workshop scenario as a mapping, with the calibrated book's structure."""
    return deep_merge(load_scenario(BASE).model_dump(mode="json"), STRUCTURE)


def book(base: dict, accounts: int, weeks: float, market: dict) -> Scenario:
    """``base`` with ``accounts`` accounts (reps scaled alike), long enough for ``weeks``, and ``market``."""
    per_rep = base["accounts"]["count"] / base["reps"]["count"]
    months = max(1, math.ceil(weeks * 12 / 52))
    return scenario_from_dict(deep_merge(base, {
        "accounts": {"count": int(accounts)}, "reps": {"count": max(1, round(accounts / per_rep))},
        "horizon_months": months, "market": market,
    }), "<calibration pilot>")


def purchases(res: RunResult) -> pd.DataFrame:
    """Purchases of the book's own accounts: account, t (weeks since the start), amount, segment."""
    p = purchases_of(res.events)
    acc = res.accounts
    own = (~acc["referred"] & ~acc["is_dealer"]).to_numpy()
    m = own[np.minimum(p.account, len(own) - 1)]
    account = p.account[m]
    return pd.DataFrame({"account": account, "t": p.t[m], "amount": p.revenue[m],
                         "segment": acc["segment"].to_numpy()[account]})


def transaction_log(res: RunResult, start: str = "2024-01-01") -> pd.DataFrame:
    """The purchases as an export would have them: customer id, date, amount, segment."""
    p = purchases(res)
    dates = pd.Timestamp(start) + pd.to_timedelta(np.floor(p["t"].to_numpy() * 7.0), unit="D")
    return pd.DataFrame({"customer": "C" + p["account"].astype(str).str.zfill(6), "date": dates.strftime("%Y-%m-%d"),
                         "amount": p["amount"].round(2), "segment": p["segment"].astype(str)})


def example_log(accounts: int = 1000, weeks: float = 52, market: dict | None = None, overrides: dict | None = None,
                seed: int = 1, start: str = "2024-01-01") -> tuple[pd.DataFrame, RunResult]:
    """A synthetic export with known parameters, and the run it came from.

    The book is built like a calibrated one (workshop, every account a customer, no dealers)
    with ``market`` values and other ``overrides``, simulated under ``routine_care``.
    """
    sc = book(deep_merge(base_scenario(), overrides or {}), accounts, weeks, market or {})
    res = run_result(build_world(sc, STRATEGY, seed).run())
    return transaction_log(res, start), res
