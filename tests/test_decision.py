"""The decision a comparison supports (sim.decision), parameter draws (sim.draws) and compare's answer."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim import experiment as ex
from sim.cli import main
from sim.decision import decide, probability_best, summary_lines, verdict
from sim.draws import compare_draws, draw_values
from simhelp import small_scenario

COPY = {"vb_copy": {"extends": "value_based", "label": "Value-based (copy)"}}
UNCERTAIN = {"market.purchases_per_year": {"se": 3.0, "dist": "lognormal"}, "market.churn_scale": {"se": 0.4},
             "reps.count": {"se": 1.0}}


@pytest.fixture(scope="module")
def book() -> sim.Scenario:
    return small_scenario(custom_strategies=COPY, uncertainty=UNCERTAIN)


@pytest.fixture(scope="module")
def comp(book) -> ex.Comparison:
    return ex.compare(book, ["no_care", "value_based"], replications=4, progress=False)


@pytest.fixture(scope="module")
def twins(book) -> ex.Comparison:
    """The same strategy under two names."""
    return ex.compare(book, ["value_based", "vb_copy"], replications=4, progress=False)


# ---------------------------------------------------------------- probability best
def test_probability_best_sums_to_one_and_favours_the_better_strategy(comp):
    """On customer equity value_based is clearly ahead of no_care (12 months, 4 replications)."""
    dec = decide(comp, "customer_equity")
    for d in dec.by_metric.values():
        assert sum(d.p_best.values()) == pytest.approx(1.0, abs=1e-3)
    d = dec.headline
    assert d.p_best["value_based"] > 0.95 and d.outcome == "switch" and d.choice == "value_based"
    assert verdict(dec).startswith("Recommended: Value-based segmentation.")
    assert verdict(dec, "zh").startswith("建議採用：按價值分級。")


def test_identical_strategies_are_not_distinguishable(twins):
    """Two names for one strategy: the same values every replication, a 50/50 posterior, no switch."""
    wide = twins.runs.pivot(index=["metric", "replication"], columns="strategy", values="value")
    assert np.array_equal(wide["value_based"], wide["vb_copy"])
    dec = decide(twins)
    assert dec.headline.p_best == {"value_based": 0.5, "vb_copy": 0.5}
    assert dec.headline.outcome == "same" and dec.headline.choice == "value_based"
    assert "No strategy is distinguishable from the current one" in verdict(dec)
    assert "沒有策略能與目前的" in verdict(dec, "zh")


def test_posterior_keeps_the_pairing():
    """A small steady gain under large shared luck is near-certain; unpaired (luck shuffled) it is not."""
    rng = np.random.default_rng(3)
    luck = rng.normal(0, 10, 30)
    paired = np.c_[luck, luck + 1 + rng.normal(0, 0.1, 30)]
    assert probability_best(paired, 1)[1] > 0.999
    unpaired = np.c_[paired[:, 0], rng.permutation(paired[:, 1])]
    assert 0.3 < probability_best(unpaired, 1)[1] < 0.9
    assert np.array_equal(probability_best(paired, 1), probability_best(paired, 1))  # seeded


def test_gain_interval_is_the_paired_interval(comp):
    """The gain over the current strategy is the paired table's mean and 95% interval."""
    d = decide(comp, "customer_equity", current="no_care").headline
    row = comp.paired[(comp.paired["strategy"] == "value_based") & (comp.paired["metric"] == "customer_equity")]
    assert (d.gain, d.low, d.high) == tuple(row[["diff", "low", "high"]].iloc[0])
    back = decide(comp, "customer_equity", current="value_based").headline  # against the other one
    assert back.rival == "no_care" and back.gain == pytest.approx(-d.gain) and back.low == pytest.approx(-d.high)


def test_keep_when_the_current_is_clearly_ahead(comp):
    """Over 12 months no_care's profit is clearly higher (no care costs): keep it."""
    d = decide(comp, "profit_total", current="no_care").headline
    assert d.high < 0 and d.outcome == "keep" and d.choice == "no_care"


def _synthetic(columns: dict[str, np.ndarray], sc) -> ex.Comparison:
    n = len(next(iter(columns.values())))
    runs = pd.DataFrame([{"strategy": s, "replication": i, "seed": i, "metric": "profit_total", "value": v[i]}
                         for s, v in columns.items() for i in range(n)])
    return ex.Comparison(sc, list(columns), next(iter(columns)), 1, n, runs, pd.DataFrame(), pd.DataFrame())


def test_switch_goes_to_the_clearly_better_not_the_noisy_leader(book):
    """The highest mean with an interval over 0 is not chosen over one that is clearly better."""
    rng = np.random.default_rng(5)
    base = rng.normal(100, 1, 6)
    comp = _synthetic({"routine_care": base, "value_based": base + 1 + rng.normal(0, 0.05, 6),
                       "customer_manager": base + 2 + np.array([8.0, -8] * 3)}, book)
    d = decide(comp, also=()).headline
    assert d.leader == "customer_manager" and d.better == ["value_based"] and d.choice == "value_based"
    text = verdict(decide(comp, also=()))
    assert "Customer manager (consultative) has a higher mean but is not clearly better" in text


def test_current_must_be_compared_and_the_metric_one_where_more_is_better(comp):
    with pytest.raises(ex.ExperimentError, match="current strategy 'quota_push'"):
        decide(comp, current="quota_push")
    with pytest.raises(ex.ExperimentError, match="cannot decide on 'care_cost'"):
        decide(comp, "care_cost")


# ---------------------------------------------------------------- parameter draws
def test_draws_are_reproducible_clipped_and_typed(book):
    """A draw depends on the replication seed alone; it stays inside the key's range; counts stay whole."""
    assert draw_values(book, 11) == draw_values(book, 11) != draw_values(book, 12)
    wide = small_scenario(uncertainty={"market.churn_scale": {"se": 50.0}, "reps.count": {"se": 1.0}})
    many = [draw_values(wide, s) for s in range(200)]
    scales = [d["market.churn_scale"] for d in many]
    assert min(scales) == 0.0 and max(scales) == 10.0  # clipped to the schema's 0..10
    assert all(isinstance(d["reps.count"], int) and d["reps.count"] >= 1 for d in many)


def test_draws_are_shared_by_the_strategies_of_a_replication(book, twins):
    """Each replication's draw and seed are shared: two names of one strategy stay identical, and the
    draws do change the results."""
    drawn, values = compare_draws(book, ["value_based", "vb_copy"], replications=3, progress=False)
    wide = drawn.runs.pivot(index=["metric", "replication"], columns="strategy", values="value")
    assert np.array_equal(wide["value_based"], wide["vb_copy"])
    assert values == [draw_values(book, s) for s in drawn.seeds]
    fixed = twins.runs[twins.runs["replication"] < 3].reset_index(drop=True)
    assert not np.allclose(drawn.runs["value"], fixed["value"])


def test_draws_same_serial_and_in_processes(book):
    """The draws come from the replication seeds, not from where the runs happen (Dask goes through the
    same run_tasks, see tests/test_dask.py)."""
    one, _ = compare_draws(book, ["no_care", "value_based"], replications=2, progress=False, workers=1)
    two, _ = compare_draws(book, ["no_care", "value_based"], replications=2, progress=False, workers=2)
    pd.testing.assert_frame_equal(one.runs, two.runs)


def test_decision_over_draws(comp, book):
    drawn, values = compare_draws(book, ["no_care", "value_based"], replications=4, progress=False)
    dec = decide(comp, "customer_equity", draws=drawn, draw_values=values)
    assert sum(dec.first_share.values()) == pytest.approx(1.0) and dec.changes in (True, False)
    assert "Over 4 parameter draws, first place went to" in verdict(dec)
    data = json.loads(json.dumps(dec.as_dict()))
    assert data["parameter_draws"]["values"] == values and data["recommended"] == dec.headline.choice


@pytest.mark.parametrize("bad, needle", [
    ({"market.nope": {"se": 1}}, "'nope' is not a key of market"),
    ({"accounts.regions": {"se": 1}}, "accounts.regions is not a number"),
    ({"market.churn_scale": {"se": 0}}, "greater than 0"),
    ({"market.churn_scale": {"se": 1, "dist": "beta"}}, "dist"),
])
def test_uncertainty_section_is_validated(bad, needle):
    with pytest.raises(sim.ScenarioError, match=needle):
        small_scenario(uncertainty=bad)


def test_empty_uncertainty_leaves_the_scenario_hash_alone():
    assert "uncertainty" not in small_scenario().model_dump(mode="json")
    assert sim.scenario_hash(small_scenario()) != sim.scenario_hash(small_scenario(uncertainty=UNCERTAIN))


# ---------------------------------------------------------------- compare's answer
TINY = """\
name: tiny
horizon_months: 6
replications: 2
accounts: {count: 300}
reps: {count: 3}
dealers: {count: 3}
strategies: [no_care, value_based]
"""


def test_compare_prints_the_decision_and_writes_decision_json(tmp_path, capsys):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY + "uncertainty: {market.churn_scale: {se: 0.2}}\n")
    out = tmp_path / "out"
    assert main(["compare", str(path), "--out", str(out), "-q", "-j", "1", "--current", "value_based"]) == 0
    text = capsys.readouterr().out
    assert "Decision — profit, current: value_based:" in text and "probability of being the best" in text
    assert "Over 2 parameter draws" in text
    data = json.loads((out / "decision.json").read_text(encoding="utf-8"))
    assert data["current"] == "value_based" and data["parameter_draws"]["draws"] == 2
    assert " ".join(data["verdict"]["en"].split()) in " ".join(text.split())
    manifest = json.loads((out / "manifest.json").read_text())
    assert {"decision.json", "draw_runs.csv", "report.html"} <= {f["path"] for f in manifest["files"]}
    assert manifest["current"] == "value_based" and manifest["parameter_draws"] == 2


def test_compare_without_uncertainty_has_no_draws(tmp_path, capsys):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    assert main(["compare", str(path), "--out", str(tmp_path / "o"), "-q", "-j", "1", "-r", "2"]) == 0
    assert "parameter draws" not in capsys.readouterr().out
    assert "parameter_draws" not in json.loads((tmp_path / "o" / "decision.json").read_text())


@pytest.mark.parametrize("args, needle", [(["--current", "quota_push"], "--current 'quota_push'"),
                                          (["--draws", "3"], "has no uncertainty: section")])
def test_compare_bad_decision_options(tmp_path, capsys, args, needle):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    assert main(["compare", str(path), "--out", str(tmp_path / "o"), "-q", "-j", "1", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_summary_lines_in_chinese(comp):
    lines = summary_lines(decide(comp, "customer_equity"), "zh")
    assert lines[0] == "決策 — 客戶資產，目前策略：no_care：" and any(line.startswith("  最佳的機率：") for line in lines)


def test_calibration_writes_the_uncertainty_of_its_fit(tmp_path):
    """A calibrated scenario carries its fitted standard errors as its uncertainty: section."""
    from sim.calibration.fit import calibrate, write_scenario
    from sim.calibration.io import read_transactions
    from sim.calibration.simdata import example_log

    log, _ = example_log(400, 52, {"purchases_per_year": 18.0, "rate_spread": 0.5, "churn_scale": 1.0}, seed=4)
    log.to_csv(tmp_path / "export.csv", index=False)
    tx = read_transactions(tmp_path / "export.csv", "customer", "date", "amount")
    cal = calibrate(tx, name="drawn", pilot_accounts=400, iterations=2, seed=9)
    ses = cal.standard_errors()
    spread = cal.scenario.uncertainty
    assert spread["market.purchases_per_year"].se == pytest.approx(ses["purchases_per_year"], rel=1e-3)
    assert spread["market.purchases_per_year"].dist == "lognormal"
    assert set(spread) == {f"market.{k}" for k, v in ses.items() if np.isfinite(v)}
    loaded = sim.load_scenario(write_scenario(cal, tmp_path / "drawn.yaml"))
    assert loaded.uncertainty == spread
