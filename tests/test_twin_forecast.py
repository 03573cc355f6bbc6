"""The twin book forecasts a holdout at least as well as BG/NBD, on logs from processes the simulation did not make.

Each log comes from :mod:`tests.synthlogs` (BG/NBD, Pareto/NBD, customers arriving over a half year,
a yearly season, a B2B book of 60 large accounts); it is calibrated on its first half and the
holdout is its second half. Tolerances (docs/calibration.md): the simulation's error on total
holdout transactions and on customers active in the holdout is at most BG/NBD's error plus 5% of
the actual; its largest gap on the weekly cumulative curve at most BG/NBD's plus 5% of the actual
total; its per-customer correlation at least BG/NBD's − 0.02 (the per-customer forecast is a mean
over 60 replications, whose noise lowers the correlation a little); and, where the process has no
season, total transactions within 20% of the actual.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.calibration.backtest import backtest
from sim.calibration.io import read_transactions
from synthlogs import synth_log

REPLICATIONS = 60
CASES = {
    "bgnbd": dict(n=500, weeks=52, seed=11),
    "pareto_nbd": dict(n=500, weeks=52, process="pareto", seed=12),
    "arrivals": dict(n=500, weeks=52, arrival_weeks=20, seed=13),
    "season": dict(n=500, weeks=104, season=0.3, seed=14),
    "b2b": dict(n=60, weeks=52, r=4.0, alpha=8.0, a=0.3, b=20.0, basket=5000.0, seed=15),
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request, tmp_path_factory):
    kw = dict(CASES[request.param])
    n, weeks = kw.pop("n"), kw.pop("weeks")
    path = tmp_path_factory.mktemp("twin") / "log.csv"
    synth_log(n, weeks, **kw).to_csv(path, index=False)
    tx = read_transactions(path, "customer", "date", "amount")
    start = pd.Timestamp("2024-01-01")
    end, hold = start + pd.Timedelta(days=7 * weeks // 2 - 1), start + pd.Timedelta(days=7 * weeks - 1)
    bt = backtest(tx, end, hold, replications=REPLICATIONS, seed=5, pilot_accounts=min(n, 200))  # the pilot tunes only anonymous accounts
    return request.param, bt


def _row(bt, measure):
    return bt.table.set_index("measure").loc[measure]


@pytest.mark.parametrize("measure", ["holdout transactions", "customers active in the holdout"])
def test_aggregate_is_as_good_as_bgnbd(case, measure):
    """Total holdout transactions and active customers: the simulation's error ≤ BG/NBD's + 5% of the actual."""
    name, bt = case
    r = _row(bt, measure)
    assert abs(r["simulation"] - r["actual"]) <= abs(r["bgnbd"] - r["actual"]) + 0.05 * r["actual"], name


def test_weekly_curve_is_as_good_as_bgnbd(case):
    """The cumulative weekly curve's largest gap to the actual: at most BG/NBD's + 5% of the actual total."""
    name, bt = case
    w = bt.weekly
    gap = lambda col: float(np.abs(w[col] - w["actual"]).max())  # noqa: E731
    assert gap("simulation") <= gap("bgnbd") + 0.05 * w["actual"].iloc[-1], name


def test_per_customer_correlation_is_as_good_as_bgnbd(case):
    """Each real customer's own forecast correlates with its holdout purchases about as well as BG/NBD's (− 0.02)."""
    name, bt = case
    r = _row(bt, "per-customer correlation with actual")
    assert r["simulation"] >= r["bgnbd"] - 0.02 and r["simulation"] > 0.3, name


def test_total_is_within_twenty_percent_without_a_season(case):
    """Without a season the simulation forecasts total holdout transactions within 20% of the actual.
    With one, neither model has it (docs/calibration.md): the twin's miss is BG/NBD's too, in the same
    direction — a season the twin alone missed would fail here."""
    name, bt = case
    r = _row(bt, "holdout transactions")
    if name == "season":
        miss, bg_miss = r["simulation"] - r["actual"], r["bgnbd"] - r["actual"]
        assert np.sign(miss) == np.sign(bg_miss) and abs(bg_miss) > 0.2 * r["actual"], name
    else:
        assert r["simulation"] == pytest.approx(r["actual"], rel=0.20), name
