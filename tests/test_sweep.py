"""Sweeps: grids of scenario values × strategies × replications, validated up front."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import sim
from sim import experiment as ex
from sim.cli import main
from sim.sweep import MAX_POINTS, parse_assignment
from sim.sweep import sweep as run_sweep

SMALL = {"accounts": {"count": 300}, "reps": {"count": 3}, "dealers": {"count": 3}, "horizon_months": 6,
         "replications": 2}
GRID = {"reps.count": [2, 4], "market.churn_scale": [0.5, 1.5]}
PAIR = ["no_care", "value_based"]


@pytest.fixture(scope="module")
def small():
    return sim.scenario_from_dict(SMALL)


@pytest.fixture(scope="module")
def result(small):
    return run_sweep(small, GRID, PAIR, progress=False)


@pytest.fixture
def no_runs(monkeypatch):
    """Fail the test if any simulation starts."""
    def boom(*a, **k):
        raise AssertionError("a run started before the grid was validated")
    monkeypatch.setattr(ex, "run_task", boom)


def test_public_api_sweep():
    """``sim.sweep`` is the sweep function."""
    assert sim.sweep is run_sweep


def test_runs_tidy_shape(result):
    """runs has one row per point × strategy × replication × metric, key paths as columns."""
    runs = result.runs
    assert list(runs.columns) == ["point", "reps.count", "market.churn_scale", "strategy", "replication", "seed",
                                  "metric", "value"]
    assert len(runs) == 4 * 2 * 2 * runs["metric"].nunique()
    assert set(zip(runs["reps.count"], runs["market.churn_scale"])) == {(2, 0.5), (2, 1.5), (4, 0.5), (4, 1.5)}


def test_same_seeds_at_every_point(result, small):
    """Replication i uses the same seed at every grid point and for every strategy."""
    seeds = result.runs.groupby("replication")["seed"].unique()
    assert [list(s) for s in seeds] == [[sim.replication_seed(small.seed, i)] for i in range(2)]


def test_point_runs_match_compare(result, small):
    """A grid point's rows equal a comparison on the scenario with those values set."""
    sc = sim.scenario_from_dict({**SMALL, "reps": {"count": 4}, "market": {"churn_scale": 1.5}})
    comp = ex.compare(sc, PAIR, progress=False)
    point = result.runs[(result.runs["reps.count"] == 4) & (result.runs["market.churn_scale"] == 1.5)]
    got = point[comp.runs.columns].sort_values(["strategy", "metric", "replication"], ignore_index=True)
    pd.testing.assert_frame_equal(got, comp.runs)


def test_summary_per_point(result):
    """The summary has a 95% interval per point × strategy × metric, around the mean, with n = replications."""
    s = result.summary
    assert len(s) == 4 * 2 * s["metric"].nunique()
    assert (s["low"] <= s["mean"]).all() and (s["mean"] <= s["high"]).all() and (s["n"] == 2).all()


def test_unknown_key_path_fails_up_front(small, no_runs):
    """A key path that does not exist fails before any run, naming it and the keys allowed."""
    with pytest.raises(sim.ScenarioError, match=r"reps\.cuont: unknown key.*allowed here: count"):
        run_sweep(small, {"reps.count": [2], "reps.cuont": [3]}, PAIR, progress=False)


def test_wrong_type_fails_up_front(small, no_runs):
    """A value of the wrong type fails before any run, naming the key path and the value."""
    with pytest.raises(sim.ScenarioError, match=r"reps\.count: bad value 'many'.*integer"):
        run_sweep(small, {"reps.count": [2, "many"]}, PAIR, progress=False)


def test_path_into_a_value_fails(small, no_runs):
    """A key path that goes inside a plain value says so."""
    with pytest.raises(sim.ScenarioError, match="horizon_months is a value"):
        run_sweep(small, {"horizon_months.x": [1]}, PAIR, progress=False)


def test_parse_assignment_reads_yaml_types():
    """--set values are read as YAML: ints, floats, booleans and strings."""
    assert parse_assignment("a.b=3,0.5,true,x") == ("a.b", [3, 0.5, True, "x"])
    with pytest.raises(ex.ExperimentError, match="key.path=value1"):
        parse_assignment("reps.count")


def test_processes_match_serial(small, result):
    """A sweep in 2 processes gives the same tables as a serial one."""
    par = run_sweep(small, GRID, PAIR, progress=False, workers=2)
    pd.testing.assert_frame_equal(par.runs, result.runs)
    pd.testing.assert_frame_equal(par.summary, result.summary)


def test_sweep_chart_has_bands(result):
    """The sweep chart draws the interval band and the mean line against the swept values."""
    from sim.viz import sweep_chart

    spec = sweep_chart(result.summary, "profit_total", "reps.count").to_dict()
    marks = json.dumps(spec)
    assert '"area"' in marks and '"line"' in marks and "reps.count" in marks


def test_cli_sweep_writes_files(tmp_path, capsys):
    """``python -m sim sweep`` prints the summary and writes the tables, chart and manifest."""
    (tmp_path / "tiny.yaml").write_text(json.dumps({**SMALL, "name": "tiny", "strategies": PAIR}))
    out = tmp_path / "sw"
    code = main(["sweep", str(tmp_path / "tiny.yaml"), "--set", "reps.count=2,4", "--metric", "retention",
                 "--out", str(out), "-q", "--workers", "1"])
    proc = capsys.readouterr()
    assert code == 0, proc.err
    assert {"sweep.csv", "sweep_summary.csv", "sweep.html", "manifest.json"} <= {p.name for p in out.iterdir()}
    assert len(pd.read_csv(out / "sweep.csv")) == 2 * 2 * 2 * pd.read_csv(out / "sweep.csv")["metric"].nunique()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["grid"] == {"reps.count": [2, 4]} and manifest["complete"] is True
    assert "reps.count" in proc.out and "[" in proc.out
    assert 'src="http' not in (out / "sweep.html").read_text(encoding="utf-8")


def test_cli_sweep_bad_key_exit_2(tmp_path, capsys):
    """A bad key path on the command line: exit 2 and one clear message, nothing written."""
    out = tmp_path / "sw"
    assert main(["sweep", "workshop", "--set", "reps.cuont=1,2", "--out", str(out), "-q"]) == 2
    assert "reps.cuont: unknown key" in capsys.readouterr().err
    assert not out.exists()


def test_cli_sweep_help(capsys):
    """``sweep --help`` shows --set, the parallel options and examples."""
    with pytest.raises(SystemExit) as stop:
        main(["sweep", "--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0 and "examples:" in out and "--set" in out and "--scheduler" in out


@pytest.mark.parametrize("key", ["seed", "replications", "strategies", "custom_strategies.x.extends", "name"])
def test_unsweepable_keys_are_refused(small, no_runs, key):
    """seed, replications and strategies have their own options; sweeping them is refused, saying which."""
    with pytest.raises(ex.ExperimentError, match=rf"{key.replace('.', '[.]')} cannot be swept"):
        run_sweep(small, {key: [1, 2]}, PAIR, progress=False)


def test_grid_over_the_point_limit_is_refused(small, no_runs):
    """A grid of more than MAX_POINTS points fails before any point is built."""
    grid = {"reps.count": list(range(1, 101)), "market.churn_scale": [0.01 * i for i in range(MAX_POINTS // 100 + 1)]}
    with pytest.raises(ex.ExperimentError, match="more than 10,000 points"):
        run_sweep(small, grid, PAIR, progress=False)


@pytest.mark.parametrize("value", ["!!set {a}", "!!python/name:os.system", "*x", "&x [*x]"])
def test_set_values_are_plain_yaml(value):
    """--set values are plain YAML: tags and aliases are refused with one line."""
    with pytest.raises(ex.ExperimentError) as info:
        parse_assignment(f"reps.count={value}")
    assert "--set reps.count" in str(info.value) and len(str(info.value).splitlines()) == 1


@pytest.mark.parametrize(("setting", "needle"), [("seed=1,2", "use --seed"), ("replications=1,2", "use --replications"),
                                                 ("horizon_months=.inf", "finite number")])
def test_cli_sweep_unsweepable_or_infinite_exit_2(tmp_path, capsys, setting, needle):
    """--set seed=…, --set replications=1,2 and infinite values: exit 2, one line, nothing written."""
    out = tmp_path / "sw"
    assert main(["sweep", "workshop", "--set", setting, "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()
