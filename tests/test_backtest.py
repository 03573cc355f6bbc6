"""Backtest: calibrate on a calibration period, forecast the holdout, compare with what happened.

The data are a simulated book's purchases (known parameters, no market-wide downturn in
the period), so a calibrated scenario should forecast them well; the BG/NBD reference too.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim.calibration import CalibrationError
from sim.calibration.backtest import backtest
from sim.calibration.io import read_transactions
from sim.calibration.simdata import example_log
from sim.cli import main
from sim.vocab import DOWNTURN, SHOCK

MARKET = {"purchases_per_year": 14.0, "rate_spread": 0.6, "churn_scale": 1.0}
CAL_END, HOLD_END = "2024-06-29", "2024-09-28"  # 26 weeks of calibration, 13 of holdout


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """39 weeks of a 600-account simulated book as a CSV export."""
    log, res = example_log(600, 39, MARKET, seed=22)
    e = res.events
    assert not ((e["kind"] == SHOCK) & (e["a"] == DOWNTURN)).any()
    path = tmp_path_factory.mktemp("bt") / "export.csv"
    log.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def bt(export):
    tx = read_transactions(export, "customer", "date", "amount")
    return backtest(tx, CAL_END, HOLD_END, replications=40, seed=3, pilot_accounts=600)


def row(bt, measure: str) -> pd.Series:
    return bt.table.set_index("measure").loc[measure]


def test_holdout_is_thirteen_whole_weeks(bt):
    """The holdout runs from the day after the calibration end for 13 whole weeks."""
    assert bt.weeks == 13 and len(bt.weekly) == 13 and f"{bt.holdout_end:%Y-%m-%d}" == HOLD_END


def test_simulation_forecasts_holdout_transactions(bt):
    """The calibrated simulation's holdout transactions are within 10% of the actual ones."""
    r = row(bt, "holdout transactions")
    assert r["simulation"] == pytest.approx(r["actual"], rel=0.10)


def test_bgnbd_forecasts_holdout_transactions(bt):
    """The BG/NBD reference's holdout transactions are within 10% of the actual ones."""
    r = row(bt, "holdout transactions")
    assert r["bgnbd"] == pytest.approx(r["actual"], rel=0.10)


def test_active_customers_are_forecast(bt):
    """Customers active in the holdout: simulation and BG/NBD within 10% of the actual count."""
    r = row(bt, "customers active in the holdout")
    assert r["simulation"] == pytest.approx(r["actual"], rel=0.10)
    assert r["bgnbd"] == pytest.approx(r["actual"], rel=0.10)


def test_per_customer_predictions_correlate_with_actual(bt):
    """Each customer's own twin forecast correlates with its holdout purchases (> 0.5, and ≥ BG/NBD's − 0.03)."""
    r = row(bt, "per-customer correlation with actual")
    assert r["simulation"] > 0.5 and r["bgnbd"] > 0.5 and r["simulation"] >= r["bgnbd"] - 0.03


def test_each_customer_is_forecast_by_its_own_account(bt):
    """The per-customer table keeps the real ids in the calibration's order, and twin forecasts follow
    the customer's past: customers with more calibration purchases get more holdout purchases forecast."""
    c = bt.customers
    assert list(c["customer"]) == list(bt.calibration.summary.index)
    heavy = c["calibration_transactions"] >= c["calibration_transactions"].quantile(0.75)
    assert c.loc[heavy, "holdout_simulation"].mean() > 1.5 * c.loc[~heavy, "holdout_simulation"].mean()


def test_weekly_curve_ends_at_the_totals(bt):
    """The cumulative weekly curves rise and end at the table's totals."""
    w, r = bt.weekly, row(bt, "holdout transactions")
    assert (np.diff(w["actual"]) >= 0).all() and (np.diff(w["simulation"]) >= 0).all()
    assert (w["actual"].iat[-1], w["simulation"].iat[-1]) == pytest.approx((r["actual"], r["simulation"]))
    assert (w["simulation_low"] <= w["simulation"]).all() and (w["simulation"] <= w["simulation_high"]).all()


def test_holdout_shorter_than_a_week_is_refused(export):
    """A calibration end less than a week before the holdout end is a clear error."""
    tx = read_transactions(export, "customer", "date", "amount")
    with pytest.raises(CalibrationError, match="at least a week"):
        backtest(tx, HOLD_END, "2024-10-02")


def test_cli_writes_table_page_and_manifest(export, tmp_path, capsys):
    """``python -m sim backtest`` prints the table and writes the CSV, an offline HTML page and the manifest."""
    out = tmp_path / "bt"
    code = main(["backtest", str(export), "--customer", "customer", "--date", "date", "--amount", "amount",
                 "--calibration-end", CAL_END, "--holdout-end", HOLD_END, "-r", "2", "--pilot-accounts", "200",
                 "-q", "--out", str(out)])
    assert code == 0 and "holdout transactions" in capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text())
    assert {"backtest.csv", "backtest.html", "calibrated.book.csv"} <= {f["path"] for f in manifest["files"]}
    assert sim.load_scenario(out / "calibrated.yaml").accounts.book == str(out / "calibrated.book.csv")
    assert list(pd.read_csv(out / "backtest.csv")["measure"])[0] == "holdout transactions"
    page = (out / "backtest.html").read_text()
    assert "vegaEmbed" in page and "<script src=" not in page
