"""Replications, comparisons with common random numbers, intervals and result files."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim import experiment as ex
from sim import tables
from sim.io import write_atomic, write_manifest, write_table

SMALL = {"accounts": {"count": 300}, "reps": {"count": 3}, "dealers": {"count": 3},
         "horizon_months": 6, "replications": 3}
PAIR = ["no_care", "value_based"]


@pytest.fixture(scope="module")
def small():
    return sim.scenario_from_dict(SMALL)


@pytest.fixture(scope="module")
def comp(small):
    return ex.compare(small, ["no_care", "value_based", "quota_push"], replications=8, progress=False)


def test_run_replications_rows(small):
    """One row per replication: ids, the replication seeds, and every summary key."""
    df = ex.run_replications(small, "value_based", replications=3, seed=7, progress=False)
    assert list(df["replication"]) == [0, 1, 2]
    assert list(df["seed"]) == [sim.replication_seed(7, i) for i in range(3)]
    assert set(df["strategy"]) == {"value_based"}
    assert set(sim.summary(sim.run(small, "value_based", 1))) <= set(df.columns)


def test_run_replications_defaults(small):
    """Replications and seed default to the scenario's own."""
    df = ex.run_replications(small, "no_care", progress=False)
    assert len(df) == small.replications
    assert df["seed"].iloc[0] == sim.replication_seed(small.seed, 0)


def test_runs_tidy_shape(comp):
    """runs has one row per strategy × replication × metric."""
    runs = comp.runs
    assert list(runs.columns) == ["strategy", "replication", "seed", "metric", "value"]
    assert len(runs) == 3 * 8 * runs["metric"].nunique()
    assert set(sim.METRICS) <= set(runs["metric"])


def test_common_random_numbers(comp):
    """Replication i of every strategy uses the same seed."""
    seeds = comp.runs.groupby("replication")["seed"].nunique()
    assert (seeds == 1).all()
    assert sorted(comp.runs["seed"].unique()) == sorted(comp.seeds)


def test_summary_interval_contains_mean(comp):
    """Each summary row's 95% interval contains its mean, with n = replications."""
    s = comp.summary
    assert (s["low"] <= s["mean"]).all() and (s["mean"] <= s["high"]).all()
    assert (s["n"] == 8).all()


def test_paired_narrower_than_unpaired(comp):
    """With common random numbers the paired interval is narrower than Welch's for headline metrics."""
    p = comp.paired[comp.paired["metric"].isin(["revenue", "profit_total"])]
    paired_width = p["high"] - p["low"]
    welch_width = p["welch_high"] - p["welch_low"]
    assert (paired_width < welch_width).all(), p[["strategy", "metric", "low", "high", "welch_low", "welch_high"]]


def test_paired_baseline_default_first(comp):
    """The baseline defaults to the first strategy and is not compared with itself."""
    assert comp.baseline == "no_care"
    assert set(comp.paired["strategy"]) == {"value_based", "quota_push"}
    assert set(comp.paired["baseline"]) == {"no_care"}


def test_paired_verdict_matches_interval(comp):
    """excludes_zero and verdict agree with the paired interval."""
    p = comp.paired
    excl = (p["low"] > 0) | (p["high"] < 0)
    assert (p["excludes_zero"] == excl).all()
    assert set(p.loc[~excl, "verdict"]) <= {"no clear difference"}
    assert set(p.loc[excl, "verdict"]) <= {"higher", "lower"}


def test_same_seed_identical_tables(small):
    """The same seed gives identical runs, summary and paired tables."""
    a = ex.compare(small, PAIR, replications=2, seed=11, progress=False)
    b = ex.compare(small, PAIR, replications=2, seed=11, progress=False)
    for name in ("runs", "summary", "paired"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_other_seed_other_runs(small):
    """A different seed gives different replications."""
    a = ex.run_replications(small, "value_based", replications=2, seed=1, progress=False)
    b = ex.run_replications(small, "value_based", replications=2, seed=2, progress=False)
    assert not np.allclose(a["revenue"], b["revenue"])


def test_unknown_strategy_fails_before_running(small):
    """An unknown strategy raises ScenarioError naming the available ones."""
    with pytest.raises(sim.ScenarioError, match="available"):
        ex.compare(small, ["no_care", "no_such"], replications=1, progress=False)


def test_bad_baseline_and_replications(small):
    """A baseline outside the list, or zero replications, raises ExperimentError."""
    with pytest.raises(ex.ExperimentError, match="baseline"):
        ex.compare(small, PAIR, replications=1, baseline="quota_push", progress=False)
    with pytest.raises(ex.ExperimentError, match="replications"):
        ex.compare(small, PAIR, replications=0, progress=False)


def test_keep_first_results(small):
    """keep_first keeps the full run of replication 0 of each strategy."""
    c = ex.compare(small, PAIR, replications=2, progress=False, keep_first=True)
    assert set(c.results) == set(PAIR)
    assert c.results["value_based"].seed == sim.replication_seed(small.seed, 0)


def test_t_interval_known_values():
    """t_interval matches the textbook t-interval and is NaN-wide for one value."""
    mean, low, high = ex.t_interval([1.0, 2.0, 3.0])
    assert mean == 2.0 and high - mean == pytest.approx(4.302653 / np.sqrt(3), rel=1e-5)
    assert np.isnan(ex.t_interval([5.0])[1])


def test_format_interval():
    """Intervals are shown in one unit chosen from the largest value."""
    assert tables.format_interval("revenue", 1.5e6, 1.2e6, 1.8e6) == "1.50M [1.20M, 1.80M]"
    assert tables.format_interval("retention", 0.5, 0.45, 0.55) == "50.0% [45.0%, 55.0%]"
    assert tables.format_interval("retention", 0.02, 0.01, 0.03, signed=True) == "+2.0 pp [+1.0 pp, +3.0 pp]"


def test_write_atomic_leaves_no_temp(tmp_path):
    """write_atomic writes the content and leaves no temporary file behind."""
    write_atomic(tmp_path / "sub" / "a.txt", "héllo")
    assert (tmp_path / "sub" / "a.txt").read_text(encoding="utf-8") == "héllo"
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["a.txt"]


def test_write_table_csv_and_parquet(tmp_path):
    """CSV round-trips; Parquet works with pyarrow or fails with a clear ImportError."""
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    pd.testing.assert_frame_equal(pd.read_csv(write_table(df, tmp_path / "t.csv")), df)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pyarrow"):
            write_table(df, tmp_path / "t.parquet")
    else:
        pd.testing.assert_frame_equal(pd.read_parquet(write_table(df, tmp_path / "t.parquet")), df)


def test_manifest_contents(tmp_path, small):
    """The manifest records scenario name and hash, seeds, version and each file's checksum."""
    write_atomic(tmp_path / "x.csv", "a\n1\n")
    m = json.loads(write_manifest(tmp_path, small, [1, 2], PAIR, extra={"k": 1}).read_text())
    assert m["scenario_hash"] == sim.scenario_hash(small) and m["seeds"] == [1, 2]
    assert m["sim_version"] == sim.__version__ and m["strategies"] == PAIR and m["k"] == 1
    assert [f["path"] for f in m["files"]] == ["x.csv"] and len(m["files"][0]["sha256"]) == 64


def test_lane_batches_equal_one_run_per_task(small):
    """Running a strategy's replications as lanes of one world gives each task's own row."""
    comp = ex.compare(small, ["routine_care", "value_based"], replications=3, progress=False)
    for _, row in comp.runs[comp.runs["metric"] == "profit_total"].iterrows():
        alone = ex.run_task(small, ex.Task(row["strategy"], int(row["replication"]), int(row["seed"])))
        assert alone.row["profit_total"] == row["value"]


def test_hand_written_strategies_run_alone(small):
    """A strategy class is never batched with others (it may not expect several books in one view)."""
    from sim.strategies.params import BUILTINS, ParamStrategy

    class Mine(sim.Strategy):
        name = "mine"

        def __init__(self):
            self.inner = ParamStrategy("mine", BUILTINS["routine_care"])

        def plan(self, view):
            assert view.lanes == 1
            return self.inner.plan(view)

    comp = ex.compare(small, [Mine(), "routine_care"], replications=2, progress=False)
    assert set(comp.runs["strategy"]) == {"mine", "routine_care"}


def test_batches_split_groups_over_workers_unless_whole(small):
    """Each strategy's replications are one world per worker share; ``whole``: one world per
    strategy when there are at least as many strategies as workers (a dashboard's quick answer)."""
    tasks = ex.plan_tasks(["routine_care", "value_based"], 4, 7)
    ref = ex.PortableScenario(small)
    jobs, refs, keeps = list(range(len(tasks))), [ref] * len(tasks), {i: False for i in range(len(tasks))}
    shares = ex._batches(jobs, refs, tasks, keeps, 2, None)
    whole = ex._batches(jobs, refs, tasks, keeps, 2, None, whole=True)
    assert sorted(len(b[0]) for b in shares) == [2, 2, 2, 2]
    assert sorted(len(b[0]) for b in whole) == [4, 4]
    assert sorted(b[2][0].name for b in whole) == ["routine_care", "value_based"]
    assert all(len({t.name for t in b[2]}) == 1 for b in whole + shares)
    serial = ex._batches(jobs, refs, tasks, keeps, 1, None, whole=True)  # one world, each strategy's lanes together
    assert [[t.name for t in b[2]] for b in serial] == [["routine_care"] * 4 + ["value_based"] * 4]
    other = ex.PortableScenario(small.model_copy(update={"seed": small.seed + 1}))
    apart = ex._batches(jobs, [ref, other] * 4, tasks, keeps, 1, None, whole=True)  # scenarios differ: apart
    assert sorted(len(b[0]) for b in apart) == [4, 4]
    solo = [i for i, t in enumerate(tasks) if t.name == "value_based"]
    one = ex._batches(solo, refs, tasks, keeps, 2, None, whole=True)  # one strategy, two workers: split anyway
    assert sorted(len(b[0]) for b in one) == [2, 2]
