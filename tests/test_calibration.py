"""Calibration recovers the parameters of a book simulated from known ones, and writes a usable scenario.

The data are the purchase events of the simulation itself (a book built like a calibrated
one, with known market values, one product and the default segments), exported as a CSV.
Tolerance: the fitted value's standard error (the data's sampling error, in the file's
comments) comes twice, once from the data and once from a pilot book of the same size in
the simulation search, so a value is recovered if it lies within 3·√2 standard errors.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.calibration import CalibrationError
from sim.calibration import bgnbd
from sim.calibration.fit import calibrate, scenario_text, twin_scenario, write_scenario
from sim.calibration.io import read_transactions
from sim.calibration.simdata import example_log
from sim.calibration.spend import map_labels, spend_profile
from sim.cli import main
from sim.model import build_world
from sim.vocab import DOWNTURN, SHOCK

MARKET = {"purchases_per_year": 18.0, "rate_spread": 0.5, "churn_scale": 1.0}
PRODUCT = {"products": [{"name": "one", "price": 250.0, "margin": 0.5, "share": 1.0}], "market": {"basket_noise": 0.4}}
ACCOUNTS, WEEKS = 1000, 52
TOL = 3 * math.sqrt(2)
WORKSHOP = sim.load_scenario("workshop")  # the base of every calibrated scenario


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A year of a 1,000-account simulated book as a CSV export (customer, date, amount, segment)."""
    log, res = example_log(ACCOUNTS, WEEKS, MARKET, PRODUCT, seed=4)
    e = res.events
    assert not ((e["kind"] == SHOCK) & (e["a"] == DOWNTURN)).any(), "a market-wide downturn would bias the rates"
    path = tmp_path_factory.mktemp("cal") / "export.csv"
    log.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def cal(export):
    tx = read_transactions(export, "customer", "date", "amount", "segment")
    return calibrate(tx, name="recovered", pilot_accounts=ACCOUNTS, seed=99)


@pytest.mark.parametrize("key", ["purchases_per_year", "rate_spread", "churn_scale"])
def test_market_values_are_recovered_within_their_interval(cal, key):
    """purchases_per_year, rate_spread and churn_scale come back within 3·√2 standard errors."""
    got, se = cal.match.market[key], cal.standard_errors()[key]
    assert abs(got - MARKET[key]) < TOL * se, f"{key}: {got:.3f} vs {MARKET[key]} (se {se:.3f})"


def test_segment_mix_is_recovered(cal):
    """The segment column maps onto the four segments by spend, with the workshop's mix (±0.03)."""
    want = WORKSHOP.accounts.segments
    assert cal.spend.labels == {s: s for s in sim.SEGMENTS}
    assert all(abs(cal.spend.mix[s] - getattr(want, s)) < 0.03 for s in sim.SEGMENTS)


def test_segment_baskets_are_recovered(cal):
    """Price × each segment's size median gives that segment's median basket (250 × true size, ±10%)."""
    true = WORKSHOP.accounts.size
    for s, median in cal.spend.size_medians.items():
        assert cal.spend.price * median == pytest.approx(250.0 * getattr(true, s), rel=0.10), s


def test_basket_noise_and_size_spread_are_recovered(cal):
    """basket_noise (0.4) and the workshop's size.sigma come back within 0.05."""
    assert cal.spend.basket_noise == pytest.approx(0.4, abs=0.05)
    assert cal.spend.size_sigma == pytest.approx(WORKSHOP.accounts.size.sigma, abs=0.05)


def test_book_is_the_customers(cal):
    """The scenario has one account per customer, reps at the workshop's accounts per rep, all customers."""
    sc = cal.scenario
    per_rep = WORKSHOP.accounts.count / WORKSHOP.reps.count
    assert sc.accounts.count == cal.customers and sc.reps.count == round(cal.customers / per_rep)
    assert sc.accounts.initial_stages.customer == 1.0 and sc.dealers.count == 0


def test_written_file_loads_and_extends_the_workshop(cal, tmp_path):
    """The written file loads with load_scenario to the calibrated twin scenario, and says extends: workshop;
    its twin book lies beside it (named relative to it), one row per customer, ids kept."""
    path = write_scenario(cal, tmp_path / "recovered.yaml")
    doc = yaml.safe_load(path.read_text())
    assert doc["extends"] == "workshop" and doc["accounts"]["book"] == "recovered.book.csv"
    sc = sim.load_scenario(path)
    assert sc == twin_scenario(cal, tmp_path / "recovered.book.csv")
    assert sc.market == cal.scenario.market and len(sc.accounts.book_care) > 0
    assert list(pd.read_csv(sc.accounts.book, dtype={"account": str})["account"]) == list(cal.summary.index)


def test_twin_rows_are_each_customers_posterior(cal):
    """The twin book's row of a customer is the fit's posterior given its (x, t_x, T): P(alive),
    gamma(r + x, alpha + T), beta(a, b + x), and T − t_x since its last purchase."""
    s, m, tw = cal.summary, cal.model, cal.twin
    assert np.allclose(tw["p_alive"], bgnbd.p_alive(m, s["x"], s["t_x"], s["T"]))
    assert np.allclose(tw["rate_shape"], m.r + s["x"]) and np.allclose(tw["rate_rate"], m.alpha + s["T"])
    assert np.allclose(tw["dropout_a"], m.a) and np.allclose(tw["dropout_b"], m.b + s["x"])
    assert np.allclose(tw["weeks_since_purchase"], s["T"] - s["t_x"]) and (tw["size"] > 0).all()


def test_file_says_where_the_numbers_came_from(cal):
    """The comment block gives the period, the counts and the fitted values with standard errors."""
    head = [ln for ln in scenario_text(cal).splitlines() if ln.startswith("#")]
    text = "\n".join(head)
    assert f"{cal.customers:,} customers" in text and f"{cal.transactions:,} transactions" in text
    assert f"{cal.start:%Y-%m-%d} to {cal.end:%Y-%m-%d}" in text
    assert f"r = {cal.model.r:.4g} ± " in text and "market.churn_scale" in text


def test_four_labels_map_by_spend_rank():
    """Four labels of any names take key, strategic, profit, non-profit in order of spend."""
    label = pd.Series(["x", "y", "z", "w"] * 3, index=range(12))
    spend = pd.Series([1, 50, 10, 200] * 3, index=range(12), dtype=float)
    assert map_labels(label, spend) == {"w": "key", "y": "strategic", "z": "profit", "x": "non_profit"}


def test_two_labels_map_by_where_their_customers_sit():
    """Two labels go to the segment whose default spend band holds the middle of their customers."""
    label = pd.Series(["big"] * 25 + ["small"] * 75)  # middles at 12.5% and 62.5% of the ranking
    spend = pd.Series([100.0] * 25 + [5.0] * 75)
    assert map_labels(label, spend) == {"big": "strategic", "small": "non_profit"}


def test_without_segments_spend_quantiles_give_the_mix():
    """With no segment column, customers split 5/10/45/40% by spend."""
    b = pd.DataFrame({"customer": range(1000), "amount": range(1, 1001)}).astype({"amount": float})
    assert spend_profile(b).mix == pytest.approx({"key": 0.05, "strategic": 0.10, "profit": 0.45, "non_profit": 0.40})


def test_no_repeat_purchases_is_a_clear_error(tmp_path):
    """Data where nobody bought twice cannot be calibrated, and the message says what is needed."""
    path = tmp_path / "once.csv"
    path.write_text("c,d,a\nA,2024-01-01,5\nB,2024-01-02,6\n")
    tx = read_transactions(path, "c", "d", "a")
    with pytest.raises(CalibrationError, match="at least two different days"):
        calibrate(tx)


def test_cli_calibrate_writes_a_valid_scenario(export, tmp_path, capsys):
    """``python -m sim calibrate`` exits 0, prints the fit and writes a file that validates."""
    out = tmp_path / "my_book.yaml"
    code = main(["calibrate", str(export), "--customer", "customer", "--date", "date", "--amount", "amount",
                 "--calibration-end", "2024-06-30", "--pilot-accounts", "200", "-q", "-o", str(out)])
    assert code == 0 and "BG/NBD: r=" in capsys.readouterr().out
    sc = sim.load_scenario(out)
    assert sc.name == "my_book" and sc.accounts.book == str(tmp_path / "my_book.book.csv")
    res = sim.run_result(build_world(sc, "no_care", 1).run(until=4))  # a run on the twin book
    assert len(res.accounts) >= sc.accounts.count


def test_twin_book_never_overwrites_the_input(cal, tmp_path):
    """A scenario name whose twin book would be the input file is refused, and the input is left as it was."""
    src = tmp_path / "mine.book.csv"
    src.write_text("customer,date,amount\n")
    with pytest.raises(CalibrationError, match="that is the input file"):
        write_scenario(dataclasses.replace(cal, source=str(src)), tmp_path / "mine.yaml")
    assert src.read_text() == "customer,date,amount\n" and not (tmp_path / "mine.yaml").exists()
