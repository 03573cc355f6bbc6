"""A simulated book's purchases as a transaction log, like a CRM export.

Only the accounts the run started with count (referred accounts joining later and dealers
ordering through the dealer process are not part of the book being calibrated).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.events import purchases as purchases_of
from sim.results import RunResult

__all__ = ["example_log", "purchases", "transaction_log"]


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
    from sim.calibration.fit import base_scenario
    from sim.calibration.simfit import STRATEGY, book
    from sim.model import build_world
    from sim.results import run_result
    from sim.scenario import deep_merge

    sc = book(deep_merge(base_scenario(), overrides or {}), accounts, weeks, market or {})
    res = run_result(build_world(sc, STRATEGY, seed).run())
    return transaction_log(res, start), res
