"""A twin book (``accounts.book``): read and checked, started from each row, and its own lifecycle.

The book here is written by hand, so each test knows what every account must do.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.accountbook import COLUMNS, read_book
from sim.calibration.twin import routine_norms
from sim.model import build_world
from sim.results import run_result
from sim.scenario import ScenarioError, load_scenario
from simhelp import assert_logs_equal
from sim.vocab import CHURN, CUSTOMER, DORMANT, LOST, NEGLECT, PURCHASE, STAGE

N = 40


def _book(path, **cols) -> None:
    base = {"account": [f"A{i}" for i in range(N)], "segment": ["profit"] * N, "p_alive": 1.0, "rate_shape": 50.0,
            "rate_rate": 50.0 * 12.0, "dropout_a": 0.01, "dropout_b": 100.0, "size": 1.0, "weeks_since_purchase": 1.0}
    pd.DataFrame({**base, **cols})[list(COLUMNS)].to_csv(path, index=False)


def _scenario(tmp_path, book: str = "b.book.csv", **accounts) -> sim.Scenario:
    """A calibrated-like scenario file in ``tmp_path`` that names ``book`` (relative to itself)."""
    doc = {"extends": "workshop", "horizon_months": 12, "dealers": {"count": 0},
           "accounts": {"count": N, "book": book, **accounts}, "reps": {"count": 1}}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(doc))
    return load_scenario(tmp_path / "s.yaml")


def test_book_is_found_beside_the_scenario_file(tmp_path, monkeypatch):
    """A relative accounts.book is read from the scenario file's folder, whatever the working directory."""
    _book(tmp_path / "b.book.csv")
    monkeypatch.chdir("/")
    sc = _scenario(tmp_path)
    assert sc.accounts.book == str(tmp_path / "b.book.csv") and len(read_book(sc.accounts.book)) == N


@pytest.mark.parametrize("col,value,says", [("p_alive", 1.5, "p_alive must be a number in [0, 1]"),
                                            ("rate_rate", 0.0, "rate_rate must be a number > 0"),
                                            ("segment", "gold", "segment must be one of key")])
def test_bad_value_names_line_and_column(tmp_path, col, value, says):
    """A bad value stops loading with the file, the line (header = 1) and what is allowed."""
    vals = [1.0] * N if col != "segment" else ["profit"] * N
    vals[3] = value
    _book(tmp_path / "b.book.csv", **{col: vals})
    with pytest.raises(ScenarioError, match=re.escape(f"b.book.csv: line 5: column {says}")):
        _scenario(tmp_path)


def test_count_must_match_the_book(tmp_path):
    """accounts.count other than the book's rows is refused, naming both."""
    _book(tmp_path / "b.book.csv")
    with pytest.raises(ScenarioError, match=f"has {N} rows; count must equal them, got 41"):
        _scenario(tmp_path, count=N + 1)


def test_missing_book_is_a_clear_error(tmp_path):
    with pytest.raises(ScenarioError, match="account book not found"):
        _scenario(tmp_path, book="nowhere.csv")


def test_accounts_start_from_their_rows(tmp_path):
    """p_alive 0 rows start lost, 1 rows customers; segment, size and last purchase come from the book."""
    alive = np.where(np.arange(N) % 2 == 0, 1.0, 0.0)
    _book(tmp_path / "b.book.csv", p_alive=alive, segment=["key"] * N, size=np.arange(1, N + 1) * 1.0,
          weeks_since_purchase=np.arange(N) * 1.0)
    b = build_world(_scenario(tmp_path), "routine_care", 3).book
    assert (b.stage[:N] == np.where(alive > 0, CUSTOMER, LOST)).all()
    assert (b.segment[:N] == 0).all() and np.allclose(b.size[:N], np.arange(1, N + 1))
    assert np.allclose(b.last_purchase[:N], -np.arange(N)) and b.twin[:N].all() and not b.twin[N:].any()


def test_quiet_twin_is_not_declared_dormant_or_lost(tmp_path):
    """An account buying about twice a year, that never drops out, stays a customer for a year of quiet spells."""
    _book(tmp_path / "b.book.csv", rate_shape=50.0, rate_rate=50.0 * 26.0, dropout_a=1e-6, dropout_b=1e6)
    e = run_result(build_world(_scenario(tmp_path), "no_care", 4).run()).events
    own = e["account"] < N
    assert not ((e["kind"] == STAGE) & own & np.isin(e["b"], [DORMANT, LOST])).any()
    assert ((e["kind"] == PURCHASE) & own).sum() > 0.5 * N


def test_twin_leaves_only_in_a_week_it_bought(tmp_path):
    """With a high dropout chance accounts leave, each in a week in which it made a purchase."""
    _book(tmp_path / "b.book.csv", dropout_a=50.0, dropout_b=50.0)
    e = run_result(build_world(_scenario(tmp_path), "routine_care", 5).run()).events
    own = e["account"] < N
    churn, buys = (e["kind"] == CHURN) & own, (e["kind"] == PURCHASE) & own
    assert churn.sum() > N // 2
    bought = set(zip(e["account"][buys], np.floor(e["t"][buys])))
    assert all((a, np.floor(t)) in bought for a, t in zip(e["account"][churn], e["t"][churn]))


def test_same_book_and_seed_same_run_and_same_start_for_every_strategy(tmp_path):
    """A run is a function of (scenario, strategy, seed); the twin's start is the same under every strategy."""
    _book(tmp_path / "b.book.csv", p_alive=0.5, dropout_a=1.0, dropout_b=3.0)
    sc = _scenario(tmp_path)
    one, two = (run_result(build_world(sc, "routine_care", 6).run()).events for _ in range(2))
    assert_logs_equal(one, two)
    a, b = build_world(sc, "routine_care", 6).book, build_world(sc, "no_care", 6).book
    assert np.array_equal(a.stage, b.stage) and np.array_equal(a.twin_rate, b.twin_rate)
    assert np.array_equal(a.twin_drop, b.twin_drop)


def test_a_lane_is_the_run_of_its_own_seed(tmp_path):
    """Replications side by side (lanes) give each the same events as a run of its own, with a twin book."""
    _book(tmp_path / "b.book.csv", p_alive=0.7, rate_shape=2.0, rate_rate=4.0, dropout_a=1.0, dropout_b=4.0)
    sc = _scenario(tmp_path)
    both = build_world(sc, "routine_care", [11, 12]).run()
    assert_logs_equal(run_result(both, 1).events, run_result(build_world(sc, "routine_care", 12).run()).events)


def test_routine_care_follows_the_rates_once_normalised(tmp_path):
    """Everyone alive, no dropout: with routine care's weekly norms (as calibrate writes them) a year's
    purchases under routine care are the book's rate × a year (± 10%); without them care lifts them."""
    _book(tmp_path / "b.book.csv", dropout_a=1e-6, dropout_b=1e6)
    raw = _scenario(tmp_path)
    norms = routine_norms(raw, seed=8)
    sc = _scenario(tmp_path, **norms)

    def bought(scenario):
        e = run_result(build_world(scenario, "routine_care", 7).run()).events
        return ((e["kind"] == PURCHASE) & (e["account"] < N)).sum()

    want = N * sc.horizon_weeks / 12.0  # rate 1/12 a week
    assert bought(sc) == pytest.approx(want, rel=0.10)
    assert bought(raw) > 1.1 * want and max(norms["book_care"]) > 1.1


def test_neglect_raises_the_dropout_and_is_its_cause(tmp_path):
    """Uncared (no_care), twin accounts leave more often after their purchases than under routine care,
    and most who leave uncared leave for neglect."""
    n = 400
    pd.DataFrame({"account": [f"A{i}" for i in range(n)], "segment": "profit", "p_alive": 1.0, "rate_shape": 50.0,
                  "rate_rate": 50.0 * 4.0, "dropout_a": 2.0, "dropout_b": 60.0, "size": 1.0,
                  "weeks_since_purchase": 1.0})[list(COLUMNS)].to_csv(tmp_path / "b.book.csv", index=False)
    doc = {"extends": "workshop", "horizon_months": 12, "dealers": {"count": 0},
           "accounts": {"count": n, "book": "b.book.csv"}, "reps": {"count": 4}}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(doc))
    sc = load_scenario(tmp_path / "s.yaml")

    def churn(strategy):
        e = run_result(build_world(sc, strategy, 9).run()).events
        m = (e["kind"] == CHURN) & (e["account"] < n)
        return m.sum(), np.bincount(e["a"][m], minlength=5)

    cared, uncared = churn("routine_care"), churn("no_care")
    assert uncared[0] > 1.3 * cared[0]
    assert uncared[1][NEGLECT] > 0.5 * uncared[0]


def test_scenario_hash_follows_the_book_content_not_its_place(tmp_path):
    """The same book in another folder hashes alike; a changed book changes the hash."""
    for d in ("one", "two"):
        (tmp_path / d).mkdir()
        _book(tmp_path / d / "b.book.csv")
    one, two = _scenario(tmp_path / "one"), _scenario(tmp_path / "two")
    assert sim.scenario_hash(one) == sim.scenario_hash(two)
    _book(tmp_path / "two" / "b.book.csv", size=12.0)  # another size too: the reader's cache sees the change
    assert sim.scenario_hash(_scenario(tmp_path / "two")) != sim.scenario_hash(one)
