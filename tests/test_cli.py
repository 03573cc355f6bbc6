"""``python -m sim``: exit codes, messages and the files each command writes.

Most commands run in this process (:func:`run`: ``main`` with its exit code and output, as
``python -m sim`` gives them); ``--help`` and a compare piped to ``head`` run in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SMALL_YAML = """\
name: tiny
description: a tiny book for tests
horizon_months: 6
replications: 2
accounts: {count: 300}
reps: {count: 3}
dealers: {count: 3}
strategies: [no_care, value_based]
"""


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m sim ARGS`` in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


def run(capsys, *args: str) -> subprocess.CompletedProcess:
    """``python -m sim ARGS`` in this process: its exit code (argparse's too), stdout and stderr."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as stop:
        code = stop.code
    out = capsys.readouterr()
    return subprocess.CompletedProcess(["python", "-m", "sim", *args], code, out.out, out.err)


def assert_clean_failure(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(SMALL_YAML)
    return path


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    return path


def test_validate_ok(tiny, capsys):
    """validate prints an OK line with accounts, months and strategies."""
    proc = run(capsys, "validate", str(tiny))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "OK: tiny (300 accounts, 6 months, strategies no_care, value_based)"


def test_validate_unknown_key(tmp_path, capsys):
    """An unknown key: exit 2, the key path on stderr, no traceback."""
    assert_clean_failure(run(capsys, "validate", str(write(tmp_path, "accounts: {cuont: 5}\n"))),
                         "accounts.cuont", "unknown key")


def test_validate_bad_value(tmp_path, capsys):
    """An out-of-range value: exit 2, the key and value on stderr, no traceback."""
    assert_clean_failure(run(capsys, "validate", str(write(tmp_path, "horizon_months: -3\n"))), "horizon_months", "-3")


def test_validate_malformed_yaml(tmp_path, capsys):
    """Malformed YAML: exit 2, 'not valid YAML' with a line number, no traceback."""
    assert_clean_failure(run(capsys, "validate", str(write(tmp_path, "accounts: [1, 2\nreps: {\n"))),
                         "not valid YAML", "line")


def test_validate_missing_file(tmp_path, capsys):
    """A missing file: exit 2 and the file named on stderr, no traceback."""
    assert_clean_failure(run(capsys, "validate", str(tmp_path / "nope.yaml")), "nope.yaml")


def test_run_bad_strategy_and_seed(tiny, capsys):
    """An unknown strategy or a bad --seed: exit 2, one clear line, no traceback."""
    bad = run(capsys, "run", str(tiny), "--strategy", "no_such", "-q")
    assert_clean_failure(bad, "unknown strategy 'no_such'")
    assert len(bad.stderr.strip().splitlines()) == 1
    seed = run(capsys, "run", str(tiny), "--seed", "abc")
    assert_clean_failure(seed, "--seed")
    assert len(seed.stderr.strip().splitlines()) == 1


def test_run_writes_files(tiny, tmp_path, capsys):
    """run writes the promised tables and a manifest with the scenario hash."""
    out = tmp_path / "out"
    proc = run(capsys, "run", str(tiny), "--strategy", "value_based", "-r", "2", "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    names = {"replications.csv", "events.csv", "panel.csv", "account_profit.csv", "churn_by_cause.csv",
             "manifest.json"}
    assert names == {p.name for p in out.iterdir()}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario_hash"] == sim.scenario_hash(sim.load_scenario(tiny))
    assert {f["path"] for f in manifest["files"]} == names - {"manifest.json"}
    assert len(pd.read_csv(out / "replications.csv")) == 2
    assert "revenue" in proc.stdout and "[" in proc.stdout


def test_run_default_out_dir(tiny, tmp_path, capsys, monkeypatch):
    """Without --out, run writes to out/<scenario>-<strategy>/ under the current directory."""
    monkeypatch.chdir(tmp_path)
    proc = run(capsys, "run", str(tiny), "-r", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "tiny-routine_care" / "manifest.json").is_file()


def test_compare_writes_offline_report(tiny, tmp_path, capsys):
    """compare writes its tables and a report.html with inline scripts only and the strategy names."""
    out = tmp_path / "cmp"
    proc = run(capsys, "compare", str(tiny), "-r", "2", "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    assert {"runs.csv", "summary.csv", "paired.csv", "report.html", "manifest.json"} <= {p.name for p in out.iterdir()}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<script src" not in report.replace("'", '"') and 'src="http' not in report
    assert "no_care" in report and "value_based" in report
    assert "no_care" in proc.stdout and "excludes zero" in proc.stdout


def test_compare_bad_baseline(tiny, capsys):
    """A baseline that is not compared: exit 2, no traceback."""
    assert_clean_failure(run(capsys, "compare", str(tiny), "--baseline", "quota_push", "-q"), "baseline")


def test_help_top_level():
    """python -m sim --help lists every command."""
    proc = cli("--help")
    assert proc.returncode == 0
    for name in ("list", "validate", "run", "compare", "facts"):
        assert name in proc.stdout


@pytest.mark.parametrize("command", ["list", "validate", "run", "compare", "facts"])
def test_help_each_command(command, capsys):
    """Every subcommand's --help works and shows examples."""
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_list_shows_scenarios_and_strategies(capsys):
    """list names the workshop scenario and the built-in strategies with labels."""
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "workshop" in out and "value_based" in out and "Value-based segmentation" in out


def test_no_command_is_a_usage_error(capsys):
    """No command: exit 2 with a one-line message."""
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args([])
    assert stop.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_compare_piped_to_head_keeps_files(tiny, tmp_path):
    """``compare … | head -1``: the reader leaves after one line; the files are all written, no traceback."""
    out = tmp_path / "cmp"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "sim", "compare", str(tiny), "-r", "1", "--out", str(out), "-q",
                             "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    assert proc.stdout.readline()
    proc.stdout.close()  # as head does once it has its line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Broken pipe" not in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] and {"runs.csv", "summary.csv", "paired.csv", "report.html"} <= {
        f["path"] for f in manifest["files"]}


def test_replications_limit_is_one(tiny, capsys):
    """The schema, the CLI and the API share one replications limit."""
    from sim.experiment import ExperimentError, _settings
    from sim.scenario import MAX_REPLICATIONS

    assert sim.scenario_from_dict({"replications": MAX_REPLICATIONS}).replications == MAX_REPLICATIONS
    with pytest.raises(sim.ScenarioError, match="replications"):
        sim.scenario_from_dict({"replications": MAX_REPLICATIONS + 1})
    with pytest.raises(ExperimentError, match=f"1 to {MAX_REPLICATIONS}"):
        _settings(sim.scenario_from_dict({}), MAX_REPLICATIONS + 1, None)
    with pytest.raises(SystemExit) as stop:
        main(["run", str(tiny), "-r", str(MAX_REPLICATIONS + 1)])
    assert stop.value.code == 2 and f"from 1 to {MAX_REPLICATIONS}" in capsys.readouterr().err


def test_compare_never_empties_a_tasks_folder_of_the_users_own(tiny, tmp_path, capsys):
    """--out DIR whose tasks/ holds other files: exit 2 before anything runs, the files kept."""
    notes = tmp_path / "tasks" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("precious")
    assert main(["compare", str(tiny), "-r", "1", "--out", str(tmp_path), "-q"]) == 2
    assert "notes.txt" in capsys.readouterr().err and notes.read_text() == "precious"
    assert not (tmp_path / "manifest.json").exists()


def test_compare_bad_baseline_writes_nothing(tiny, tmp_path, capsys):
    """A baseline that is not compared fails before the output folder is made."""
    out = tmp_path / "cmp"
    assert main(["compare", str(tiny), "--baseline", "quota_push", "--out", str(out), "-q"]) == 2
    assert "baseline 'quota_push'" in capsys.readouterr().err and not out.exists()
